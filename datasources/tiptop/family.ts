/** Digiwin TIPTOP GP as an ERP family: its connection config, its datasource and its sandbox. */
import { defineErpFamily } from '../../src/erp-family';
import { startTiptopSandbox } from '../../sandbox/tiptop/server';
import { parseTiptopConnection, type TiptopConnectionConfig } from './config';
import { TiptopDatasource } from './datasource';

export const tiptopFamily = defineErpFamily<TiptopConnectionConfig>({
  erp: 'tiptop',
  parseConnection: parseTiptopConnection,
  createDatasource: (config, metrics, clock) => new TiptopDatasource(config, metrics, clock),
  graphiqlExample: `{
  apiCatalog(erp: TIPTOP) { document action apiName kind standard graphqlField }
  miscIssues(connection: "tiptop", first: 5) { edges { node { docNo status erpStatus lines { itemNo quantity warehouse location lot } } } }
}`,
  async startSandbox({ dataDir, id, clock, host, port }) {
    const sandbox = await startTiptopSandbox({ dataDir, id, clock, host, port });
    return { handle: sandbox, connection: { erp: 'tiptop', baseUrl: sandbox.baseUrl, plant: 'DSCTC', user: 'tiptop', password: 'tiptop' } };
  },
});
