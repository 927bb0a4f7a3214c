import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { codesOf, TestGateway } from '../../support/gateway';

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
      const created = await gateway.graphql(CreateStockIn, { input: stockInInput(5) });
      expect(created.errors).toBeUndefined();
      const stockIn = created.data!.createStockIn;
      expect(stockIn.docNo).toMatch(/^SI01-\d{6}\d{5}$/);
      expect(stockIn).toMatchObject({ status: 'UNAPPROVED', connection: 't100', erp: 'T100', docDate: '2026-11-24', department: 'D100' });
      expect(stockIn.extensions).toMatchObject({ documentStatus: 'N' });
      expect(stockIn.lines[0]).toMatchObject({ itemNo: issuedWorkOrder.itemNo, quantity: 5, warehouse: '1001', workOrderNo: issuedWorkOrder.docNo });
      expect(stockIn.lines[0].unit).toBeTruthy();
      expect(await gateway.sandboxDocument('t100', 'StockIn', stockIn.docNo)).toMatchObject({ rawStatus: 'N' });
    });

    it('drives a stock-in through update, approve, post, unpost, disapprove and void, and stock follows', async () => {
      const { docNo } = (await gateway.graphql(CreateStockIn, { input: stockInInput(7) })).data!.createStockIn;
      const before = (await gateway.graphql(WorkOrder, { docNo: issuedWorkOrder.docNo })).data!.workOrder!.stockedInQuantity ?? 0;

      const updated = await gateway.graphql(UpdateStockIn, { docNo, input: { ...stockInInput(8), remark: 'updated' } });
      expect(updated.data?.updateStockIn).toMatchObject({ status: 'UNAPPROVED', remark: 'updated' });
      expect(updated.data?.updateStockIn.lines[0].quantity).toBe(8);

      expect((await gateway.graphql(ApproveStockIn, { docNo })).data?.approveStockIn).toMatchObject({ status: 'APPROVED', extensions: { documentStatus: 'Y' } });
      expect((await gateway.graphql(PostStockIn, { docNo })).data?.postStockIn).toMatchObject({ status: 'POSTED', extensions: { documentStatus: 'S' } });
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'POSTED', rawStatus: 'S' });
      const posted = (await gateway.graphql(WorkOrder, { docNo: issuedWorkOrder.docNo })).data!.workOrder!;
      expect(posted.stockedInQuantity).toBe(before + 8);

      expect((await gateway.graphql(UnpostStockIn, { docNo })).data?.unpostStockIn.status).toBe('APPROVED');
      const unposted = (await gateway.graphql(WorkOrder, { docNo: issuedWorkOrder.docNo })).data!.workOrder!;
      expect(unposted.stockedInQuantity).toBe(before);
      expect((await gateway.graphql(DisapproveStockIn, { docNo })).data?.disapproveStockIn.status).toBe('UNAPPROVED');
      expect((await gateway.graphql(VoidStockIn, { docNo })).data?.voidStockIn.status).toBe('VOID');
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID', rawStatus: 'X' });
    });

    it('refuses to post an unapproved stock-in with INVALID_TRANSITION before calling the post API', async () => {
      const { docNo } = (await gateway.graphql(CreateStockIn, { input: stockInInput(1) })).data!.createStockIn;
      const postCalls = await gateway.upstreamCalls('t100', 't100.oapi.wo.stockin.data.post');
      const refused = await gateway.graphql(PostStockIn, { docNo });
      expect(codesOf(refused)).toEqual(['INVALID_TRANSITION']);
      expect(refused.errors![0].extensions).toMatchObject({ from: 'UNAPPROVED', action: 'post' });
      expect(await gateway.upstreamCalls('t100', 't100.oapi.wo.stockin.data.post')).toBe(postCalls);
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'UNAPPROVED' });
    });

    it('refuses to void a posted stock-in with INVALID_TRANSITION', async () => {
      const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'POSTED');
      expect(codesOf(await gateway.graphql(VoidStockIn, { docNo }))).toEqual(['INVALID_TRANSITION']);
      expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'POSTED' });
    });

    it('deletes an unapproved stock-in, after which it is not found', async () => {
      const { docNo } = (await gateway.graphql(CreateStockIn, { input: stockInInput(2) })).data!.createStockIn;
      expect((await gateway.graphql(DeleteStockIn, { docNo })).data?.deleteStockIn).toEqual({ connection: 't100', typeName: 'StockIn', docNo, deleted: true });
      expect((await gateway.graphql(StockIn, { docNo })).data?.stockIn).toBeNull();
      expect(codesOf(await gateway.graphql(ApproveStockIn, { docNo }))).toEqual(['NOT_FOUND']);
    });

    it("passes the ERP's own refusal on as ERP_REJECTED: an unknown item", async () => {
      const refused = await gateway.graphql(CreateStockIn, {
        input: { ...stockInInput(1), lines: [{ itemNo: 'NO-SUCH-ITEM', quantity: 1, warehouse: '1001', workOrderNo: issuedWorkOrder.docNo }] },
      });
      expect(codesOf(refused)).toEqual(['ERP_REJECTED']);
      expect(refused.errors![0].extensions!.erp).toMatchObject({ code: 'sbx-00011' });
      expect(String((refused.errors![0].extensions!.erp as { message: string }).message)).toContain('不存在');
    });
  });

  describe('WorkOrder', () => {
    it('creates, updates, approves, issues, unissues, disapproves and voids a work order', async () => {
      const created = await gateway.graphql(CreateWorkOrder, {
        input: { docType: 'WO01', docDate: '2026-11-24', itemNo: issuedWorkOrder.itemNo, quantity: 100, plannedStart: '2026-11-25', plannedEnd: '2026-11-30' },
      });
      expect(created.errors).toBeUndefined();
      const { docNo } = created.data!.createWorkOrder;
      expect(created.data!.createWorkOrder).toMatchObject({ status: 'UNAPPROVED', quantity: 100, plannedStart: '2026-11-25', itemNo: issuedWorkOrder.itemNo });

      const updated = await gateway.graphql(UpdateWorkOrder, { docNo, input: { quantity: 120 } });
      expect(updated.data?.updateWorkOrder).toMatchObject({ quantity: 120, status: 'UNAPPROVED' });
      expect((await gateway.graphql(ApproveWorkOrder, { docNo })).data?.approveWorkOrder.status).toBe('APPROVED');
      expect((await gateway.graphql(IssueWorkOrder, { docNo })).data?.issueWorkOrder).toMatchObject({ status: 'ISSUED', extensions: { documentStatus: 'F' } });
      expect((await gateway.graphql(UnissueWorkOrder, { docNo })).data?.unissueWorkOrder.status).toBe('APPROVED');
      expect((await gateway.graphql(DisapproveWorkOrder, { docNo })).data?.disapproveWorkOrder.status).toBe('UNAPPROVED');
      expect((await gateway.graphql(VoidWorkOrder, { docNo })).data?.voidWorkOrder.status).toBe('VOID');
      expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toMatchObject({ rawStatus: 'X' });
    });

    it('refuses to issue an unapproved work order and to approve a void one', async () => {
      const { docNo } = (await gateway.graphql(CreateWorkOrder, { input: { docType: 'WO01', itemNo: issuedWorkOrder.itemNo, quantity: 10 } })).data!.createWorkOrder;
      expect(codesOf(await gateway.graphql(IssueWorkOrder, { docNo }))).toEqual(['INVALID_TRANSITION']);
      await gateway.graphql(VoidWorkOrder, { docNo });
      expect(codesOf(await gateway.graphql(ApproveWorkOrder, { docNo }))).toEqual(['INVALID_TRANSITION']);
    });

    it('deletes an unapproved work order', async () => {
      const { docNo } = (await gateway.graphql(CreateWorkOrder, { input: { docType: 'WO01', itemNo: issuedWorkOrder.itemNo, quantity: 3 } })).data!.createWorkOrder;
      expect((await gateway.graphql(DeleteWorkOrder, { docNo })).data?.deleteWorkOrder).toEqual({ docNo, deleted: true });
      expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toBeUndefined();
    });

    it('names the missing field when a work order is created without an item', async () => {
      const refused = await gateway.graphql(CreateWorkOrder, { input: { docType: 'WO01', quantity: 3 } });
      expect(codesOf(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0].extensions).toMatchObject({ field: 'input.itemNo' });
    });
  });
});
