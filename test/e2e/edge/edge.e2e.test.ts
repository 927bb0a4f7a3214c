/** Safe at the edge (part): request limits, JSON on every route, the sandbox admin behind keys, secrets out of logs. Time budget: under 3 s. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { ConfigError, loadConfigFile } from '../../../src/config';
import { TestGateway } from '../../support/gateway';

describe('request limits', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('refuses a query nested past the depth limit with QUERY_TOO_DEEP, the limit and the depth found, before any ERP call', async () => {
    const calls = await gateway.upstreamCalls('t100');
    let selection = 'docNo';
    for (let level = 0; level < 3; level++) selection = `docNo workOrder { docNo stockIns(first: 1) { edges { node { ${selection} } } } }`;
    const result = await gateway.query(`{ stockIns(first: 1) { edges { node { ${selection} } } } }`, undefined, { accept: 'application/graphql-response+json' });
    expect(result.status).toBe(400);
    expect(result.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 12 });
    expect(Number(result.errors![0].extensions!.found)).toBeGreaterThan(12);
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
  });

  it('refuses 300 aliased lists with TOO_MANY_ALIASES, making no ERP call', async () => {
    const calls = await gateway.upstreamCalls('t100');
    const aliases = Array.from({ length: 300 }, (_, index) => `a${index}: workOrders(first: 1) { totalCount }`).join(' ');
    const result = await gateway.query(`{ ${aliases} }`);
    expect(result.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: 20, found: 300 });
    expect(await gateway.upstreamCalls('t100')).toBe(calls);
  });

  it('refuses a batched HTTP request (an array of operations)', async () => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ apiCatalog { apiName } }' }, { query: '{ apiCatalog { apiName } }' }]),
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toMatch(/batch/i);
  });

  it('still answers GraphiQL\'s full introspection query', async () => {
    const result = await gateway.query(getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
  });

  it('answers JSON, never an HTML page, on a route it does not have', async () => {
    const response = await gateway.get('/nope/constructor');
    expect(response.status).toBe(404);
    expect(response.type).toContain('application/json');
    expect(JSON.parse(response.text)).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    const asset = await gateway.get('/graphiql-assets/constructor');
    expect(asset.status).toBe(404);
  });
});

describe('the sandbox admin routes with API keys configured', () => {
  let gateway: TestGateway;
  const reader = 'reader-key-71d0';
  const writer = 'writer-key-83aa';
  beforeAll(async () => {
    gateway = await TestGateway.start({ apiKeys: [{ key: reader, scopes: ['read'] }, { key: writer, scopes: ['read', 'write'] }] });
  });
  afterAll(() => gateway.stop());

  it('need a key with the write scope', async () => {
    expect((await gateway.get('/sandbox')).status).toBe(401);
    expect((await gateway.get('/sandbox', { authorization: `Bearer ${reader}` })).status).toBe(403);
    const allowed = await gateway.get('/sandbox/t100/documents?type=StockIn', { authorization: `Bearer ${writer}` });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text).length).toBeGreaterThan(0);
  });
});

describe('secrets in configuration', () => {
  function configError(text: string): ConfigError {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gw-config-')), 'gateway.yaml');
    writeFileSync(file, text);
    try {
      loadConfigFile(file, { T100_USER: 'tiptop' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  }

  it('names the position of a YAML error without quoting the line, which may hold a key', () => {
    const error = configError('apiKeys:\n  - { key: "sk-live-5e3cret", scopes: [read\n');
    expect(error.message).toMatch(/line \d+, column \d+/);
    expect(error.message).not.toContain('sk-live-5e3cret');
  });

  it('reads credentials from secret files: ${file:…} and NAME_FILE, naming the key of an unreadable one without its content', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-secrets-'));
    writeFileSync(path.join(dir, 't100_user'), 'tiptop-from-file\n');
    writeFileSync(path.join(dir, 'api_key'), 'sk-from-file');
    const file = path.join(dir, 'gateway.yaml');
    writeFileSync(file, `connections:\n  plant1: { erp: t100, baseUrl: "http://erp:8080/wtopprd", enterprise: "99", site: DSCTC, user: "\${file:${dir}/t100_user}" }\napiKeys:\n  - { key: "\${MES_KEY}" }\n`);
    const config = loadConfigFile(file, { MES_KEY_FILE: path.join(dir, 'api_key') });
    expect(config.connections[0]).toMatchObject({ user: 'tiptop-from-file' });
    expect(config.apiKeys[0].key).toBe('sk-from-file');
    writeFileSync(file, `connections:\n  plant1: { erp: t100, baseUrl: "http://erp:8080/wtopprd", enterprise: "99", site: DSCTC, user: "\${file:${dir}/missing}" }\n`);
    expect(() => loadConfigFile(file, {})).toThrow(expect.objectContaining({ key: 'connections.plant1.user' }));
  });

  it('refuses credentials inside a base URL, naming the key and not echoing them', () => {
    const error = configError('connections:\n  plant1: { erp: t100, baseUrl: "http://admin:hunter2@erp:8080/wtopprd", enterprise: "99", site: DSCTC, user: x }\n');
    expect(error.key).toBe('connections.plant1.baseUrl');
    expect(error.message).not.toContain('hunter2');
  });
});
