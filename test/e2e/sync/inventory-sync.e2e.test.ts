/**
 * Seed 004's flow end to end (issue 13; protocols/others.md §5): confirmed Jushuitan counts with losses become
 * Kingdee other-outbound bills through one GraphQL mutation, against both sandboxes over real sockets. Re-runs and
 * concurrent runs create nothing twice; a Kingdee refusal and an unmapped warehouse fail their counts alone; a lost
 * BatchSave reply is settled by querying the bill numbers. Budget: < 20 s.
 */
import { TestGateway } from '../../support/gateway';

type Bill = { docNo: string; status: string; erpStatus: string; remark: string | null; department: string | null; lines: { itemNo: string; quantity: string; unit: string | null; warehouse: string | null; lot: string | null; remark: string | null }[] };
type SyncResult = {
  created: Bill[];
  skipped: string[];
  failed: { ioId: string; code: string; message: string; erp: Record<string, unknown> | null }[];
  userErrors: { code: string; message: string }[];
  idempotency: { key: string; replayed: boolean } | null;
};

const SYNC = `mutation($ioIds: [String!], $from: DateTime, $to: DateTime, $key: String) {
  syncInventoryCounts(ioIds: $ioIds, modifiedFrom: $from, modifiedTo: $to, idempotencyKey: $key) {
    created { docNo status erpStatus remark department lines { itemNo quantity unit warehouse lot remark } }
    skipped failed { ioId code message erp } userErrors { code message } idempotency { key replayed }
  }
}`;

type Count = { id: string; ioId: string; status: string; whId: string | null; wmsCoId: string | null; lines: { itemNo: string; quantity: string; lot: string | null }[]; batches: { itemNo: string; lot: string; quantity: string }[] };

describe('syncInventoryCounts: Jushuitan counts → Kingdee other-outbound bills', () => {
  let gateway: TestGateway;
  let confirmed: Count[];

  beforeAll(async () => {
    // Pages of 5 counts, so a run walks several pages of the count query.
    gateway = await TestGateway.start({ connections: { kingdee: { timeoutMs: 1000, readRetries: 0 } } });
    const { data, errors } = await gateway.query<{ inventoryCounts: { edges: { node: Count }[]; pageInfo: { hasNextPage: boolean } } }>(
      '{ inventoryCounts(filter: { status: CONFIRMED }, first: 50) { edges { node { id ioId status whId wmsCoId lines { itemNo quantity lot } batches { itemNo lot quantity } } } pageInfo { hasNextPage } } }',
    );
    expect(errors).toBeUndefined();
    confirmed = data!.inventoryCounts.edges.map((edge) => edge.node);
  });
  afterEach(() => gateway.clearFaults('kingdee'));
  afterAll(() => gateway.stop());

  const sync = async (variables: Record<string, unknown> = {}): Promise<SyncResult> => {
    const { data, errors } = await gateway.query<{ syncInventoryCounts: SyncResult }>(SYNC, variables);
    expect(errors).toBeUndefined();
    return data!.syncInventoryCounts;
  };
  const withLoss = (): Count[] => confirmed.filter((count) => count.lines.some((line) => Number(line.quantity) < 0));
  const bills = async (): Promise<string[]> => (await gateway.sandboxDocuments('kingdee', { type: 'MiscIssue' })).map((bill) => bill.docNo).filter((docNo) => docNo.startsWith('JST-PK-'));

  it('reads the counts it will carry: confirmed ones, paged, with lines and batches, each a Node', async () => {
    expect(confirmed.length).toBeGreaterThanOrEqual(12);
    expect(withLoss().length).toBeGreaterThanOrEqual(11);
    const page = await gateway.query<{ inventoryCounts: { edges: { cursor: string; node: Count }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      '{ inventoryCounts(filter: { status: CONFIRMED }, first: 5) { edges { cursor node { ioId } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(page.data!.inventoryCounts.edges).toHaveLength(5);
    expect(page.data!.inventoryCounts.pageInfo.hasNextPage).toBe(true);
    const next = await gateway.query<{ inventoryCounts: { edges: { node: Count }[] } }>(`{ inventoryCounts(filter: { status: CONFIRMED }, first: 5, after: "${page.data!.inventoryCounts.pageInfo.endCursor}") { edges { node { ioId } } } }`);
    const seen = [...page.data!.inventoryCounts.edges.map((edge) => edge.node.ioId), ...next.data!.inventoryCounts.edges.map((edge) => edge.node.ioId)];
    expect(new Set(seen).size).toBe(10);
    const node = await gateway.query<{ node: { ioId: string; status: string } }>(`{ node(id: "${confirmed[0].id}") { ... on InventoryCount { ioId status } } }`);
    expect(node.data!.node).toEqual({ ioId: confirmed[0].ioId, status: 'CONFIRMED' });
  });

  it('settles a lost BatchSave reply by querying the bill numbers: the bills count as created, nothing is sent twice', async () => {
    const some = withLoss().filter((count) => count.wmsCoId === '10186' && !count.lines.some((line) => line.itemNo === 'SKU-GHOST-01')).slice(0, 3).map((count) => count.ioId);
    await gateway.injectFault('kingdee', { api: 'BatchSave', mode: 'lost_reply' });
    const before = await gateway.upstreamCalls('kingdee', 'BatchSave');
    const result = await sync({ ioIds: some });
    expect(result.failed).toEqual([]);
    expect(result.created.map((bill) => bill.docNo).sort()).toEqual(some.map((ioId) => `JST-PK-${ioId}`).sort());
    expect(await gateway.upstreamCalls('kingdee', 'BatchSave')).toBe(before + 1);
    expect((await bills()).filter((docNo) => some.includes(docNo.slice('JST-PK-'.length)))).toHaveLength(3);
  });

  it('carries every confirmed count with losses once; an unmapped warehouse and a Kingdee refusal fail alone', async () => {
    const result = await sync({ key: 'sync-run-1' });
    expect(result.userErrors).toEqual([]);
    const created = result.created.map((bill) => bill.docNo.slice('JST-PK-'.length));
    const failed = new Map(result.failed.map((failure) => [failure.ioId, failure]));
    // Every count with a loss is in exactly one list; counts without one in none.
    const listed = [...created, ...result.skipped, ...failed.keys()];
    expect(listed.sort()).toEqual(withLoss().map((count) => count.ioId).sort());
    expect(new Set(listed).size).toBe(listed.length);
    const unmapped = withLoss().find((count) => count.wmsCoId === '10999')!;
    expect(failed.get(unmapped.ioId)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('10999:1') });
    const ghost = withLoss().find((count) => count.lines.some((line) => line.itemNo === 'SKU-GHOST-01'))!;
    expect(failed.get(ghost.ioId)).toMatchObject({ code: 'ERP_REJECTED', erp: expect.objectContaining({ code: '9' }) });
    expect(result.failed).toHaveLength(2);
    // The three of the lost-reply test were carried over already: skipped now, not created again.
    expect(result.skipped).toHaveLength(3);

    // Each bill as §5 step 4 builds it: numbered after its count, unapproved, |qty| per loss line, lots from batches.
    const batched = withLoss().find((count) => count.batches.length > 0 && created.includes(count.ioId));
    for (const bill of result.created) {
      const count = confirmed.find((candidate) => `JST-PK-${candidate.ioId}` === bill.docNo)!;
      expect(bill).toMatchObject({ status: 'UNAPPROVED', erpStatus: 'A', department: 'BM000001', remark: expect.stringMatching(new RegExp(`^JST count ${count.ioId}`)) });
      const losses = count.lines.filter((line) => Number(line.quantity) < 0);
      const total = losses.reduce((sum, line) => sum - Number(line.quantity), 0);
      expect(bill.lines.reduce((sum, line) => sum + Number(line.quantity), 0)).toBeCloseTo(total, 6);
      expect(bill.lines.every((line) => line.warehouse === (count.whId === '4' ? 'CK002' : 'CK001') && line.unit === 'Pcs')).toBe(true);
    }
    if (batched) {
      const bill = result.created.find((candidate) => candidate.docNo === `JST-PK-${batched.ioId}`)!;
      expect(bill.lines.some((line) => line.lot === batched.batches[0].lot)).toBe(true);
    }
    expect((await bills()).length).toBe(created.length + 3);

    // The same key replays the first answer.
    const replay = await sync({ key: 'sync-run-1' });
    expect(replay.idempotency).toEqual({ key: 'sync-run-1', replayed: true });
    expect(replay.created.map((bill) => bill.docNo)).toEqual(result.created.map((bill) => bill.docNo));
  });

  it('creates nothing on a re-run, nor when two runs race: every count carried over is skipped', async () => {
    const before = await bills();
    const [first, second] = await Promise.all([sync(), sync()]);
    const ghost = withLoss().find((count) => count.lines.some((line) => line.itemNo === 'SKU-GHOST-01'))!.ioId;
    for (const run of [first, second]) {
      expect(run.created).toEqual([]);
      expect(run.failed.map((failure) => failure.code)).toContain('BAD_USER_INPUT');
      // The refused count is tried again by a run that claims it; the other run sees the live claim and skips it.
      expect(run.failed.some((failure) => failure.ioId === ghost) || run.skipped.includes(ghost)).toBe(true);
    }
    expect(await bills()).toEqual(before);
  });

  it('refuses what Jushuitan would: more than 50 ioIds, a window turned around', async () => {
    const tooMany = await sync({ ioIds: Array.from({ length: 51 }, (_, index) => String(20_000 + index)) });
    expect(tooMany.created).toEqual([]);
    const inverted = await sync({ from: '2026-11-20T00:00:00Z', to: '2026-11-10T00:00:00Z' });
    expect(inverted.userErrors.map((error) => error.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('syncInventoryCounts under concurrency on fresh data', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('makes each bill once when two runs start together on counts nobody carried yet', async () => {
    const run = async (): Promise<SyncResult> => (await gateway.query<{ syncInventoryCounts: SyncResult }>(SYNC, {})).data!.syncInventoryCounts;
    const [a, b] = await Promise.all([run(), run()]);
    const createdA = a.created.map((bill) => bill.docNo);
    const createdB = b.created.map((bill) => bill.docNo);
    expect(createdA.filter((docNo) => createdB.includes(docNo))).toEqual([]);
    const all = [...createdA, ...createdB];
    const held = (await gateway.sandboxDocuments('kingdee', { type: 'MiscIssue' })).map((bill) => bill.docNo).filter((docNo) => docNo.startsWith('JST-PK-'));
    expect(held.sort()).toEqual([...all].sort());
    expect(all.length).toBeGreaterThanOrEqual(9);
  });
});
