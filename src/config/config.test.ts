import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfigFile, parseConfig } from './index';

const t100 = { erp: 't100', baseUrl: 'http://erp.example:8080/wtopprd', enterprise: '99', site: 'DSCTC', user: '${T100_USER}' };

function problem(document: unknown, env: Record<string, string> = { T100_USER: 'tiptop' }): string {
  try {
    parseConfig(document, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).key;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads a TIPTOP connection, refuses Connection/@application CRM and an encoding aws_ttsrv2 does not speak', () => {
    const tiptop = { erp: 'tiptop', baseUrl: 'http://tiptop.example/topprod', plant: 'DSCTC', user: 'tiptop', password: '${TIPTOP_PASSWORD}' };
    expect(parseConfig({ connections: { tiptop } }, { TIPTOP_PASSWORD: 'pw' }).connections[0]).toMatchObject({
      erp: 'tiptop', format: 'xml', language: 'zh_tw', instance: 'topprod', application: 'GATEWAY', password: 'pw',
    });
    expect(problem({ connections: { tiptop: { ...tiptop, application: 'crm' } } }, { TIPTOP_PASSWORD: 'pw' })).toBe('connections.tiptop.application');
    expect(problem({ connections: { tiptop: { ...tiptop, format: 'json' } } }, { TIPTOP_PASSWORD: 'pw' })).toBe('connections.tiptop.format');
    expect(problem({ connections: { tiptop: { ...tiptop, plant: undefined } } }, { TIPTOP_PASSWORD: 'pw' })).toBe('connections.tiptop.plant');
  });

  it('routes a kind the default connection’s ERP lacks to the first connection whose ERP has it; configured routes win', () => {
    const tiptop = { erp: 'tiptop', baseUrl: 'http://tiptop.example/topprod', plant: 'DSCTC', user: 'tiptop' };
    const env = { T100_USER: 'x' };
    expect(parseConfig({ connections: { t100, tiptop } }, env).routing).toEqual({ MiscReceipt: 'tiptop', MiscIssue: 'tiptop', Transfer: 'tiptop' });
    expect(parseConfig({ connections: { t100, tiptop }, routing: { StockIn: 't100', MiscIssue: 't100' } }, env).routing).toMatchObject({ StockIn: 't100', MiscIssue: 't100', Transfer: 'tiptop' });
    expect(parseConfig({ connections: { t100 } }, env).routing).toEqual({});
  });

  it('takes only customizedActions the catalog offers an alternative API for, naming the key otherwise', () => {
    expect(parseConfig({ connections: { t100: { ...t100, customizedActions: ['PurchaseOrder.create'] } } }, { T100_USER: 'x' }).connections[0]).toMatchObject({
      customizedActions: ['PurchaseOrder.create'],
    });
    expect(problem({ connections: { t100: { ...t100, customizedActions: ['StockIn.create'] } } })).toBe('connections.t100.customizedActions');
  });

  it('turns introspection and GraphiQL on by default, off when asked, and names a value that is not a boolean', () => {
    expect(parseConfig({ connections: { t100 } }, { T100_USER: 'x' })).toMatchObject({ introspection: true, graphiql: true });
    expect(parseConfig({ connections: { t100 }, introspection: false, graphiql: false }, { T100_USER: 'x' })).toMatchObject({ introspection: false, graphiql: false });
    expect(problem({ connections: { t100 }, introspection: 'no' })).toBe('introspection');
  });

  it('reads a T100 connection with defaults and credentials from the environment', () => {
    const config = parseConfig({ connections: { t100: t100 } }, { T100_USER: 'tiptop' });
    expect(config.connections[0]).toMatchObject({
      id: 't100',
      baseUrl: 'http://erp.example:8080/wtopprd',
      format: 'json',
      timeoutMs: 15000,
      user: 'tiptop',
      transitionRefusalCodes: ['sbx-00002'],
    });
    expect(config.defaultConnection).toBe('t100');
    expect(config.port).toBe(4000);
  });

  it('names the environment variable a credential needs when it is missing', () => {
    expect(() => parseConfig({ connections: { t100: t100 } }, {})).toThrow(/connections\.t100\.user.*T100_USER/);
  });

  it('names the key of each bad value', () => {
    expect(problem({ connections: { t100: { ...t100, baseUrl: 'erp:8080' } } })).toBe('connections.t100.baseUrl');
    expect(problem({ connections: { t100: { ...t100, format: 'soap' } } })).toBe('connections.t100.format');
    expect(problem({ connections: { t100: { ...t100, timeoutMs: -5 } } })).toBe('connections.t100.timeoutMs');
    expect(problem({ connections: { t100: { ...t100, enterprise: undefined } } })).toBe('connections.t100.enterprise');
    expect(problem({ connections: { t100: { ...t100, erp: 'sap' } } })).toBe('connections.t100.erp');
    expect(problem({ connections: { t100: t100 }, defaultConnection: 'kingdee' })).toBe('defaultConnection');
    expect(problem({ connections: { t100: t100 }, routing: { StockIn: 'nowhere' } })).toBe('routing.StockIn');
    expect(problem({ connections: {} })).toBe('connections');
    expect(problem({ connections: { t100: { ...t100, breakerThreshold: 0 } } })).toBe('connections.t100.breakerThreshold');
  });

  it('refuses unknown keys, so a typo does not silently fall back to a default', () => {
    expect(problem({ connections: { t100: { ...t100, timeoutMS: 100 } } })).toBe('connections.t100.timeoutMS');
    expect(problem({ connections: { t100: t100 }, prot: 4000 })).toBe('prot');
  });

  it('reads API keys from GATEWAY_API_KEYS and refuses a malformed value', () => {
    const env = { T100_USER: 'tiptop', GATEWAY_API_KEYS: '[{"key":"k1","scopes":["read"]}]' };
    expect(parseConfig({ connections: { t100: t100 } }, env).apiKeys).toEqual([{ key: 'k1', scopes: ['read'] }]);
    expect(problem({ connections: { t100: t100 } }, { T100_USER: 'x', GATEWAY_API_KEYS: 'not json' })).toBe('GATEWAY_API_KEYS');
    expect(problem({ connections: { t100: t100 }, apiKeys: [{ key: 'k', scopes: ['admin'] }] })).toBe('apiKeys[0].scopes');
  });
});

describe('loadConfigFile', () => {
  it('loads YAML from a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-config-'));
    const file = path.join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      ['port: 4100', 'connections:', '  plant1:', '    erp: t100', '    baseUrl: http://10.1.2.3/wtopprd/', '    format: xml',
        '    enterprise: 99', '    site: DSCTC', '    user: ${T100_USER}'].join('\n'),
    );
    const config = loadConfigFile(file, { T100_USER: 'mes' });
    expect(config.port).toBe(4100);
    expect(config.connections[0]).toMatchObject({ id: 'plant1', format: 'xml', enterprise: '99', baseUrl: 'http://10.1.2.3/wtopprd' });
  });

  it('reports invalid YAML and a missing file as configuration errors', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-config-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'connections: [unclosed');
    expect(() => loadConfigFile(file, {})).toThrow(ConfigError);
    expect(() => loadConfigFile(path.join(dir, 'missing.yaml'), {})).toThrow(/GATEWAY_CONFIG/);
  });
});
