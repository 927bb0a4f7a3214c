import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { codesOf, payload, TestGateway, userErrorCodes } from '../../support/gateway';

const StockIn = operation<Ops.StockInQuery, Ops.StockInQueryVariables>('StockIn');
const ApproveStockIn = operation<Ops.ApproveStockInMutation, Ops.ApproveStockInMutationVariables>('ApproveStockIn');
const READ = 't100.oapi.wo.stockin.details.data.read.get';

describe('circuit breaker per connection', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { breakerThreshold: 2, breakerCooldownMs: 400 } } });
  });
  afterAll(() => gateway.stop());

  it('opens after consecutive failures, fails fast without calling the ERP, reports not ready, and closes after a good trial', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
    expect((await gateway.get('/readyz')).status).toBe(200);
    await gateway.injectFault('t100', { api: READ, mode: 'http500', count: 2 });
    expect(codesOf(await gateway.graphql(StockIn, { docNo }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(codesOf(await gateway.graphql(StockIn, { docNo }))).toEqual(['UPSTREAM_UNAVAILABLE']);

    const calls = await gateway.upstreamCalls('t100');
    const fast = await gateway.graphql(StockIn, { docNo });
    expect(fast.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'circuit_open' });
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
    const ready = await gateway.get('/readyz');
    expect(ready.status).toBe(503);
    // One connection's circuit: the other ERP's stays closed.
    expect(JSON.parse(ready.text).connections).toEqual([{ id: 't100', erp: 't100', circuit: 'open' }, { id: 'tiptop', erp: 'tiptop', circuit: 'closed' }, { id: 'sunlike', erp: 'sunlike', circuit: 'closed' }, { id: 'kingdee', erp: 'kingdee', circuit: 'closed' }, { id: 'jushuitan', erp: 'jushuitan', circuit: 'closed' }, { id: 'aiwms', erp: 'aiwms', circuit: 'closed' }]);
    expect((await gateway.get('/metrics')).text).toContain('gateway_circuit_state{connection="t100"} 2');

    await new Promise((resolve) => setTimeout(resolve, 450));
    const trial = await gateway.graphql(StockIn, { docNo });
    expect(trial.errors).toBeUndefined();
    expect(trial.data!.stockIn!.docNo).toBe(docNo);
    expect((await gateway.get('/readyz')).status).toBe(200);
  });

  it('does not count a business refusal against the ERP', async () => {
    for (let index = 0; index < 3; index++) {
      const refused = payload(await gateway.graphql(ApproveStockIn, { docNo: 'SI01-00000000000' }), 'approveStockIn');
      expect(userErrorCodes(refused)).toEqual(['NOT_FOUND']);
    }
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.data.approve', mode: 'error', count: 3 });
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'UNAPPROVED');
    for (let index = 0; index < 3; index++) {
      expect(userErrorCodes(payload(await gateway.graphql(ApproveStockIn, { docNo }), 'approveStockIn'))).toEqual(['ERP_REJECTED']);
    }
    expect((await gateway.get('/readyz')).status).toBe(200);
  });
});
