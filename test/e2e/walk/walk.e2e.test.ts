/**
 * Every (document, action) pair of every T100 document in the catalog, over JSON v1, JSON v2 and XML: the lifecycle
 * walked forwards and back, each composite, and each customized API — asserting what the sandbox ERP holds and
 * which ERP API was called, never what the gateway says it did. Table-driven from the catalog: a new document is
 * walked once its create input is added below. Time budget: under 20 s for all three encodings.
 */
import { DOCUMENT_KINDS, lifecycleOf, mutationsOf, operationFor, resolvedRows } from '../../../src/catalog';
import { LIFECYCLES, reversePlan } from '../../../src/catalog/lifecycle';
import type { Action, DocumentKind, DocumentStatus } from '../../../src/catalog/types';
import { TestGateway } from '../../support/gateway';
import { INPUTS } from '../../support/inputs';

const KINDS = DOCUMENT_KINDS.filter((kind) => kind.erps.t100);

interface Answer {
  document: { docNo: string; status: DocumentStatus; erpStatus: string } | null;
  deletedDocNo?: string | null;
  userErrors: { code: string; message: string }[];
  steps: { action: string; api: string; outcome: string }[];
}

/** A mutation sent as a client would write it, answered as a plain payload. */
async function mutate(gateway: TestGateway, kind: DocumentKind, mutation: string, variables: { input?: unknown; docNo?: string }): Promise<Answer> {
  const field = `${mutation}${kind.type}`;
  const takesInput = mutation === 'create' || mutation === 'update' || mutation.startsWith('createAnd');
  const parameters = [variables.docNo !== undefined ? '$docNo: String!' : '', takesInput ? `$input: ${kind.type}Input!` : ''].filter(Boolean).join(', ');
  const args = [variables.docNo !== undefined ? 'docNo: $docNo' : '', takesInput ? 'input: $input' : ''].filter(Boolean).join(', ');
  const selection =
    mutation === 'delete'
      ? 'deletedDocNo userErrors { code message } steps { action api outcome }'
      : `${kind.field} { docNo status erpStatus } userErrors { code message } steps { action api outcome }`;
  const result = await gateway.query<Record<string, Record<string, unknown>>>(`mutation(${parameters}) { ${field}(${args}) { ${selection} } }`, variables);
  if (result.errors) throw new Error(`${field}: ${JSON.stringify(result.errors)}`);
  const payload = result.data![field];
  return { ...(payload as unknown as Answer), document: (payload[kind.field] as Answer['document']) ?? null };
}

async function sandboxStatus(gateway: TestGateway, kind: DocumentKind, docNo: string): Promise<DocumentStatus | 'GONE'> {
  return (await gateway.sandboxDocument('t100', kind.type, docNo))?.status ?? 'GONE';
}

async function created(gateway: TestGateway, kind: DocumentKind, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await mutate(gateway, kind, 'create', { input: { ...INPUTS[kind.type], ...extra } });
  expect(answer.userErrors).toEqual([]);
  expect(answer.document).toMatchObject({ status: 'UNAPPROVED', erpStatus: 'N' });
  expect(await sandboxStatus(gateway, kind, answer.document!.docNo)).toBe('UNAPPROVED');
  return answer.document!.docNo;
}

/** The forward actions of a lifecycle from UNAPPROVED, then back out to VOID: every non-create action once. */
function walkOf(kind: DocumentKind): Action[] {
  const lifecycle = LIFECYCLES[lifecycleOf(kind, 't100')];
  const forward: Action[] = ['approve', ...(lifecycle.issue ? ['issue' as const] : []), ...(lifecycle.post ? ['post' as const] : [])];
  const reached = forward.reduce<DocumentStatus>((status, action) => lifecycle[action]!.to!, 'UNAPPROVED');
  return [...forward, ...(reversePlan(lifecycleOf(kind, 't100'), reached) ?? [])];
}

describe.each(['json', 'json-v2', 'xml'])('every T100 document, every action, over %s', (format) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { format } } });
  });
  afterAll(() => gateway.stop());

  it('has a create input for every T100 document of the catalog', () => {
    expect(KINDS.map((kind) => kind.type).filter((type) => !INPUTS[type])).toEqual([]);
  });

  describe.each(KINDS.map((kind) => [kind.type, kind] as const))('%s', (_type, kind) => {
    beforeAll(async () => {
      // A return needs material issued to take back: post one issuing note first.
      if (kind.type === 'PickingReturn') {
        const issuing = DOCUMENT_KINDS.find((candidate) => candidate.type === 'IssuingNote')!;
        const issued = await mutate(gateway, issuing, 'createAndPost', { input: { ...INPUTS.IssuingNote, lines: [{ ...(INPUTS.IssuingNote.lines as object[])[0], quantity: 5 }] } });
        expect(issued.userErrors).toEqual([]);
      }
    });

    it('creates, updates and deletes an unapproved document', async () => {
      const docNo = await created(gateway, kind);
      const updated = await mutate(gateway, kind, 'update', { docNo, input: { remark: `walk ${format}` } });
      expect(updated.userErrors).toEqual([]);
      expect(updated.document).toMatchObject({ docNo, status: 'UNAPPROVED' });
      const deleted = await mutate(gateway, kind, 'delete', { docNo });
      expect(deleted).toMatchObject({ deletedDocNo: docNo, userErrors: [] });
      expect(await sandboxStatus(gateway, kind, docNo)).toBe('GONE');
    });

    it('walks every lifecycle action forwards and back, each through its own OpenAPI', async () => {
      const docNo = await created(gateway, kind);
      const lifecycle = LIFECYCLES[lifecycleOf(kind, 't100')];
      for (const action of walkOf(kind)) {
        const api = operationFor(kind, 't100', action)!.api;
        const calls = await gateway.upstreamCalls('t100', api);
        const answer = await mutate(gateway, kind, action, { docNo });
        expect([action, answer.userErrors]).toEqual([action, []]);
        const status = lifecycle[action]!.to!;
        expect([action, answer.document?.status]).toEqual([action, status]);
        expect([action, await sandboxStatus(gateway, kind, docNo)]).toEqual([action, status]);
        expect([action, await gateway.upstreamCalls('t100', api)]).toEqual([action, calls + 1]);
      }
    });

    it('voids an unapproved document and then refuses to approve it', async () => {
      const docNo = await created(gateway, kind);
      expect((await mutate(gateway, kind, 'void', { docNo })).document).toMatchObject({ status: 'VOID' });
      expect((await mutate(gateway, kind, 'approve', { docNo })).userErrors.map((error) => error.code)).toEqual(['INVALID_TRANSITION']);
      expect(await sandboxStatus(gateway, kind, docNo)).toBe('VOID');
    });

    const composites = mutationsOf(kind).composites.filter((composite) => composite !== 'reverse');
    const programs = [null, ...new Set(resolvedRows(kind, 't100').flatMap((row) => row.programs))];
    it.each(composites.flatMap((composite) => programs.map((program) => [composite, program] as const)))(
      '%s (program %s) reaches its status in the ERP, through the customized API where the catalog has one, and reverse backs it out',
      async (composite, program) => {
        const customized = operationFor(kind, 't100', composite, { program });
        const api = customized?.kind === 'CUSTOMIZED' ? customized.api : undefined;
        const before = api ? await gateway.upstreamCalls('t100', api) : 0;
        const answer = await mutate(gateway, kind, composite, { input: { ...INPUTS[kind.type], ...(program ? { program } : {}) } });
        expect(answer.userErrors).toEqual([]);
        const target = composite === 'createAndPost' ? 'POSTED' : 'APPROVED';
        const docNo = answer.document!.docNo;
        expect(await sandboxStatus(gateway, kind, docNo)).toBe(target);
        if (api) {
          expect(answer.steps).toEqual([expect.objectContaining({ action: composite, api, outcome: 'DONE' })]);
          expect(await gateway.upstreamCalls('t100', api)).toBe(before + 1);
        } else {
          expect(answer.steps.map((step) => step.outcome)).toEqual(composite === 'createAndPost' ? ['DONE', 'DONE', 'DONE'] : ['DONE', 'DONE']);
        }
        if (!mutationsOf(kind).composites.includes('reverse')) return;
        const reversed = await mutate(gateway, kind, 'reverse', { docNo });
        if (reversePlan(lifecycleOf(kind, 't100'), target) === null) {
          expect(reversed.userErrors.map((error) => error.code)).toEqual(['INVALID_TRANSITION']);
          return;
        }
        expect(reversed.userErrors).toEqual([]);
        expect(await sandboxStatus(gateway, kind, docNo)).toBe('VOID');
        const reverseRow = operationFor(kind, 't100', 'reverse', { program });
        if (reverseRow?.kind === 'CUSTOMIZED') expect(reversed.steps).toEqual([expect.objectContaining({ action: 'reverse', api: reverseRow.api, outcome: 'DONE' })]);
      },
    );
  });
});

describe('alternative customized APIs a connection opts into (PurchaseOrder)', () => {
  let gateway: TestGateway;
  const kind = DOCUMENT_KINDS.find((candidate) => candidate.type === 'PurchaseOrder')!;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { customizedActions: ['PurchaseOrder.create', 'PurchaseOrder.void'] } } });
  });
  afterAll(() => gateway.stop());

  it(`creates through outsourcing.purchase.create and voids through outsourcing.process, not the OpenAPIs`, async () => {
    const counts = async () => [
      await gateway.upstreamCalls('t100', 'outsourcing.purchase.create'),
      await gateway.upstreamCalls('t100', 'outsourcing.process'),
      await gateway.upstreamCalls('t100', 't100.oapi.purchase.order.data.create'),
      await gateway.upstreamCalls('t100', 't100.oapi.purchase.order.data.invalid'),
    ];
    const before = await counts();
    const docNo = await created(gateway, kind);
    const voided = await mutate(gateway, kind, 'void', { docNo });
    expect(voided.userErrors).toEqual([]);
    expect(await sandboxStatus(gateway, kind, docNo)).toBe('VOID');
    expect(await counts()).toEqual([before[0] + 1, before[1] + 1, before[2], before[3]]);
  });

  it(`lists both APIs for the actions in apiCatalog, the customized one marked`, async () => {
    const rows = (await gateway.query<{ apiCatalog: { action: string; apiName: string; kind: string }[] }>('{ apiCatalog(erp: T100, document: PurchaseOrder) { action apiName kind } }')).data!.apiCatalog;
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: 'CREATE', apiName: 't100.oapi.purchase.order.data.create', kind: 'OPEN_API' },
        { action: 'CREATE', apiName: 'outsourcing.purchase.create', kind: 'CUSTOMIZED' },
        { action: 'VOID', apiName: 'outsourcing.process', kind: 'CUSTOMIZED' },
      ]),
    );
  });
});
