import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { payload, TestGateway, userErrorCodes } from '../../support/gateway';

const CreateStockIn = operation<Ops.CreateStockInMutation, Ops.CreateStockInMutationVariables>('CreateStockIn');
const UpdateStockIn = operation<Ops.UpdateStockInMutation, Ops.UpdateStockInMutationVariables>('UpdateStockIn');
const DeleteStockIn = operation<Ops.DeleteStockInMutation, Ops.DeleteStockInMutationVariables>('DeleteStockIn');
const ApproveStockIn = operation<Ops.ApproveStockInMutation, Ops.ApproveStockInMutationVariables>('ApproveStockIn');
const DisapproveStockIn = operation<Ops.DisapproveStockInMutation, Ops.DisapproveStockInMutationVariables>('DisapproveStockIn');
const PostStockIn = operation<Ops.PostStockInMutation, Ops.PostStockInMutationVariables>('PostStockIn');
const UnpostStockIn = operation<Ops.UnpostStockInMutation, Ops.UnpostStockInMutationVariables>('UnpostStockIn');
const VoidStockIn = operation<Ops.VoidStockInMutation, Ops.VoidStockInMutationVariables>('VoidStockIn');
const StockIn = operation<Ops.StockInQuery, Ops.StockInQueryVariables>('StockIn');
const WorkOrder = operation<Ops.WorkOrderQuery, Ops.WorkOrderQueryVariables>('WorkOrder');
const CreateWorkOrder = operation<Ops.CreateWorkOrderMutation, Ops.CreateWorkOrderMutationVariables>('CreateWorkOrder');
const UpdateWorkOrder = operation<Ops.UpdateWorkOrderMutation, Ops.UpdateWorkOrderMutationVariables>('UpdateWorkOrder');
const DeleteWorkOrder = operation<Ops.DeleteWorkOrderMutation, Ops.DeleteWorkOrderMutationVariables>('DeleteWorkOrder');
const ApproveWorkOrder = operation<Ops.ApproveWorkOrderMutation, Ops.ApproveWorkOrderMutationVariables>('ApproveWorkOrder');
const DisapproveWorkOrder = operation<Ops.DisapproveWorkOrderMutation, Ops.DisapproveWorkOrderMutationVariables>('DisapproveWorkOrder');
const IssueWorkOrder = operation<Ops.IssueWorkOrderMutation, Ops.IssueWorkOrderMutationVariables>('IssueWorkOrder');
const UnissueWorkOrder = operation<Ops.UnissueWorkOrderMutation, Ops.UnissueWorkOrderMutationVariables>('UnissueWorkOrder');
const VoidWorkOrder = operation<Ops.VoidWorkOrderMutation, Ops.VoidWorkOrderMutationVariables>('VoidWorkOrder');

/** The same lifecycle over every encoding a T100 connection can use for OpenAPIs. */
describe.each(['json', 'json-v2', 'xml'])('T100 lifecycle over %s', (format) => {
  let gateway: TestGateway;
  let issuedWorkOrder: { docNo: string; itemNo: string };

  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { format } } });
    const docNo = await gateway.sampleDocNo('t100', 'WorkOrder', 'ISSUED');
    const workOrder = await gateway.graphql(WorkOrder, { docNo });
    issuedWorkOrder = { docNo, itemNo: workOrder.data!.workOrder!.itemNo! };
  });
  afterAll(() => gateway.stop());

  function stockInInput(quantity: number): Ops.StockInInput {
    return {
      docType: 'SI01',
      docDate: '2026-11-24',
      department: 'D100',
      remark: 'e2e lifecycle',
      lines: [{ itemNo: issuedWorkOrder.itemNo, quantity, warehouse: '1001', location: '00', workOrderNo: issuedWorkOrder.docNo }],
    };
  }

  describe('StockIn', () => {
    it('creates a stock-in that the ERP numbers and fills in', async () => {
      const created = payload(await gateway.graphql(CreateStockIn, { input: stockInInput(5) }), 'createStockIn');
      expect(created.userErrors).toEqual([]);
      const stockIn = created.stockIn!;
      expect(stockIn.docNo).toMatch(/^SI01-\d{6}\d{5}$/);
      expect(stockIn).toMatchObject({ status: 'UNAPPROVED', erpStatus: 'N', connection: 't100', erp: 'T100', docDate: '2026-11-24', department: 'D100' });
      expect(stockIn.id).toBeTruthy();
      expect(stockIn.lines[0]).toMatchObject({ itemNo: issuedWorkOrder.itemNo, quantity: '5', warehouse: '1001', workOrderNo: issuedWorkOrder.docNo });
      expect(stockIn.lines[0].unit).toBeTruthy();
      expect(stockIn.lines[0].id).not.toBe(stockIn.id);
      expect(await gateway.sandboxDocument('t100', 'StockIn', stockIn.docNo)).toMatchObject({ rawStatus: 'N' });
    });

    it('drives a stock-in through update, approve, post, unpost, disapprove and void, and stock follows', async () => {
      const { docNo } = payload(await gateway.graphql(CreateStockIn, { input: stockInInput(7) }), 'createStockIn').stockIn!;
      const before = Number((await gateway.graphql(WorkOrder, { docNo: issuedWorkOrder.docNo })).data!.workOrder!.stockedInQuantity ?? 0);

      const updated = payload(await gateway.graphql(UpdateStockIn, { docNo, input: { ...stockInInput(8), remark: 'updated' } }), 'updateStockIn');
      expect(updated.stockIn).toMatchObject({ status: 'UNAPPROVED', remark: 'updated' });
      expect(updated.stockIn!.lines[0].quantity).toBe('8');

      expect(payload(await gateway.graphql(ApproveStockIn, { docNo }), 'approveStockIn').stockIn).toMatchObject({ status: 'APPROVED', erpStatus: 'Y' });
      expect(payload(await gateway.graphql(PostStockIn, { docNo }), 'postStockIn').stockIn).toMatchObject({ status: 'POSTED', erpStatus: 'S' });
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'POSTED', rawStatus: 'S' });
      const posted = (await gateway.graphql(WorkOrder, { docNo: issuedWorkOrder.docNo })).data!.workOrder!;
      expect(Number(posted.stockedInQuantity)).toBe(before + 8);

      expect(payload(await gateway.graphql(UnpostStockIn, { docNo }), 'unpostStockIn').stockIn!.status).toBe('APPROVED');
      const unposted = (await gateway.graphql(WorkOrder, { docNo: issuedWorkOrder.docNo })).data!.workOrder!;
      expect(Number(unposted.stockedInQuantity)).toBe(before);
      expect(payload(await gateway.graphql(DisapproveStockIn, { docNo }), 'disapproveStockIn').stockIn!.status).toBe('UNAPPROVED');
      expect(payload(await gateway.graphql(VoidStockIn, { docNo }), 'voidStockIn').stockIn!.status).toBe('VOID');
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID', rawStatus: 'X' });
    });

    it('refuses to post an unapproved stock-in with INVALID_TRANSITION before calling the post API', async () => {
      const { docNo } = payload(await gateway.graphql(CreateStockIn, { input: stockInInput(1) }), 'createStockIn').stockIn!;
      const postCalls = await gateway.upstreamCalls('t100', 't100.oapi.wo.stockin.data.post');
      const refused = payload(await gateway.graphql(PostStockIn, { docNo }), 'postStockIn');
      expect(refused.stockIn).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', docNo, erp: null })]);
      expect(refused.userErrors[0].message).toContain('UNAPPROVED');
      expect(await gateway.upstreamCalls('t100', 't100.oapi.wo.stockin.data.post')).toBe(postCalls);
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'UNAPPROVED' });
    });

    it('refuses to void a posted stock-in with INVALID_TRANSITION', async () => {
      const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'POSTED');
      expect(userErrorCodes(payload(await gateway.graphql(VoidStockIn, { docNo }), 'voidStockIn'))).toEqual(['INVALID_TRANSITION']);
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'POSTED' });
    });

    it('deletes an unapproved stock-in, after which it is not found', async () => {
      const { docNo, id } = payload(await gateway.graphql(CreateStockIn, { input: stockInInput(2) }), 'createStockIn').stockIn!;
      expect(payload(await gateway.graphql(DeleteStockIn, { docNo }), 'deleteStockIn')).toMatchObject({ deletedDocNo: docNo, deletedId: id, userErrors: [] });
      expect((await gateway.graphql(StockIn, { docNo })).data?.stockIn).toBeNull();
      expect(userErrorCodes(payload(await gateway.graphql(ApproveStockIn, { docNo }), 'approveStockIn'))).toEqual(['NOT_FOUND']);
    });

    it('passes erpFields through to the ERP and back, on the head and on lines, and refuses names the gateway owns', async () => {
      const input = stockInInput(3);
      const created = payload(
        await gateway.graphql(CreateStockIn, {
          input: { ...input, erpFields: { sfeaud002: 'MES-7' }, lines: [{ ...input.lines![0], erpFields: { sfebud002: 'pallet 3' } }] },
        }),
        'createStockIn',
      );
      expect(created.userErrors).toEqual([]);
      expect(created.stockIn!.erpFields).toMatchObject({ sfeaud002: 'MES-7', site: 'DSCTC' });
      const read = (await gateway.graphql(StockIn, { docNo: created.stockIn!.docNo })).data!.stockIn!;
      expect(read.erpFields).toMatchObject({ sfeaud002: 'MES-7' });
      expect(read.erpFields).not.toHaveProperty('source_no');
      expect(read.lines[0].erpFields).toEqual({ sfebud002: 'pallet 3' });

      const before = await gateway.upstreamCalls('t100');
      const owned = payload(await gateway.graphql(CreateStockIn, { input: { ...input, erpFields: { status: 'S' } } }), 'createStockIn');
      expect(owned.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'erpFields', 'status'] })]);
      expect(await gateway.upstreamCalls('t100')).toBe(before);
    });

    it("refuses a stock-in beyond the work order's open quantity, and master data named like Object's own properties", async () => {
      const workOrder = (await gateway.graphql(WorkOrder, { docNo: issuedWorkOrder.docNo })).data!.workOrder!;
      const open = Number(workOrder.quantity) - Number(workOrder.stockedInQuantity);
      const tooMuch = payload(await gateway.graphql(CreateStockIn, { input: stockInInput(open + 1) }), 'createStockIn');
      expect(userErrorCodes(tooMuch)).toEqual(['ERP_REJECTED']);
      expect(tooMuch.userErrors[0].erp).toMatchObject({ code: 'sbx-00020' });
      for (const [itemNo, warehouse] of [['toString', '1001'], ['__proto__', '1001'], [issuedWorkOrder.itemNo, 'constructor']]) {
        const hostile = payload(
          await gateway.graphql(CreateStockIn, { input: { ...stockInInput(1), lines: [{ itemNo, quantity: 1, warehouse, workOrderNo: issuedWorkOrder.docNo }] } }),
          'createStockIn',
        );
        expect(hostile.userErrors[0]?.erp?.code).toMatch(/^sbx-0001[12]$/);
      }
    });

    it("passes the ERP's own refusal on as ERP_REJECTED: an unknown item", async () => {
      const refused = payload(
        await gateway.graphql(CreateStockIn, {
          input: { ...stockInInput(1), lines: [{ itemNo: 'NO-SUCH-ITEM', quantity: 1, warehouse: '1001', workOrderNo: issuedWorkOrder.docNo }] },
        }),
        'createStockIn',
      );
      expect(userErrorCodes(refused)).toEqual(['ERP_REJECTED']);
      expect(refused.userErrors[0].erp).toMatchObject({ code: 'sbx-00011' });
      expect(refused.userErrors[0].erp!.message).toContain('不存在');
    });
  });

  describe('WorkOrder', () => {
    it('creates, updates, approves, issues, unissues, disapproves and voids a work order', async () => {
      const created = payload(
        await gateway.graphql(CreateWorkOrder, {
          input: { docType: 'WO01', docDate: '2026-11-24', itemNo: issuedWorkOrder.itemNo, quantity: 100, plannedStart: '2026-11-25', plannedEnd: '2026-11-30' },
        }),
        'createWorkOrder',
      );
      expect(created.userErrors).toEqual([]);
      const { docNo } = created.workOrder!;
      expect(created.workOrder).toMatchObject({ status: 'UNAPPROVED', quantity: '100', plannedStart: '2026-11-25', itemNo: issuedWorkOrder.itemNo });

      const updated = payload(await gateway.graphql(UpdateWorkOrder, { docNo, input: { quantity: '120.50' } }), 'updateWorkOrder');
      expect(updated.workOrder).toMatchObject({ quantity: '120.5', status: 'UNAPPROVED' });
      expect(payload(await gateway.graphql(ApproveWorkOrder, { docNo }), 'approveWorkOrder').workOrder!.status).toBe('APPROVED');
      expect(payload(await gateway.graphql(IssueWorkOrder, { docNo }), 'issueWorkOrder').workOrder).toMatchObject({ status: 'ISSUED', erpStatus: 'F' });
      expect(payload(await gateway.graphql(UnissueWorkOrder, { docNo }), 'unissueWorkOrder').workOrder!.status).toBe('APPROVED');
      expect(payload(await gateway.graphql(DisapproveWorkOrder, { docNo }), 'disapproveWorkOrder').workOrder!.status).toBe('UNAPPROVED');
      expect(payload(await gateway.graphql(VoidWorkOrder, { docNo }), 'voidWorkOrder').workOrder!.status).toBe('VOID');
      expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toMatchObject({ rawStatus: 'X' });
    });

    it('refuses to issue an unapproved work order and to approve a void one', async () => {
      const { docNo } = payload(await gateway.graphql(CreateWorkOrder, { input: { docType: 'WO01', itemNo: issuedWorkOrder.itemNo, quantity: 10 } }), 'createWorkOrder').workOrder!;
      expect(userErrorCodes(payload(await gateway.graphql(IssueWorkOrder, { docNo }), 'issueWorkOrder'))).toEqual(['INVALID_TRANSITION']);
      await gateway.graphql(VoidWorkOrder, { docNo });
      expect(userErrorCodes(payload(await gateway.graphql(ApproveWorkOrder, { docNo }), 'approveWorkOrder'))).toEqual(['INVALID_TRANSITION']);
    });

    it('deletes an unapproved work order', async () => {
      const { docNo } = payload(await gateway.graphql(CreateWorkOrder, { input: { docType: 'WO01', itemNo: issuedWorkOrder.itemNo, quantity: 3 } }), 'createWorkOrder').workOrder!;
      expect(payload(await gateway.graphql(DeleteWorkOrder, { docNo }), 'deleteWorkOrder')).toMatchObject({ deletedDocNo: docNo, userErrors: [] });
      expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toBeUndefined();
    });

    it('names the missing field when a work order is created without an item, and calls no ERP', async () => {
      const before = await gateway.upstreamCalls('t100');
      const refused = payload(await gateway.graphql(CreateWorkOrder, { input: { docType: 'WO01', quantity: 3 } }), 'createWorkOrder');
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'itemNo'] })]);
      expect(await gateway.upstreamCalls('t100')).toBe(before);
    });
  });
});
