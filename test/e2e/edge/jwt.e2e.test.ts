/**
 * Bearer JWTs beside API keys (issue 10 §4), verified with jose: a shared secret (HS256) and a JWKS file (ES256).
 * Scopes come from the `scope` claim, limits from `documents`/`connections`; a token that is expired, badly
 * signed, for another audience or issuer is UNAUTHENTICATED with the reason and never echoed. Time budget: under 3 s.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
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
    expect(parseConfig({ connections, jwt: { secret: SECRET } }, {}).jwt).toEqual({ secret: SECRET });
  });

  it('stops the start on a JWKS file that cannot be read, naming the key', async () => {
    await expect(TestGateway.start({ jwt: { jwksFile: '/nonexistent/jwks.json' } })).rejects.toMatchObject({ key: 'jwt.jwksFile' });
  });
});
