/**
 * Jushuitan (聚水潭) as an ERP family: its connection config, its datasource (inventory counts only) and its
 * sandbox. Registered in src/erps.ts.
 */
import { defineErpFamily } from '../../src/erp-family';
import { SANDBOX_APP, startJushuitanSandbox } from '../../sandbox/jushuitan/server';
import { parseJushuitanConnection, type JushuitanConnectionConfig } from './config';
import { JushuitanDatasource } from './datasource';

/** getInitToken's code for the embedded sandbox (any 6 characters work there). */
export const SANDBOX_AUTH_CODE = 'jst001';

/**
 * The embedded sandbox has no rate limit unless JUSHUITAN_SANDBOX_RATE_LIMIT says `perSecond/perMinute` (`5/100` is
 * the platform's, §2.1). Not a connection key: the connection's settings are parsed as its config, which has none.
 */
export function sandboxRateLimit(value: string | undefined): { perSecond: number; perMinute: number } | undefined {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,7})\s*$/.exec(value ?? '');
  if (!match) return undefined;
  const perSecond = Number(match[1]);
  const perMinute = Number(match[2]);
  return perSecond > 0 && perMinute > 0 ? { perSecond, perMinute } : undefined;
}

export const jushuitanFamily = defineErpFamily<JushuitanConnectionConfig>({
  erp: 'jushuitan',
  parseConnection: parseJushuitanConnection,
  createDatasource: (config, metrics, clock) => new JushuitanDatasource(config, metrics, clock),
  graphiqlExample: `{
  inventoryCounts(connection: "jushuitan", filter: { status: CONFIRMED }, first: 5) {
    edges { node { ioId status ioDate warehouse wmsCoId whId lines { itemNo quantity lot } batches { itemNo lot quantity } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  async startSandbox({ dataDir, id, clock, host, port }) {
    const sandbox = await startJushuitanSandbox({ dataDir, id, clock, host, port, rateLimit: sandboxRateLimit(process.env.JUSHUITAN_SANDBOX_RATE_LIMIT) });
    return {
      handle: sandbox,
      // A static token, and an authCode so a refused token is renewed through getInitToken.
      connection: {
        erp: 'jushuitan',
        baseUrl: sandbox.baseUrl,
        appKey: SANDBOX_APP.appKey,
        appSecret: SANDBOX_APP.appSecret,
        accessToken: SANDBOX_APP.staticTokens[0],
        authCode: SANDBOX_AUTH_CODE,
      },
    };
  },
});
