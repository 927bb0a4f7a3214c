import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { codesOf, TestGateway } from '../../support/gateway';

const CreateAndPostStockIn = operation<Ops.CreateAndPostStockInMutation, Ops.CreateAndPostStockInMutationVariables>('CreateAndPostStockIn');
const ReverseStockIn = operation<Ops.ReverseStockInMutation, Ops.ReverseStockInMutationVariables>('ReverseStockIn');
const CreateAndApproveWorkOrder = operation<Ops.CreateAndApproveWorkOrderMutation, Ops.CreateAndApproveWorkOrderMutationVariables>('CreateAndApproveWorkOrder');
const ReverseWorkOrder = operation<Ops.ReverseWorkOrderMutation, Ops.ReverseWorkOrderMutationVariables>('ReverseWorkOrder');
const WorkOrder = operation<Ops.WorkOrderQuery, Ops.WorkOrderQueryVariables>('WorkOrder');

const OPENAPI_STEPS = ['create', 'approve', 'post', 'dispost', 'disapprove', 'invalid'].map((suffix) => `t100.oapi.wo.stockin.data.${suffix}`);

describe('StockIn composites through the customized APIs', () => {
  let gateway: TestGateway;
  let line: Ops.DocumentLineInput;

  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { timeoutMs: 1500 } } });
    const workOrderNo = await gateway.sampleDocNo('t100', 'WorkOrder', 'ISSUED');
    const itemNo = (await gateway.graphql(WorkOrder, { docNo: workOrderNo })).data!.workOrder!.itemNo!;
    line = { itemNo, quantity: 4, warehouse: '1001', location: '00', lot: 'L20261124', workOrderNo };
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  async function openApiStepCalls(): Promise<number> {
    let total = 0;
    for (const api of OPENAPI_STEPS) total += await gateway.upstreamCalls('t100', api);
    return total;
  }

  it('createAndPostStockIn posts a stock-in in exactly one upstream call (stockin.data.create)', async () => {
    const [allBefore, customizedBefore, stepsBefore] = [
      await gateway.upstreamCalls('t100'),
      await gateway.upstreamCalls('t100', 'stockin.data.create'),
      await openApiStepCalls(),
    ];
    const result = await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', docDate: '2026-11-24', lines: [line] } });
    expect(result.errors).toBeUndefined();
    const stockIn = result.data!.createAndPostStockIn;
    expect(stockIn).toMatchObject({ status: 'POSTED', docType: 'SI01' });
    expect(await gateway.upstreamCalls('t100')).toBe(allBefore + 1);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(customizedBefore + 1);
    expect(await openApiStepCalls()).toBe(stepsBefore);
    expect(await gateway.sandboxDocument('t100', 'StockIn', stockIn.docNo)).toMatchObject({ status: 'POSTED', rawStatus: 'S' });
  });

  it('reverseStockIn voids a posted stock-in with one stockin.data.process call and no OpenAPI steps', async () => {
    const { docNo } = (await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', lines: [line] } })).data!.createAndPostStockIn;
    const [processBefore, stepsBefore] = [await gateway.upstreamCalls('t100', 'stockin.data.process'), await openApiStepCalls()];
    const reversed = await gateway.graphql(ReverseStockIn, { docNo });
    expect(reversed.errors).toBeUndefined();
    expect(reversed.data!.reverseStockIn).toMatchObject({ docNo, status: 'VOID', extensions: { documentStatus: 'X' } });
    expect(await gateway.upstreamCalls('t100', 'stockin.data.process')).toBe(processBefore + 1);
    expect(await openApiStepCalls()).toBe(stepsBefore);
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID' });
  });

  it('refuses to reverse a void stock-in with INVALID_TRANSITION and calls nothing', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'VOID');
    const before = await gateway.upstreamCalls('t100', 'stockin.data.process');
    expect(codesOf(await gateway.graphql(ReverseStockIn, { docNo }))).toEqual(['INVALID_TRANSITION']);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.process')).toBe(before);
  });

  it('compensates when the ERP creates the document but its post step fails: COMPENSATED, and the document ends VOID', async () => {
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'post_fails' });
    const result = await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', remark: 'post fails', lines: [line] } });
    expect(codesOf(result)).toEqual(['COMPENSATED']);
    const steps = result.errors![0].extensions!.steps as { action: string; api: string; outcome: string }[];
    expect(steps).toEqual([{ action: 'void', api: 't100.oapi.wo.stockin.data.invalid', outcome: 'compensated' }]);
    const docNo = /SI01-\d{11}/.exec(result.errors![0].message)![0];
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID' });
  });

  it('settles a lost reply by the document it finds under its reference: one document, POSTED, no resend', async () => {
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'lost_reply' });
    const before = (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length;
    const createCalls = await gateway.upstreamCalls('t100', 'stockin.data.create');
    const result = await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', lines: [line] }, idempotencyKey: 'mes-lost-reply-1' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createAndPostStockIn.status).toBe('POSTED');
    expect((await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(createCalls + 1);
  });

  it('answers UPSTREAM_UNAVAILABLE when the ERP never answers and nothing was created', async () => {
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'timeout' });
    const before = (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length;
    const result = await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', lines: [line] } });
    expect(codesOf(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect((await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length).toBe(before);
  });
});

describe('WorkOrder composites as sagas (T100 has no customized work-order API)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  async function itemNo(): Promise<string> {
    const docNo = await gateway.sampleDocNo('t100', 'WorkOrder', 'ISSUED');
    return (await gateway.graphql(WorkOrder, { docNo })).data!.workOrder!.itemNo!;
  }

  it('createAndApproveWorkOrder runs create then approve', async () => {
    const result = await gateway.graphql(CreateAndApproveWorkOrder, { input: { docType: 'WO01', itemNo: await itemNo(), quantity: 50 } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createAndApproveWorkOrder.status).toBe('APPROVED');
    expect(await gateway.upstreamCalls('t100', 't100.oapi.wo.data.approve')).toBe(1);
  });

  it('compensates a failed approve by voiding the created work order', async () => {
    await gateway.injectFault('t100', { api: 't100.oapi.wo.data.approve', mode: 'error' });
    const result = await gateway.graphql(CreateAndApproveWorkOrder, { input: { docType: 'WO01', itemNo: await itemNo(), quantity: 5 } });
    expect(codesOf(result)).toEqual(['COMPENSATED']);
    expect(result.errors![0].extensions!.erp).toMatchObject({ code: 'sbx-09999' });
    const steps = result.errors![0].extensions!.steps as { action: string; outcome: string }[];
    expect(steps).toEqual([
      { action: 'create', api: 't100.oapi.wo.data.create', outcome: 'done' },
      expect.objectContaining({ action: 'approve', api: 't100.oapi.wo.data.approve', outcome: 'failed' }),
      { action: 'void', api: 't100.oapi.wo.data.invalid', outcome: 'compensated' },
    ]);
    const docNo = /WO01-\d{11}/.exec(result.errors![0].message)![0];
    expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toMatchObject({ status: 'VOID' });
  });

  it('reverseWorkOrder backs an issued work order out to VOID step by step', async () => {
    const { docNo } = (await gateway.graphql(CreateAndApproveWorkOrder, { input: { docType: 'WO01', itemNo: await itemNo(), quantity: 5 } })).data!.createAndApproveWorkOrder;
    await gateway.query('mutation($docNo: String!) { issueWorkOrder(docNo: $docNo) { status } }', { docNo });
    const reversed = await gateway.graphql(ReverseWorkOrder, { docNo });
    expect(reversed.data?.reverseWorkOrder).toEqual({ docNo, status: 'VOID' });
    expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toMatchObject({ rawStatus: 'X' });
  });
});
