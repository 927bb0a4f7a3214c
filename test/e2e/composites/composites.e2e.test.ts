import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { payload, TestGateway, userErrorCodes } from '../../support/gateway';

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
    const result = payload(await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', docDate: '2026-11-24', lines: [line] } }), 'createAndPostStockIn');
    expect(result.userErrors).toEqual([]);
    const stockIn = result.stockIn!;
    expect(stockIn).toMatchObject({ status: 'POSTED', erpStatus: 'S', docType: 'SI01' });
    expect(result.steps).toEqual([expect.objectContaining({ action: 'createAndPost', api: 'stockin.data.create', docNo: stockIn.docNo, outcome: 'DONE' })]);
    // the customized call, then one read back of what the ERP holds (§5.3), and nothing else
    expect(await gateway.upstreamCalls('t100')).toBe(allBefore + 2);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(customizedBefore + 1);
    expect(await openApiStepCalls()).toBe(stepsBefore);
    expect(await gateway.sandboxDocument('t100', 'StockIn', stockIn.docNo)).toMatchObject({ status: 'POSTED', rawStatus: 'S' });
  });

  it('reverseStockIn voids a posted stock-in with one stockin.data.process call and no OpenAPI steps', async () => {
    const { docNo } = payload(await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', lines: [line] } }), 'createAndPostStockIn').stockIn!;
    const [processBefore, stepsBefore] = [await gateway.upstreamCalls('t100', 'stockin.data.process'), await openApiStepCalls()];
    const reversed = payload(await gateway.graphql(ReverseStockIn, { docNo }), 'reverseStockIn');
    expect(reversed.userErrors).toEqual([]);
    expect(reversed.stockIn).toMatchObject({ docNo, status: 'VOID', erpStatus: 'X' });
    expect(reversed.steps).toEqual([expect.objectContaining({ action: 'reverse', api: 'stockin.data.process', docNo, outcome: 'DONE' })]);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.process')).toBe(processBefore + 1);
    expect(await openApiStepCalls()).toBe(stepsBefore);
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID' });
  });

  it('refuses to reverse a void stock-in with INVALID_TRANSITION and calls nothing', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'VOID');
    const before = await gateway.upstreamCalls('t100', 'stockin.data.process');
    expect(userErrorCodes(payload(await gateway.graphql(ReverseStockIn, { docNo }), 'reverseStockIn'))).toEqual(['INVALID_TRANSITION']);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.process')).toBe(before);
  });

  it('compensates when the ERP creates the document but its post step fails: COMPENSATED, and the document ends VOID', async () => {
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'post_fails' });
    const result = payload(await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', remark: 'post fails', lines: [line] } }), 'createAndPostStockIn');
    expect(result.stockIn).toBeNull();
    expect(userErrorCodes(result)).toEqual(['COMPENSATED']);
    const docNo = result.userErrors[0].docNo!;
    expect(docNo).toMatch(/^SI01-\d{11}$/);
    expect(result.userErrors[0].erp).toMatchObject({ code: 'sbx-09998' });
    expect(result.steps).toEqual([
      expect.objectContaining({ action: 'createAndPost', api: 'stockin.data.create', docNo, outcome: 'FAILED', erp: expect.objectContaining({ code: 'sbx-09998' }) }),
      expect.objectContaining({ action: 'void', api: 't100.oapi.wo.stockin.data.invalid', docNo, outcome: 'COMPENSATED' }),
    ]);
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID' });
  });

  it('settles a lost reply by the document it finds under its reference: one document, POSTED, no resend', async () => {
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'lost_reply' });
    const before = (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length;
    const createCalls = await gateway.upstreamCalls('t100', 'stockin.data.create');
    const result = payload(await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', lines: [line] }, idempotencyKey: 'mes-lost-reply-1' }), 'createAndPostStockIn');
    expect(result.userErrors).toEqual([]);
    expect(result.stockIn!.status).toBe('POSTED');
    expect((await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length).toBe(before + 1);
    expect(await gateway.upstreamCalls('t100', 'stockin.data.create')).toBe(createCalls + 1);
  });

  it('answers UPSTREAM_UNAVAILABLE when the ERP never answers and nothing was created', async () => {
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'timeout' });
    const before = (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).length;
    const result = payload(await gateway.graphql(CreateAndPostStockIn, { input: { docType: 'SI01', lines: [line] } }), 'createAndPostStockIn');
    expect(userErrorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(result.steps).toEqual([expect.objectContaining({ action: 'createAndPost', api: 'stockin.data.create', outcome: 'FAILED' })]);
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
    const result = payload(await gateway.graphql(CreateAndApproveWorkOrder, { input: { docType: 'WO01', itemNo: await itemNo(), quantity: 50 } }), 'createAndApproveWorkOrder');
    expect(result.userErrors).toEqual([]);
    const { docNo } = result.workOrder!;
    expect(result.workOrder!.status).toBe('APPROVED');
    expect(result.steps).toEqual([
      expect.objectContaining({ action: 'create', api: 't100.oapi.wo.data.create', docNo, outcome: 'DONE' }),
      expect.objectContaining({ action: 'approve', api: 't100.oapi.wo.data.approve', docNo, outcome: 'DONE' }),
    ]);
    expect(await gateway.upstreamCalls('t100', 't100.oapi.wo.data.approve')).toBe(1);
  });

  it('compensates a failed approve by voiding the created work order', async () => {
    await gateway.injectFault('t100', { api: 't100.oapi.wo.data.approve', mode: 'error' });
    const result = payload(await gateway.graphql(CreateAndApproveWorkOrder, { input: { docType: 'WO01', itemNo: await itemNo(), quantity: 5 } }), 'createAndApproveWorkOrder');
    expect(userErrorCodes(result)).toEqual(['COMPENSATED']);
    expect(result.userErrors[0].erp).toMatchObject({ code: 'sbx-09999' });
    const docNo = result.userErrors[0].docNo!;
    expect(result.steps).toEqual([
      expect.objectContaining({ action: 'create', api: 't100.oapi.wo.data.create', docNo, outcome: 'DONE' }),
      expect.objectContaining({ action: 'approve', api: 't100.oapi.wo.data.approve', docNo, outcome: 'FAILED', erp: expect.objectContaining({ code: 'sbx-09999' }) }),
      expect.objectContaining({ action: 'void', api: 't100.oapi.wo.data.invalid', docNo, outcome: 'COMPENSATED' }),
    ]);
    expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toMatchObject({ status: 'VOID' });
  });

  it('reverseWorkOrder backs an issued work order out to VOID step by step', async () => {
    const { docNo } = payload(await gateway.graphql(CreateAndApproveWorkOrder, { input: { docType: 'WO01', itemNo: await itemNo(), quantity: 5 } }), 'createAndApproveWorkOrder').workOrder!;
    await gateway.query('mutation($docNo: String!) { issueWorkOrder(docNo: $docNo) { workOrder { status } } }', { docNo });
    const reversed = payload(await gateway.graphql(ReverseWorkOrder, { docNo }), 'reverseWorkOrder');
    expect(reversed.workOrder).toMatchObject({ docNo, status: 'VOID', erpStatus: 'X' });
    expect(reversed.steps.map((step) => [step.action, step.api, step.docNo, step.outcome])).toEqual([
      ['unissue', 't100.oapi.wo.data.unissue', docNo, 'DONE'],
      ['disapprove', 't100.oapi.wo.data.disapprove', docNo, 'DONE'],
      ['void', 't100.oapi.wo.data.invalid', docNo, 'DONE'],
    ]);
    expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toMatchObject({ rawStatus: 'X' });
  });

  it('reports the steps of a reverse saga that stops: done, failed, skipped, and the ERP refusal', async () => {
    const { docNo } = payload(await gateway.graphql(CreateAndApproveWorkOrder, { input: { docType: 'WO01', itemNo: await itemNo(), quantity: 6 } }), 'createAndApproveWorkOrder').workOrder!;
    await gateway.query('mutation($docNo: String!) { issueWorkOrder(docNo: $docNo) { workOrder { status } } }', { docNo });
    await gateway.injectFault('t100', { api: 't100.oapi.wo.data.disapprove', mode: 'error' });
    const reversed = payload(await gateway.graphql(ReverseWorkOrder, { docNo }), 'reverseWorkOrder');
    expect(reversed.workOrder).toBeNull();
    expect(userErrorCodes(reversed)).toEqual(['ERP_REJECTED']);
    expect(reversed.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['unissue', 'DONE'],
      ['disapprove', 'FAILED'],
      ['void', 'SKIPPED'],
    ]);
    expect(reversed.steps[1].erp).toMatchObject({ code: 'sbx-09999' });
    expect(await gateway.sandboxDocument('t100', 'WorkOrder', docNo)).toMatchObject({ status: 'APPROVED' });
  });
});
