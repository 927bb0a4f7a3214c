/**
 * Per-connection and per-document-type scopes (issue 10 §4): a key limited to some document types or connections
 * reaches only those — through fields, references, node ids and mutations — and never the saga journal, which
 * spans them all. Time budget: under 3 s.
 */
import { parseConfig } from '../../../src/config';
import { TestGateway } from '../../support/gateway';

describe('keys limited to document types and connections', () => {
  const stockInsOnly = 'sk-stockins-only-1f2e3d';
  const otherPlant = 'sk-other-plant-9a8b7c';
  const operator = 'sk-operator-5d6e7f';
  const t100Writer = 'sk-t100-writer-3c4d5e';
  let gateway: TestGateway;
  let stockInNo: string;
  let workOrderNo: string;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    gateway = await TestGateway.start({
      apiKeys: [
        { key: stockInsOnly, scopes: ['read', 'write'], documents: ['StockIn'] },
        // Limited to one connection (of the five this gateway has) and one document type.
        { key: otherPlant, scopes: ['read', 'operator'], connections: ['t100'], documents: ['WorkOrder'] },
        { key: t100Writer, scopes: ['read', 'write'], connections: ['t100'] },
        { key: operator, scopes: ['read', 'write', 'operator'] },
      ],
    });
    // The sandbox admin needs a write key once keys are configured.
    const sample = async (type: string, status: string): Promise<string> => {
      const { text } = await gateway.get(`/sandbox/t100/documents?type=${type}&status=${status}`, as(operator));
      return (JSON.parse(text) as { docNo: string }[])[0].docNo.trim();
    };
    stockInNo = await sample('StockIn', 'APPROVED');
    workOrderNo = await sample('WorkOrder', 'ISSUED');
  });
  afterAll(() => gateway.stop());

  it('reads its own document type, and is FORBIDDEN on another — on the field and through a reference', async () => {
    const own = await gateway.query<{ stockIn: { docNo: string; workOrder: unknown } }>(`{ stockIn(docNo: "${stockInNo}") { docNo workOrder { docNo } } }`, undefined, as(stockInsOnly));
    expect(own.data!.stockIn.docNo).toBe(stockInNo);
    // The stock-in is served; the work order it references is not.
    expect(own.data!.stockIn.workOrder).toBeNull();
    expect(own.errors).toEqual([expect.objectContaining({ path: ['stockIn', 'workOrder'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    const other = await gateway.query(`{ workOrder(docNo: "${workOrderNo}") { docNo } }`, undefined, as(stockInsOnly));
    expect(other.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(other.errors![0].message).toContain('WorkOrder');
  });

  it('answers a mutation on another type with a FORBIDDEN userError and no ERP call', async () => {
    const calls = await gateway.upstreamCalls('t100');
    const refused = await gateway.query<{ approveWorkOrder: { userErrors: { code: string }[] } }>(`mutation { approveWorkOrder(docNo: "${workOrderNo}") { userErrors { code } } }`, undefined, as(stockInsOnly));
    expect(refused.data!.approveWorkOrder.userErrors).toEqual([{ code: 'FORBIDDEN' }]);
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
  });

  it('keeps a limited key, and a key without the operator scope, out of the saga journal; an operator key reads it', async () => {
    const writer = await gateway.query('{ sagas(first: 1) { edges { cursor } } }', undefined, as(stockInsOnly));
    expect(writer.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('operator scope') });
    const limited = await gateway.query('{ sagas(first: 1) { edges { cursor } } }', undefined, as(otherPlant));
    expect(limited.errors![0].extensions!.code).toBe('FORBIDDEN');
    const resolved = await gateway.query<{ resolveSaga: { saga: unknown; userErrors: { code: string }[] } }>('mutation { resolveSaga(id: "1", action: RETRY) { saga { id } userErrors { code } } }', undefined, as(stockInsOnly));
    expect(resolved.data!.resolveSaga).toEqual({ saga: null, userErrors: [{ code: 'FORBIDDEN' }] });
    expect((await gateway.query('{ sagas(first: 1) { edges { cursor } } }', undefined, as(operator))).errors).toBeUndefined();
  });

  it('scopes idempotency keys by client: two keys choosing the same idempotency key make two documents, no conflict', async () => {
    const { text } = await gateway.get('/sandbox/t100/documents?type=WorkOrder&status=ISSUED', as(operator));
    const workOrder = (JSON.parse(text) as { docNo: string; head: Record<string, unknown> }[])[0];
    const line = { itemNo: String(workOrder.head.sfaa010).trim(), quantity: '1', warehouse: '1001', location: '00', workOrderNo: workOrder.docNo.trim() };
    const mutation = 'mutation($input: StockInInput!) { createStockIn(input: $input, idempotencyKey: "mes-shared-key-1") { stockIn { docNo } userErrors { code } idempotency { replayed } } }';
    type Answer = { createStockIn: { stockIn: { docNo: string }; userErrors: unknown[]; idempotency: { replayed: boolean } } };
    const first = await gateway.query<Answer>(mutation, { input: { docType: 'SI01', remark: 'client one', lines: [line] } }, as(stockInsOnly));
    const second = await gateway.query<Answer>(mutation, { input: { docType: 'SI01', remark: 'client two', lines: [line] } }, as(operator));
    expect([first.data!.createStockIn.userErrors, second.data!.createStockIn.userErrors]).toEqual([[], []]);
    expect(second.data!.createStockIn.idempotency.replayed).toBe(false);
    expect(second.data!.createStockIn.stockIn.docNo).not.toBe(first.data!.createStockIn.stockIn.docNo);
    // Each client's own retry still replays its own answer.
    const again = await gateway.query<Answer>(mutation, { input: { docType: 'SI01', remark: 'client one', lines: [line] } }, as(stockInsOnly));
    expect(again.data!.createStockIn).toMatchObject({ stockIn: { docNo: first.data!.createStockIn.stockIn.docNo }, idempotency: { replayed: true } });
  });

  it('keeps a key limited to one connection off the others: reads, node ids and mutations are FORBIDDEN with no ERP call', async () => {
    const tiptopCalls = await gateway.upstreamCalls('tiptop');
    const list = await gateway.query('{ miscIssues(connection: "tiptop", first: 1) { edges { node { docNo } } } }', undefined, as(t100Writer));
    expect(list.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('tiptop') });
    // Its own connection is served.
    expect((await gateway.query(`{ workOrder(connection: "t100", docNo: "${workOrderNo}") { docNo } }`, undefined, as(t100Writer))).errors).toBeUndefined();
    const operatorsView = await gateway.query<{ miscIssues: { edges: { node: { id: string; docNo: string } }[] } }>('{ miscIssues(connection: "tiptop", first: 1) { edges { node { id docNo } } } }', undefined, as(operator));
    const node = await gateway.query<{ node: unknown }>(`{ node(id: "${operatorsView.data!.miscIssues.edges[0].node.id}") { id } }`, undefined, as(t100Writer));
    expect(node.errors![0].extensions!.code).toBe('FORBIDDEN');
    const approve = await gateway.query<{ approveMiscIssue: { userErrors: { code: string }[] } }>(
      `mutation { approveMiscIssue(connection: "tiptop", docNo: "${operatorsView.data!.miscIssues.edges[0].node.docNo}") { userErrors { code } } }`,
      undefined,
      as(t100Writer),
    );
    expect(approve.data!.approveMiscIssue.userErrors).toEqual([{ code: 'FORBIDDEN' }]);
    expect(await gateway.upstreamCalls('tiptop')).toBe(tiptopCalls + 1); // the operator's list only
  });

  it('refuses a key limited to an unknown connection or document type at start, naming the key', () => {
    const connections = { t100: { erp: 't100', baseUrl: 'http://127.0.0.1:1/wtopprd', enterprise: '99', site: 'DSCTC', user: 'tiptop' } };
    expect(() => parseConfig({ connections, apiKeys: [{ key: 'k', connections: ['plant9'] }] }, {})).toThrow(expect.objectContaining({ key: 'apiKeys[0].connections' }));
    expect(() => parseConfig({ connections, apiKeys: [{ key: 'k', documents: ['__proto__'] }] }, {})).toThrow(expect.objectContaining({ key: 'apiKeys[0].documents' }));
  });
});
