/**
 * Keyset paging under concurrent writes: rows inserted (or deleted) while a client pages are neither repeated
 * nor make it skip a row, which offset cursors cannot promise. Time budget: under 3 s.
 */
import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { payload, TestGateway } from '../../support/gateway';

const StockInsPage = operation<Ops.StockInsPageQuery, Ops.StockInsPageQueryVariables>('StockInsPage');
const CreateStockIn = operation<Ops.CreateStockInMutation, Ops.CreateStockInMutationVariables>('CreateStockIn');
const DeleteStockIn = operation<Ops.DeleteStockInMutation, Ops.DeleteStockInMutationVariables>('DeleteStockIn');

describe('keyset paging while documents are inserted', () => {
  let gateway: TestGateway;
  let line: Ops.DocumentLineInput;

  beforeAll(async () => {
    gateway = await TestGateway.start();
    line = await gateway.sampleStockLine();
  });
  afterAll(() => gateway.stop());

  async function create(docDate?: string): Promise<string> {
    return payload(await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', docDate, lines: [line] } }), 'createStockIn').stockIn!.docNo;
  }

  async function pageAll(
    orderBy: Ops.DocumentOrder,
    size: number,
    between: (page: number) => Promise<void>,
  ): Promise<{ seen: string[]; pages: number }> {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const page = (await gateway.graphql(StockInsPage, { orderBy, first: size, after })).data!.stockIns;
      seen.push(...page.edges.map((edge) => edge.node.docNo));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      if (pages > 50) throw new Error('paging does not end');
      after = page.pageInfo.endCursor;
      await between(pages);
    }
    return { seen, pages };
  }

  it('sees every row once when new documents land ahead of the cursor (newest first)', async () => {
    const snapshot = (await gateway.graphql(StockInsPage, { orderBy: { field: 'DOC_NO', direction: 'DESC' }, first: 100 })).data!.stockIns.edges.map((edge) => edge.node.docNo);
    const inserted: string[] = [];
    const { seen, pages } = await pageAll({ field: 'DOC_NO', direction: 'DESC' }, 1, async () => {
      // New numbers are the highest: in this order they land before everything already paged.
      inserted.push(await create(), await create());
    });
    expect(pages).toBe(snapshot.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(snapshot);
    expect(inserted.some((docNo) => seen.includes(docNo))).toBe(false);
  });

  it('sees rows inserted behind the cursor exactly once, and skips nothing when a seen row is deleted (date order)', async () => {
    const order = { field: 'DOC_DATE', direction: 'ASC' } as const;
    const first = await create('2000-01-01'); // the first row of the list, unapproved: deletable once seen
    const snapshot = (await gateway.graphql(StockInsPage, { orderBy: order, first: 100 })).data!.stockIns.edges.map((edge) => edge.node.docNo);
    expect(snapshot[0]).toBe(first);
    const early: string[] = [];
    const late: string[] = [];
    const { seen } = await pageAll(order, 3, async (page) => {
      early.push(await create('2020-01-01')); // sorts before every row not yet seen: already passed
      late.push(await create('2099-12-31')); // sorts after every row: still to come
      // The rows after a deleted one must not shift into its gap.
      if (page === 1) expect(payload(await gateway.graphql(DeleteStockIn, { docNo: first }), 'deleteStockIn').deletedDocNo).toBe(first);
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(early.some((docNo) => seen.includes(docNo))).toBe(false);
    expect(seen).toEqual([...snapshot, ...late]);
  });
});
