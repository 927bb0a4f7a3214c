/** Sunlike ERP / Online ERP (天心) as an ERP family: its connection config, its datasource and its sandbox. */
import { defineErpFamily } from '../../src/erp-family';
import { startSunlikeSandbox, SUNLIKE_SANDBOX_LOGIN } from '../../sandbox/sunlike/server';
import { parseSunlikeConnection, type SunlikeConnectionConfig } from './config';
import { SunlikeDatasource } from './datasource';

export const sunlikeFamily = defineErpFamily<SunlikeConnectionConfig>({
  erp: 'sunlike',
  parseConnection: parseSunlikeConnection,
  createDatasource: (config, metrics, clock) => new SunlikeDatasource(config, metrics, clock),
  graphiqlExample: `{
  apiCatalog(erp: SUNLIKE) { document action apiName kind standard graphqlField }
  issuingNotes(connection: "sunlike", first: 5) { edges { node { docNo docDate status erpStatus program kind subcontract lines { itemNo quantity unit warehouse workOrderNo erpFields } erpFields } } }
}`,
  async startSandbox({ dataDir, id, clock, host, port, settings }) {
    const numbering = settings?.numbering === 'manual' ? 'manual' : 'auto';
    const sandbox = await startSunlikeSandbox({ dataDir, id, clock, host, port, numbering });
    return {
      handle: sandbox,
      connection: {
        erp: 'sunlike',
        baseUrl: sandbox.baseUrl,
        company: SUNLIKE_SANDBOX_LOGIN.comp_no,
        user: SUNLIKE_SANDBOX_LOGIN.user_id,
        password: SUNLIKE_SANDBOX_LOGIN.password,
        userNo: '9999',
        numbering,
      },
    };
  },
});
