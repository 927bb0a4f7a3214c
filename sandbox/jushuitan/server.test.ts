/**
 * The Jushuitan sandbox over raw HTTP (protocols/others.md §2.4): the §2.2 request example byte for byte and its
 * reply shape, the sign (10), clock skew (140), static and issued tokens (100, rotation), rate limits (199/200), every
 * §2.2 rule (130), page_size clamping, exact paging, filters, sample data, persistence and faults.
 * Budget: < 5 s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jushuitanSign } from '../../datasources/jushuitan/sign';
import type { SandboxHandle } from '../../src/server/sandbox-admin';
import { RULES } from './engine';
import { COUNT_PATH, INIT_TOKEN_PATH, REFRESH_TOKEN_PATH, SANDBOX_APP, startJushuitanSandbox, VECTOR_APP, type JushuitanSandboxOptions, type RunningJushuitanSandbox } from './server';

/** 2024-09-08 12:00:00 +08:00: the §2.2 example's window (09-01 … 09-07) holds the sample counts seeded now. */
const START = new Date('2024-09-08T04:00:00Z');
const VECTOR_TIMESTAMP = 1639128407;

let now = START;
const clock = (): Date => now;
const open: RunningJushuitanSandbox[] = [];

async function sandbox(extra: Partial<JushuitanSandboxOptions> = {}): Promise<RunningJushuitanSandbox> {
  now = START;
  const started = await startJushuitanSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'jst-sbx-')), clock, ...extra });
  open.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((one) => one.close()));
});

interface Reply {
  code: number;
  msg: string;
  data: any;
}

/** A signed form post; `fields` after app_key/timestamp/charset, in order. */
async function post(base: string, pathName: string, fields: [string, string][], options: { app?: { appKey: string; appSecret: string }; timestamp?: number; sign?: string } = {}): Promise<{ status: number; text: string; json?: Reply }> {
  const app = options.app ?? SANDBOX_APP;
  const form = new Map<string, string>([['app_key', app.appKey], ['timestamp', String(options.timestamp ?? Math.floor(now.getTime() / 1000))], ['charset', 'utf-8'], ...fields]);
  form.set('sign', options.sign ?? jushuitanSign(app.appSecret, form));
  const response = await fetch(base + pathName, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: new URLSearchParams([...form]).toString() });
  const text = await response.text();
  let json: Reply | undefined;
  try {
    json = JSON.parse(text) as Reply;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

async function query(base: string, biz: Record<string, unknown> | string, token: string = SANDBOX_APP.staticTokens[0]): Promise<Reply> {
  const text = typeof biz === 'string' ? biz : JSON.stringify(biz);
  const answer = await post(base, COUNT_PATH, [['access_token', token], ['version', '2'], ['biz', text]]);
  return answer.json!;
}

/** The 3-day window before START (sandbox local time). */
const WINDOW = { modified_begin: '2024-09-05 00:00:00', modified_end: '2024-09-08 12:00:00' };

describe('Jushuitan sandbox', () => {
  test('is a SandboxHandle and lists its counts for the admin route', async () => {
    const running = await sandbox();
    const handle: SandboxHandle = running;
    expect(handle.erp).toBe('jushuitan');
    const counts = running.documents({ type: 'InventoryCount' });
    expect(counts).toHaveLength(18);
    expect(running.documents({ type: 'MiscIssue' })).toEqual([]);
    expect(running.documents({ status: 'CONFIRMED' })).toHaveLength(13);
    for (const status of ['WAIT_CONFIRM', 'ARCHIVED', 'CANCELLED', 'DELETED']) expect(running.documents({ status }).length).toBeGreaterThan(0);
    const records = counts.map((count) => count.record as any);
    expect(records.some((r) => r.wms_co_id === 10999 && r.wh_id === 1)).toBe(true);
    expect(records.some((r) => r.items.some((i: any) => i.sku_id === 'SKU-GHOST-01'))).toBe(true);
    expect(records.some((r) => r.batchs.length > 0 && r.items.some((i: any) => Array.isArray(i.batchs) && i.batchs.length > 0))).toBe(true);
    expect(records.filter((r) => r.status === 'Confirmed' && r.items.every((i: any) => i.qty >= 0))).toHaveLength(1);
    for (const r of records) {
      for (const item of r.items) if (item.qty < 0) expect(item.qty).toBeGreaterThanOrEqual(-5);
      expect(r.modified >= '2024-09-05 12:00:00' && r.modified < '2024-09-08 12:00:00').toBe(true);
      if (r.wms_co_id === 10186) expect([1, 4]).toContain(r.wh_id);
    }
  });

  test('the §2.2 request example, byte for byte, and its reply shape', async () => {
    const running = await sandbox();
    // The example's timestamp is 2021: the platform clock is set there for the call (the data stays seeded in 2024).
    now = new Date(VECTOR_TIMESTAMP * 1000);
    const body =
      'app_key=5b53060f23d84ddf9703056e84fa5a2d&access_token=d7b01bf0842a4742a9450e21ffd95f60&timestamp=1639128407&charset=utf-8&version=2&biz=' +
      encodeURIComponent('{"page_index":1,"page_size":50,"modified_begin":"2024-09-01 00:00:00","modified_end":"2024-09-07 23:59:59","status":"Confirmed"}') +
      '&sign=81865c20626af35154f3712947fcf0ff';
    const response = await fetch(running.baseUrl + COUNT_PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as Reply;
    expect(reply.code).toBe(0);
    expect(reply.msg).toBe('执行成功');
    expect(Object.keys(reply.data).sort()).toEqual(['data_count', 'datas', 'has_next', 'page_count', 'page_index', 'page_size']);
    expect(reply.data).toMatchObject({ page_size: 50, page_index: 1, page_count: 1, has_next: false });
    const datas = reply.data.datas as any[];
    expect(reply.data.data_count).toBe(datas.length);
    expect(datas.length).toBeGreaterThan(5);
    for (const record of datas) {
      expect(record.status).toBe('Confirmed');
      expect(typeof record.io_id).toBe('number');
      expect(typeof record.wh_id).toBe('number');
      for (const key of ['type', 'io_id', 'io_date', 'status', 'warehouse', 'creator_name', 'remark', 'wh_id', 'wms_co_id', 'modified', 'f_status', 'lock_wh_id', 'lock_wh_name', 'labels', 'items', 'batchs', 'sns']) expect(record).toHaveProperty(key);
      for (const item of record.items) {
        for (const key of ['io_id', 'ioi_id', 'sku_id', 'i_id', 'name', 'properties_value', 'r_qty', 'qty']) expect(item).toHaveProperty(key);
        expect(typeof item.qty).toBe('number');
        expect(typeof item.r_qty).toBe('number');
      }
    }
    expect(datas.map((r) => r.modified)).toEqual([...datas.map((r) => r.modified)].sort());
  });

  test('all three sign vectors pass; a wrong sign is 10; skew over 15 minutes is 140', async () => {
    const running = await sandbox();
    now = new Date(VECTOR_TIMESTAMP * 1000);
    const vector1 = await post(running.baseUrl, INIT_TOKEN_PATH, [['grant_type', 'authorization_code'], ['code', '123456']], { app: VECTOR_APP, timestamp: VECTOR_TIMESTAMP, sign: '05e3a51e19e0883afd1882ccd309e0b9' });
    expect(vector1.json).toMatchObject({ code: 0, data: { expires_in: 2592000, scope: 'all' } });
    const vector3 = await post(
      running.baseUrl,
      COUNT_PATH,
      [['access_token', 'd7b01bf0842a4742a9450e21ffd95f60'], ['version', '2'], ['biz', '{"page_index":"1","page_size":"100","nicks":["老板"]}']],
      { app: VECTOR_APP, timestamp: VECTOR_TIMESTAMP, sign: '395f5a78b446be465ac03a02491296c7' },
    );
    // Signed right; the query itself has neither io_ids nor a window.
    expect(vector3.json).toMatchObject({ code: 130, msg: `参数不符合规范：${RULES.ioIdsOrWindow}` });

    const wrong = await post(running.baseUrl, COUNT_PATH, [['access_token', SANDBOX_APP.staticTokens[0]], ['version', '2'], ['biz', JSON.stringify(WINDOW)]], { sign: '0'.repeat(32) });
    expect(wrong.json).toMatchObject({ code: 10, data: null });
    const unknownApp = await post(running.baseUrl, COUNT_PATH, [['biz', '{}']], { app: { appKey: 'nobody', appSecret: 'x' } });
    expect(unknownApp.json?.code).toBe(10);
    const notForm = await fetch(running.baseUrl + COUNT_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await notForm.json()) as Reply).code).toBe(10);

    now = START;
    const skewed = await post(running.baseUrl, COUNT_PATH, [['access_token', SANDBOX_APP.staticTokens[0]], ['version', '2'], ['biz', JSON.stringify(WINDOW)]], { timestamp: Math.floor(START.getTime() / 1000) - 901 });
    expect(skewed.json).toMatchObject({ code: 140 });
    const within = await post(running.baseUrl, COUNT_PATH, [['access_token', SANDBOX_APP.staticTokens[0]], ['version', '2'], ['biz', JSON.stringify(WINDOW)]], { timestamp: Math.floor(START.getTime() / 1000) + 899 });
    expect(within.json?.code).toBe(0);
    const granted = await post(running.baseUrl, '/open/orders/single/query', [['access_token', SANDBOX_APP.staticTokens[0]], ['biz', '{}']]);
    expect(granted.json?.code).toBe(190);
    expect(running.callCount(COUNT_PATH)).toBe(6);
  });

  test('issued tokens expire (100); a refresh rotates both; static tokens stay', async () => {
    const running = await sandbox({ tokenTtlSeconds: 600 });
    const init = await post(running.baseUrl, INIT_TOKEN_PATH, [['grant_type', 'authorization_code'], ['code', 'abc123']]);
    expect(init.json).toMatchObject({ code: 0, msg: '执行成功', data: { expires_in: 600, scope: 'all' } });
    const { access_token: access, refresh_token: refresh } = init.json!.data as { access_token: string; refresh_token: string };
    expect((await query(running.baseUrl, WINDOW, access)).code).toBe(0);
    expect((await query(running.baseUrl, WINDOW, 'not-a-token')).code).toBe(100);
    expect((await post(running.baseUrl, INIT_TOKEN_PATH, [['grant_type', 'authorization_code'], ['code', '12345']])).json?.code).toBe(130);

    now = new Date(START.getTime() + 601_000);
    expect((await query(running.baseUrl, WINDOW, access)).code).toBe(100);
    expect((await query(running.baseUrl, WINDOW)).code).toBe(0);

    const refreshed = await post(running.baseUrl, REFRESH_TOKEN_PATH, [['grant_type', 'refresh_token'], ['refresh_token', refresh], ['scope', 'all']]);
    expect(refreshed.json?.code).toBe(0);
    const next = refreshed.json!.data as { access_token: string; refresh_token: string };
    expect(next.access_token).not.toBe(access);
    expect(next.refresh_token).not.toBe(refresh);
    expect((await query(running.baseUrl, WINDOW, next.access_token)).code).toBe(0);
    // The old refresh token was used up.
    expect((await post(running.baseUrl, REFRESH_TOKEN_PATH, [['grant_type', 'refresh_token'], ['refresh_token', refresh], ['scope', 'all']])).json?.code).toBe(100);
  });

  test('rate limits per app_key: 199 per second, 200 per minute', async () => {
    const running = await sandbox({ rateLimit: { perSecond: 2, perMinute: 3 } });
    const codes: number[] = [];
    for (let i = 0; i < 3; i += 1) codes.push((await query(running.baseUrl, WINDOW)).code);
    expect(codes).toEqual([0, 0, 199]);
    // Another app has its own budget.
    now = new Date(VECTOR_TIMESTAMP * 1000);
    const other = await post(running.baseUrl, COUNT_PATH, [['access_token', VECTOR_APP.staticTokens[0]], ['version', '2'], ['biz', JSON.stringify(WINDOW)]], { app: VECTOR_APP });
    expect(other.json?.code).toBe(0);
    now = START;
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await query(running.baseUrl, WINDOW)).code).toBe(0);
    expect((await query(running.baseUrl, WINDOW)).code).toBe(200);
  });

  test('every §2.2 rule broken is 130 参数不符合规范', async () => {
    const running = await sandbox();
    const ids = Array.from({ length: 51 }, (_, i) => String(10000 + i)).join(',');
    const cases: [unknown, string][] = [
      ['not json', RULES.bizNotJson],
      ['[1,2]', RULES.bizNotJson],
      [{ page_index: 1 }, RULES.ioIdsOrWindow],
      [{ io_ids: ids }, RULES.ioIdsMax],
      [{ io_ids: '10021,abc' }, RULES.ioIdsType],
      [{ io_ids: [10021] }, RULES.ioIdsType],
      [{ modified_begin: '2024-09-01 00:00:00' }, RULES.bothEnds],
      [{ modified_end: '2024-09-01 00:00:00' }, RULES.bothEnds],
      [{ modified_begin: '2024-09-01 00:00:00', modified_end: '2024-09-08 00:00:01' }, RULES.span],
      [{ modified_begin: '2024-09-01', modified_end: '2024-09-02 00:00:00' }, RULES.timeFormat],
      [{ modified_begin: '2024-09-03 00:00:00', modified_end: '2024-09-02 00:00:00' }, RULES.order],
      [{ ...WINDOW, status: 'Open' }, RULES.status],
      [{ ...WINDOW, page_index: 0 }, RULES.pageIndex],
      [{ ...WINDOW, page_size: -1 }, RULES.pageSize],
    ];
    for (const [biz, rule] of cases) {
      const reply = await query(running.baseUrl, typeof biz === 'string' ? biz : (biz as Record<string, unknown>));
      expect({ biz, reply: { code: reply.code, msg: reply.msg, data: reply.data } }).toEqual({ biz, reply: { code: 130, msg: `参数不符合规范：${rule}`, data: null } });
    }
    // Exactly 7 days and exactly 50 ids are allowed.
    expect((await query(running.baseUrl, { modified_begin: '2024-09-01 00:00:00', modified_end: '2024-09-08 00:00:00' })).code).toBe(0);
    expect((await query(running.baseUrl, { io_ids: ids.split(',').slice(0, 50).join(',') })).code).toBe(0);
  });

  test('paging: page_size clamped to 50, exact fields, stable sort, filters by status, window and io_ids', async () => {
    const running = await sandbox();
    const clamped = await query(running.baseUrl, { ...WINDOW, page_size: 500 });
    expect(clamped.data).toMatchObject({ page_size: 50, page_index: 1, data_count: 18, page_count: 1, has_next: false });
    const defaulted = await query(running.baseUrl, WINDOW);
    expect(defaulted.data.page_size).toBe(30);

    const pages: any[] = [];
    for (let index = 1; index <= 4; index += 1) pages.push((await query(running.baseUrl, { ...WINDOW, status: 'Confirmed', page_index: index, page_size: 5 })).data);
    expect(pages.map((p) => [p.page_index, p.datas.length, p.has_next, p.page_count, p.data_count])).toEqual([
      [1, 5, true, 3, 13],
      [2, 5, true, 3, 13],
      [3, 3, false, 3, 13],
      [4, 0, false, 3, 13],
    ]);
    const all = pages.flatMap((p) => p.datas);
    const keys = all.map((r) => `${r.modified}|${String(r.io_id).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(all.map((r) => r.io_id)).size).toBe(13);

    const byIds = await query(running.baseUrl, { io_ids: '10021,10025,99999' });
    expect(byIds.data.datas.map((r: any) => r.io_id)).toEqual([10021, 10025]);
    // Filters combine with AND: 10025 is WaitConfirm.
    const anded = await query(running.baseUrl, { io_ids: '10021,10025', status: 'Confirmed' });
    expect(anded.data.datas.map((r: any) => r.io_id)).toEqual([10021]);
    // Inclusive window bounds.
    const first = all[0];
    const exact = await query(running.baseUrl, { modified_begin: first.modified, modified_end: first.modified });
    expect(exact.data.datas.map((r: any) => r.io_id)).toEqual([first.io_id]);
    const none = await query(running.baseUrl, { modified_begin: '2024-01-01 00:00:00', modified_end: '2024-01-02 00:00:00' });
    expect(none.data).toMatchObject({ data_count: 0, page_count: 0, has_next: false, datas: [] });
  });

  test('sample data persists across a restart with a later clock', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'jst-sbx-'));
    now = START;
    const first = await startJushuitanSandbox({ dataDir, clock });
    const before = first.documents().map((d) => [d.docNo, d.modified]);
    await first.close();
    now = new Date(START.getTime() + 10 * 86_400_000);
    const second = await startJushuitanSandbox({ dataDir, clock });
    open.push(second);
    expect(second.documents().map((d) => [d.docNo, d.modified])).toEqual(before);
  });

  test('faults: error 130, rate_limit 199, token_expired 100, http500, garbage, timeout, delay', async () => {
    const running = await sandbox();
    running.faults.add({ api: COUNT_PATH, mode: 'error', count: 1 });
    expect(await query(running.baseUrl, WINDOW)).toMatchObject({ code: 130 });
    running.faults.add({ api: COUNT_PATH, mode: 'rate_limit', count: 1 });
    expect(await query(running.baseUrl, WINDOW)).toMatchObject({ code: 199 });
    running.faults.add({ api: '*', mode: 'token_expired', count: 1 });
    expect(await query(running.baseUrl, WINDOW)).toMatchObject({ code: 100 });
    running.faults.add({ api: COUNT_PATH, mode: 'http500', count: 1 });
    const failed = await post(running.baseUrl, COUNT_PATH, [['biz', '{}']]);
    expect(failed.status).toBe(500);
    running.faults.add({ api: COUNT_PATH, mode: 'garbage', count: 1 });
    const garbage = await post(running.baseUrl, COUNT_PATH, [['biz', '{}']]);
    expect(garbage.status).toBe(200);
    expect(garbage.json).toBeUndefined();
    running.faults.add({ api: COUNT_PATH, mode: 'delay', ms: 100, count: 1 });
    const started = Date.now();
    expect((await query(running.baseUrl, WINDOW)).code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    running.faults.add({ api: COUNT_PATH, mode: 'timeout', count: 1 });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 200);
    await expect(fetch(running.baseUrl + COUNT_PATH, { method: 'POST', body: 'a=b', signal: controller.signal })).rejects.toThrow();
    clearTimeout(timer);
    expect(() => running.faults.add({ api: COUNT_PATH, mode: 'nonsense' } as never)).toThrow(/unknown fault mode/);
    expect(running.faults.list()).toEqual([]);
  });
});
