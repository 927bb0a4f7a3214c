import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { T100Datasource } from '../../datasources/t100/datasource';
import { startT100Sandbox, type RunningSandbox } from '../../sandbox/t100/server';
import { documentKind } from '../../src/catalog';
import { parseConfig, type T100ConnectionConfig } from '../../src/config';
import { ErpRejectedError, InvalidTransitionError } from '../../src/errors';
import { GatewayMetrics } from '../../src/observability/metrics';

const stockIn = documentKind('StockIn')!;

describe('T100Datasource against the sandbox, without the gateway’s pre-checks', () => {
  let sandbox: RunningSandbox;
  let datasource: T100Datasource;
  let metrics: GatewayMetrics;

  beforeAll(async () => {
    sandbox = await startT100Sandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 't100-ds-')) });
    const config = parseConfig({ connections: { t100: { erp: 't100', baseUrl: sandbox.baseUrl, enterprise: '99', site: 'DSCTC', user: 'tiptop' } } }, {});
    metrics = new GatewayMetrics();
    datasource = new T100Datasource(config.connections[0] as T100ConnectionConfig, metrics);
  });
  afterAll(async () => {
    await datasource.close();
    await sandbox.close();
  });

  it("turns the ERP's own status refusal (a transitionRefusalCodes id) into INVALID_TRANSITION carrying the ERP message", async () => {
    const error = await datasource.execute(stockIn, 'post', { docNo: 'SI01-26111800001' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).erp).toMatchObject({ code: 'sbx-00002', message: '單據狀態N不可執行post' });
  });

  it('keeps other refusals as ERP_REJECTED', async () => {
    const error = await datasource.execute(stockIn, 'approve', { docNo: 'SI01-00000000000' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect((error as ErpRejectedError).erp.code).toBe('sbx-00001');
  });

  it('reads a batch in one call, answering null for numbers the ERP does not have, and trims padded strings', async () => {
    const before = await metrics.upstreamCount('t100');
    const [found, missing] = await datasource.read(stockIn, ['SI01-26111900001', 'SI01-00000000000']);
    expect(await metrics.upstreamCount('t100')).toBe(before + 1);
    expect(missing).toBeNull();
    expect(found).toMatchObject({ docNo: 'SI01-26111900001', status: 'APPROVED', rawStatus: 'Y' });
    expect(found!.lines![0].workOrderNo).toBe('WO01-26110500013');
  });

  it.each([
    [0, 2],
    [1, 2],
    [3, 2],
    [2, 3],
  ])('slices pages correctly at offset %i with limit %i, whatever the page boundaries', async (offset, limit) => {
    const all = (await datasource.list(stockIn, {}, { offset: 0, limit: 100 })).nodes.map((node) => node.docNo);
    const page = await datasource.list(stockIn, {}, { offset, limit });
    expect(page.nodes.map((node) => node.docNo)).toEqual(all.slice(offset, offset + limit));
    expect(page.totalCount).toBe(all.length);
    expect(page.hasNextPage).toBe(offset + limit < all.length);
  });

  it('answers an empty page with the true total past the end, instead of the ERP’s page_count error', async () => {
    const total = (await datasource.list(stockIn, {}, { offset: 0, limit: 100 })).totalCount;
    const page = await datasource.list(stockIn, {}, { offset: 40, limit: 10 });
    expect(page.nodes).toEqual([]);
    expect(page.totalCount).toBe(total);
    expect(page.hasNextPage).toBe(false);
  });
});
