/** Batch booking for MES (issue "The API its users expect"). Time budget: under 5 s. */
import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { codesOf, payload, TestGateway, userErrorCodes } from '../../support/gateway';

const CreateAndPostStockInBatch = operation<Ops.CreateAndPostStockInBatchMutation, Ops.CreateAndPostStockInBatchMutationVariables>('CreateAndPostStockInBatch');

describe('createAndPostStockInBatch', () => {
  let gateway: TestGateway;
  let line: Ops.DocumentLineInput;

  beforeAll(async () => {
    gateway = await TestGateway.start();
    line = await gateway.sampleStockLine();
  });
  afterAll(() => gateway.stop());

  async function stockInCount(): Promise<number> {
    return (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length;
  }

  /** 50 items, quantities 1.01 … 1.50 so each answer can be matched to its item; item 25 names an unknown item. */
  function fiftyItems(prefix: string): Ops.StockInBatchItem[] {
    return Array.from({ length: 50 }, (_, index) => ({
      idempotencyKey: `${prefix}-${index}`,
      input: {
        docType: 'SI01',
        lines: [{ ...line, itemNo: index === 24 ? 'NO-SUCH-ITEM' : line.itemNo, quantity: `1.${String(index + 1).padStart(2, '0')}` }],
      },
    }));
  }

  it('books 50 stock-ins with one refused in the middle: 49 documents, one typed error, answers in item order', async () => {
    const before = await stockInCount();
    const createCalls = await gateway.upstreamCalls('t100', 'stockin.data.create');
    const { results } = payload(await gateway.graphql(CreateAndPostStockInBatch, { items: fiftyItems('shift-a') }), 'createAndPostStockInBatch');

    expect(results).toHaveLength(50);
    results.forEach((result, index) => {
      if (index === 24) {
        expect(result.stockIn).toBeNull();
        expect(userErrorCodes(result)).toEqual(['ERP_REJECTED']);
        expect(result.userErrors[0].erp).toMatchObject({ code: 'sbx-00011' });
        expect(result.userErrors[0].message).toContain('NO-SUCH-ITEM');
      } else {
        expect(result.userErrors).toEqual([]);
        expect(result.stockIn!.status).toBe('POSTED');
        expect(Number(result.stockIn!.lines[0].quantity)).toBe(Number(`1.${String(index + 1).padStart(2, "0")}`));
      }
      expect(result.idempotency).toEqual({ key: `shift-a-${index}`, replayed: false });
    });
    const numbers = results.flatMap((result) => (result.stockIn ? [result.stockIn.docNo] : []));
    expect(new Set(numbers).size).toBe(49);
    expect(await stockInCount()).toBe(before + 49);
    for (const docNo of numbers.slice(0, 3)) expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'POSTED' });
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(createCalls + 50);
  });

  it('replays the booked items of a retried batch and runs only the one that failed', async () => {
    const first = payload(await gateway.graphql(CreateAndPostStockInBatch, { items: fiftyItems('shift-b') }), 'createAndPostStockInBatch').results;
    const before = await stockInCount();
    const createCalls = await gateway.upstreamCalls('t100', 'stockin.data.create');
    const retry = payload(await gateway.graphql(CreateAndPostStockInBatch, { items: fiftyItems('shift-b') }), 'createAndPostStockInBatch').results;
    expect(retry.map((result) => result.stockIn?.docNo ?? null)).toEqual(first.map((result) => result.stockIn?.docNo ?? null));
    expect(retry.filter((result) => result.idempotency?.replayed)).toHaveLength(49);
    // the refused item left nothing in the ERP, so its key was released and it ran again (and was refused again)
    expect(retry[24].idempotency).toEqual({ key: 'shift-b-24', replayed: false });
    expect(userErrorCodes(retry[24])).toEqual(['ERP_REJECTED']);
    expect(await stockInCount()).toBe(before);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(createCalls + 1);
  });

  it('answers a single mutation and a batch item with the same key and input from one record', async () => {
    const item = { idempotencyKey: 'shared-1', input: { docType: 'SI01', lines: [line] } };
    const single = await gateway.query<{ createAndPostStockIn: { stockIn: { docNo: string } } }>(
      'mutation($input: StockInInput!) { createAndPostStockIn(input: $input, idempotencyKey: "shared-1") { stockIn { docNo } } }',
      { input: item.input },
    );
    const [batched] = payload(await gateway.graphql(CreateAndPostStockInBatch, { items: [item] }), 'createAndPostStockInBatch').results;
    expect(batched.stockIn!.docNo).toBe(single.data!.createAndPostStockIn.stockIn.docNo);
    expect(batched.idempotency).toEqual({ key: 'shared-1', replayed: true });
  });

  it('refuses an Idempotency-Key header on a batch, more than 100 items and a blank item key, before any ERP call', async () => {
    const calls = await gateway.upstreamCalls('t100');
    const header = await gateway.graphql(CreateAndPostStockInBatch, { items: fiftyItems('hdr').slice(0, 2) }, { 'idempotency-key': 'whole-batch', accept: 'application/graphql-response+json' });
    expect(header.status).toBe(400);
    expect(header.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });

    const items = Array.from({ length: 101 }, (_, index) => ({ idempotencyKey: `big-${index}`, input: { docType: 'SI01', lines: [line] } }));
    const tooMany = await gateway.graphql(CreateAndPostStockInBatch, { items });
    expect(codesOf(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0].extensions).toMatchObject({ field: 'items' });

    const blank = await gateway.graphql(CreateAndPostStockInBatch, { items: [{ idempotencyKey: ' ', input: { docType: 'SI01', lines: [line] } }] });
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items[0].idempotencyKey' });
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
  });

  it('reports a bad item (an unknown connection, a zero quantity) in its own payload and books the rest', async () => {
    const before = await stockInCount();
    const { results } = payload(
      await gateway.graphql(CreateAndPostStockInBatch, {
        items: [
          { idempotencyKey: 'mixed-1', input: { docType: 'SI01', lines: [line] } },
          { idempotencyKey: 'mixed-2', connection: 'sap', input: { docType: 'SI01', lines: [line] } },
          { idempotencyKey: 'mixed-3', input: { docType: 'SI01', lines: [{ ...line, quantity: '0' }] } },
        ],
      }),
      'createAndPostStockInBatch',
    );
    expect(results.map((result) => [result.stockIn?.status ?? null, result.userErrors.map((error) => [error.code, error.field])])).toEqual([
      ['POSTED', []],
      [null, [['BAD_USER_INPUT', ['connection']]]],
      [null, [['BAD_USER_INPUT', ['input', 'lines', '0', 'quantity']]]],
    ]);
    expect(await stockInCount()).toBe(before + 1);
  });
});
