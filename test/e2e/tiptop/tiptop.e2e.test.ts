/**
 * TIPTOP GP end to end (issue 11): the gateway with its embedded sandboxes, over real sockets; every (document,
 * action) pair through GraphQL, both customized APIs, the half-booked answer undone, refusals passed on with
 * TIPTOP's codes, lost replies settled by reference (misc) and by content (transfer). Budget: < 20 s.
 */
import type { RunningTiptopSandbox } from '../../../sandbox/tiptop/server';
import { payload, TestGateway, userErrorCodes } from '../../support/gateway';

type Payload = {
  userErrors: { code: string; message: string; field?: string[] | null; docNo?: string | null; erp?: { code: string | null; message: string } | null }[];
  steps: { action: string; api: string; docNo: string | null; outcome: string }[];
  [document: string]: unknown;
};
type Doc = { docNo: string; status: string; erpStatus: string; remark?: string | null; erpFields?: Record<string, unknown> | null; lines?: Record<string, unknown>[] };

const TYPES = [
  { type: 'MiscReceipt', field: 'miscReceipt', plural: 'miscReceipts', stem: 'other.in.inventory', slip: 'MR01' },
  { type: 'MiscIssue', field: 'miscIssue', plural: 'miscIssues', stem: 'other.out.inventory', slip: 'MI01' },
  { type: 'Transfer', field: 'transfer', plural: 'transfers', stem: 'transfer', slip: 'TR01' },
] as const;
type Kind = (typeof TYPES)[number];

const SELECTION = 'docNo status erpStatus remark erpFields docDate department lines { itemNo quantity unit warehouse location lot toWarehouse toLocation toLot }';
const PAYLOAD = 'userErrors { code message field docNo erp { code message } } steps { action api docNo outcome }';

function inputFor(kind: Kind, quantity = '2'): Record<string, unknown> {
  const line =
    kind.type === 'Transfer'
      ? { itemNo: 'A001', quantity, warehouse: 'W01', toWarehouse: 'W03', toLocation: 'L1' }
      : { itemNo: 'A001', quantity, warehouse: 'W01' };
  return { docType: kind.slip, docDate: '2026-11-24', department: 'D100', ...(kind.type === 'Transfer' ? {} : { reason: 'R01', remark: 'from the MES' }), lines: [line] };
}

describe('TIPTOP GP through the gateway', () => {
  let gateway: TestGateway;
  let sandbox: RunningTiptopSandbox;

  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { tiptop: { timeoutMs: 800, readRetries: 0 } } });
    sandbox = gateway.gateway.sandboxes.find((candidate) => candidate.id === 'tiptop') as unknown as RunningTiptopSandbox;
  });
  afterEach(() => gateway.clearFaults('tiptop'));
  afterAll(() => gateway.stop());

  async function mutate(field: string, args: string, variables: Record<string, unknown>, documentField: string): Promise<Payload & { document: Doc | null }> {
    const response = await gateway.query<Record<string, Payload>>(`mutation(${declarations(args, field)}) { ${field}(${args}) { ${documentField} { ${SELECTION} } ${PAYLOAD} } }`, variables);
    const result = payload(response, field);
    return { ...result, document: (result[documentField] as Doc | null) ?? null };
  }

  /** Variable declarations the arguments use, typed per mutation. */
  function declarations(args: string, field: string): string {
    const type = field.replace(/^(createAndApprove|createAndPost|create|update|delete|approve|disapprove|post|unpost|void|reverse)/, '');
    const parts: string[] = [];
    if (args.includes('$docNo')) parts.push('$docNo: String!');
    if (args.includes('$input')) parts.push(`$input: ${type}Input!`);
    if (args.includes('$key')) parts.push('$key: String');
    return parts.join(', ');
  }

  async function create(kind: Kind, input = inputFor(kind), key?: string): Promise<Payload & { document: Doc | null }> {
    return mutate(`create${kind.type}`, `connection: "tiptop", input: $input${key ? ', idempotencyKey: $key' : ''}`, { input, key }, kind.field);
  }

  async function act(kind: Kind, action: string, docNo: string): Promise<Payload & { document: Doc | null }> {
    return mutate(`${action}${kind.type}`, 'connection: "tiptop", docNo: $docNo', { docNo }, kind.field);
  }

  it('lists every TIPTOP API of seed 001 in apiCatalog, each with the GraphQL field that calls it', async () => {
    const { data } = await gateway.query<{ apiCatalog: { document: string; action: string; apiName: string | null; kind: string; graphqlField: string }[] }>(
      '{ apiCatalog(erp: TIPTOP) { document action apiName kind graphqlField } }',
    );
    const named = data!.apiCatalog.filter((row) => row.apiName);
    expect(named).toHaveLength(32);
    expect(named.filter((row) => row.kind === 'CUSTOMIZED').map((row) => `${row.apiName} → ${row.graphqlField}`)).toEqual([
      'CreateMISCIssueData → createAndPostMiscIssue',
      'CreateTransferNote → createAndPostTransfer',
    ]);
    expect(named.find((row) => row.apiName === 'tt.oapi.transfer.data.dispost')).toMatchObject({ action: 'UNPOST', graphqlField: 'unpostTransfer' });
  });

  it.each(TYPES)('runs every action of $type through its tt.oapi API, the sandbox agreeing at each step', async (kind) => {
    const calls = (suffix: string): Promise<number> => gateway.upstreamCalls('tiptop', `tt.oapi.${kind.stem}.${suffix}`);
    const created = await create(kind);
    expect(created.userErrors).toEqual([]);
    const docNo = created.document!.docNo;
    expect(docNo).toMatch(new RegExp(`^${kind.slip}-\\d{8}$`));
    expect(created.document).toMatchObject({ status: 'UNAPPROVED', erpStatus: 'NN' });
    if (kind.type !== 'Transfer') {
      // The client's remark reads back as written, although ina07 also carries the gateway reference.
      expect(created.document!.remark).toBe('from the MES');
      expect(String((await gateway.sandboxDocument('tiptop', kind.type, docNo))!.head.ina07)).toMatch(/^from the MES \[gw:GW-[0-9a-f]{12}\]$/);
      expect(created.document!.erpFields).toMatchObject({ inaconf: 'N', inapost: 'N' });
    } else {
      expect(created.document!.lines![0]).toMatchObject({ warehouse: 'W01', toWarehouse: 'W03', toLocation: 'L1' });
      expect(created.document!.erpFields).toMatchObject({ immconf: 'N', imm03: 'N' });
    }

    const read = await gateway.query<Record<string, Doc>>(`{ ${kind.field}(connection: "tiptop", docNo: "${docNo}") { ${SELECTION} } }`);
    expect(read.data![kind.field]).toMatchObject({ docNo, status: 'UNAPPROVED' });
    const listed = await gateway.query<Record<string, { edges: { node: Doc }[] }>>(`{ ${kind.plural}(filter: { status: [UNAPPROVED], docNoPrefix: "${kind.slip}-" }, first: 100) { edges { node { docNo } } } }`);
    expect(listed.data![kind.plural].edges.map((edge) => edge.node.docNo)).toContain(docNo);

    const updateCalls = await calls('data.update');
    const updated = await mutate(`update${kind.type}`, 'connection: "tiptop", docNo: $docNo, input: $input', { docNo, input: { ...inputFor(kind, '3'), department: 'D200' } }, kind.field);
    expect(updated.userErrors).toEqual([]);
    expect(updated.document).toMatchObject({ department: 'D200', lines: [expect.objectContaining({ quantity: '3' })] });
    expect(await calls('data.update')).toBe(updateCalls + 1);

    const path: [string, string, string, string][] = [
      ['approve', 'data.approve', 'APPROVED', 'YN'],
      ['disapprove', 'data.disapprove', 'UNAPPROVED', 'NN'],
      ['approve', 'data.approve', 'APPROVED', 'YN'],
      ['post', 'data.post', 'POSTED', 'YY'],
      ['unpost', 'data.dispost', 'APPROVED', 'YN'],
      ['disapprove', 'data.disapprove', 'UNAPPROVED', 'NN'],
      ['void', 'data.invalid', 'VOID', 'XN'],
    ];
    for (const [action, suffix, status, raw] of path) {
      const before = await calls(suffix);
      const result = await act(kind, action, docNo);
      expect([action, result.userErrors]).toEqual([action, []]);
      expect(result.document).toMatchObject({ status, erpStatus: raw });
      expect(await calls(suffix)).toBe(before + 1);
      expect(await gateway.sandboxDocument('tiptop', kind.type, docNo)).toMatchObject({ status, rawStatus: raw });
    }

    const doomed = (await create(kind)).document!.docNo;
    const deleted = await gateway.query<Record<string, Payload & { deletedDocNo: string | null }>>(`mutation { delete${kind.type}(connection: "tiptop", docNo: "${doomed}") { deletedDocNo ${PAYLOAD} } }`);
    expect(deleted.data![`delete${kind.type}`]).toMatchObject({ deletedDocNo: doomed, userErrors: [] });
    expect(await gateway.sandboxDocument('tiptop', kind.type, doomed)).toBeUndefined();
  });

  it('moves stock as TIPTOP does: a posted transfer takes it from one place and puts it at the other', async () => {
    const before = [sandbox.stock('A002', 'W02', ' ', ' '), sandbox.stock('A002', 'W01', 'L2', ' ')];
    const result = await mutate(
      'createAndPostTransfer',
      'connection: "tiptop", input: $input',
      { input: { docType: 'TR01', department: 'D100', lines: [{ itemNo: 'A002', quantity: '7.5', unit: 'KG', warehouse: 'W02', toWarehouse: 'W01', toLocation: 'L2' }] } },
      'transfer',
    );
    expect(result.userErrors).toEqual([]);
    expect(result.document).toMatchObject({ status: 'POSTED', erpStatus: 'YY' });
    expect([sandbox.stock('A002', 'W02', ' ', ' '), sandbox.stock('A002', 'W01', 'L2', ' ')]).toEqual([before[0] - 7.5, before[1] + 7.5]);
  });

  it('createAndPostMiscIssue is one CreateMISCIssueData call (status=Y) and a read back, no OpenAPI step', async () => {
    const stock = sandbox.stock('A001', 'W01', ' ', ' ');
    const [all, customized] = [await gateway.upstreamCalls('tiptop'), await gateway.upstreamCalls('tiptop', 'CreateMISCIssueData')];
    const result = await mutate('createAndPostMiscIssue', 'connection: "tiptop", input: $input', { input: inputFor(TYPES[1], '4') }, 'miscIssue');
    expect(result.userErrors).toEqual([]);
    expect(result.document).toMatchObject({ status: 'POSTED', erpStatus: 'YY', remark: 'from the MES' });
    expect(result.steps).toEqual([expect.objectContaining({ action: 'createAndPost', api: 'CreateMISCIssueData', outcome: 'DONE' })]);
    expect(await gateway.upstreamCalls('tiptop')).toBe(all + 2);
    expect(await gateway.upstreamCalls('tiptop', 'CreateMISCIssueData')).toBe(customized + 1);
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(stock - 4);
  });

  it('undoes a CreateMISCIssueData whose post step failed after the insert committed (§5.2), leaving nothing half-done', async () => {
    await gateway.injectFault('tiptop', { api: 'CreateMISCIssueData', mode: 'post_fails' });
    const stock = sandbox.stock('A001', 'W01', ' ', ' ');
    const result = await mutate('createAndPostMiscIssue', 'connection: "tiptop", input: $input', { input: inputFor(TYPES[1]) }, 'miscIssue');
    expect(userErrorCodes(result)).toEqual(['COMPENSATED']);
    const left = result.steps.find((step) => step.action === 'createAndPost')!;
    expect(left).toMatchObject({ api: 'CreateMISCIssueData', outcome: 'FAILED' });
    expect(left.docNo).toMatch(/^MI01-/);
    // Unconfirmed: void only (§5.3 step 3), through the OpenAPI.
    expect(result.steps.filter((step) => step.outcome === 'COMPENSATED').map((step) => step.api)).toEqual(['tt.oapi.other.out.inventory.data.invalid']);
    expect(await gateway.sandboxDocument('tiptop', 'MiscIssue', left.docNo!)).toMatchObject({ status: 'VOID', rawStatus: 'XN' });
    expect(sandbox.stock('A001', 'W01', ' ', ' ')).toBe(stock);
  });

  it('passes on a CreateMISCIssueData refusal that committed nothing as ERP_REJECTED with TIPTOP’s code', async () => {
    const result = await mutate('createAndPostMiscIssue', 'connection: "tiptop", input: $input', { input: { ...inputFor(TYPES[1]), docType: 'XX99' } }, 'miscIssue');
    expect(userErrorCodes(result)).toEqual(['ERP_REJECTED']);
    expect(result.userErrors[0].erp).toMatchObject({ code: 'apm-920' });
    expect(result.document).toBeNull();
  });

  it('decides a failed CreateTransferNote by its empty number, not by the text its post step wrote over the real code', async () => {
    const before = (await gateway.sandboxDocuments('tiptop', { type: 'Transfer' })).length;
    const result = await mutate(
      'createAndPostTransfer',
      'connection: "tiptop", input: $input',
      { input: { docType: 'TR01', lines: [{ itemNo: 'Z999', quantity: '1', warehouse: 'W01', toWarehouse: 'W02' }] } },
      'transfer',
    );
    expect(userErrorCodes(result)).toEqual(['ERP_REJECTED']);
    expect(result.userErrors[0].erp?.code).toBe('-1');
    expect((await gateway.sandboxDocuments('tiptop', { type: 'Transfer' })).length).toBe(before);
  });

  it('passes on a business refusal with TIPTOP’s code: approving an issue of more than is on hand is mfg3471', async () => {
    const { docNo } = (await create(TYPES[1], { ...inputFor(TYPES[1]), lines: [{ itemNo: 'A003', quantity: '999', warehouse: 'W03', location: 'L1', lot: 'LOT9' }] })).document!;
    const refused = await act(TYPES[1], 'approve', docNo);
    expect(userErrorCodes(refused)).toEqual(['ERP_REJECTED']);
    expect(refused.userErrors[0].erp).toMatchObject({ code: 'mfg3471', message: expect.stringContaining('mfg3471') });
    expect(await gateway.sandboxDocument('tiptop', 'MiscIssue', docNo)).toMatchObject({ status: 'UNAPPROVED' });
  });

  it('refuses, before any ERP call, a transfer to the place it comes from and destination fields on a misc document', async () => {
    const calls = await gateway.upstreamCalls('tiptop');
    const same = await create(TYPES[2], { docType: 'TR01', lines: [{ itemNo: 'A001', quantity: '1', warehouse: 'W01', toWarehouse: 'W01' }] });
    expect(same.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'toWarehouse'] })]);
    const stray = await create(TYPES[1], { docType: 'MI01', lines: [{ itemNo: 'A001', quantity: '1', warehouse: 'W01', toWarehouse: 'W02' }] });
    expect(stray.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'toWarehouse'] })]);
    const remark = await create(TYPES[2], { ...inputFor(TYPES[2]), remark: 'no column for this' });
    expect(remark.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'remark'] })]);
    expect(await gateway.upstreamCalls('tiptop')).toBe(calls);
  });

  it('runs MiscReceipt’s createAndPost as a saga over tt.oapi, and reverses it step by step', async () => {
    const result = await mutate('createAndPostMiscReceipt', 'connection: "tiptop", input: $input', { input: inputFor(TYPES[0], '6') }, 'miscReceipt');
    expect(result.userErrors).toEqual([]);
    expect(result.steps.map((step) => `${step.action}:${step.api}:${step.outcome}`)).toEqual([
      'create:tt.oapi.other.in.inventory.data.create:DONE',
      'approve:tt.oapi.other.in.inventory.data.approve:DONE',
      'post:tt.oapi.other.in.inventory.data.post:DONE',
    ]);
    const reversed = await act(TYPES[0], 'reverse', result.document!.docNo);
    expect(reversed.userErrors).toEqual([]);
    expect(reversed.steps.map((step) => step.action)).toEqual(['unpost', 'disapprove', 'void']);
    expect(reversed.document).toMatchObject({ status: 'VOID', erpStatus: 'XN' });
  });

  it('routes a MiscIssue to TIPTOP when the request names no connection (the default connection is T100)', async () => {
    const { data, errors } = await gateway.query<{ miscIssues: { edges: { node: { connection: string; erp: string } }[] } }>('{ miscIssues(first: 2) { edges { node { connection erp } } } }');
    expect(errors).toBeUndefined();
    expect(data!.miscIssues.edges[0].node).toEqual({ connection: 'tiptop', erp: 'TIPTOP' });
  });

  it('settles a misc receipt whose create reply was lost by the reference in ina07: the retry makes no second document', async () => {
    await gateway.injectFault('tiptop', { api: 'tt.oapi.other.in.inventory.data.create', mode: 'lost_reply' });
    const before = (await gateway.sandboxDocuments('tiptop', { type: 'MiscReceipt' })).length;
    const first = await create(TYPES[0], inputFor(TYPES[0]), 'mes-lost-receipt-1');
    const retried = first.userErrors.length === 0 ? first : await create(TYPES[0], inputFor(TYPES[0]), 'mes-lost-receipt-1');
    expect(retried.userErrors).toEqual([]);
    const again = await create(TYPES[0], inputFor(TYPES[0]), 'mes-lost-receipt-1');
    expect(again.document!.docNo).toBe(retried.document!.docNo);
    expect((await gateway.sandboxDocuments('tiptop', { type: 'MiscReceipt' })).length).toBe(before + 1);
  });

  it('settles a CreateTransferNote whose reply was lost by date, department and identical lines, without resending', async () => {
    await gateway.injectFault('tiptop', { api: 'CreateTransferNote', mode: 'lost_reply' });
    const calls = await gateway.upstreamCalls('tiptop', 'CreateTransferNote');
    const input = { docType: 'TR01', docDate: '2026-11-25', department: 'D300', lines: [{ itemNo: 'A001', quantity: '1.25', warehouse: 'W01', location: 'L1', lot: 'LOT1', toWarehouse: 'W02', toLocation: 'L2', toLot: 'LOT1' }] };
    const result = await mutate('createAndPostTransfer', 'connection: "tiptop", input: $input, idempotencyKey: $key', { input, key: 'mes-lost-transfer-1' }, 'transfer');
    expect(result.userErrors).toEqual([]);
    expect(result.document).toMatchObject({ status: 'POSTED', department: 'D300' });
    expect(await gateway.upstreamCalls('tiptop', 'CreateTransferNote')).toBe(calls + 1);
    expect((await gateway.sandboxDocuments('tiptop', { type: 'Transfer' })).filter((document) => String(document.head.imm14).trim() === 'D300')).toHaveLength(1);
  });

  it('never takes an identical transfer booked meanwhile for its own: two matches after a lost reply are OUTCOME_UNKNOWN', async () => {
    const input = { docType: 'TR01', docDate: '2026-11-26', department: 'D400', lines: [{ itemNo: 'A001', quantity: '1', warehouse: 'W01', toWarehouse: 'W02' }] };
    const someoneElses = await create(TYPES[2], input);
    expect(someoneElses.userErrors).toEqual([]);
    await gateway.injectFault('tiptop', { api: 'CreateTransferNote', mode: 'lost_reply' });
    const result = await mutate('createAndPostTransfer', 'connection: "tiptop", input: $input, idempotencyKey: $key', { input, key: 'mes-lost-transfer-2' }, 'transfer');
    expect(userErrorCodes(result)).toEqual(['OUTCOME_UNKNOWN']);
    expect(result.userErrors[0].message).toContain(someoneElses.document!.docNo);
    // The other transfer is untouched: nothing approved, posted or voided on a guess.
    expect(await gateway.sandboxDocument('tiptop', 'Transfer', someoneElses.document!.docNo)).toMatchObject({ status: 'UNAPPROVED' });
  });

  it('refuses a unit on createAndPostMiscIssue, which CreateMISCIssueData would ignore (it books in the item unit)', async () => {
    const calls = await gateway.upstreamCalls('tiptop', 'CreateMISCIssueData');
    const result = await mutate('createAndPostMiscIssue', 'connection: "tiptop", input: $input', { input: { ...inputFor(TYPES[1]), lines: [{ itemNo: 'A001', quantity: '1', unit: 'KG', warehouse: 'W01' }] } }, 'miscIssue');
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'unit'] })]);
    expect(await gateway.upstreamCalls('tiptop', 'CreateMISCIssueData')).toBe(calls);
  });

  it('refuses erpFields no envelope can carry (a list of nulls, found by fuzzing) as BAD_USER_INPUT, before any call', async () => {
    const calls = await gateway.upstreamCalls('tiptop');
    const input = JSON.parse('{"docType":"MR01","lines":[{"itemNo":"A001","quantity":"1","warehouse":"W01","erpFields":{"__proto__":{"__proto__":[null]}}}]}') as Record<string, unknown>;
    const result = await create(TYPES[0], input);
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'erpFields', '__proto__', '__proto__', '0'] })]);
    expect(await gateway.upstreamCalls('tiptop')).toBe(calls);
  });
});
