import type * as Ops from '../../generated/operations';
import { operation } from '../../support/operations';
import { codesOf, TestGateway } from '../../support/gateway';

const StockIns = operation<Ops.StockInsQuery, Ops.StockInsQueryVariables>('StockIns');
const WorkOrders = operation<Ops.WorkOrdersQuery, Ops.WorkOrdersQueryVariables>('WorkOrders');
const StockInsWithLines = operation<Ops.StockInsWithLinesQuery, Ops.StockInsWithLinesQueryVariables>('StockInsWithLines');
const StockIn = operation<Ops.StockInQuery, Ops.StockInQueryVariables>('StockIn');
const ApiCatalog = operation<Ops.ApiCatalogQuery, Ops.ApiCatalogQueryVariables>('ApiCatalog');
const CreateStockIn = operation<Ops.CreateStockInMutation, Ops.CreateStockInMutationVariables>('CreateStockIn');

describe('queries', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('pages through every stock-in with cursors, totalCount agreeing with the sandbox', async () => {
    const inSandbox = (await gateway.sandboxDocuments('t100', { type: 'StockIn' })).map((document) => document.docNo.trim()).sort();
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const page = (await gateway.graphql(StockIns, { first: 2, after })).data!.stockIns;
      expect(page.totalCount).toBe(inSandbox.length);
      seen.push(...page.edges.map((edge) => edge.node.docNo));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(inSandbox);
    expect(pages).toBe(Math.ceil(inSandbox.length / 2));
  });

  it('filters by status, docNo and date range', async () => {
    const posted = (await gateway.sandboxDocuments('t100', { type: 'StockIn', status: 'POSTED' })).map((document) => document.docNo.trim()).sort();
    const byStatus = (await gateway.graphql(StockIns, { filter: { status: 'POSTED' }, first: 100 })).data!.stockIns;
    expect(byStatus.edges.map((edge) => edge.node.docNo)).toEqual(posted);
    expect(byStatus.edges.every((edge) => edge.node.status === 'POSTED')).toBe(true);

    const one = (await gateway.graphql(StockIns, { filter: { docNo: posted[0] } })).data!.stockIns;
    expect(one.totalCount).toBe(1);
    expect(one.edges[0].node.docNo).toBe(posted[0]);

    const all = (await gateway.graphql(WorkOrders, { first: 100 })).data!.workOrders.edges.map((edge) => edge.node);
    const date = all[0].docDate!;
    const inRange = (await gateway.graphql(WorkOrders, { filter: { docDateFrom: date, docDateTo: date }, first: 100 })).data!.workOrders;
    expect(inRange.edges.map((edge) => edge.node.docNo).sort()).toEqual(all.filter((node) => node.docDate === date).map((node) => node.docNo).sort());
  });

  it('loads lines and work orders of a whole page in one batched read each', async () => {
    const before = await gateway.upstreamCalls('t100');
    const result = await gateway.graphql(StockInsWithLines, { first: 3 });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.stockIns.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(3);
    expect(nodes.every((node) => node.lines.length > 0)).toBe(true);
    const withWorkOrder = nodes.flatMap((node) => node.lines).filter((line) => line.workOrder);
    expect(withWorkOrder.length).toBeGreaterThan(0);
    // one list call, one batched stock-in read for the lines, one batched work-order read
    expect(await gateway.upstreamCalls('t100')).toBe(before + 3);
  });

  it('answers null for an unknown document number', async () => {
    const result = await gateway.graphql(StockIn, { docNo: 'SI01-99999999999' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.stockIn).toBeNull();
  });

  it('serves the operation catalog with every StockIn API, customized ones marked', async () => {
    const rows = (await gateway.graphql(ApiCatalog, { erp: 'T100', document: 'StockIn' })).data!.apiCatalog;
    expect(rows).toHaveLength(12);
    expect(rows).toContainEqual(
      expect.objectContaining({ action: 'CREATE_AND_POST', apiName: 'stockin.data.create', kind: 'CUSTOMIZED', formats: ['XML'], graphqlField: 'createAndPostStockIn', program: 'asft340' }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ action: 'UNPOST', apiName: 't100.oapi.wo.stockin.data.dispost', graphqlField: 'unpostStockIn' }));
    const all = (await gateway.graphql(ApiCatalog, {})).data!.apiCatalog;
    expect(all.length).toBe(rows.length + 10);
  });
});

describe('bad input', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('names the field of a bad line quantity', async () => {
    const result = await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [{ itemNo: 'A001', quantity: -1 }] } });
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions).toMatchObject({ field: 'input.lines[0].quantity' });
  });

  it('refuses a stock-in without lines', async () => {
    const result = await gateway.graphql(CreateStockIn, { input: { docType: 'SI01', lines: [] } });
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.lines' });
  });

  it('refuses an unknown connection', async () => {
    const result = await gateway.graphql(StockIn, { connection: 'sap', docNo: 'X' });
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'connection' });
  });

  it('refuses a malformed date and a foreign cursor', async () => {
    const date = await gateway.graphql(StockIns, { filter: { docDateFrom: '2026-13-01' } });
    expect(codesOf(date)).toEqual(['BAD_USER_INPUT']);
    const cursor = await gateway.graphql(StockIns, { after: 'not-a-cursor' });
    expect(cursor.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const first = await gateway.graphql(StockIns, { first: 100000 });
    expect(first.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
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
    expect(JSON.parse((await gateway.get('/readyz')).text)).toMatchObject({ status: 'ready', connections: [{ id: 't100', erp: 't100' }] });
    const sandboxes = JSON.parse((await gateway.get('/sandbox')).text) as { id: string; erp: string; baseUrl: string }[];
    expect(sandboxes).toEqual([{ id: 't100', erp: 't100', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) }]);
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
