import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { payload, TestGateway, userErrorCodes } from '../../support/gateway';

const CreateStockIn = operation<Ops.CreateStockInMutation, Ops.CreateStockInMutationVariables>('CreateStockIn');
const CreateAndPostStockIn = operation<Ops.CreateAndPostStockInMutation, Ops.CreateAndPostStockInMutationVariables>('CreateAndPostStockIn');
const WorkOrder = operation<Ops.WorkOrderQuery, Ops.WorkOrderQueryVariables>('WorkOrder');

describe('idempotency keys', () => {
  let gateway: TestGateway;
  let input: Ops.StockInInput;

  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { timeoutMs: 1500 } } });
    const workOrderNo = await gateway.sampleDocNo('t100', 'WorkOrder', 'ISSUED');
    const itemNo = (await gateway.graphql(WorkOrder, { docNo: workOrderNo })).data!.workOrder!.itemNo!;
    input = { docType: 'SI01', lines: [{ itemNo, quantity: 3, warehouse: '1001', workOrderNo }] };
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  async function stockInCount(): Promise<number> {
    return (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length;
  }

  it('answers a retried createAndPostStockIn from the record: same document, replayed, no second document', async () => {
    const before = await stockInCount();
    const first = payload(await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'mes-4711' }), 'createAndPostStockIn');
    const calls = await gateway.upstreamCalls('t100');
    const retry = payload(await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'mes-4711' }), 'createAndPostStockIn');
    expect(retry.stockIn!.docNo).toBe(first.stockIn!.docNo);
    expect(first.idempotency).toEqual({ key: 'mes-4711', replayed: false });
    expect(retry.idempotency).toEqual({ key: 'mes-4711', replayed: true });
    expect(retry.steps).toEqual(first.steps);
    expect(await stockInCount()).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
  });

  it('honours the Idempotency-Key header on a request with one mutation and reports it in the payload', async () => {
    const first = payload(await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'hdr-1' }), 'createStockIn');
    const second = payload(await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'hdr-1' }), 'createStockIn');
    expect(second.stockIn!.docNo).toBe(first.stockIn!.docNo);
    expect(first.idempotency).toEqual({ key: 'hdr-1', replayed: false });
    expect(second.idempotency).toEqual({ key: 'hdr-1', replayed: true });
  });

  it('refuses the Idempotency-Key header on a request with two mutations, before running either', async () => {
    const before = await stockInCount();
    const twice = `mutation($input: StockInInput!) {
      a: createStockIn(input: $input) { stockIn { docNo } }
      b: createStockIn(input: $input) { stockIn { docNo } }
    }`;
    const refused = await gateway.query(twice, { input }, { 'idempotency-key': 'hdr-two', accept: 'application/graphql-response+json' });
    expect(refused.status).toBe(400);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(refused.data ?? null).toBeNull();
    expect(await stockInCount()).toBe(before);
  });

  it('gives every mutation of a request its own key argument and its own idempotency answer', async () => {
    const keyed = `mutation($input: StockInInput!) {
      a: createStockIn(input: $input, idempotencyKey: "own-a") { stockIn { docNo } idempotency { key replayed } }
      b: createStockIn(input: $input, idempotencyKey: "own-b") { stockIn { docNo } idempotency { key replayed } }
    }`;
    type Answer = { stockIn: { docNo: string }; idempotency: { key: string; replayed: boolean } };
    const first = await gateway.query<{ a: Answer; b: Answer }>(keyed, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data!.a.stockIn.docNo).not.toBe(first.data!.b.stockIn.docNo);
    expect([first.data!.a.idempotency, first.data!.b.idempotency]).toEqual([
      { key: 'own-a', replayed: false },
      { key: 'own-b', replayed: false },
    ]);
    const again = await gateway.query<{ a: Answer; b: Answer }>(keyed, { input });
    expect(again.data!.a).toEqual({ ...first.data!.a, idempotency: { key: 'own-a', replayed: true } });
    expect(again.data!.b).toEqual({ ...first.data!.b, idempotency: { key: 'own-b', replayed: true } });
  });

  it('refuses the same key with different input with IDEMPOTENCY_CONFLICT', async () => {
    await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'conflict-1' });
    const other = payload(await gateway.graphql(CreateStockIn, { input: { ...input, remark: 'different' } }, { 'idempotency-key': 'conflict-1' }), 'createStockIn');
    expect(userErrorCodes(other)).toEqual(['IDEMPOTENCY_CONFLICT']);
    expect(other.stockIn).toBeNull();
  });

  it('creates one document when the same keyed request arrives five times at once', async () => {
    const before = await stockInCount();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(async () => payload(await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'burst-1' }), 'createAndPostStockIn')),
    );
    const numbers = new Set(results.map((result) => result.stockIn?.docNo));
    expect(numbers.size).toBe(1);
    expect(results.filter((result) => result.idempotency?.replayed === false)).toHaveLength(1);
    expect(await stockInCount()).toBe(before + 1);
  });

  it('never resends a composite whose first attempt landed unseen: the retry finds it by reference', async () => {
    const before = await stockInCount();
    const createCalls = await gateway.upstreamCalls('t100', 'stockin.data.create');
    // The create commits but its reply is lost, and the lookup by reference fails too: the client sees an outage.
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'lost_reply' });
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.list.data.query.get', mode: 'http500', count: 3 }); // the lookup fails, retries included
    const first = payload(await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'unseen-1' }), 'createAndPostStockIn');
    expect(userErrorCodes(first)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await stockInCount()).toBe(before + 1);

    const retry = payload(await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'unseen-1' }), 'createAndPostStockIn');
    expect(retry.userErrors).toEqual([]);
    expect(retry.stockIn!.status).toBe('POSTED');
    expect(await stockInCount()).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(createCalls + 1);
  });

  it('answers a committed create even when reading it back fails, so a keyed retry cannot create it twice', async () => {
    const before = await stockInCount();
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.details.data.read.get', mode: 'http500', count: 3 }); // the lookup fails, retries included
    const first = payload(await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'readback-1' }), 'createStockIn');
    expect(first.userErrors).toEqual([]);
    expect(first.stockIn).toMatchObject({ status: 'UNAPPROVED' });
    const retry = payload(await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'readback-1' }), 'createStockIn');
    expect(retry.stockIn!.docNo).toBe(first.stockIn!.docNo);
    expect(await stockInCount()).toBe(before + 1);
  });
});
