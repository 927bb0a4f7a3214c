import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { codesOf, TestGateway } from '../../support/gateway';

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
    const first = await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'mes-4711' });
    const calls = await gateway.upstreamCalls('t100');
    const retry = await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'mes-4711' });
    expect(retry.data!.createAndPostStockIn.docNo).toBe(first.data!.createAndPostStockIn.docNo);
    expect(await stockInCount()).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
  });

  it('marks a replayed answer with extensions.idempotency and honours the Idempotency-Key header', async () => {
    const query = 'mutation($input: StockInInput!) { createStockIn(input: $input) { docNo } }';
    const send = async () => {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'hdr-1' },
        body: JSON.stringify({ query, variables: { input } }),
      });
      return (await response.json()) as { data: { createStockIn: { docNo: string } }; extensions?: { idempotency?: unknown } };
    };
    const first = await send();
    const second = await send();
    expect(second.data.createStockIn.docNo).toBe(first.data.createStockIn.docNo);
    expect(first.extensions?.idempotency).toEqual({ key: 'hdr-1', replayed: false });
    expect(second.extensions?.idempotency).toEqual({ key: 'hdr-1', replayed: true });
  });

  it('refuses the same key with different input with IDEMPOTENCY_CONFLICT', async () => {
    await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'conflict-1' });
    const other = await gateway.graphql(CreateStockIn, { input: { ...input, remark: 'different' } }, { 'idempotency-key': 'conflict-1' });
    expect(codesOf(other)).toEqual(['IDEMPOTENCY_CONFLICT']);
  });

  it('creates one document when the same keyed request arrives five times at once', async () => {
    const before = await stockInCount();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'burst-1' })),
    );
    const numbers = new Set(results.map((result) => result.data?.createAndPostStockIn.docNo));
    expect(numbers.size).toBe(1);
    expect(await stockInCount()).toBe(before + 1);
  });

  it('never resends a composite whose first attempt landed unseen: the retry finds it by reference', async () => {
    const before = await stockInCount();
    const createCalls = await gateway.upstreamCalls('t100', 'stockin.data.create');
    // The create commits but its reply is lost, and the lookup by reference fails too: the client sees an outage.
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'lost_reply' });
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.list.data.query.get', mode: 'http500' });
    const first = await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'unseen-1' });
    expect(codesOf(first)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await stockInCount()).toBe(before + 1);

    const retry = await gateway.graphql(CreateAndPostStockIn, { input, idempotencyKey: 'unseen-1' });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.createAndPostStockIn.status).toBe('POSTED');
    expect(await stockInCount()).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(createCalls + 1);
  });

  it('answers a committed create even when reading it back fails, so a keyed retry cannot create it twice', async () => {
    const before = await stockInCount();
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.details.data.read.get', mode: 'http500' });
    const first = await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'readback-1' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.createStockIn).toMatchObject({ status: 'UNAPPROVED' });
    const retry = await gateway.graphql(CreateStockIn, { input }, { 'idempotency-key': 'readback-1' });
    expect(retry.data!.createStockIn.docNo).toBe(first.data!.createStockIn.docNo);
    expect(await stockInCount()).toBe(before + 1);
  });
});
