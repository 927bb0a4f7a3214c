import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { codesOf, payload, TestGateway, userErrorCodes } from '../../support/gateway';

const ApproveStockIn = operation<Ops.ApproveStockInMutation, Ops.ApproveStockInMutationVariables>('ApproveStockIn');
const StockIn = operation<Ops.StockInQuery, Ops.StockInQueryVariables>('StockIn');

const READ = 't100.oapi.wo.stockin.details.data.read.get';
const APPROVE = 't100.oapi.wo.stockin.data.approve';

describe('ERP faults injected by the T100 sandbox', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    // One call per request here (readRetries 0): these tests classify a single failure.
    gateway = await TestGateway.start({ connections: { t100: { timeoutMs: 1000, breakerThreshold: 100, readRetries: 0 } } });
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  it("maps an ERP business error to ERP_REJECTED with the ERP's own code and message, and changes nothing", async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'UNAPPROVED');
    await gateway.injectFault('t100', { api: APPROVE, mode: 'error' });
    const result = payload(await gateway.graphql(ApproveStockIn, { docNo }), 'approveStockIn');
    expect(userErrorCodes(result)).toEqual(['ERP_REJECTED']);
    expect(result.userErrors[0]).toMatchObject({ docNo, erp: { code: 'sbx-09999' } });
    expect(result.userErrors[0].erp!.message.length).toBeGreaterThan(0);
    expect(result.userErrors[0].message).toContain(APPROVE);
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'UNAPPROVED' });
  });

  it.each([
    ['timeout', 'timeout'],
    ['http500', 'http_status'],
    ['garbage', 'unreadable'],
    ['empty', 'unreadable'],
    ['platform', 'platform'],
  ])('maps a %s fault to UPSTREAM_UNAVAILABLE (%s)', async (mode, reason) => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
    await gateway.injectFault('t100', { api: READ, mode });
    const result = await gateway.graphql(StockIn, { docNo });
    expect(codesOf(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(result.errors![0].extensions).toMatchObject({ reason, connection: 't100' });
    expect(result.status).toBe(200);
  });

  it('counts every upstream call by outcome in /metrics', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
    await gateway.injectFault('t100', { api: READ, mode: 'http500' });
    await gateway.graphql(StockIn, { docNo });
    const { text } = await gateway.get('/metrics');
    expect(text).toMatch(new RegExp(`gateway_upstream_requests_total\\{connection="t100",api="${READ.replace(/\./g, '\\.')}",outcome="http_status"\\} [1-9]`));
    expect(text).toContain('gateway_upstream_duration_seconds_bucket');
  });

  it('recovers as soon as the fault is used up', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
    await gateway.injectFault('t100', { api: READ, mode: 'http500', count: 1 });
    expect(codesOf(await gateway.graphql(StockIn, { docNo }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    const second = await gateway.graphql(StockIn, { docNo });
    expect(second.errors).toBeUndefined();
    expect(second.data!.stockIn!.docNo).toBe(docNo);
  });
});

describe('retries and the bulkhead', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { timeoutMs: 1000, breakerThreshold: 100, readRetries: 2 } } });
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  it('asks a read again after an outage, with backoff, and answers it', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
    const calls = await gateway.upstreamCalls('t100', READ);
    await gateway.injectFault('t100', { api: READ, mode: 'http500', count: 2 });
    const result = await gateway.graphql(StockIn, { docNo });
    expect(result.errors).toBeUndefined();
    expect(result.data!.stockIn!.docNo).toBe(docNo);
    expect(await gateway.upstreamCalls('t100', READ)).toBe(calls + 3);
  });

  it('gives up on a read after its retries: UPSTREAM_UNAVAILABLE', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
    const calls = await gateway.upstreamCalls('t100', READ);
    await gateway.injectFault('t100', { api: READ, mode: 'http500', count: 3 });
    expect(codesOf(await gateway.graphql(StockIn, { docNo }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await gateway.upstreamCalls('t100', READ)).toBe(calls + 3);
  });

  it('never sends a write twice: one approve call, however it failed', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'UNAPPROVED');
    const calls = await gateway.upstreamCalls('t100', APPROVE);
    await gateway.injectFault('t100', { api: APPROVE, mode: 'http500', count: 1 });
    const result = payload(await gateway.graphql(ApproveStockIn, { docNo }), 'approveStockIn');
    expect(userErrorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await gateway.upstreamCalls('t100', APPROVE)).toBe(calls + 1);
  });
});
