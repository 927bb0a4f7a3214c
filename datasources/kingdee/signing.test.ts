/**
 * The §1.2 vectors of protocols/others.md, byte for byte: clientSec, X-Api-Signature (seconds and milliseconds
 * forms), X-Kd-Appdata, X-Kd-Signature, LoginBySign SHA-256 and SHA-1; plus config parsing.
 * Time budget: < 1 s (pure functions).
 */
import { ConfigError } from '../../src/config/fields';
import { parseKingdeeConnection } from './config';
import { apiSignature, appDataText, clientSecret, kdAppData, kdSignature, loginSign, signedHeaders } from './signing';

const APP_ID = '224477_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const ACCT = '65f1a2b3c4d5e6';
const USER = 'integrator';
const BATCH_SAVE = '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc';
const QUERY = '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc';

describe('Kingdee §1.2 signature vectors', () => {
  it('clientSec', () => {
    expect(clientSecret(APP_ID)).toBe('MTI2MGM1Pj9qPDk/OT04KHMiKnd0IXMr');
    expect(clientSecret('no-underscore')).toBe('');
    expect(clientSecret('1_short')).toBe('');
  });

  it('X-Api-Signature, seconds (ts = nonce)', () => {
    expect(apiSignature(APP_ID, BATCH_SAVE, '1700000000', '1700000000')).toBe('MWJkNDRhM2Q2Y2QyYzUyNDY0N2ZlMGE4MmMyODE3YzA3YjBmZWZmY2RmMTE0OWZkNGFhZjA5ZDI0M2EzNzY5Mg==');
  });

  it('X-Api-Signature, milliseconds and a GUID nonce', () => {
    expect(apiSignature(APP_ID, QUERY, '1700000000123', '3f2b8c0d9e6a4b1c8d7e6f5a4b3c2d1e')).toBe('YjI1NjlmMGIwZWJkODY1MDVmMWJmNThiMDliYTZhMjljNGNhZDkxZTdiM2IxZTBkMDYzZTFiNDkzMzRiOWZhNw==');
  });

  it('X-Kd-Appdata and X-Kd-Signature', () => {
    expect(kdAppData(ACCT, USER, 2052, 0)).toBe('NjVmMWEyYjNjNGQ1ZTYsaW50ZWdyYXRvciwyMDUyLDA=');
    expect(kdSignature(APP_ID, APP_SECRET, appDataText(ACCT, USER, 2052, 0))).toBe('ZDNjNzk5MWJlYzU4OTg3MTE3MGY5YjYzYmM3NDNkYzRlZWI1MjY3OTNjMjhkOTM4MTRkMTBhZDI3N2I1N2NkNw==');
  });

  it('LoginBySign sign, SHA-256 and SHA-1', () => {
    expect(loginSign(ACCT, USER, APP_ID, APP_SECRET, '1700000000')).toBe('8fbef208bfb7d298284340d143ae2f87599214baab3ceab606f6f77932e8dcbd');
    expect(loginSign(ACCT, USER, APP_ID, APP_SECRET, '1700000000', true)).toBe('7f2fabd2fa21b969a953d6cb462b40a3ac2bf4c9');
  });

  it('signedHeaders carries every §1.2 header and never the AppSecret', () => {
    const headers = signedHeaders({ appId: APP_ID, appSecret: APP_SECRET, acctId: ACCT, username: USER, lcid: 2052, orgNum: '0', path: BATCH_SAVE, timestamp: '1700000000', nonce: '1700000000' });
    expect(headers).toMatchObject({
      'X-Api-ClientID': '224477',
      'X-Api-Auth-Version': '2.0',
      'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
      'X-Api-Signature': 'MWJkNDRhM2Q2Y2QyYzUyNDY0N2ZlMGE4MmMyODE3YzA3YjBmZWZmY2RmMTE0OWZkNGFhZjA5ZDI0M2EzNzY5Mg==',
      'X-Kd-Appkey': APP_ID,
      'X-Kd-Appdata': 'NjVmMWEyYjNjNGQ1ZTYsaW50ZWdyYXRvciwyMDUyLDA=',
      'X-Kd-Signature': 'ZDNjNzk5MWJlYzU4OTg3MTE3MGY5YjYzYmM3NDNkYzRlZWI1MjY3OTNjMjhkOTM4MTRkMTBhZDI3N2I1N2NkNw==',
    });
    expect(JSON.stringify(headers)).not.toContain(APP_SECRET);
  });
});

describe('parseKingdeeConnection', () => {
  const base = { erp: 'kingdee', baseUrl: 'http://erp:8090/k3cloud/', acctId: ACCT, username: USER };

  it('defaults to signed mode and normalises the trailing slash', () => {
    const config = parseKingdeeConnection('kd', { ...base, appId: APP_ID, appSecret: APP_SECRET }, 'connections.kd');
    expect(config).toMatchObject({ auth: 'signed', baseUrl: 'http://erp:8090/k3cloud', lcid: 2052, orgNumber: '100', billType: 'QTCKD01_SYS', stockStatus: 'KCZT01_SYS', legacySha1: false, transitionRefusalCodes: ['11'] });
  });

  it('names the key that is wrong, never echoing a secret', () => {
    expect(() => parseKingdeeConnection('kd', { ...base, appId: APP_ID }, 'connections.kd')).toThrow(new ConfigError('connections.kd.appSecret', 'is required when auth is signed'));
    expect(() => parseKingdeeConnection('kd', { ...base, auth: 'session' }, 'connections.kd')).toThrow(/connections\.kd\.password/);
    expect(() => parseKingdeeConnection('kd', { ...base, auth: 'oauth', password: 'pw' }, 'connections.kd')).toThrow(/connections\.kd\.auth/);
    expect(() => parseKingdeeConnection('kd', { ...base, appId: APP_ID, appSecret: APP_SECRET, colour: 1 }, 'connections.kd')).toThrow(/connections\.kd\.colour/);
    try {
      parseKingdeeConnection('kd', { ...base, auth: 'session', password: 'super-secret', lcid: 'x' }, 'connections.kd');
    } catch (error) {
      expect((error as Error).message).not.toContain('super-secret');
    }
  });

  it('session mode accepts a password, or an AppID/AppSecret for LoginBySign', () => {
    expect(parseKingdeeConnection('kd', { ...base, auth: 'session', password: 'pw' }, 'c').auth).toBe('session');
    expect(parseKingdeeConnection('kd', { ...base, auth: 'session', appId: APP_ID, appSecret: APP_SECRET }, 'c').password).toBe('');
  });
});
