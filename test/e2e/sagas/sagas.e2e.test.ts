/**
 * The saga journal through the API (issue 9 §2): every composite run is listed by `sagas` with each ERP call it
 * made; a run whose compensation fails NEEDS_ATTENTION; an operator resolves it with resolveSaga (COMPENSATE,
 * RETRY, MARK_RESOLVED), and the ERP ends as the journal says. Time budget: under 5 s.
 */
import { TestGateway } from '../../support/gateway';

const SAGA = `id document composite state docNo reference idempotencyKey message resolution steps { action api docNo outcome message }`;

interface SagaShape {
  id: string;
  document: string;
  composite: string;
  state: string;
  docNo: string | null;
  reference: string;
  idempotencyKey: string | null;
  message: string | null;
  resolution: string | null;
  steps: { action: string; api: string; docNo: string | null; outcome: string; message: string | null }[];
}

describe('saga journal', () => {
  let gateway: TestGateway;
  let line: { itemNo: string; quantity: string; warehouse: string; location: string; workOrderNo: string };

  beforeAll(async () => {
    gateway = await TestGateway.start({ connections: { t100: { timeoutMs: 1500, readRetries: 0 } } });
    line = await gateway.sampleStockLine();
  });
  afterEach(() => gateway.clearFaults('t100'));
  afterAll(() => gateway.stop());

  async function sagas(state?: string, first = 20, after?: string): Promise<{ edges: { cursor: string; node: SagaShape }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
    const result = await gateway.query<{ sagas: never }>(`query($s: SagaState, $f: Int, $a: String) { sagas(state: $s, first: $f, after: $a) { edges { cursor node { ${SAGA} } } pageInfo { hasNextPage endCursor } } }`, {
      s: state,
      f: first,
      a: after,
    });
    expect(result.errors).toBeUndefined();
    return result.data!.sagas;
  }

  async function resolve(id: string, action: string): Promise<{ saga: SagaShape | null; userErrors: { code: string; message: string }[] }> {
    const result = await gateway.query<{ resolveSaga: never }>(`mutation($id: ID!, $a: SagaAction!) { resolveSaga(id: $id, action: $a) { saga { ${SAGA} } userErrors { code message } } }`, { id, a: action });
    expect(result.errors).toBeUndefined();
    return result.data!.resolveSaga;
  }

  /** createAndPostStockIn whose post step fails and whose compensation (void) fails too: NEEDS_ATTENTION. */
  async function halfDone(key: string): Promise<{ docNo: string; saga: SagaShape }> {
    await gateway.injectFault('t100', { api: 'stockin.data.create', mode: 'post_fails' });
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.data.invalid', mode: 'error', count: 1 });
    const result = await gateway.query<{ createAndPostStockIn: { userErrors: { code: string; docNo: string }[] } }>(
      'mutation($input: StockInInput!, $key: String) { createAndPostStockIn(input: $input, idempotencyKey: $key) { userErrors { code docNo } } }',
      { input: { docType: 'SI01', remark: key, lines: [line] }, key },
    );
    expect(result.data!.createAndPostStockIn.userErrors).toEqual([expect.objectContaining({ code: 'COMPENSATION_FAILED' })]);
    const { docNo } = result.data!.createAndPostStockIn.userErrors[0];
    const saga = (await sagas('NEEDS_ATTENTION')).edges.map((edge) => edge.node).find((node) => node.idempotencyKey === key)!;
    expect(saga).toMatchObject({ document: 'StockIn', composite: 'createAndPost', state: 'NEEDS_ATTENTION', docNo });
    return { docNo, saga };
  }

  it('journals a completed saga with every ERP call it made, newest first, paged by cursor', async () => {
    const made: string[] = [];
    for (const key of ['journal-a', 'journal-b']) {
      const result = await gateway.query<{ createAndApproveStockIn: { stockIn: { docNo: string } } }>(
        'mutation($input: StockInInput!, $key: String) { createAndApproveStockIn(input: $input, idempotencyKey: $key) { stockIn { docNo } } }',
        { input: { docType: 'SI01', lines: [line] }, key },
      );
      made.push(result.data!.createAndApproveStockIn.stockIn.docNo);
    }
    const first = await sagas('COMPLETED', 1);
    expect(first.edges[0].node).toMatchObject({ document: 'StockIn', composite: 'createAndApprove', state: 'COMPLETED', docNo: made[1], idempotencyKey: 'journal-b', message: null });
    expect(first.edges[0].node.steps).toEqual([
      expect.objectContaining({ action: 'create', api: 't100.oapi.wo.stockin.data.create', docNo: made[1], outcome: 'DONE' }),
      expect.objectContaining({ action: 'approve', api: 't100.oapi.wo.stockin.data.approve', docNo: made[1], outcome: 'DONE' }),
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await sagas('COMPLETED', 1, first.pageInfo.endCursor!);
    expect(second.edges[0].node).toMatchObject({ docNo: made[0], idempotencyKey: 'journal-a' });
  });

  it('marks a saga whose compensation failed NEEDS_ATTENTION; COMPENSATE backs the document out to VOID', async () => {
    const { docNo, saga } = await halfDone('attention-compensate');
    expect((await gateway.sandboxDocument('t100', 'StockIn', docNo))!.status).not.toBe('VOID');
    const resolved = await resolve(saga.id, 'COMPENSATE');
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.saga).toMatchObject({ state: 'COMPENSATED', resolution: 'COMPENSATE' });
    expect(resolved.saga!.steps.at(-1)).toMatchObject({ docNo, outcome: 'DONE' });
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID' });
    // Resolved once: a second decision is refused, naming the state.
    const again = await resolve(saga.id, 'RETRY');
    expect(again.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('COMPENSATED') });
  });

  it('MARK_RESOLVED records an operator fix without any ERP call; an unknown id is a BAD_USER_INPUT', async () => {
    const { saga } = await halfDone('attention-mark');
    const calls = await gateway.upstreamCalls('t100');
    const resolved = await resolve(saga.id, 'MARK_RESOLVED');
    expect(resolved.saga).toMatchObject({ state: 'COMPLETED', resolution: 'MARK_RESOLVED', message: expect.stringContaining('Marked resolved') });
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
    expect((await resolve('999999', 'RETRY')).userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await resolve('__proto__', 'RETRY')).userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('journals a saga that stopped before the ERP changed anything as FAILED', async () => {
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.data.create', mode: 'error', count: 1 });
    await gateway.query('mutation($input: StockInInput!) { createAndApproveStockIn(input: $input, idempotencyKey: "journal-failed") { userErrors { code } } }', {
      input: { docType: 'SI01', lines: [line] },
    });
    const failed = (await sagas('FAILED')).edges.map((edge) => edge.node).find((node) => node.idempotencyKey === 'journal-failed')!;
    expect(failed).toMatchObject({ state: 'FAILED', docNo: null, message: expect.any(String) });
    expect(failed.steps[0]).toMatchObject({ action: 'create', outcome: 'FAILED' });
  });

  it('supersedes a run that stopped unanswered once a same-key retry takes over, so no operator acts on the retry\'s document', async () => {
    await gateway.injectFault('t100', { api: 't100.oapi.wo.stockin.data.create', mode: 'timeout', count: 1 });
    const mutation = 'mutation($input: StockInInput!) { createAndApproveStockIn(input: $input, idempotencyKey: "journal-superseded") { stockIn { docNo status } userErrors { code } } }';
    const first = await gateway.query<{ createAndApproveStockIn: { userErrors: { code: string }[] } }>(mutation, { input: { docType: 'SI01', lines: [line] } });
    expect(first.data!.createAndApproveStockIn.userErrors).toEqual([{ code: 'UPSTREAM_UNAVAILABLE' }]);
    const retry = await gateway.query<{ createAndApproveStockIn: { stockIn: { docNo: string; status: string } } }>(mutation, { input: { docType: 'SI01', lines: [line] } });
    expect(retry.data!.createAndApproveStockIn.stockIn.status).toBe('APPROVED');
    const runs = (await sagas(undefined, 50)).edges.map((edge) => edge.node).filter((node) => node.idempotencyKey === 'journal-superseded');
    expect(runs.map((run) => run.state)).toEqual(['COMPLETED', 'SUPERSEDED']);
    const refused = await resolve(runs[1].id, 'COMPENSATE');
    expect(refused.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await gateway.sandboxDocument('t100', 'StockIn', retry.data!.createAndApproveStockIn.stockIn.docNo)).toMatchObject({ status: 'APPROVED' });
  });

  it('answers a same-key retry of a reverse whose reply was lost with the document it voided, not INVALID_TRANSITION', async () => {
    const posted = await gateway.query<{ createAndPostStockIn: { stockIn: { docNo: string } } }>(
      'mutation($input: StockInInput!) { createAndPostStockIn(input: $input) { stockIn { docNo } } }',
      { input: { docType: 'SI01', lines: [line] } },
    );
    const docNo = posted.data!.createAndPostStockIn.stockIn.docNo;
    await gateway.injectFault('t100', { api: 'stockin.data.process', mode: 'lost_reply' });
    const mutation = `mutation { reverseStockIn(docNo: "${docNo}", idempotencyKey: "journal-reverse-lost") { stockIn { status } userErrors { code } } }`;
    const first = await gateway.query<{ reverseStockIn: { userErrors: { code: string }[] } }>(mutation);
    expect(first.data!.reverseStockIn.userErrors).toEqual([{ code: 'UPSTREAM_UNAVAILABLE' }]);
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo)).toMatchObject({ status: 'VOID' });
    const retry = await gateway.query<{ reverseStockIn: { stockIn: { status: string }; userErrors: unknown[] } }>(mutation);
    expect(retry.data!.reverseStockIn).toEqual({ stockIn: { status: 'VOID' }, userErrors: [] });
  });
});
