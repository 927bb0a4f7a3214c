import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeReply, encodeRequest } from '../../datasources/common/digiwin/envelope';
import type { StdEncoding, StdRecord, StdReply, StdRequest } from '../../datasources/common/digiwin/envelope-types';
import { startT100Sandbox, type RunningSandbox, type T100SandboxOptions } from './server';

const DAY = new Date(2026, 10, 24, 10, 15, 0);

function request(name: string, parameter: StdRecord, overrides: Partial<StdRequest> = {}): StdRequest {
  return {
    type: 'sync',
    host: { prod: 'TEST', ver: '1.0', ip: '127.0.0.1', id: '', lang: 'zh_TW', timezone: '+8', acct: 'tiptop', timestamp: '20261124101500123' },
    service: { prod: 'T100', name, ip: '', id: 'topprd' },
    datakey: { EntId: '99', CompanyId: 'DSCTC' },
    parameter,
    ...overrides,
  };
}

describe('T100 sandbox over HTTP', () => {
  let sandbox: RunningSandbox;
  let dataDir: string;

  async function start(options: Partial<T100SandboxOptions> = {}): Promise<RunningSandbox> {
    return startT100Sandbox({ dataDir, clock: () => DAY, ...options });
  }

  async function call(name: string, parameter: StdRecord, encoding: StdEncoding = 'json', overrides: Partial<StdRequest> = {}, target = sandbox): Promise<StdReply> {
    const encoded = encodeRequest(encoding, request(name, parameter, overrides));
    const url = encoding === 'xml' ? `${target.baseUrl}/ws/r/awsp900` : encoding === 'json-v2' ? `${new URL(target.baseUrl).origin}/CROSS/RESTful` : `${target.baseUrl}/ws/r/awsp920`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': encoded.contentType, ...encoded.headers }, body: encoded.body });
    const body = await response.text();
    expect(response.status).toBe(200);
    return decodeReply(encoding, body, Object.fromEntries(response.headers.entries()));
  }

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 't100-sandbox-'));
    sandbox = await start();
  });
  afterEach(() => sandbox.close());

  it('answers a GET of awsp920 with the platform health text', async () => {
    const response = await fetch(`${sandbox.baseUrl}/ws/r/awsp920`);
    expect(await response.text()).toBe('Restful service is ok');
  });

  it('answers an unknown service with srvcode 100 in XML, even on the JSON endpoint', async () => {
    const reply = await call('t100.oapi.wo.data.foo', {});
    expect(reply).toEqual({ srvcode: '100', parameter: {}, platformMessage: '[t100.oapi.wo.data.foo]Service not found' });
  });

  it('refuses an unknown enterprise, a site outside it and an unknown user', async () => {
    const read = 't100.oapi.wo.details.data.read.get';
    const keys = { data_keys: [{ doc_no: 'WO01-26110500012' }] };
    expect((await call(read, keys, 'json', { datakey: { EntId: '98', CompanyId: 'DSCTC' } })).execution?.description).toContain('lib-00110');
    expect((await call(read, keys, 'json', { datakey: { EntId: '99', CompanyId: 'XX' } })).execution?.code).toBe('std-00015');
    const user = await call(read, keys, 'json', { host: { acct: 'nobody', timestamp: '1' } });
    expect(user.execution?.code).toBe('aws-00022');
  });

  it('checks keys only under keyPolicy md5, as T100 itself does not', async () => {
    await sandbox.close();
    sandbox = await start({ keyPolicy: 'md5' });
    const good = await call('t100.oapi.wo.list.data.query.get', {});
    expect(good.execution?.code).toBe('0');
    const encoded = encodeRequest('json', request('t100.oapi.wo.list.data.query.get', {}));
    const forged = encoded.body.replace(encoded.key, 'd41d8cd98f00b204e9800998ecf8427e');
    const response = await fetch(`${sandbox.baseUrl}/ws/r/awsp920`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged });
    expect(decodeReply('json', await response.text()).platformMessage).toContain('Key validate fail!');
  });

  it('answers each key of a multi-key action alone: -0 when some fail', async () => {
    const reply = await call('t100.oapi.wo.stockin.data.approve', { data_keys: [{ doc_no: 'SI01-26111800001' }, { doc_no: 'SI01-26112000001' }, { doc_no: 'NOPE' }] });
    expect(reply.execution?.code).toBe('-0');
    const result = reply.parameter.result as { success: StdRecord[]; error: StdRecord[] };
    expect(result.success).toEqual([{ doc_no: 'SI01-26111800001 ', status: 'Y' }]);
    // §4.2: a per-key refusal is {message, data:{doc_no}}, no code of its own.
    expect(result.error).toEqual([
      { message: 'sbx-00002: 單據狀態S不可執行approve', data: { doc_no: 'SI01-26112000001' } },
      { message: 'sbx-00001: 查無資料:NOPE', data: { doc_no: 'NOPE' } },
    ]);
  });

  it("refuses post before approve: all keys failed (-1), the key's entry with sbx-00002 and its T100 text", async () => {
    const reply = await call('t100.oapi.wo.stockin.data.post', { data_keys: [{ doc_no: 'SI01-26111800001' }] });
    expect(reply.execution).toMatchObject({ code: '-1', description: 'sbx-00002: 單據狀態N不可執行post' });
    expect((reply.parameter.result as { error: StdRecord[] }).error).toEqual([{ message: 'sbx-00002: 單據狀態N不可執行post', data: { doc_no: 'SI01-26111800001' } }]);
    expect(sandbox.documents({ type: 'StockIn', docNo: 'SI01-26111800001' })[0].rawStatus).toBe('N');
  });

  it('refuses to dispost a stock-in whose goods have since left the warehouse (sbx-00010), changing nothing', async () => {
    const dispost = await call('t100.oapi.wo.stockin.data.dispost', { data_keys: [{ doc_no: 'SI01-26112000001' }] });
    expect(dispost.execution).toMatchObject({ code: '-1' });
    expect(dispost.execution?.description).toContain('sbx-00010');
    expect(dispost.execution?.description).toContain('庫存不足');
    expect(sandbox.documents({ type: 'StockIn', docNo: 'SI01-26112000001' })[0].rawStatus).toBe('S');
    const workOrder = sandbox.documents({ type: 'WorkOrder', docNo: 'WO01-26110500012' })[0];
    expect(workOrder.head.sfaa050).toBe(30);
  });

  it('lists with §6 conditions, the 易飞 form, ordering and paging, and refuses a page past the end', async () => {
    const list = 't100.oapi.wo.stockin.list.data.query.get';
    const byStatus = await call(list, { conditions: [{ field_name: 'status', operator: 'IN', value: "('N','Y')" }], conditions_operator: 'AND' });
    expect((byStatus.parameter.data as StdRecord[]).map((row) => String(row.doc_no).trim())).toEqual(['SI01-26111800001', 'SI01-26111900001']);
    expect(byStatus.parameter).toMatchObject({ total_result: 2, page_count: 1, has_next: false, cnt: 2 });
    expect((byStatus.parameter.data as StdRecord[])[0].wo_stockin_detail).toBeUndefined();

    const yifei = await call(list, { operator: 'AND', fields: [{ field_name: 'wo_no', operator: '=', value: "'WO01-26110500013'" }] });
    expect((yifei.parameter.data as StdRecord[]).map((row) => String(row.doc_no).trim())).toEqual(['SI01-26111900001', 'SI01-26112000002']);
    expect((yifei.parameter.result as StdRecord).rows).toEqual(yifei.parameter.data);

    const dated = await call(list, { conditions: [{ field_name: 'doc_date', operator: 'BETWEEN', value: "'20261119' AND '20261120'" }], orders: [{ field_name: 'doc_no', order_type: 'DESC' }], page_size: 2, page_no: 2 });
    expect(dated.parameter).toMatchObject({ total_result: 3, page_count: 2, page_no: 2, has_next: false });
    expect((dated.parameter.data as StdRecord[]).map((row) => String(row.doc_no).trim())).toEqual(['SI01-26111900001']);

    const past = await call(list, { page_no: 5, page_size: 2 });
    expect(past.execution).toMatchObject({ code: '-1', description: 'page_no:5 超過 page_count:2 無法查詢！' });
  });

  it('serves the customized stockin.data.create only as XML', async () => {
    const refused = await call('stockin.data.create', { stock_in_data: [] }, 'json');
    expect(refused.execution).toMatchObject({ code: '-1', description: "It isn't valid XML document." });
  });

  it('numbers 20 concurrent creates uniquely and keeps counting after a restart', async () => {
    const create = () =>
      call('t100.oapi.wo.data.create', { wo_data: [{ doc_type_no: 'WO01', item_no: 'A001', qty: 1 }] }).then(
        (reply) => String(((reply.parameter.result as StdRecord).success as StdRecord[])[0].doc_no).trim(),
      );
    const numbers = await Promise.all(Array.from({ length: 20 }, create));
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.every((number) => /^WO01-261124\d{5}$/.test(number))).toBe(true);
    await sandbox.close();
    sandbox = await start();
    const next = await create();
    expect(numbers).not.toContain(next);
    expect(next > [...numbers].sort().at(-1)!).toBe(true);
    expect(sandbox.documents({ type: 'WorkOrder' }).filter((document) => document.docNo.startsWith('WO01-261124'))).toHaveLength(21);
  });

  it('speaks v2 with digi-* headers on /CROSS/RESTful', async () => {
    const reply = await call('t100.oapi.wo.stockin.data.approve', { data_keys: [{ doc_no: 'SI01-26111800001' }] }, 'json-v2');
    expect(reply).toMatchObject({ srvcode: '000', execution: { code: '0' } });
  });

  it('logs every dispatched call for tests to count', async () => {
    await call('t100.oapi.wo.list.data.query.get', {});
    await call('t100.oapi.wo.list.data.query.get', {});
    expect(sandbox.callCount('t100.oapi.wo.list.data.query.get')).toBe(2);
  });
});
