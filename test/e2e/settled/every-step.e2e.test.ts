/**
 * Never lose, never duplicate (issue 9 §7), table-driven from the catalog: for every T100 document, every create
 * and create composite, and every ERP call that mutation makes (each saga step, or the one customized call), a
 * lost reply and a timeout at that call, then a retry with the same idempotency key. Whatever happened, the ERP
 * ends with exactly one new document, and it is either where the mutation leads (the answer says so) or VOID
 * (the answer says COMPENSATED) — never half-done, never two. Proved through the sandbox's own documents.
 * Time budget: under 40 s (each timeout case waits 250 ms).
 */
import { DOCUMENT_KINDS, mutationsOf, operationFor } from '../../../src/catalog';
import { COMPOSITE_STEPS } from '../../../src/catalog/lifecycle';
import type { DocumentKind, DocumentStatus } from '../../../src/catalog/types';
import { TestGateway } from '../../support/gateway';
import { INPUTS } from '../../support/inputs';

type Create = 'create' | 'createAndApprove' | 'createAndPost';
const TARGET: Record<Create, DocumentStatus> = { create: 'UNAPPROVED', createAndApprove: 'APPROVED', createAndPost: 'POSTED' };

/** The ERP APIs a create-like mutation calls that change something, in order. */
function writeApis(kind: DocumentKind, mutation: Create): string[] {
  if (mutation === 'create') return [operationFor(kind, 't100', 'create')!.api];
  const row = operationFor(kind, 't100', mutation);
  if (row?.kind === 'CUSTOMIZED') return [row.api];
  // A saga: each step through its own OpenAPI.
  return COMPOSITE_STEPS[mutation].map((step) => operationFor(kind, 't100', step)!.api);
}

const CASES = DOCUMENT_KINDS.filter((kind) => kind.erps.t100).flatMap((kind) =>
  (['create', ...mutationsOf(kind).composites.filter((composite) => composite !== 'reverse')] as Create[])
    .flatMap((mutation) => writeApis(kind, mutation).flatMap((api) => (['lost_reply', 'timeout'] as const).map((fault) => ({ kind, mutation, api, fault })))),
);

describe.each(DOCUMENT_KINDS.filter((kind) => kind.erps.t100).map((kind) => [kind.type, kind] as const))('%s', (_type, kind) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { timeoutMs: 250, breakerThreshold: 1000, readRetries: 0 } } });
    if (kind.type === 'PickingReturn') {
      // A return needs material issued to take back.
      const issued = await gateway.query<{ createAndPostIssuingNote: { userErrors: unknown[] } }>(
        'mutation($input: IssuingNoteInput!) { createAndPostIssuingNote(input: $input) { userErrors { code message } } }',
        { input: { ...INPUTS.IssuingNote, lines: [{ ...(INPUTS.IssuingNote.lines as object[])[0], quantity: 20 }] } },
      );
      expect(issued.data!.createAndPostIssuingNote.userErrors).toEqual([]);
    }
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  const mine = CASES.filter((entry) => entry.kind === kind);
  it.each(mine.map((entry) => [entry.mutation, entry.fault, entry.api, entry] as const))('%s with a %s at %s, then a same-key retry: one document', async (mutation, fault, api) => {
    const key = `${kind.type}-${mutation}-${fault}-${api}`;
    const field = `${mutation}${kind.type}`;
    const send = () =>
      gateway.query<Record<string, { userErrors: { code: string; docNo: string | null }[]; document?: never } & Record<string, { docNo: string; status: string } | null>>>(
        `mutation($input: ${kind.type}Input!, $key: String) { ${field}(input: $input, idempotencyKey: $key) { ${kind.field} { docNo status } userErrors { code message docNo } } }`,
        { input: INPUTS[kind.type], key },
      );
    const before = new Set((await gateway.sandboxDocuments('t100', { type: kind.type })).map((doc) => doc.docNo));
    await gateway.injectFault('t100', { api, mode: fault, count: 1 });
    let answer = (await send()).data![field];
    // The client retries while the answer says the ERP could not be reached (at most twice).
    for (let attempt = 0; attempt < 2 && answer.userErrors.some((error) => error.code === 'UPSTREAM_UNAVAILABLE'); attempt++) answer = (await send()).data![field];
    const replay = (await send()).data![field];

    const fresh = (await gateway.sandboxDocuments('t100', { type: kind.type })).filter((doc) => !before.has(doc.docNo));
    expect(fresh).toHaveLength(1);
    const [document] = fresh;
    const codes = answer.userErrors.map((error) => error.code);
    if (codes.length === 0) {
      expect(document.status).toBe(TARGET[mutation]);
      expect(answer[kind.field]).toMatchObject({ docNo: document.docNo.trim(), status: TARGET[mutation] });
    } else {
      expect(codes).toEqual(['COMPENSATED']);
      expect(document.status).toBe('VOID');
    }
    // The key answers the same again, and nothing more was made.
    expect(replay.userErrors.map((error) => error.code)).toEqual(codes);
    expect((await gateway.sandboxDocuments('t100', { type: kind.type })).filter((doc) => !before.has(doc.docNo))).toHaveLength(1);
  });
});
