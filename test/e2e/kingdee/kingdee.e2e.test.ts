/**
 * MiscIssue on a Kingdee connection through GraphQL (issue 13 §2; protocols/others.md §1.4, §1.7): each action,
 * createAndApprove as one BatchSave with auto-audit, its half-done answer (saved, audit refused) undone by deleting,
 * and what Kingdee lacks answered UNSUPPORTED_ACTION. Budget: < 15 s.
 */
import { TestGateway, userErrorCodes } from '../../support/gateway';

type Payload = { userErrors: { code: string; message: string; erp?: { code: string | null; message: string; fieldName?: string | null } | null }[]; steps: { action: string; api: string; outcome: string; docNo: string | null }[]; miscIssue: { docNo: string; status: string; erpStatus: string; remark: string | null; department: string | null; lines: { itemNo: string; quantity: string; warehouse: string | null }[] } | null };
const FIELDS = 'miscIssue { docNo status erpStatus remark department lines { itemNo quantity warehouse } } userErrors { code message erp { code message fieldName } } steps { action api outcome docNo }';
const input = (quantity = '2', itemNo = 'SKU-RED-M') => ({ docDate: '2026-11-24', department: 'BM000001', remark: 'scrap', lines: [{ itemNo, quantity, unit: 'Pcs', warehouse: 'CK001' }] });

describe('MiscIssue on Kingdee', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { kingdee: { readRetries: 0 } } });
  });
  afterAll(() => gateway.stop());

  async function run(field: string, args: string, variables: Record<string, unknown>): Promise<Payload> {
    const declarations = [variables.docNo !== undefined ? '$docNo: String!' : '', variables.input !== undefined ? '$input: MiscIssueInput!' : ''].filter(Boolean).join(', ');
    const { data, errors } = await gateway.query<Record<string, Payload>>(`mutation(${declarations}) { ${field}(connection: "kingdee", ${args}) { ${FIELDS} } }`, variables);
    expect(errors).toBeUndefined();
    return data![field];
  }

  it('creates, reads, lists, updates, approves (Submit + Audit), disapproves (UnAudit) and deletes', async () => {
    const created = await run('createMiscIssue', 'input: $input', { input: input() });
    expect(created.userErrors).toEqual([]);
    const { docNo } = created.miscIssue!;
    expect(created.miscIssue).toMatchObject({ status: 'UNAPPROVED', erpStatus: 'A', remark: 'scrap', department: 'BM000001' });
    const read = await gateway.query<{ miscIssue: { docNo: string; lines: unknown[] } }>(`{ miscIssue(connection: "kingdee", docNo: "${docNo}") { docNo lines { itemNo quantity } } }`);
    expect(read.data!.miscIssue).toEqual({ docNo, lines: [{ itemNo: 'SKU-RED-M', quantity: expect.stringMatching(/^2(\.0+)?$/) }] });
    const listed = await gateway.query<{ miscIssues: { edges: { node: { docNo: string } }[] } }>('{ miscIssues(connection: "kingdee", filter: { status: [UNAPPROVED] }, first: 50) { edges { node { docNo } } } }');
    expect(listed.data!.miscIssues.edges.map((edge) => edge.node.docNo)).toContain(docNo);

    const updated = await run('updateMiscIssue', 'docNo: $docNo, input: $input', { docNo, input: input('3') });
    expect(updated.userErrors).toEqual([]);
    expect(Number(updated.miscIssue!.lines[0].quantity)).toBe(3);
    const approved = await run('approveMiscIssue', 'docNo: $docNo', { docNo });
    expect(approved.userErrors).toEqual([]);
    expect(approved.miscIssue).toMatchObject({ status: 'APPROVED', erpStatus: 'C' });
    const disapproved = await run('disapproveMiscIssue', 'docNo: $docNo', { docNo });
    expect(disapproved.miscIssue).toMatchObject({ status: 'UNAPPROVED', erpStatus: 'D' });
    const deleted = await gateway.query<{ deleteMiscIssue: { deletedDocNo: string | null; userErrors: unknown[] } }>(`mutation { deleteMiscIssue(connection: "kingdee", docNo: "${docNo}") { deletedDocNo userErrors { code } } }`);
    expect(deleted.data!.deleteMiscIssue).toEqual({ deletedDocNo: docNo, userErrors: [] });
    expect(await gateway.sandboxDocument('kingdee', 'MiscIssue', docNo)).toBeUndefined();
  });

  it('createAndApproveMiscIssue is one BatchSave that saves, submits and audits', async () => {
    const before = await gateway.upstreamCalls('kingdee', 'BatchSave');
    const result = await run('createAndApproveMiscIssue', 'input: $input', { input: input('1') });
    expect(result.userErrors).toEqual([]);
    expect(result.miscIssue).toMatchObject({ status: 'APPROVED', erpStatus: 'C' });
    expect(result.steps).toEqual([expect.objectContaining({ action: 'createAndApprove', api: 'BatchSave', outcome: 'DONE' })]);
    expect(await gateway.upstreamCalls('kingdee', 'BatchSave')).toBe(before + 1);
  });

  it('undoes a createAndApprove whose audit was refused (the bill stayed submitted) by deleting it', async () => {
    const result = await run('createAndApproveMiscIssue', 'input: $input', { input: input('999999') });
    expect(userErrorCodes(result)).toEqual(['COMPENSATED']);
    expect(result.userErrors[0].message).toContain('deleted');
    const left = result.steps.find((step) => step.action === 'createAndApprove')!;
    expect(left.docNo).toBeTruthy();
    expect(result.steps.filter((step) => step.outcome === 'COMPENSATED').map((step) => step.action)).toEqual(['delete']);
    expect(await gateway.sandboxDocument('kingdee', 'MiscIssue', left.docNo!)).toBeUndefined();
  });

  it('passes Kingdee’s refusal on with its MsgCode and the field it names', async () => {
    const refused = await run('createMiscIssue', 'input: $input', { input: input('1', 'NOPE-1') });
    expect(userErrorCodes(refused)).toEqual(['ERP_REJECTED']);
    expect(refused.userErrors[0].erp).toMatchObject({ code: '9', fieldName: 'FMaterialId' });
  });

  it('answers UNSUPPORTED_ACTION for what a Kingdee bill does not have (post, void)', async () => {
    const { miscIssue } = await run('createMiscIssue', 'input: $input', { input: input() });
    for (const action of ['postMiscIssue', 'voidMiscIssue']) {
      expect(userErrorCodes(await run(action, 'docNo: $docNo', { docNo: miscIssue!.docNo }))).toEqual(['UNSUPPORTED_ACTION']);
    }
  });

  it('reverses a bill the only way Kingdee allows — UnAudit, then Delete — and lists that saga in apiCatalog', async () => {
    const { miscIssue } = await run('createAndApproveMiscIssue', 'input: $input', { input: input('1') });
    const reversed = await run('reverseMiscIssue', 'docNo: $docNo', { docNo: miscIssue!.docNo });
    expect(reversed.userErrors).toEqual([]);
    expect(reversed.miscIssue).toBeNull();
    const { data } = await gateway.query<{ reverseMiscIssue: { deletedDocNo: string | null; userErrors: { code: string }[] } }>(
      `mutation { reverseMiscIssue(connection: "kingdee", docNo: "${miscIssue!.docNo}", idempotencyKey: "rev-gone-1") { deletedDocNo userErrors { code } } }`,
    );
    // Already gone: reversing it again (no delete of this key was ever sent) is NOT_FOUND, also when retried.
    expect(data!.reverseMiscIssue).toEqual({ deletedDocNo: null, userErrors: [{ code: 'NOT_FOUND' }] });
    const again = await gateway.query<{ reverseMiscIssue: { deletedDocNo: string | null; userErrors: { code: string }[] } }>(
      `mutation { reverseMiscIssue(connection: "kingdee", docNo: "${miscIssue!.docNo}", idempotencyKey: "rev-gone-1") { deletedDocNo userErrors { code } } }`,
    );
    expect(again.data!.reverseMiscIssue).toEqual({ deletedDocNo: null, userErrors: [{ code: 'NOT_FOUND' }] });
    expect(reversed.steps.map((step) => `${step.action}:${step.api}:${step.outcome}`)).toEqual(['disapprove:UnAudit:DONE', 'delete:Delete:DONE']);
    expect(await gateway.sandboxDocument('kingdee', 'MiscIssue', miscIssue!.docNo)).toBeUndefined();
    const catalog = await gateway.query<{ apiCatalog: { action: string; kind: string; steps: { action: string; apiName: string }[] }[] }>(
      '{ apiCatalog(erp: KINGDEE, document: MiscIssue) { action kind steps { action apiName } } }',
    );
    expect(catalog.data!.apiCatalog.find((row) => row.action === 'REVERSE')).toEqual({ action: 'REVERSE', kind: 'SAGA', steps: [{ action: 'DISAPPROVE', apiName: 'UnAudit' }, { action: 'DELETE', apiName: 'Delete' }] });
  });
});
