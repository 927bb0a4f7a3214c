/**
 * POST /graphql served without Express (src/server/graphql-fast-path.ts) answers as the Express route does: the same
 * body and headers for the same query, the same refusals, and every request it does not take (chunked, compressed,
 * oversized, another media type, a query string) still served by the Express route. Time budget: under 3 s.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { TestGateway } from '../../support/gateway';

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One POST with exactly these headers; `chunked` sends the body without a Content-Length. */
function post(url: string, body: Buffer | string, headers: Record<string, string>, options: { chunked?: boolean; path?: string } = {}): Promise<Answer> {
  const target = new URL(options.path ?? '/graphql', url);
  return new Promise((resolve, reject) => {
    const request = http.request(target, { method: 'POST', headers: options.chunked ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    if (options.chunked) request.write(body);
    request.end(options.chunked ? undefined : body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const QUERY = JSON.stringify({ query: '{ stockIns(first: 2) { edges { node { id docNo status lines { id itemNo quantity } } } } }' });

describe('POST /graphql without Express', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('answers a plain JSON post exactly as the Express route answers the same query sent chunked', async () => {
    const fast = await post(gateway.url, QUERY, { ...JSON_TYPE, 'x-request-id': 'fast-1' });
    const routed = await post(gateway.url, QUERY, { ...JSON_TYPE, 'x-request-id': 'routed-1' }, { chunked: true });
    expect(fast.status).toBe(200);
    expect(JSON.parse(fast.body).data.stockIns.edges.length).toBeGreaterThan(0);
    expect(fast.body).toBe(routed.body);
    for (const answer of [fast, routed]) {
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers.etag).toBeUndefined();
    }
    expect([fast.headers['x-request-id'], routed.headers['x-request-id']]).toEqual(['fast-1', 'routed-1']);
    expect(Number(fast.headers['content-length'])).toBe(Buffer.byteLength(fast.body));
  });

  it('refuses a body that is not JSON, or not a JSON object or array, with the 400 the Express route answers', async () => {
    for (const body of ['{"query":', '42', ' \n 42', '"{ __typename }"', '   ', 'nul', '\u2028{}']) {
      const [fast, routed] = [await post(gateway.url, body, JSON_TYPE), await post(gateway.url, body, JSON_TYPE, { chunked: true })];
      expect([body, fast.status, fast.body, fast.headers['content-type']]).toEqual([body, 400, routed.body, routed.headers['content-type']]);
      expect(fast.headers['cache-control']).toBe(routed.headers['cache-control']);
      expect(JSON.parse(fast.body).errors[0]).toMatchObject({ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } });
    }
    expect((await gateway.get('/healthz')).status).toBe(200);
  });

  it('reads a body that starts with a UTF-8 byte-order mark, as the Express route does', async () => {
    const body = `\uFEFF${QUERY}`;
    const [fast, routed] = [await post(gateway.url, body, JSON_TYPE), await post(gateway.url, body, JSON_TYPE, { chunked: true })];
    expect([fast.status, routed.status]).toEqual([200, 200]);
    expect(fast.body).toBe(routed.body);
  });

  it('leaves to the Express route what it does not take: compressed, oversized, another charset or media type, a query string', async () => {
    const gzipped = await post(gateway.url, gzipSync(QUERY), { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(JSON.parse(gzipped.body).data.stockIns.edges.length).toBeGreaterThan(0);

    const oversized = await post(gateway.url, JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(2 * 1024 * 1024) }), JSON_TYPE);
    expect(oversized.status).toBe(413);
    expect(JSON.parse(oversized.body).errors[0].extensions.code).toBe('BAD_REQUEST');

    const latin1 = await post(gateway.url, QUERY, { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin1.status).toBe(415);

    const text = await post(gateway.url, QUERY, { 'content-type': 'text/plain' });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);

    const withSearch = await post(gateway.url, QUERY, JSON_TYPE, { path: '/graphql?from=test' });
    expect(withSearch.status).toBe(200);
    expect(withSearch.body).toBe((await post(gateway.url, QUERY, JSON_TYPE)).body);
  });

  it('keeps a caller\'s Idempotency-Key header on a mutation, as the Express route does', async () => {
    const mutation = JSON.stringify({
      query: 'mutation($input: StockInInput!) { createStockIn(input: $input) { stockIn { docNo } idempotency { key replayed } userErrors { code } } }',
      variables: { input: { docType: 'SI01', lines: [{ itemNo: 'A001', quantity: '1', warehouse: 'W01', workOrderNo: 'WO01-26110500012' }] } },
    });
    const first = JSON.parse((await post(gateway.url, mutation, { ...JSON_TYPE, 'idempotency-key': 'fast-path-key-1' })).body);
    const again = JSON.parse((await post(gateway.url, mutation, { ...JSON_TYPE, 'idempotency-key': 'fast-path-key-1' })).body);
    expect(first.data.createStockIn.userErrors).toEqual([]);
    expect(first.data.createStockIn.idempotency).toEqual({ key: 'fast-path-key-1', replayed: false });
    expect(again.data.createStockIn).toEqual({ ...first.data.createStockIn, idempotency: { key: 'fast-path-key-1', replayed: true } });
  });
});

describe('POST /graphql without Express, under a rate limit', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ rateLimit: { requests: 3, perSeconds: 60 } });
  });
  afterAll(() => gateway.stop());

  it('counts its requests and the Express route\'s against one allowance, answering with the same headers and refusal', async () => {
    const query = JSON.stringify({ query: '{ __typename }' });
    const first = await post(gateway.url, query, JSON_TYPE);
    const second = await post(gateway.url, query, JSON_TYPE, { chunked: true });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.headers['ratelimit-limit'], first.headers['ratelimit-remaining']]).toEqual(['3', '2']);
    expect([second.headers['ratelimit-limit'], second.headers['ratelimit-remaining']]).toEqual(['3', '1']);
    expect((await post(gateway.url, query, JSON_TYPE)).status).toBe(200);
    const refusals = [await post(gateway.url, query, JSON_TYPE), await post(gateway.url, query, JSON_TYPE, { chunked: true })];
    for (const refused of refusals) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(refused.body).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, perSeconds: 60 });
    }
    expect(refusals[0].body).toBe(refusals[1].body);
  });
});
