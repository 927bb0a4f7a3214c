/**
 * The Jushuitan datasource against its sandbox over HTTP (protocols/others.md §2): §2.2's rules refused before any
 * call, paging over 3 pages of 5 with no gap or duplicate, io_ids, batches in both places, the loss sign, token
 * renewal on 100 (getInitToken, then refreshToken), rate-limit backoff and its typed failure, 10/130/140/190 as
 * ERP_REJECTED, transport faults as UPSTREAM_UNAVAILABLE, and no document operation. Budget: < 6 s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InventoryCountQuery, InventoryCountRecord } from '../../src/catalog/inventory-count';
import type { DocumentKind } from '../../src/catalog/types';
import { BadUserInputError, ErpRejectedError, UnsupportedActionError, UpstreamUnavailableError } from '../../src/errors';
import { GatewayMetrics } from '../../src/observability/metrics';
import { COUNT_PATH, INIT_TOKEN_PATH, REFRESH_TOKEN_PATH, SANDBOX_APP, startJushuitanSandbox, type RunningJushuitanSandbox } from '../../sandbox/jushuitan/server';
import { parseJushuitanConnection } from './config';
import { JushuitanDatasource } from './datasource';
import { jushuitanFamily } from './family';

const START = new Date('2024-09-08T04:00:00Z');
let now = START;
const clock = (): Date => now;
let sandbox: RunningJushuitanSandbox;
const datasources: JushuitanDatasource[] = [];

function datasource(overrides: Record<string, unknown> = {}, sleeps?: number[]): JushuitanDatasource {
  const config = parseJushuitanConnection(
    'jushuitan',
    { baseUrl: sandbox.baseUrl, appKey: SANDBOX_APP.appKey, appSecret: SANDBOX_APP.appSecret, accessToken: SANDBOX_APP.staticTokens[0], rateLimitBackoffMs: 5, readRetries: 0, timeoutMs: 1000, ...overrides },
    'connections.jushuitan',
  );
  const made = new JushuitanDatasource(config, new GatewayMetrics(), clock, sleeps ? { sleep: async (ms) => void sleeps.push(ms) } : {});
  datasources.push(made);
  return made;
}

const WINDOW = { modifiedFrom: new Date(START.getTime() - 3 * 86_400_000), modifiedTo: START };
const CONFIRMED: InventoryCountQuery = { ...WINDOW, status: 'CONFIRMED', pageIndex: 1, pageSize: 5 };

beforeEach(async () => {
  now = START;
  sandbox = await startJushuitanSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'jst-ds-')), clock, tokenTtlSeconds: 3600 });
});

afterEach(async () => {
  await Promise.all(datasources.splice(0).map((made) => made.close()));
  await sandbox.close();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('JushuitanDatasource', () => {
  test('every §2.2 rule is refused before any HTTP call, naming the field', async () => {
    const ds = datasource();
    const ids = Array.from({ length: 51 }, (_, i) => String(10000 + i));
    const cases: [InventoryCountQuery, string][] = [
      [{ ioIds: ids, pageIndex: 1, pageSize: 5 }, 'ioIds'],
      [{ modifiedFrom: WINDOW.modifiedFrom, pageIndex: 1, pageSize: 5 }, 'modifiedTo'],
      [{ modifiedTo: START, pageIndex: 1, pageSize: 5 }, 'modifiedFrom'],
      [{ modifiedFrom: new Date(START.getTime() - 8 * 86_400_000), modifiedTo: START, pageIndex: 1, pageSize: 5 }, 'modifiedTo'],
      [{ pageIndex: 1, pageSize: 5 }, 'ioIds'],
      [{ ...WINDOW, pageIndex: 1, pageSize: 51 }, 'pageSize'],
    ];
    for (const [query, field] of cases) {
      const error = await failure(ds.queryInventoryCounts(query));
      expect(error).toBeInstanceOf(BadUserInputError);
      expect((error as BadUserInputError).field).toBe(field);
    }
    expect(sandbox.callCount()).toBe(0);
  });

  test('pages of 5 over the 13 Confirmed counts: 3 pages, no gap, no duplicate', async () => {
    const ds = datasource();
    const seen: InventoryCountRecord[] = [];
    const sizes: number[] = [];
    for (let pageIndex = 1; ; pageIndex += 1) {
      const page = await ds.queryInventoryCounts({ ...CONFIRMED, pageIndex });
      expect(page.pageIndex).toBe(pageIndex);
      sizes.push(page.counts.length);
      seen.push(...page.counts);
      if (!page.hasNext) break;
    }
    expect(sizes).toEqual([5, 5, 3]);
    const expected = sandbox.documents({ status: 'CONFIRMED' }).map((doc) => doc.docNo).sort();
    expect(seen.map((count) => count.ioId).sort()).toEqual(expected);
    expect(new Set(seen.map((count) => count.ioId)).size).toBe(13);
    expect(seen.every((count) => count.status === 'CONFIRMED' && count.rawStatus === 'Confirmed')).toBe(true);
    expect(seen.filter((count) => count.lines.some((line) => line.quantity.startsWith('-')))).toHaveLength(12);
    const modified = seen.map((count) => count.modified!.getTime());
    expect(modified).toEqual([...modified].sort((a, b) => a - b));
    expect(sandbox.callCount(COUNT_PATH)).toBe(3);
  });

  test('io_ids filtering, batches in both places, the unmapped warehouse and the ghost SKU', async () => {
    const ds = datasource();
    const page = await ds.queryInventoryCounts({ ioIds: ['10028', '10030', '10032', '99999'], pageIndex: 1, pageSize: 50 });
    expect(page.hasNext).toBe(false);
    expect(page.counts.map((count) => count.ioId)).toEqual(['10028', '10030', '10032']);
    const [batched, unmapped, ghost] = page.counts as [InventoryCountRecord, InventoryCountRecord, InventoryCountRecord];
    expect(batched.lines.map((line) => [line.itemNo, line.quantity, line.lot])).toEqual([
      ['SKU-RED-M', '-3', 'B20240901'],
      ['SKU-BLUE-L', '-2', null],
    ]);
    expect(batched.batches.map((batch) => [batch.itemNo, batch.lot, batch.quantity, batch.supplierId])).toEqual([
      ['SKU-RED-M', 'B20240901', '-3', '301'],
      ['SKU-BLUE-L', 'B20240901', '-2', '301'],
    ]);
    expect([unmapped.wmsCoId, unmapped.whId]).toEqual(['10999', '1']);
    expect(ghost.lines.map((line) => line.itemNo)).toContain('SKU-GHOST-01');
    expect(batched.ioDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(Object.getPrototypeOf(batched.erpFields)).toBeNull();
    expect(batched.erpFields.f_status).toBe('WaitConfirm');
    // A status filter with ids: AND.
    const deleted = await ds.queryInventoryCounts({ ioIds: ['10036', '10021'], status: 'DELETED', pageIndex: 1, pageSize: 50 });
    expect(deleted.counts.map((count) => [count.ioId, count.status])).toEqual([['10036', 'DELETED']]);
  });

  test('lossSign 1 reads the same losses as gains', async () => {
    const page = await datasource({ lossSign: 1 }).queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 });
    expect(page.counts[0]!.lines[0]!.quantity).toBe('3');
  });

  test('a token refused (100) is renewed once — getInitToken, then refreshToken — and the call succeeds', async () => {
    // No static token: the first call gets one through getInitToken.
    const ds = datasource({ accessToken: undefined, authCode: 'abc123' });
    expect((await ds.queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 })).counts).toHaveLength(1);
    expect(sandbox.callCount(INIT_TOKEN_PATH)).toBe(1);
    expect(ds.transport.tokenInfo()).toMatchObject({ hasAccessToken: true, hasRefreshToken: true });
    // The platform says the token is gone: one refresh, one resend.
    sandbox.faults.add({ api: COUNT_PATH, mode: 'token_expired', count: 1 });
    expect((await ds.queryInventoryCounts({ ioIds: ['10022'], pageIndex: 1, pageSize: 5 })).counts).toHaveLength(1);
    expect(sandbox.callCount(REFRESH_TOKEN_PATH)).toBe(1);
    expect(sandbox.callCount(COUNT_PATH)).toBe(3);
    // Refused twice: renewed once only, then ERP_REJECTED 100.
    sandbox.faults.add({ api: COUNT_PATH, mode: 'token_expired', count: 2 });
    const error = await failure(ds.queryInventoryCounts({ ioIds: ['10022'], pageIndex: 1, pageSize: 5 }));
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect((error as ErpRejectedError).erp.code).toBe('100');
    expect(sandbox.callCount(REFRESH_TOKEN_PATH)).toBe(2);
  });

  test('an issued token past its TTL: the sandbox answers 100, the datasource refreshes', async () => {
    await sandbox.close();
    sandbox = await startJushuitanSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'jst-ds-')), clock, tokenTtlSeconds: 600 });
    // The datasource's clock lags (within the 15 minutes of skew), so it does not know the token ran out; the platform's does.
    const ds = new JushuitanDatasource(
      parseJushuitanConnection('jushuitan', { baseUrl: sandbox.baseUrl, appKey: SANDBOX_APP.appKey, appSecret: SANDBOX_APP.appSecret, authCode: 'abc123', readRetries: 0 }, 'c'),
      new GatewayMetrics(),
      () => START,
    );
    datasources.push(ds);
    await ds.queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 });
    now = new Date(START.getTime() + 601_000);
    expect((await ds.queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 })).counts).toHaveLength(1);
    expect(sandbox.callCount(REFRESH_TOKEN_PATH)).toBe(1);
  });

  test('a static token refused with only an authCode: getInitToken', async () => {
    const ds = datasource({ authCode: 'abc123' });
    sandbox.faults.add({ api: COUNT_PATH, mode: 'token_expired', count: 1 });
    expect((await ds.queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 })).counts).toHaveLength(1);
    expect(sandbox.callCount(INIT_TOKEN_PATH)).toBe(1);
    // Without a way to renew: ERP_REJECTED 100 at once, and the message holds no secret.
    const bare = datasource();
    sandbox.faults.add({ api: COUNT_PATH, mode: 'token_expired', count: 1 });
    const error = await failure(bare.queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 }));
    expect(error).toBeInstanceOf(ErpRejectedError);
    expect(error.message).not.toContain(SANDBOX_APP.staticTokens[0]);
    expect(error.message).not.toContain(SANDBOX_APP.appSecret);
  });

  test('rate limit: backoff then success; a persistent one is UPSTREAM_UNAVAILABLE overloaded', async () => {
    const sleeps: number[] = [];
    const ds = datasource({ rateLimitBackoffMs: 10, rateLimitRetries: 3 }, sleeps);
    sandbox.faults.add({ api: COUNT_PATH, mode: 'rate_limit', count: 2 });
    expect((await ds.queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 })).counts).toHaveLength(1);
    expect(sleeps).toEqual([10, 20]);
    sandbox.faults.add({ api: COUNT_PATH, mode: 'rate_limit', count: 10 });
    const error = await failure(ds.queryInventoryCounts({ ioIds: ['10021'], pageIndex: 1, pageSize: 5 }));
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).reason).toBe('overloaded');
    expect(sandbox.callCount(COUNT_PATH)).toBe(3 + 4);
    expect(ds.circuit).toBe('closed');
  });

  test('the sandbox\'s real rate limit, with real backoff', async () => {
    await sandbox.close();
    sandbox = await startJushuitanSandbox({ dataDir: mkdtempSync(path.join(tmpdir(), 'jst-ds-')), clock, rateLimit: { perSecond: 2, perMinute: 100 } });
    const ds = datasource({ rateLimitBackoffMs: 400, rateLimitRetries: 3 });
    const pages = await Promise.all([1, 2, 3].map((pageIndex) => ds.queryInventoryCounts({ ...CONFIRMED, pageIndex })));
    expect(pages.map((page) => page.counts.length)).toEqual([5, 5, 3]);
  });

  test('platform refusals are ERP_REJECTED with the code; transport faults UPSTREAM_UNAVAILABLE', async () => {
    const ds = datasource({ timeoutMs: 250 });
    sandbox.faults.add({ api: COUNT_PATH, mode: 'error', count: 1 });
    const rule = await failure(ds.queryInventoryCounts(CONFIRMED));
    expect(rule).toBeInstanceOf(ErpRejectedError);
    expect((rule as ErpRejectedError).erp).toEqual({ code: '130', message: '参数不符合规范：sandbox fault' });

    const wrongSecret = await failure(datasource({ appSecret: 'not-the-secret' }).queryInventoryCounts(CONFIRMED));
    expect((wrongSecret as ErpRejectedError).erp.code).toBe('10');
    expect(wrongSecret.message).not.toContain('not-the-secret');

    const skewed = new JushuitanDatasource(
      parseJushuitanConnection('jushuitan', { baseUrl: sandbox.baseUrl, appKey: SANDBOX_APP.appKey, appSecret: SANDBOX_APP.appSecret, accessToken: SANDBOX_APP.staticTokens[0], readRetries: 0 }, 'c'),
      new GatewayMetrics(),
      () => new Date(START.getTime() + 16 * 60_000),
    );
    datasources.push(skewed);
    expect(((await failure(skewed.queryInventoryCounts(CONFIRMED))) as ErpRejectedError).erp.code).toBe('140');

    for (const mode of ['http500', 'garbage', 'timeout'] as const) {
      sandbox.faults.add({ api: COUNT_PATH, mode, count: 1 });
      const error = await failure(ds.queryInventoryCounts(CONFIRMED));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).reason).toBe(mode === 'http500' ? 'http_status' : mode === 'garbage' ? 'unreadable' : 'timeout');
    }
  });

  test('a read is retried after an outage by the shared transport', async () => {
    const ds = datasource({ readRetries: 2 });
    sandbox.faults.add({ api: COUNT_PATH, mode: 'http500', count: 1 });
    expect((await ds.queryInventoryCounts(CONFIRMED)).counts).toHaveLength(5);
    expect(sandbox.callCount(COUNT_PATH)).toBe(2);
  });

  test('no document operation: supports() false, UNSUPPORTED_ACTION', async () => {
    const ds = datasource();
    const kind = { type: 'MiscIssue' } as DocumentKind;
    expect(ds.supports(kind)).toBe(false);
    expect(ds.hasCustomized(kind, 'createAndPost')).toBe(false);
    expect(ds.erp).toBe('jushuitan');
    expect(ds.connection).toBe('jushuitan');
    await expect(ds.read(kind, ['1'])).rejects.toBeInstanceOf(UnsupportedActionError);
    await expect(ds.list(kind, {} as never)).rejects.toBeInstanceOf(UnsupportedActionError);
    await expect(ds.count(kind, {} as never)).rejects.toBeInstanceOf(UnsupportedActionError);
    await expect(ds.execute(kind, 'create', {})).rejects.toBeInstanceOf(UnsupportedActionError);
    await expect(ds.executeCustomized(kind, 'createAndPost')).rejects.toBeInstanceOf(UnsupportedActionError);
    await expect(ds.findByReference(kind, 'x')).rejects.toBeInstanceOf(UnsupportedActionError);
    expect(sandbox.callCount()).toBe(0);
  });

  test('the family: its embedded sandbox and connection work together', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'jst-fam-'));
    const started = await jushuitanFamily.startSandbox!({ dataDir, id: 'jushuitan', clock });
    try {
      const config = jushuitanFamily.parseConnection('jushuitan', { ...started.connection, readRetries: 0 }, 'connections.jushuitan');
      const ds = jushuitanFamily.createDatasource(config, new GatewayMetrics(), clock);
      const page = await ds.queryInventoryCounts!({ ...WINDOW, pageIndex: 1, pageSize: 50 });
      expect(page.counts).toHaveLength(18);
      await ds.close();
    } finally {
      await started.handle.close();
    }
  });
});
