import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { payload, TestGateway } from '../../support/gateway';

const CreateStockIn = operation<Ops.CreateStockInMutation, Ops.CreateStockInMutationVariables>('CreateStockIn');
const ApproveStockIn = operation<Ops.ApproveStockInMutation, Ops.ApproveStockInMutationVariables>('ApproveStockIn');
const StockIn = operation<Ops.StockInQuery, Ops.StockInQueryVariables>('StockIn');
const WorkOrder = operation<Ops.WorkOrderQuery, Ops.WorkOrderQueryVariables>('WorkOrder');

describe('sandbox restart', () => {
  it('keeps documents and their status across a restart, and numbering does not reuse numbers', async () => {
    const first = await TestGateway.start();
    const workOrderNo = await first.sampleDocNo('t100', 'WorkOrder', 'ISSUED');
    const itemNo = (await first.graphql(WorkOrder, { docNo: workOrderNo })).data!.workOrder!.itemNo!;
    const input = { docType: 'SI01', lines: [{ itemNo, quantity: 2, warehouse: '1001', workOrderNo }] };
    const { docNo } = payload(await first.graphql(CreateStockIn, { input }), 'createStockIn').stockIn!;
    await first.graphql(ApproveStockIn, { docNo });
    const countBefore = (await first.sandboxDocuments('t100')).length;
    await first.stop();

    const second = await TestGateway.start({ dataDir: first.dataDir });
    try {
      const again = await second.graphql(StockIn, { docNo });
      expect(again.data!.stockIn).toMatchObject({ docNo, status: 'APPROVED' });
      expect((await second.sandboxDocuments('t100')).length).toBe(countBefore);
      const next = payload(await second.graphql(CreateStockIn, { input }), 'createStockIn').stockIn!.docNo;
      expect(next).not.toBe(docNo);
      expect(next > docNo).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
