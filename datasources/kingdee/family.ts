/** Kingdee Cloud Galaxy (金蝶云星空, K3Cloud) as an ERP family: its connection config, its datasource and its sandbox. */
import { defineErpFamily } from '../../src/erp-family';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_ACCT_ID, SANDBOX_USER, startKingdeeSandbox } from '../../sandbox/kingdee/server';
import { parseKingdeeConnection, type KingdeeConnectionConfig } from './config';
import { KingdeeDatasource } from './datasource';

export const kingdeeFamily = defineErpFamily<KingdeeConnectionConfig>({
  erp: 'kingdee',
  parseConnection: parseKingdeeConnection,
  createDatasource: (config, metrics, clock) => new KingdeeDatasource(config, metrics, clock),
  graphiqlExample: `{
  apiCatalog(erp: KINGDEE) { document action apiName kind standard graphqlField }
  miscIssues(connection: "kingdee", first: 5) { edges { node { docNo status erpStatus docDate department lines { itemNo quantity unit warehouse lot } } } }
}`,
  async startSandbox({ dataDir, id, clock, host, port }) {
    const sandbox = await startKingdeeSandbox({ dataDir, id, clock, host, port });
    return {
      handle: sandbox,
      connection: { erp: 'kingdee', baseUrl: sandbox.baseUrl, auth: 'signed', acctId: SANDBOX_ACCT_ID, username: SANDBOX_USER, appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET, defaultDepartment: 'BM000001' },
    };
  },
});
