import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keysetRequests, T100Datasource } from '../../datasources/t100/datasource';
import { startT100Sandbox, type RunningSandbox } from '../../sandbox/t100/server';
import { documentKind } from '../../src/catalog';
import { parseConfig } from '../../src/config';
import type { T100ConnectionConfig } from '../../datasources/t100/config';
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

  it("turns the ERP's own per-key status refusal (a transitionRefusalPatterns text) into INVALID_TRANSITION, passing its text on with no code", async () => {
    const error = await datasource.execute(stockIn, 'post', { docNo: 'SI01-26111800001' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).erp).toEqual({ code: null, message: 'sbx-00002: 單據狀態N不可執行post' });
  });

  it('keeps other per-key refusals as ERP_REJECTED, with no code and a clean message', async () => {
    const error = await datasource.execute(stockIn, 'approve', { docNo: 'SI01-00000000000' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect((error as ErpRejectedError).erp).toEqual({ code: null, message: 'sbx-00001: 查無資料:SI01-00000000000' });
    expect((error as ErpRejectedError).message).toBe('t100 refused t100.oapi.wo.stockin.data.approve: sbx-00001: 查無資料:SI01-00000000000');
  });

  it('keeps an envelope-level refusal code (a create) as the ERP gave it', async () => {
    const error = await datasource
      .execute(stockIn, 'create', { input: { docType: 'SI01', lines: [{ itemNo: 'NOPE', quantity: '1', warehouse: '1001' }] } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect((error as ErpRejectedError).erp).toMatchObject({ code: 'sbx-00011' });
  });

  it('reads a batch in one call, answering null for numbers the ERP does not have, and trims padded strings', async () => {
    const before = await metrics.upstreamCount('t100');
    const [found, missing] = await datasource.read(stockIn, ['SI01-26111900001', 'SI01-00000000000']);
    expect(await metrics.upstreamCount('t100')).toBe(before + 1);
    expect(missing).toBeNull();
    expect(found).toMatchObject({ docNo: 'SI01-26111900001', status: 'APPROVED', rawStatus: 'Y' });
    expect(found!.lines![0].workOrderNo).toBe('WO01-26110500013');
  });

  it('pages by keyset in number order: the rows after any position, one request each', async () => {
    const all = await datasource.list(stockIn, { filter: {}, order: { field: 'docNo', direction: 'ASC' }, limit: 100 });
    expect(all.map((document) => document.docNo)).toEqual([...all.map((document) => document.docNo)].sort());
    for (const [index, position] of all.entries()) {
      const before = await metrics.upstreamCount('t100');
      const page = await datasource.list(stockIn, { filter: {}, order: { field: 'docNo', direction: 'ASC' }, after: position, limit: 2 });
      expect(page.map((document) => document.docNo)).toEqual(all.slice(index + 1, index + 3).map((document) => document.docNo));
      expect(await metrics.upstreamCount('t100')).toBe(before + 1);
    }
  });

  it.each(['ASC', 'DESC'] as const)('pages by keyset in date order (%s) across date boundaries, at most two requests a page', async (direction) => {
    const order = { field: 'docDate', direction } as const;
    const all = await datasource.list(stockIn, { filter: {}, order, limit: 100 });
    const key = (document: { docDate?: string | null; docNo: string }) => `${document.docDate}|${document.docNo}`;
    const sorted = [...all].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(all.map(key)).toEqual(direction === 'ASC' ? sorted.map(key) : sorted.reverse().map(key));
    for (const [index, position] of all.entries()) {
      const before = await metrics.upstreamCount('t100');
      const page = await datasource.list(stockIn, { filter: {}, order, after: { docNo: position.docNo, docDate: position.docDate ?? null }, limit: 3 });
      expect(page.map((document) => document.docNo)).toEqual(all.slice(index + 1, index + 4).map((document) => document.docNo));
      expect(await metrics.upstreamCount('t100')).toBeLessThanOrEqual(before + 2);
    }
  });

  it('counts the documents a filter matches in one call, and lists none past the end', async () => {
    const all = await datasource.list(stockIn, { filter: {}, order: { field: 'docNo', direction: 'ASC' }, limit: 100 });
    expect(await datasource.count(stockIn, {})).toBe(all.length);
    expect(await datasource.count(stockIn, { status: ['POSTED'] })).toBe(all.filter((document) => document.status === 'POSTED').length);
    const past = await datasource.list(stockIn, { filter: {}, order: { field: 'docNo', direction: 'ASC' }, after: all.at(-1), limit: 10 });
    expect(past).toEqual([]);
  });
});

describe('keysetRequests', () => {
  it('asks for the rest of the cursor date, then the later dates, on §6 wire names', () => {
    expect(keysetRequests({ filter: {}, order: { field: 'docDate', direction: 'ASC' }, after: { docNo: "SI01-26112400003", docDate: '2026-11-24' }, limit: 5 })).toEqual([
      {
        conditions: [
          { field_name: 'doc_date', operator: '=', value: "'20261124'" },
          { field_name: 'doc_no', operator: '>', value: "'SI01-26112400003'" },
        ],
        orders: [{ field_name: 'doc_no', order_type: 'ASC' }],
      },
      {
        conditions: [{ field_name: 'doc_date', operator: '>', value: "'20261124'" }],
        orders: [
          { field_name: 'doc_date', order_type: 'ASC' },
          { field_name: 'doc_no', order_type: 'ASC' },
        ],
      },
    ]);
  });

  it("writes filters as §6 conditions, quoting values the way the notes' example does", () => {
    const [request] = keysetRequests({
      filter: { status: ['UNAPPROVED'], docNoPrefix: "SI01-26'", docDateFrom: '2026-11-01', docDateTo: '2026-11-30', workOrderNo: 'WO01-1', itemNo: 'A', warehouse: '1001', modifiedSince: new Date('2026-11-24T08:30:05.123Z') },
      order: { field: 'docNo', direction: 'DESC' },
      after: { docNo: 'SI01-9', docDate: null },
      limit: 1,
    });
    expect(request.conditions).toEqual([
      { field_name: 'doc_no', operator: 'LIKE', value: "'SI01-26''%'" },
      { field_name: 'status', operator: 'IN', value: "('N','W','A','R','D')" },
      { field_name: 'doc_date', operator: 'BETWEEN', value: "'20261101' AND '20261130'" },
      { field_name: 'wo_no', operator: '=', value: "'WO01-1'" },
      { field_name: 'item_no', operator: '=', value: "'A'" },
      { field_name: 'warehouse_no', operator: '=', value: "'1001'" },
      { field_name: 'modify_date', operator: '>=', value: "'20261124083005'" },
      { field_name: 'doc_no', operator: '<', value: "'SI01-9'" },
    ]);
    expect(request.orders).toEqual([{ field_name: 'doc_no', order_type: 'DESC' }]);
  });
});

describe('T100 sites that leave Z after a dispost (§3.2)', () => {
  let sandbox: RunningSandbox;
  let datasource: T100Datasource;
  beforeAll(async () => {
    sandbox = await startT100Sandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 't100-z-')), unpostedStatus: 'Z' });
    const config = parseConfig({ connections: { t100: { erp: 't100', baseUrl: sandbox.baseUrl, enterprise: '99', site: 'DSCTC', user: 'tiptop' } } }, {});
    datasource = new T100Datasource(config.connections[0] as T100ConnectionConfig, new GatewayMetrics());
  });
  afterAll(async () => {
    await datasource.close();
    await sandbox.close();
  });

  it('reads Z as APPROVED, posts it again and disapproves it from Z', async () => {
    const [approved] = await datasource.read(stockIn, ['SI01-26111900001']);
    expect(approved).toMatchObject({ status: 'APPROVED', rawStatus: 'Y' });
    await datasource.execute(stockIn, 'post', { docNo: 'SI01-26111900001' });
    await datasource.execute(stockIn, 'unpost', { docNo: 'SI01-26111900001' });
    expect((await datasource.read(stockIn, ['SI01-26111900001']))[0]).toMatchObject({ status: 'APPROVED', rawStatus: 'Z' });
    await datasource.execute(stockIn, 'post', { docNo: 'SI01-26111900001' });
    await datasource.execute(stockIn, 'unpost', { docNo: 'SI01-26111900001' });
    await datasource.execute(stockIn, 'disapprove', { docNo: 'SI01-26111900001' });
    expect((await datasource.read(stockIn, ['SI01-26111900001']))[0]).toMatchObject({ status: 'UNAPPROVED', rawStatus: 'N' });
  });
});
