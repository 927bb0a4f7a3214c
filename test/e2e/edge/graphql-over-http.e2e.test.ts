/**
 * GraphQL over HTTP (issue 10 §2): the graphql-http conformance audit (every MUST, SHOULD and MAY check) against a
 * running gateway, the status codes of request errors under both media types, GET for queries only, and the
 * request limits the earlier suite does not reach. Time budget: under 3 s.
 */
import { serverAudits } from 'graphql-http';
import { TestGateway } from '../../support/gateway';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('GraphQL over HTTP', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  async function post(query: string, accept?: string): Promise<{ status: number; type: string; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as never };
  }

  it('passes every check of the graphql-http audit, MUST, SHOULD and MAY (the gateway failed 8 before this suite)', async () => {
    const failed: string[] = [];
    for (const audit of serverAudits({ url: `${gateway.url}/graphql`, fetchFn: fetch })) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(`${result.id} ${result.name}: ${result.reason}`);
    }
    expect(failed).toEqual([]);
  });

  it.each([
    ['a document that does not parse', '{ stockIns(first: 1) {', 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', '{ notAField }', 'GRAPHQL_VALIDATION_FAILED'],
  ])('answers %s with 400 as graphql-response+json and 200 as application/json, never 500', async (_case, query, code) => {
    const modern = await post(query, GRAPHQL_RESPONSE);
    expect([modern.status, modern.type]).toEqual([400, `${GRAPHQL_RESPONSE}; charset=utf-8`]);
    expect(modern.body.errors![0].extensions!.code).toBe(code);
    const legacy = await post(query, 'application/json');
    expect([legacy.status, legacy.type]).toEqual([200, 'application/json; charset=utf-8']);
    expect(legacy.body.errors![0].extensions!.code).toBe(code);
    expect(legacy.body.data).toBeUndefined();
  });

  it('sets the status by the media type actually sent, whatever the order and weights of Accept', async () => {
    for (const accept of ['application/json, application/graphql-response+json', 'application/graphql-response+json;q=0.5, application/json', 'application/graphql-response+json, application/json', 'application/json;q=0.1, application/graphql-response+json']) {
      const answer = await post('{ notAField }', accept);
      expect([accept, answer.status]).toEqual([accept, answer.type.startsWith(GRAPHQL_RESPONSE) ? 400 : 200]);
    }
  });

  it('keeps 200 for a field error with data, and 400 for a request that is not GraphQL-over-HTTP at all', async () => {
    const notFound = await post('{ stockIn(docNo: "NO-SUCH-1") { docNo } }', 'application/json');
    expect(notFound.status).toBe(200);
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 42 }) });
    expect(response.status).toBe(400);
    await response.text();
  });

  it('serves queries over GET without extra headers, and refuses a mutation over GET with 405', async () => {
    const query = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ apiCatalog(document: StockIn) { apiName } }')}`, { headers: { accept: 'application/json' } });
    expect(query.status).toBe(200);
    // ERP documents as they are now: no proxy or browser may keep a copy, over GET as over POST.
    expect(query.headers.get('cache-control')).toBe('no-store');
    expect(((await query.json()) as { data: { apiCatalog: unknown[] } }).data.apiCatalog.length).toBeGreaterThan(0);
    const posted = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(posted.headers.get('cache-control')).toBe('no-store');
    await posted.text();
    const mutation = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('mutation { approveStockIn(docNo: "X") { userErrors { code } } }')}`, { headers: { accept: 'application/json' } });
    expect(mutation.status).toBe(405);
    await mutation.text();
  });

  it('refuses a document past the token limit with TOO_MANY_TOKENS and the limit', async () => {
    const fields = Array.from({ length: 10_500 }, () => '__typename').join(' ');
    const refused = await post(`{ ${fields} }`, GRAPHQL_RESPONSE);
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_TOKENS', limit: 10000 });
    expect(refused.body.errors![0].message).toContain('more than 10000 tokens');
  });

  it('refuses too many directives with TOO_MANY_DIRECTIVES, and a costly query with QUERY_TOO_COSTLY, each naming limit and found', async () => {
    const directives = Array.from({ length: 60 }, () => '@include(if: true)').join(' ');
    const many = await post(`{ __typename ${directives} }`, GRAPHQL_RESPONSE);
    expect(many.body.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_DIRECTIVES', limit: 50, found: 60 });
    // Twenty aliased lists, each with its lines: within depth and alias limits, past the cost limit.
    const lists = Array.from({ length: 20 }, (_, index) => `l${index}: stockIns(first: 100) { edges { node { docNo lines { itemNo quantity workOrder { docNo } } } } }`).join(' ');
    const costly = await post(`{ ${lists} }`, GRAPHQL_RESPONSE);
    expect(costly.status).toBe(400);
    expect(costly.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 5000 });
    expect(Number(costly.body.errors![0].extensions!.found)).toBeGreaterThan(5000);
  });
});
