/**
 * Settled creates (issue "never lose, never duplicate", deliverable 1): every create carries the gateway reference,
 * an unanswered one is found again by it, and a same-key retry never makes a second document — proved through the
 * sandbox's own documents. Time budget: under 6 s (two timeouts of 1 s).
 */
import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { payload, TestGateway, userErrorCodes } from '../../support/gateway';

const CreateStockIn = operation<Ops.CreateStockInMutation, Ops.CreateStockInMutationVariables>('CreateStockIn');
const CreateAndApproveStockIn = operation<Ops.CreateAndApproveStockInMutation, Ops.CreateAndApproveStockInMutationVariables>('CreateAndApproveStockIn');

const CREATE = 't100.oapi.wo.stockin.data.create';
const APPROVE = 't100.oapi.wo.stockin.data.approve';
const LIST = 't100.oapi.wo.stockin.list.data.query.get';

describe('settled creates', () => {
  let gateway: TestGateway;
  let input: Ops.StockInInput;

  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { timeoutMs: 1000, breakerThreshold: 100 } } });
    input = { docType: 'SI01', lines: [await gateway.sampleStockLine()] };
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  async function stockIns(): Promise<number> {
    return (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length;
  }

  it('answers a create whose reply was lost with the document the ERP holds, found by its reference', async () => {
    const [before, creates] = [await stockIns(), await gateway.upstreamCalls('t100', CREATE)];
    await gateway.injectFault('t100', { api: CREATE, mode: 'lost_reply' });
    const first = payload(await gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-1' }), 'createStockIn');
    expect(first.userErrors).toEqual([]);
    expect(first.stockIn).toMatchObject({ status: 'UNAPPROVED' });
    const retry = payload(await gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-1' }), 'createStockIn');
    expect(retry.stockIn!.docNo).toBe(first.stockIn!.docNo);
    expect(await stockIns()).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100', CREATE)).toBe(creates + 1);
  });

  it('never resends a create that landed unseen when even the lookup failed: the retry finds it', async () => {
    const [before, creates] = [await stockIns(), await gateway.upstreamCalls('t100', CREATE)];
    await gateway.injectFault('t100', { api: CREATE, mode: 'lost_reply' });
    await gateway.injectFault('t100', { api: LIST, mode: 'http500', count: 3 }); // the lookup fails, retries included
    const first = payload(await gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-2' }), 'createStockIn');
    expect(userErrorCodes(first)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const retry = payload(await gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-2' }), 'createStockIn');
    expect(retry.userErrors).toEqual([]);
    expect(await stockIns()).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100', CREATE)).toBe(creates + 1);
  });

  it('sends a create again only when the ERP provably holds nothing (a timeout that changed nothing)', async () => {
    const before = await stockIns();
    await gateway.injectFault('t100', { api: CREATE, mode: 'timeout' });
    const first = payload(await gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-3' }), 'createStockIn');
    expect(userErrorCodes(first)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await stockIns()).toBe(before);
    const retry = payload(await gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-3' }), 'createStockIn');
    expect(retry.userErrors).toEqual([]);
    expect(await stockIns()).toBe(before + 1);
  });

  it('carries a saga on from a create whose reply was lost: one document, APPROVED', async () => {
    const before = await stockIns();
    await gateway.injectFault('t100', { api: CREATE, mode: 'lost_reply' });
    const result = payload(await gateway.graphql(CreateAndApproveStockIn, { input, idempotencyKey: 'settle-4' }), 'createAndApproveStockIn');
    expect(result.userErrors).toEqual([]);
    expect(result.stockIn!.status).toBe('APPROVED');
    expect(result.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['create', 'DONE'],
      ['approve', 'DONE'],
    ]);
    expect(await stockIns()).toBe(before + 1);
    expect(await gateway.sandboxDocument('t100', 'StockIn', result.stockIn!.docNo)).toMatchObject({ status: 'APPROVED' });
  });

  it('asks the ERP before undoing a step whose reply was lost: the approve landed, so the saga completes', async () => {
    const before = await stockIns();
    await gateway.injectFault('t100', { api: APPROVE, mode: 'lost_reply' });
    const result = payload(await gateway.graphql(CreateAndApproveStockIn, { input, idempotencyKey: 'settle-5' }), 'createAndApproveStockIn');
    expect(result.userErrors).toEqual([]);
    expect(await stockIns()).toBe(before + 1);
    expect(await gateway.sandboxDocument('t100', 'StockIn', result.stockIn!.docNo)).toMatchObject({ status: 'APPROVED' });
  });

  it('makes one document of a retry sent while the first attempt is still waiting on the ERP (delay fault)', async () => {
    const before = await stockIns();
    await gateway.injectFault('t100', { api: CREATE, mode: 'delay', ms: 400 });
    const first = gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-6' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = gateway.graphql(CreateStockIn, { input, idempotencyKey: 'settle-6' });
    const [a, b] = [payload(await first, 'createStockIn'), payload(await second, 'createStockIn')];
    expect(a.stockIn!.docNo).toBe(b.stockIn!.docNo);
    expect([a.idempotency?.replayed, b.idempotency?.replayed]).toEqual([false, true]);
    expect(await stockIns()).toBe(before + 1);
  });
});
