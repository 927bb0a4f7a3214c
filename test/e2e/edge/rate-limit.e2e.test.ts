/**
 * Per-key rate limiting (issue 10 §1): in memory, shared by two gateway instances through Redis (REDIS_URL,
 * default redis://127.0.0.1:6379 — the project's machines run it), and still enforced while Redis is unreachable.
 * Time budget: under 4 s.
 */
import { randomUUID } from 'node:crypto';
import { ConfigError, parseConfig } from '../../../src/config';
import { TestGateway } from '../../support/gateway';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUERY = '{ apiCatalog(document: StockIn) { apiName } }';

/** Fresh keys per run: counts in Redis outlive a run for the window's length. */
function keys(): { a: string; b: string } {
  return { a: `sk-test-${randomUUID()}`, b: `sk-test-${randomUUID()}` };
}

async function ask(gateway: TestGateway, key: string): Promise<{ status: number; retryAfter: string | null; body: { errors?: { extensions?: Record<string, unknown> }[] } }> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as never };
}

describe('rate limits in memory', () => {
  const { a, b } = keys();
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ apiKeys: [{ key: a, scopes: ['read'] }, { key: b, scopes: ['read'] }], rateLimit: { requests: 5, perSeconds: 60 } });
  });
  afterAll(() => gateway.stop());

  it('lets each key make its allowance, then refuses with 429, Retry-After and RATE_LIMITED naming the limit; other keys go on', async () => {
    for (let index = 0; index < 5; index++) expect((await ask(gateway, a)).status).toBe(200);
    const refused = await ask(gateway, a);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 5, perSeconds: 60 });
    expect((await ask(gateway, b)).status).toBe(200);
  });
});

describe('rate limits against made-up keys', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ rateLimit: { requests: 2, perSeconds: 60 } });
  });
  afterAll(() => gateway.stop());

  it('counts a request with a key the gateway does not know against its client address: inventing keys does not escape', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++) statuses.push((await ask(gateway, `sk-invented-${randomUUID()}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('rate limits shared through Redis', () => {
  const { a } = keys();
  let first: TestGateway;
  let second: TestGateway;
  beforeAll(async () => {
    const options = { apiKeys: [{ key: a, scopes: ['read' as const] }], rateLimit: { requests: 4, perSeconds: 60 }, redisUrl: REDIS_URL };
    [first, second] = await Promise.all([TestGateway.start(options), TestGateway.start(options)]);
  });
  afterAll(() => Promise.all([first.stop(), second.stop()]));

  it('counts a key across two gateway instances', async () => {
    // ioredis connects asynchronously; a request before it is ready is counted by the insurance limiter instead.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await ask(first, a)).status).toBe(200);
    expect((await ask(second, a)).status).toBe(200);
    expect((await ask(first, a)).status).toBe(200);
    expect((await ask(second, a)).status).toBe(200);
    // Each instance alone has counted two; together four, the limit.
    expect((await ask(first, a)).status).toBe(429);
    expect((await ask(second, a)).status).toBe(429);
  });
});

describe('rate limits while Redis is unreachable', () => {
  const { a } = keys();
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ apiKeys: [{ key: a, scopes: ['read'] }], rateLimit: { requests: 3, perSeconds: 60 }, redisUrl: 'redis://127.0.0.1:1' });
  });
  afterAll(() => gateway.stop());

  it('still serves and still limits, counting in memory', async () => {
    for (let index = 0; index < 3; index++) expect((await ask(gateway, a)).status).toBe(200);
    expect((await ask(gateway, a)).status).toBe(429);
  });
});

describe('rate-limit configuration', () => {
  const connections = { t100: { erp: 't100', baseUrl: 'http://127.0.0.1:1/wtopprd', enterprise: '99', site: 'DSCTC', user: 'tiptop' } };

  it('is off unless configured, and names the key of a bad value', () => {
    expect(parseConfig({ connections }, {}).rateLimit).toBeNull();
    expect(parseConfig({ connections, rateLimit: { requests: 100, perSeconds: 10 } }, { REDIS_URL: REDIS_URL })).toMatchObject({ rateLimit: { requests: 100, perSeconds: 10 }, redisUrl: REDIS_URL });
    expect(() => parseConfig({ connections, rateLimit: { requests: 0 } }, {})).toThrow(expect.objectContaining({ key: 'rateLimit.requests' }));
    expect(() => parseConfig({ connections, rateLimit: { requests: 5, per: 1 } }, {})).toThrow(ConfigError);
  });
});
