/**
 * Bearer JWTs beside API keys (issue 10 §4), verified with jose: a shared secret (HS256) and a JWKS file (ES256).
 * Scopes come from the `scope` claim, limits from `documents`/`connections`; a token that is expired, badly
 * signed, for another audience or issuer is UNAUTHENTICATED with the reason and never echoed. Time budget: under 3 s.
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { parseConfig } from '../../../src/config';
import { TestGateway } from '../../support/gateway';

const SECRET = 'a-shared-secret-of-at-least-32-characters!';
const QUERY = '{ apiCatalog(document: StockIn) { apiName } }';

function hs256(claims: Record<string, unknown>, options: { expires?: string; secret?: string; audience?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://id.plant.example')
    .setAudience(options.audience ?? 'erp-gateway')
    .setSubject('mes-line-3')
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('JWT bearer tokens with a shared secret', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start({ apiKeys: [{ key: 'sk-still-works', scopes: ['read'] }], jwt: { secret: SECRET, issuer: 'https://id.plant.example', audience: 'erp-gateway' } });
  });
  afterAll(() => gateway.stop());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('admits a valid token with its scopes: read queries, but a mutation needs write', async () => {
    const reader = await hs256({ scope: 'read' });
    expect((await gateway.query(QUERY, undefined, as(reader))).errors).toBeUndefined();
    const mutation = await gateway.query('mutation { approveStockIn(docNo: "SI01-1") { userErrors { code } } }', undefined, as(reader));
    expect(mutation.errors![0].extensions!.code).toBe('FORBIDDEN');
    // API keys keep working beside tokens.
    expect((await gateway.query(QUERY, undefined, as('sk-still-works'))).errors).toBeUndefined();
  });

  it('limits a token to the document types its documents claim names', async () => {
    const token = await hs256({ scope: 'read', documents: ['StockIn'] });
    const refused = await gateway.query('{ workOrder(docNo: "WO01-26110500012") { docNo } }', undefined, as(token));
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it.each([
    ['expired', () => hs256({ scope: 'read' }, { expires: '-1m' }), 'ERR_JWT_EXPIRED'],
    ['signed with another secret', () => hs256({ scope: 'read' }, { secret: 'another-secret-of-at-least-32-characters' }), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    ['for another audience', () => hs256({ scope: 'read' }, { audience: 'billing' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
  ])('refuses a token %s with 401 UNAUTHENTICATED naming the reason, never echoing the token', async (_case, make, reason) => {
    const token = await make();
    const refused = await gateway.query(QUERY, undefined, as(token));
    expect(refused.status).toBe(401);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining(reason) });
    expect(JSON.stringify(refused)).not.toContain(token.split('.')[2]);
  });
});

describe('JWT bearer tokens from a JWKS file', () => {
  let gateway: TestGateway;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gw-jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }));
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    gateway = await TestGateway.start({ jwt: { jwksFile: file } });
  });
  afterAll(() => gateway.stop());

  it('admits a token signed by a key of the set, and refuses one signed with HS256 (algorithm not allowed)', async () => {
    expect((await gateway.query(QUERY, undefined, { authorization: `Bearer ${await sign({ scope: 'read write' })}` })).errors).toBeUndefined();
    const forged = await new SignJWT({ scope: 'read' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    expect((await gateway.query(QUERY, undefined, { authorization: `Bearer ${forged}` })).status).toBe(401);
  });
});

describe('JWT configuration', () => {
  const connections = { t100: { erp: 't100', baseUrl: 'http://127.0.0.1:1/wtopprd', enterprise: '99', site: 'DSCTC', user: 'tiptop' } };
  it('needs exactly one of secret and jwksFile, and a secret of 32 characters or more', () => {
    expect(() => parseConfig({ connections, jwt: { secret: SECRET, jwksFile: '/x' } }, {})).toThrow(expect.objectContaining({ key: 'jwt' }));
    expect(() => parseConfig({ connections, jwt: { secret: 'short' } }, {})).toThrow(expect.objectContaining({ key: 'jwt.secret' }));
    expect(parseConfig({ connections, jwt: { secret: SECRET } }, {}).jwt).toEqual({ secret: SECRET, jwksRefreshSeconds: 30 });
    expect(() => parseConfig({ connections, jwt: { jwksFile: '/x', jwksUrl: 'https://id.example/jwks' } }, {})).toThrow(expect.objectContaining({ key: 'jwt' }));
  });

  it.each([
    ['plain http to another host', 'http://id.plant.example/jwks.json'],
    ['credentials in the URL', 'https://user:secret@id.plant.example/jwks.json'],
    ['not a URL', 'id.plant.example/jwks.json'],
  ])('refuses a JWKS URL with %s, naming jwt.jwksUrl and never echoing it', (_case, url) => {
    let thrown: unknown;
    try {
      parseConfig({ connections, jwt: { jwksUrl: url } }, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ key: 'jwt.jwksUrl' });
    expect(String((thrown as Error).message)).not.toContain('secret@');
  });

  it('stops the start on a JWKS file that cannot be read, naming the key', async () => {
    await expect(TestGateway.start({ jwt: { jwksFile: '/nonexistent/jwks.json' } })).rejects.toMatchObject({ key: 'jwt.jwksFile' });
  });
});

/** A key pair and a signer for tokens naming it (`kid`). */
async function signer(kid: string): Promise<{ jwk: Record<string, unknown>; sign: (claims: Record<string, unknown>) => Promise<string> }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const sign = (claims: Record<string, unknown>): Promise<string> =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setIssuedAt().setExpirationTime('5m').sign(privateKey as KeyLike);
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' }, sign };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('key rotation without a restart', () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('a JWKS file: a token of a key added to the file is admitted once the file changed, the old key still works', async () => {
    const first = await signer('2026-a');
    const next = await signer('2026-b');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gw-jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [first.jwk] }));
    const gateway = await TestGateway.start({ jwt: { jwksFile: file, jwksRefreshSeconds: 0.1 } });
    try {
      expect((await gateway.query(QUERY, undefined, bearer(await first.sign({ scope: 'read' })))).errors).toBeUndefined();
      const early = await gateway.query(QUERY, undefined, bearer(await next.sign({ scope: 'read' })));
      expect(early.status).toBe(401);
      expect(early.errors![0].message).toContain('ERR_JWKS_NO_MATCHING_KEY');
      writeFileSync(file, JSON.stringify({ keys: [first.jwk, next.jwk] }));
      utimesSync(file, new Date(), new Date(Date.now() + 5000)); // a new mtime even on a coarse clock
      await pause(150);
      expect((await gateway.query(QUERY, undefined, bearer(await next.sign({ scope: 'read' })))).errors).toBeUndefined();
      expect((await gateway.query(QUERY, undefined, bearer(await first.sign({ scope: 'read' })))).errors).toBeUndefined();
      // A broken rewrite keeps the keys in use.
      writeFileSync(file, '{"keys": [');
      utimesSync(file, new Date(), new Date(Date.now() + 10_000));
      await pause(150);
      expect((await gateway.query(QUERY, undefined, bearer(await next.sign({ scope: 'read' })))).errors).toBeUndefined();
    } finally {
      await gateway.stop();
    }
  });

  it('a JWKS URL: fetched on first use, fetched again for a key it lacks (at most once per refresh period), and an unreachable set refuses with 401', async () => {
    const first = await signer('url-a');
    const next = await signer('url-b');
    let served = [first.jwk];
    let fetches = 0;
    const idp = http.createServer((req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/.well-known/jwks.json`;
    const gateway = await TestGateway.start({ jwt: { jwksUrl: url, jwksRefreshSeconds: 0.2 } });
    try {
      expect(fetches).toBe(0);
      expect((await gateway.query(QUERY, undefined, bearer(await first.sign({ scope: 'read' })))).errors).toBeUndefined();
      expect((await gateway.query(QUERY, undefined, bearer(await first.sign({ scope: 'read' })))).errors).toBeUndefined();
      expect(fetches).toBe(1); // cached
      served = [first.jwk, next.jwk];
      await pause(250);
      expect((await gateway.query(QUERY, undefined, bearer(await next.sign({ scope: 'read' })))).errors).toBeUndefined();
      expect(fetches).toBe(2);
      // Unknown keys inside the refresh period are refused without a fetch each (no amplification towards the IdP).
      const stranger = await signer('url-x');
      for (let index = 0; index < 3; index++) expect((await gateway.query(QUERY, undefined, bearer(await stranger.sign({ scope: 'read' })))).status).toBe(401);
      expect(fetches).toBeLessThanOrEqual(3);
    } finally {
      await gateway.stop();
      await new Promise((resolve) => idp.close(resolve));
    }
    // The IdP gone: a token is refused with 401 UNAUTHENTICATED naming the reason, never a 500.
    const orphan = await TestGateway.start({ jwt: { jwksUrl: url, jwksRefreshSeconds: 0.2 } });
    try {
      const refused = await orphan.query(QUERY, undefined, bearer(await first.sign({ scope: 'read' })));
      expect(refused.status).toBe(401);
      expect(refused.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    } finally {
      await orphan.stop();
    }
  });
});
