/** receiveOutsourcedGoods: one T100 M2E call, three linked documents. Time budget: under 3 s. */
import { payload, TestGateway, userErrorCodes } from '../../support/gateway';

const PURCHASE_ORDER = 'PO01-26110600001';
const API = 'outsourcing.purchase.stockin.create';

const MUTATION = `mutation($input: ReceiveOutsourcedGoodsInput!, $key: String) {
  receiveOutsourcedGoods(input: $input, idempotencyKey: $key) {
    purchaseReceipt { docNo status purchaseOrderNo lines { itemNo quantity } }
    inspectionReturn { docNo status receiptNo lines { quantity } }
    purchaseStockIn { docNo status receiptNo lines { quantity warehouse } }
    userErrors { code message field docNo }
    steps { action api docNo outcome }
    idempotency { key replayed }
  }
}`;

interface Doc {
  docNo: string;
  status: string;
  receiptNo?: string;
  purchaseOrderNo?: string;
  lines: { quantity: string }[];
}
interface Answer {
  receiveOutsourcedGoods: {
    purchaseReceipt: Doc | null;
    inspectionReturn: Doc | null;
    purchaseStockIn: Doc | null;
    userErrors: { code: string; message: string; field: string[] | null; docNo: string | null }[];
    steps: { action: string; api: string; docNo: string | null; outcome: string }[];
    idempotency: { key: string; replayed: boolean } | null;
  };
}

describe('receiveOutsourcedGoods', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  const input = (quantity: number, rejectedQuantity?: number) => ({
    purchaseOrderNo: PURCHASE_ORDER,
    supplier: 'S001',
    docDate: '2026-11-24',
    lines: [{ itemNo: '3-BJ900-03007-J02', quantity, ...(rejectedQuantity === undefined ? {} : { rejectedQuantity }), warehouse: '1001', location: '00' }],
  });

  async function book(variables: Record<string, unknown>) {
    return payload(await gateway.query<Answer>(MUTATION, variables), 'receiveOutsourcedGoods');
  }

  it('books the receipt, the return of the rejected goods and the stock-in of the rest in one ERP call', async () => {
    const calls = await gateway.upstreamCalls('t100', API);
    const all = await gateway.upstreamCalls('t100');
    const booked = await book({ input: input(10, 2) });
    expect(booked.userErrors).toEqual([]);
    const { purchaseReceipt, inspectionReturn, purchaseStockIn } = booked;
    expect(purchaseReceipt).toMatchObject({ status: 'APPROVED', purchaseOrderNo: PURCHASE_ORDER, lines: [{ quantity: '10' }] });
    expect(inspectionReturn).toMatchObject({ status: 'APPROVED', receiptNo: purchaseReceipt!.docNo, lines: [{ quantity: '2' }] });
    expect(purchaseStockIn).toMatchObject({ status: 'POSTED', receiptNo: purchaseReceipt!.docNo, lines: [{ quantity: '8', warehouse: '1001' }] });
    expect(await gateway.upstreamCalls('t100', API)).toBe(calls + 1);
    // the call, then reading the three back
    expect(await gateway.upstreamCalls('t100')).toBe(all + 4);
    expect(await gateway.sandboxDocument('t100', 'PurchaseReceipt', purchaseReceipt!.docNo)).toMatchObject({ status: 'APPROVED' });
    expect(await gateway.sandboxDocument('t100', 'InspectionReturn', inspectionReturn!.docNo)).toMatchObject({ status: 'APPROVED' });
    expect(await gateway.sandboxDocument('t100', 'PurchaseStockIn', purchaseStockIn!.docNo)).toMatchObject({ status: 'POSTED' });
  });

  it('creates no return when nothing was rejected', async () => {
    const booked = await book({ input: input(5) });
    expect(booked.userErrors).toEqual([]);
    expect(booked.inspectionReturn).toBeNull();
    expect(booked.purchaseStockIn).toMatchObject({ status: 'POSTED', lines: [{ quantity: '5' }] });
  });

  it('rolls all three back when the stock-in cannot be posted: COMPENSATED, and each ends VOID', async () => {
    await gateway.injectFault('t100', { api: API, mode: 'post_fails' });
    const booked = await book({ input: input(4, 1) });
    expect(userErrorCodes(booked)).toEqual(['COMPENSATED']);
    expect(booked.purchaseReceipt).toBeNull();
    expect(booked.steps[0]).toMatchObject({ action: 'createAndApprove', api: API, outcome: 'FAILED' });
    const compensated = booked.steps.filter((step) => step.outcome === 'COMPENSATED');
    const numbers = new Set(compensated.map((step) => step.docNo));
    expect(numbers.size).toBe(3);
    for (const type of ['PurchaseReceipt', 'InspectionReturn', 'PurchaseStockIn']) {
      const found = (await gateway.sandboxDocuments('t100', { type })).filter((document) => numbers.has(document.docNo.trim()));
      expect([type, found.map((document) => document.status)]).toEqual([type, ['VOID']]);
    }
  });

  it('settles a lost reply by all three documents it finds under the reference: no resend, all answered', async () => {
    const calls = await gateway.upstreamCalls('t100', API);
    await gateway.injectFault('t100', { api: API, mode: 'lost_reply' });
    const booked = await book({ input: input(6, 2), key: 'asn-lost-1' });
    expect(booked.userErrors).toEqual([]);
    expect(booked.purchaseReceipt).toMatchObject({ status: 'APPROVED' });
    expect(booked.inspectionReturn).toMatchObject({ status: 'APPROVED', receiptNo: booked.purchaseReceipt!.docNo });
    expect(booked.purchaseStockIn).toMatchObject({ status: 'POSTED', lines: [{ quantity: '4' }] });
    expect(await gateway.upstreamCalls('t100', API)).toBe(calls + 1);
  });

  it('refuses a rejected quantity above the line quantity before any ERP call', async () => {
    const calls = await gateway.upstreamCalls('t100');
    const refused = await book({ input: input(3, 4) });
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'rejectedQuantity'] })]);
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
  });

  it('answers a retry under the same key from the record, all three documents, with no second call', async () => {
    const first = await book({ input: input(2, 1), key: 'asn-7788' });
    const calls = await gateway.upstreamCalls('t100', API);
    const retry = await book({ input: input(2, 1), key: 'asn-7788' });
    expect(retry.idempotency).toEqual({ key: 'asn-7788', replayed: true });
    expect([retry.purchaseReceipt?.docNo, retry.inspectionReturn?.docNo, retry.purchaseStockIn?.docNo]).toEqual([
      first.purchaseReceipt?.docNo,
      first.inspectionReturn?.docNo,
      first.purchaseStockIn?.docNo,
    ]);
    expect(await gateway.upstreamCalls('t100', API)).toBe(calls);
  });
});
