import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { catalogRows } from '../../../src/catalog';
import { codesOf, payload, TestGateway } from '../../support/gateway';

const StockIns = operation<Ops.StockInsQuery, Ops.StockInsQueryVariables>('StockIns');
const WorkOrders = operation<Ops.WorkOrdersQuery, Ops.WorkOrdersQueryVariables>('WorkOrders');
const StockInsWithLines = operation<Ops.StockInsWithLinesQuery, Ops.StockInsWithLinesQueryVariables>('StockInsWithLines');
const StockIn = operation<Ops.StockInQuery, Ops.StockInQueryVariables>('StockIn');
const ApiCatalog = operation<Ops.ApiCatalogQuery, Ops.ApiCatalogQueryVariables>('ApiCatalog');
const CreateStockIn = operation<Ops.CreateStockInMutation, Ops.CreateStockInMutationVariables>('CreateStockIn');
const Node = operation<Ops.NodeQuery, Ops.NodeQueryVariables>('Node');
const Nodes = operation<Ops.NodesQuery, Ops.NodesQueryVariables>('Nodes');

describe('queries', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  async function sandboxNumbers(query: Parameters<TestGateway['sandboxDocuments']>[1]): Promise<string[]> {
    return (await gateway.sandboxDocuments('t100', query)).map((document) => document.docNo.trim()).sort();
  }

  it('pages forwards through every stock-in with keyset cursors, totalCount agreeing with the sandbox', async () => {
    const inSandbox = await sandboxNumbers({ type: 'StockIn' });
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const page = (await gateway.graphql(StockIns, { first: 2, after })).data!.stockIns;
      expect(page.totalCount).toBe(inSandbox.length);
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      seen.push(...page.edges.map((edge) => edge.node.docNo));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(inSandbox);
    expect(pages).toBe(Math.ceil(inSandbox.length / 2));
  });

  it('pages backwards with last/before to the same rows in the same order', async () => {
    const inSandbox = await sandboxNumbers({ type: 'StockIn' });
    const seen: string[] = [];
    let before: string | null | undefined;
    for (;;) {
      const page = (await gateway.graphql(StockIns, { last: 2, before })).data!.stockIns;
      seen.unshift(...page.edges.map((edge) => edge.node.docNo));
      expect(page.pageInfo.hasNextPage).toBe(Boolean(before));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen).toEqual(inSandbox);
  });

  it('sorts by document date descending, ties broken by number, and pages that order by keyset', async () => {
    const all = (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).map((document) => ({
      docNo: document.docNo.trim(),
      docDate: String(document.head.sfeadocdt),
    }));
    const expected = [...all].sort((a, b) => (a.docDate === b.docDate ? (a.docNo < b.docNo ? 1 : -1) : a.docDate < b.docDate ? 1 : -1)).map((row) => row.docNo);
    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = (await gateway.graphql(StockIns, { orderBy: { field: 'DOC_DATE', direction: 'DESC' }, first: 2, after })).data!.stockIns;
      seen.push(...page.edges.map((edge) => edge.node.docNo));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('filters by a list of statuses, a number prefix and a date range, each as an ERP condition', async () => {
    const wanted = [...(await sandboxNumbers({ type: 'StockIn', status: 'POSTED' })), ...(await sandboxNumbers({ type: 'StockIn', status: 'VOID' }))].sort();
    const listCalls = await gateway.upstreamCalls('t100', 't100.oapi.wo.stockin.list.data.query.get');
    const byStatus = (await gateway.graphql(StockIns, { filter: { status: ['POSTED', 'VOID'] }, first: 100 })).data!.stockIns;
    expect(byStatus.edges.map((edge) => edge.node.docNo)).toEqual(wanted);
    expect(byStatus.totalCount).toBe(wanted.length);
    // one list call for the page and one count call: the ERP filtered, the gateway did not fetch everything
    expect(await gateway.upstreamCalls('t100', 't100.oapi.wo.stockin.list.data.query.get')).toBe(listCalls + 2);

    const prefix = wanted[0].slice(0, 9);
    const byPrefix = (await gateway.graphql(StockIns, { filter: { docNoPrefix: prefix }, first: 100 })).data!.stockIns;
    expect(byPrefix.edges.length).toBeGreaterThan(0);
    expect(byPrefix.edges.every((edge) => edge.node.docNo.startsWith(prefix))).toBe(true);
    expect(byPrefix.totalCount).toBe((await sandboxNumbers({ type: 'StockIn' })).filter((docNo) => docNo.startsWith(prefix)).length);

    const all = (await gateway.graphql(WorkOrders, { first: 100 })).data!.workOrders.edges.map((edge) => edge.node);
    const date = all[0].docDate!;
    const inRange = (await gateway.graphql(WorkOrders, { filter: { docDateFrom: date, docDateTo: date }, first: 100 })).data!.workOrders;
    expect(inRange.edges.map((edge) => edge.node.docNo).sort()).toEqual(all.filter((node) => node.docDate === date).map((node) => node.docNo).sort());
  });

  it('filters by work order, item and warehouse (head or any line) and by modification time', async () => {
    const stockIns = await gateway.sandboxDocuments('t100', { type: 'StockIn' });
    const sample = stockIns.find((document) => document.lines.length > 0)!;
    const workOrderNo = String(sample.lines[0].sfeb001).trim();
    const itemNo = String(sample.lines[0].sfeb004).trim();
    const warehouse = String(sample.lines[0].sfeb013).trim();
    const having = (column: string, value: string) =>
      stockIns.filter((document) => document.lines.some((line) => String(line[column]).trim() === value)).map((document) => document.docNo.trim()).sort();

    const numbers = async (filter: Ops.StockInFilter) => (await gateway.graphql(StockIns, { filter, first: 100 })).data!.stockIns.edges.map((edge) => edge.node.docNo);
    expect(await numbers({ workOrderNo })).toEqual(having('sfeb001', workOrderNo));
    expect(await numbers({ itemNo })).toEqual(having('sfeb004', itemNo));
    expect(await numbers({ warehouse })).toEqual(having('sfeb013', warehouse));
    expect(await numbers({ workOrderNo: 'WO99-NOTHING' })).toEqual([]);

    const workOrders = (await gateway.graphql(WorkOrders, { filter: { itemNo }, first: 100 })).data!.workOrders.edges;
    expect(workOrders.length).toBeGreaterThan(0);
    expect(workOrders.every((edge) => edge.node.itemNo === itemNo)).toBe(true);

    const since = new Date(Date.now() - 1000);
    const created = payload(
      await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo, quantity: 1, warehouse, workOrderNo }] } }),
      'createStockIn',
    ).stockIn!;
    expect(await numbers({ modifiedSince: since.toISOString() })).toEqual([created.docNo]);
    expect(await numbers({ modifiedSince: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  });

  it('loads lines and work orders of a whole page in one batched read each', async () => {
    const before = await gateway.upstreamCalls('t100');
    const result = await gateway.graphql(StockInsWithLines, { first: 3 });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.stockIns.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(3);
    expect(nodes.every((node) => node.lines.length > 0)).toBe(true);
    expect(nodes.every((node) => node.lines.every((line) => typeof line.quantity === 'string'))).toBe(true);
    const withWorkOrder = nodes.flatMap((node) => node.lines).filter((line) => line.workOrder);
    expect(withWorkOrder.length).toBeGreaterThan(0);
    // one list call, one batched stock-in read for the lines, one batched work-order read (no count: not asked)
    expect(await gateway.upstreamCalls('t100')).toBe(before + 3);
  });

  it('lists the stock-ins of a whole page of work orders with one list call and one batched read', async () => {
    const query = `{ workOrders(first: 10) { edges { node { docNo stockIns(first: 5) { totalCount edges { node { docNo lines { workOrderNo } } } } } } } }`;
    const before = await gateway.upstreamCalls('t100');
    type Page = { workOrders: { edges: { node: { docNo: string; stockIns: { totalCount: number; edges: { node: { docNo: string; lines: { workOrderNo: string }[] } }[] } } }[] } };
    const result = await gateway.query<Page>(query);
    expect(result.errors).toBeUndefined();
    // work orders, then one stock-in list for all of them, then one batched read for the stock-ins' lines
    expect(await gateway.upstreamCalls('t100')).toBe(before + 3);
    const stockIns = await gateway.sandboxDocuments('t100', { type: 'StockIn' });
    for (const { node } of result.data!.workOrders.edges) {
      const expected = stockIns.filter((document) => document.lines.some((line) => String(line.sfeb001).trim() === node.docNo)).map((document) => document.docNo.trim()).sort();
      expect(node.stockIns.totalCount).toBe(expected.length);
      expect(node.stockIns.edges.map((edge) => edge.node.docNo)).toEqual(expected.slice(0, 5));
      for (const edge of node.stockIns.edges) expect(edge.node.lines.some((line) => line.workOrderNo === node.docNo)).toBe(true);
    }
  });

  it('answers null for an unknown document number', async () => {
    const result = await gateway.graphql(StockIn, { docNo: 'SI01-99999999999' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.stockIn).toBeNull();
  });

  it('finds documents and lines again by global id, batched: node and nodes', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'POSTED');
    const stockIn = (await gateway.graphql(StockIn, { docNo })).data!.stockIn!;
    const byId = (await gateway.graphql(Node, { id: stockIn.id })).data!.node;
    expect(byId).toMatchObject({ __typename: 'StockIn', id: stockIn.id, docNo, status: 'POSTED', connection: 't100' });
    const line = stockIn.lines[0];
    expect((await gateway.graphql(Node, { id: line.id })).data!.node).toMatchObject({ __typename: 'DocumentLine', id: line.id, seq: line.seq, quantity: line.quantity });

    const workOrderNo = await gateway.sampleDocNo('t100', 'WorkOrder', 'ISSUED');
    const workOrder = (await gateway.graphql(WorkOrders, { filter: { docNoPrefix: workOrderNo }, first: 1 })).data!.workOrders.edges[0].node;
    const workOrderId = (await gateway.query<{ workOrder: { id: string } }>('query($d: String!) { workOrder(docNo: $d) { id } }', { d: workOrder.docNo })).data!.workOrder.id;
    const others = (await gateway.graphql(StockIns, { first: 3 })).data!.stockIns.edges.map((edge) => edge.node.id);
    const before = await gateway.upstreamCalls('t100');
    const found = (await gateway.graphql(Nodes, { ids: [...others, workOrderId, line.id, stockIn.id] })).data!.nodes;
    expect(found.map((node) => node?.__typename)).toEqual(['StockIn', 'StockIn', 'StockIn', 'WorkOrder', 'DocumentLine', 'StockIn']);
    expect(found[3]).toMatchObject({ id: workOrderId, docNo: workOrderNo });
    // stock-ins (and the line's document) in one batched read, the work order in another
    expect(await gateway.upstreamCalls('t100')).toBe(before + 2);
  });

  it('answers null for the id of a document that is gone, and refuses an id it never issued', async () => {
    const { id, docNo } = payload(
      await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo: '3-BJ900-03006-J02', quantity: 1, warehouse: '1001' }] } }),
      'createStockIn',
    ).stockIn!;
    await gateway.query('mutation($docNo: String!) { deleteStockIn(docNo: $docNo) { deletedDocNo } }', { docNo });
    expect((await gateway.graphql(Node, { id })).data!.node).toBeNull();
    const forged = await gateway.graphql(Node, { id: 'not-an-id' });
    expect(forged.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('serves the operation catalog with every StockIn API, customized ones marked, and the saga composites with their steps', async () => {
    const rows = (await gateway.graphql(ApiCatalog, { erp: 'T100', document: 'StockIn' })).data!.apiCatalog;
    const catalog = catalogRows().filter((row) => row.erp === 't100' && row.document === 'StockIn');
    expect(rows.filter((row) => row.kind !== 'SAGA')).toHaveLength(catalog.filter((row) => row.kind !== 'SAGA').length);
    expect(rows.map((row) => row.apiName)).toEqual(catalog.map((row) => row.apiName));
    expect(rows).toContainEqual(
      expect.objectContaining({ action: 'CREATE_AND_POST', apiName: 'stockin.data.create', kind: 'CUSTOMIZED', formats: ['XML'], graphqlField: 'createAndPostStockIn', program: 'asft340', steps: [] }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ action: 'UNPOST', apiName: 't100.oapi.wo.stockin.data.dispost', graphqlField: 'unpostStockIn' }));
    // StockIn has no customized create+approve: the gateway runs it as a saga
    expect(rows.filter((row) => row.kind === 'SAGA')).toEqual([
      expect.objectContaining({
        action: 'CREATE_AND_APPROVE',
        apiName: null,
        graphqlField: 'createAndApproveStockIn',
        steps: [
          { action: 'CREATE', apiName: 't100.oapi.wo.stockin.data.create' },
          { action: 'APPROVE', apiName: 't100.oapi.wo.stockin.data.approve' },
        ],
      }),
    ]);
    const workOrderSagas = (await gateway.graphql(ApiCatalog, { erp: 'T100', document: 'WorkOrder' })).data!.apiCatalog.filter((row) => row.kind === 'SAGA');
    expect(workOrderSagas.map((row) => [row.action, row.steps.map((step) => step.apiName)])).toEqual([
      ['CREATE_AND_APPROVE', ['t100.oapi.wo.data.create', 't100.oapi.wo.data.approve']],
      ['REVERSE', ['t100.oapi.wo.data.unissue', 't100.oapi.wo.data.disapprove', 't100.oapi.wo.data.invalid']],
    ]);
    const all = (await gateway.graphql(ApiCatalog, {})).data!.apiCatalog;
    expect(all.length).toBe(catalogRows().length);
  });

  it('refuses a document type the catalog does not have as a validation error', async () => {
    const result = await gateway.query('{ apiCatalog(document: Banana) { apiName } }');
    expect(codesOf(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('bad input', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('names the field of a bad line quantity in a typed userError, and calls no ERP', async () => {
    const before = await gateway.upstreamCalls('t100');
    const result = payload(await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo: 'A001', quantity: '-1' }] } }), 'createStockIn');
    expect(result.stockIn).toBeNull();
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'quantity'] })]);
    expect(await gateway.upstreamCalls('t100')).toBe(before);
  });

  it('refuses a stock-in without lines', async () => {
    const result = payload(await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [] } }), 'createStockIn');
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines'] })]);
  });

  it('refuses a quantity that is not a decimal as a validation error of the Decimal scalar', async () => {
    for (const quantity of ['1e5', 'NaN', '0x10', 'twelve', '']) {
      const result = await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo: 'A001', quantity }] } });
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('refuses a quantity with more digits than the ERP wire carries, and erpFields that are not an object', async () => {
    const tooPrecise = payload(
      await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo: 'A001', quantity: '0.12345678901234567890' }] } }),
      'createStockIn',
    );
    expect(tooPrecise.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'lines', '0', 'quantity'] })]);
    const listed = payload(await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', erpFields: ['x'] as unknown as Record<string, unknown>, lines: [{ itemNo: 'A001', quantity: 1 }] } }), 'createStockIn');
    expect(listed.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'erpFields'] })]);
  });

  it('reads a Decimal literal in exponent form as the number it writes', async () => {
    const result = await gateway.query<{ createStockIn: { userErrors: { field: string[] }[] } }>(
      'mutation { createStockIn(input: { docType: "SI01", lines: [{ itemNo: "A001", quantity: -1e0 }] }) { userErrors { field } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.createStockIn.userErrors[0].field).toEqual(['input', 'lines', '0', 'quantity']);
  });

  it('keeps the value a client sends: 0.1 is "0.1", not a binary approximation', async () => {
    const workOrderNo = await gateway.sampleDocNo('t100', 'WorkOrder', 'ISSUED');
    const created = payload(
      await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo: '3-BJ900-03006-J02', quantity: '0.1', warehouse: '1001', workOrderNo }] } }),
      'createStockIn',
    );
    expect(created.userErrors).toEqual([]);
    expect(created.stockIn!.lines[0].quantity).toBe('0.1');
  });

  it('refuses an unknown connection: top-level for a query, typed for a mutation', async () => {
    const result = await gateway.graphql(StockIn, { connection: 'sap', docNo: 'X' });
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'connection' });
    const mutation = payload(await gateway.graphql(CreateStockIn, { connection: 'sap', input: { docType: 'SI01', lines: [{ itemNo: 'A001', quantity: 1 }] } }), 'createStockIn');
    expect(mutation.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['connection'] })]);
  });

  it('refuses a malformed date, a foreign cursor, a wildcard prefix and page sizes past the cap', async () => {
    const date = await gateway.graphql(StockIns, { filter: { docDateFrom: '2026-13-01' } });
    expect(codesOf(date)).toEqual(['BAD_USER_INPUT']);
    const cursor = await gateway.graphql(StockIns, { after: 'not-a-cursor' });
    expect(cursor.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const first = await gateway.graphql(StockIns, { first: 101 });
    expect(first.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const both = await gateway.graphql(StockIns, { first: 1, last: 1 });
    expect(both.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const wildcard = await gateway.graphql(StockIns, { filter: { docNoPrefix: 'SI%' } });
    expect(wildcard.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.docNoPrefix' });
    const page = (await gateway.graphql(StockIns, { first: 1 })).data!.stockIns;
    const otherOrder = await gateway.graphql(StockIns, { orderBy: { field: 'DOC_DATE' }, after: page.pageInfo.endCursor });
    expect(otherOrder.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers malformed JSON with a 400, not a crash', async () => {

    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(response.status).toBe(400);
    await response.text();
    expect((await gateway.get('/healthz')).status).toBe(200);
  });
});

describe('runtime endpoints', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('serves GraphiQL to a browser from local assets only', async () => {
    const page = await gateway.get('/graphql', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBe(4);
    expect(sources.every((source) => source.startsWith('/graphiql-assets/'))).toBe(true);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const source of sources) {
      const asset = await gateway.get(source);
      expect(asset.status).toBe(200);
      expect(asset.text.length).toBeGreaterThan(1000);
    }
  });

  it('answers health, readiness and the sandbox list', async () => {
    expect((await gateway.get('/healthz')).status).toBe(200);
    expect(JSON.parse((await gateway.get('/readyz')).text)).toMatchObject({ status: 'ready', connections: [{ id: 't100', erp: 't100' }, { id: 'tiptop', erp: 'tiptop' }, { id: 'sunlike', erp: 'sunlike' }, { id: 'kingdee', erp: 'kingdee' }, { id: 'jushuitan', erp: 'jushuitan' }, { id: 'aiwms', erp: 'aiwms' }] });
    const sandboxes = JSON.parse((await gateway.get('/sandbox')).text) as { id: string; erp: string; baseUrl: string }[];
    expect(sandboxes).toEqual([
      { id: 't100', erp: 't100', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) },
      { id: 'tiptop', erp: 'tiptop', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) },
      { id: 'sunlike', erp: 'sunlike', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) },
      { id: 'kingdee', erp: 'kingdee', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) },
      { id: 'jushuitan', erp: 'jushuitan', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/) },
    ]);
  });

  it('refuses an unknown fault mode with a 400', async () => {
    const response = await fetch(`${gateway.url}/sandbox/t100/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"api":"*","mode":"meteor","count":1}' });
    expect(response.status).toBe(400);
    await response.text();
  });
});

describe('API keys', () => {
  let gateway: TestGateway;
  const reader = 'reader-key-4f1c9e';
  const writer = 'writer-key-9a7d21';
  beforeAll(async () => {
    gateway = await TestGateway.start({ apiKeys: [{ key: reader, scopes: ['read'] }, { key: writer, scopes: ['read', 'write'] }] });
  });
  afterAll(() => gateway.stop());

  it('refuses a request without a key with UNAUTHENTICATED (401)', async () => {
    const result = await gateway.graphql(StockIns, { first: 1 });
    expect(result.status).toBe(401);
    expect(codesOf(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('lets a read key query but not mutate, and never echoes a key', async () => {
    const read = await gateway.graphql(StockIns, { first: 1 }, { authorization: `Bearer ${reader}` });
    expect(read.errors).toBeUndefined();
    const write = await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo: 'A001', quantity: 1 }] } }, { authorization: `Bearer ${reader}` });
    expect(codesOf(write)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(write)).not.toContain(reader);
    const wrong = await gateway.graphql(StockIns, { first: 1 }, { authorization: `Bearer ${writer}x` });
    expect(codesOf(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(wrong)).not.toContain(writer);
  });
});

describe('introspection and GraphiQL switches', () => {
  const introspect = '{ __schema { queryType { name description } } }';

  it('keeps introspection on under NODE_ENV=production, so GraphiQL still has its docs pane', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const gateway = await TestGateway.start();
    try {
      const result = await gateway.query<{ __schema: { queryType: { name: string; description: string } } }>(introspect);
      expect(result.errors).toBeUndefined();
      expect(result.data!.__schema.queryType).toMatchObject({ name: 'Query', description: expect.stringContaining('Reads') });
    } finally {
      process.env.NODE_ENV = previous;
      await gateway.stop();
    }
  });

  it('turns introspection and GraphiQL off when the config says so', async () => {
    const gateway = await TestGateway.start({ introspection: false, graphiql: false });
    try {
      const result = await gateway.query(introspect);
      expect(codesOf(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect((await gateway.get('/graphql', { accept: 'text/html' })).type).not.toContain('text/html');
    } finally {
      await gateway.stop();
    }
  });
});
