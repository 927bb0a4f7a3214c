/**
 * The rules a real T100 keeps, as the sandbox enforces them and the gateway passes them on: quantity caps,
 * change documents rewriting their targets, editing only while unapproved, and the catalog against the seed.
 * Time budget: under 3 s.
 */
import { TestGateway } from '../../support/gateway';

const WORK_ORDER = 'WO01-26110500012';
const PURCHASE_ORDER = 'PO01-26110600001';

interface Payload {
  userErrors: { code: string; message: string; erp: { code: string | null; message: string } | null }[];
  [field: string]: unknown;
}

describe('T100 business rules', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  async function mutation(text: string, variables: Record<string, unknown> = {}): Promise<Payload> {
    const result = await gateway.query<Record<string, Payload>>(text, variables);
    expect(result.errors).toBeUndefined();
    return Object.values(result.data!)[0];
  }

  it("refuses an issue beyond what the work order's material line still requires, and counts what was issued", async () => {
    const line = (quantity: number) => ({ docType: 'IS01', kind: 'ISSUE', lines: [{ itemNo: 'A001', quantity, warehouse: 'W01', workOrderNo: WORK_ORDER }] });
    const required = Number((await gateway.sandboxDocument('t100', 'WorkOrder', WORK_ORDER))!.lines.find((row) => row.sfba005 === 'A001')!.sfba013);
    const tooMuch = await mutation('mutation($input: IssuingNoteInput!) { createIssuingNote(input: $input) { userErrors { code message erp { code message } } } }', { input: line(required + 1) });
    expect(tooMuch.userErrors).toEqual([expect.objectContaining({ code: 'ERP_REJECTED', erp: expect.objectContaining({ code: 'sbx-00021' }) })]);

    const issued = await mutation('mutation($input: IssuingNoteInput!) { createAndPostIssuingNote(input: $input) { issuingNote { docNo status } userErrors { code message } } }', { input: line(30) });
    expect(issued.userErrors).toEqual([]);
    const materialLine = (await gateway.sandboxDocument('t100', 'WorkOrder', WORK_ORDER))!.lines.find((row) => row.sfba005 === 'A001')!;
    expect(materialLine.sfba016).toBe(30);
    // what is left to issue is now 30 less
    const rest = await mutation('mutation($input: IssuingNoteInput!) { createIssuingNote(input: $input) { userErrors { code } } }', { input: line(required - 30 + 1) });
    expect(rest.userErrors.map((error) => error.code)).toEqual(['ERP_REJECTED']);
  });

  it('refuses a return of more than was issued', async () => {
    const input = { docType: 'PR21', lines: [{ itemNo: 'A002', quantity: 5, warehouse: 'W01', workOrderNo: WORK_ORDER }] };
    const refused = await mutation('mutation($input: PickingReturnInput!) { createPickingReturn(input: $input) { userErrors { code message erp { code message } } } }', { input });
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'ERP_REJECTED', erp: expect.objectContaining({ code: 'sbx-00022' }) })]);
  });

  it("refuses a receipt beyond the purchase order line's open quantity", async () => {
    const input = { docType: 'RC01', purchaseOrderNo: PURCHASE_ORDER, supplier: 'S001', lines: [{ itemNo: '3-BJ900-03007-J02', quantity: 1000, warehouse: '1001', location: '00' }] };
    const refused = await mutation('mutation($input: PurchaseReceiptInput!) { createPurchaseReceipt(input: $input) { userErrors { code message erp { code message } } } }', { input });
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'ERP_REJECTED', erp: expect.objectContaining({ code: 'sbx-00023' }) })]);
  });

  it('rewrites the work order when its change is approved, numbering the change after it', async () => {
    const created = await mutation(
      'mutation($input: WorkOrderChangeInput!) { createAndApproveWorkOrderChange(input: $input) { workOrderChange { docNo status changeSeq workOrder { docNo quantity plannedEnd } } userErrors { code message } } }',
      { input: { workOrderNo: WORK_ORDER, quantity: 640, plannedEnd: '2026-12-20', reason: 'R02' } },
    );
    expect(created.userErrors).toEqual([]);
    const change = created.workOrderChange as { docNo: string; status: string; changeSeq: number; workOrder: { quantity: string; plannedEnd: string } };
    expect(change.docNo).toMatch(new RegExp(`^${WORK_ORDER}#\\d+$`));
    expect(change).toMatchObject({ status: 'APPROVED', workOrder: { quantity: '640', plannedEnd: '2026-12-20' } });
    const changes = await gateway.query<{ workOrder: { changes: { edges: { node: { docNo: string } }[] } } }>('query($d: String!) { workOrder(docNo: $d) { changes(first: 50) { edges { node { docNo } } } } }', { d: WORK_ORDER });
    expect(changes.data!.workOrder.changes.edges.map((edge) => edge.node.docNo)).toContain(change.docNo);
  });

  it("replaces the purchase order's lines when its change is approved", async () => {
    const created = await mutation(
      'mutation($input: PurchaseChangeInput!) { createAndApprovePurchaseChange(input: $input) { purchaseChange { docNo status purchaseOrder { lines { itemNo quantity } } } userErrors { code message } } }',
      { input: { purchaseOrderNo: PURCHASE_ORDER, lines: [{ itemNo: '3-BJ900-03007-J02', quantity: 240, warehouse: '1001', location: '00' }] } },
    );
    expect(created.userErrors).toEqual([]);
    expect(created.purchaseChange).toMatchObject({ status: 'APPROVED', purchaseOrder: { lines: [{ itemNo: '3-BJ900-03007-J02', quantity: '240' }] } });
  });

  it('edits a document only while it is unapproved', async () => {
    const refused = await mutation('mutation { updatePurchaseOrder(docNo: "PO01-26110600001", input: { remark: "late" }) { userErrors { code } } }');
    expect(refused.userErrors.map((error) => error.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('lists all 129 T100 API names of seed 000 in apiCatalog', async () => {
    const rows = (await gateway.query<{ apiCatalog: { apiName: string | null; kind: string }[] }>('{ apiCatalog(erp: T100) { apiName kind } }')).data!.apiCatalog;
    const names = new Set(rows.filter((row) => row.apiName).map((row) => row.apiName));
    expect(names.size).toBe(129);
    expect(new Set(rows.filter((row) => row.kind === 'CUSTOMIZED').map((row) => row.apiName)).size).toBe(13);
  });
});

describe('a T100 site that leaves Z after a dispost (connection setting unpostedStatus)', () => {
  it('shows erpStatus Z, reads it as APPROVED, and posts it again', async () => {
    const gateway = await TestGateway.start({ connections: { t100: { unpostedStatus: 'Z' } } });
    try {
      const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
      const act = async (verb: string) =>
        (await gateway.query<Record<string, { stockIn: { status: string; erpStatus: string } }>>(`mutation { ${verb}StockIn(docNo: "${docNo}") { stockIn { status erpStatus } } }`)).data![`${verb}StockIn`].stockIn;
      expect(await act('post')).toEqual({ status: 'POSTED', erpStatus: 'S' });
      expect(await act('unpost')).toEqual({ status: 'APPROVED', erpStatus: 'Z' });
      expect(await act('post')).toEqual({ status: 'POSTED', erpStatus: 'S' });
    } finally {
      await gateway.stop();
    }
  });
});
