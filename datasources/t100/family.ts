/** Digiwin T100 as an ERP family: its connection config, its datasource and its sandbox. */
import { defineErpFamily } from '../../src/erp-family';
import { startT100Sandbox } from '../../sandbox/t100/server';
import { parseT100Connection, type T100ConnectionConfig } from './config';
import { T100Datasource } from './datasource';

export const t100Family = defineErpFamily<T100ConnectionConfig>({
  erp: 't100',
  parseConnection: parseT100Connection,
  createDatasource: (config, metrics, clock) => new T100Datasource(config, metrics, clock),
  graphiqlExample: `{
  apiCatalog(document: StockIn) { action apiName kind formats graphqlField }
  stockIns(first: 5) { totalCount edges { node { docNo status docDate lines { itemNo quantity warehouse } } } }
}`,
  async startSandbox({ dataDir, id, clock, settings, host, port }) {
    // The site's own setup the connection declares: what a dispost leaves (§3.2).
    const sandbox = await startT100Sandbox({ dataDir, id, clock, host, port, unpostedStatus: settings?.unpostedStatus === 'Z' ? 'Z' : 'Y' });
    return { handle: sandbox, connection: { erp: 't100', baseUrl: sandbox.baseUrl, enterprise: '99', site: 'DSCTC', user: 'tiptop' } };
  },
});
