/**
 * Jushuitan config and reply reading, pure (protocols/others.md §2.2–2.3): numbers as strings or numbers, the loss
 * sign, batches on the record and under items merged, times in the connection's offset, unknown status refused,
 * erpFields null-prototype, hostile names harmless; §2.2 rules on the canonical query. Budget: < 1 s.
 */
import { BadUserInputError } from '../../src/errors';
import { ConfigError } from '../../src/config/fields';
import { parseJushuitanConnection } from './config';
import { countQueryBiz } from './datasource';
import { readCountPage, readCountRecord, UnreadableCountError } from './mapping';
import { parseUntrustedJson } from './wire';

const OPTIONS = { utcOffset: '+08:00', lossSign: -1 as const };

/** The §2.2 reply's record, with the numbers as strings (seed 004's typing). */
const SEED_STYLE = {
  type: '盘点单',
  io_id: '10023',
  io_date: '2024-09-15 10:21:33',
  status: 'Confirmed',
  warehouse: '主仓',
  creator_name: '张三',
  remark: '9月月盘',
  wh_id: '1',
  wms_co_id: '10186',
  modified: '2024-09-15 10:30:01',
  f_status: 'WaitConfirm',
  lock_wh_id: '0',
  lock_wh_name: '',
  labels: '',
  items: [
    {
      io_id: '10023',
      ioi_id: '88001',
      sku_id: 'SKU-RED-M',
      i_id: 'SPU-RED',
      name: '红色T恤',
      properties_value: '红色;M',
      r_qty: '17',
      qty: '-3',
      batch_id: 'B20240901',
      batchs: [{ sku_id: 'SKU-RED-M', batch_no: 'B20240901', qty: '-3', product_date: '2024-09-01', supplier_id: '301', supplier_name: '某供应商', expiration_date: '2026-09-01' }],
    },
    { io_id: '10023', ioi_id: '88002', sku_id: 'SKU-BLUE-L', name: '蓝色T恤', properties_value: '蓝色;L', r_qty: '8.50', qty: '-1.50', batchs: [{ batch_no: 'B20240815', qty: '-1.50' }] },
  ],
  batchs: [{ sku_id: 'SKU-RED-M', batch_no: 'B20240901', qty: -3, product_date: '2024-09-01', supplier_id: 301, supplier_name: '', expiration_date: null }],
  sns: [],
};

describe('readCountRecord', () => {
  test('strings and numbers read alike; decimals kept; times in the offset', () => {
    const fromStrings = readCountRecord(SEED_STYLE, OPTIONS);
    const numeric = JSON.parse(JSON.stringify(SEED_STYLE), (key, value) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) && key !== 'batch_no' ? Number(value) : value));
    const fromNumbers = readCountRecord(numeric, OPTIONS);
    expect(fromStrings.ioId).toBe('10023');
    expect(fromNumbers.ioId).toBe('10023');
    expect(fromStrings.lines.map((line) => [line.ioiId, line.itemNo, line.countedQuantity, line.quantity, line.lot])).toEqual([
      ['88001', 'SKU-RED-M', '17', '-3', 'B20240901'],
      ['88002', 'SKU-BLUE-L', '8.50', '-1.50', null],
    ]);
    expect(fromNumbers.lines.map((line) => line.quantity)).toEqual(['-3', '-1.5']);
    expect(fromStrings.status).toBe('CONFIRMED');
    expect(fromStrings.rawStatus).toBe('Confirmed');
    expect(fromStrings.ioDate).toBe('2024-09-15T10:21:33+08:00');
    expect(fromStrings.modified?.toISOString()).toBe('2024-09-15T02:30:01.000Z');
    expect([fromStrings.whId, fromStrings.wmsCoId, fromNumbers.whId, fromNumbers.wmsCoId]).toEqual(['1', '10186', '1', '10186']);
    expect([fromStrings.creator, fromStrings.remark, fromStrings.warehouse, fromStrings.type]).toEqual(['张三', '9月月盘', '主仓', '盘点单']);
  });

  test('batches from the record and from under items, merged without duplicates', () => {
    const record = readCountRecord(SEED_STYLE, OPTIONS);
    expect(record.batches).toEqual([
      // Record-level first; the item-level duplicate fills what the first left empty.
      { itemNo: 'SKU-RED-M', lot: 'B20240901', quantity: '-3', productDate: '2024-09-01', expirationDate: '2026-09-01', supplierId: '301', supplierName: '某供应商' },
      // Under an item, without its own sku_id: the item's.
      { itemNo: 'SKU-BLUE-L', lot: 'B20240815', quantity: '-1.50', productDate: null, expirationDate: null, supplierId: null, supplierName: null },
    ]);
  });

  test('lossSign 1 flips qty (a loss arrives positive); r_qty is never flipped', () => {
    const flipped = readCountRecord({ ...SEED_STYLE, items: [{ sku_id: 'A', qty: 3, r_qty: 17 }, { sku_id: 'B', qty: '-2', r_qty: 5 }, { sku_id: 'C', qty: 0 }], batchs: [{ sku_id: 'A', batch_no: 'L1', qty: '3' }] }, { ...OPTIONS, lossSign: 1 });
    expect(flipped.lines.map((line) => [line.quantity, line.countedQuantity])).toEqual([['-3', '17'], ['2', '5'], ['0', null]]);
    expect(flipped.batches[0]!.quantity).toBe('-3');
  });

  test('every other field goes into a null-prototype erpFields', () => {
    const record = readCountRecord(SEED_STYLE, OPTIONS);
    expect(Object.getPrototypeOf(record.erpFields)).toBeNull();
    expect(Object.keys(record.erpFields).sort()).toEqual(['f_status', 'labels', 'lock_wh_id', 'lock_wh_name', 'sns']);
    const hostile = parseUntrustedJson('{"io_id":1,"status":"Confirmed","__proto__":{"polluted":true},"constructor":"x","items":[]}');
    const read = readCountRecord(hostile, OPTIONS);
    expect(Object.keys(read.erpFields).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('an unknown status, a bad number or time, a missing io_id or sku_id: unreadable', () => {
    expect(() => readCountRecord({ ...SEED_STYLE, status: 'Open' }, OPTIONS)).toThrow(UnreadableCountError);
    expect(() => readCountRecord({ ...SEED_STYLE, status: 'toString' }, OPTIONS)).toThrow(UnreadableCountError);
    expect(() => readCountRecord({ ...SEED_STYLE, io_id: undefined }, OPTIONS)).toThrow(UnreadableCountError);
    expect(() => readCountRecord({ ...SEED_STYLE, modified: '15/09/2024' }, OPTIONS)).toThrow(UnreadableCountError);
    expect(() => readCountRecord({ ...SEED_STYLE, items: [{ sku_id: 'A', qty: 'three' }] }, OPTIONS)).toThrow(UnreadableCountError);
    expect(() => readCountRecord({ ...SEED_STYLE, items: [{ qty: 1 }] }, OPTIONS)).toThrow(UnreadableCountError);
    expect(() => readCountRecord({ ...SEED_STYLE, items: 'none' }, OPTIONS)).toThrow(UnreadableCountError);
    expect(() => readCountRecord('x', OPTIONS)).toThrow(UnreadableCountError);
  });

  test('a page: has_next, else page_index < page_count; duplicates by io_id dropped', () => {
    const page = readCountPage({ page_index: 2, page_count: 3, datas: [SEED_STYLE, SEED_STYLE] }, OPTIONS, { pageIndex: 2 });
    expect(page).toMatchObject({ pageIndex: 2, hasNext: true });
    expect(page.counts).toHaveLength(1);
    expect(readCountPage({ page_index: 1, has_next: false, datas: [] }, OPTIONS, { pageIndex: 1 }).hasNext).toBe(false);
    expect(() => readCountPage({ datas: 'x', has_next: false }, OPTIONS, { pageIndex: 1 })).toThrow(UnreadableCountError);
    expect(() => readCountPage(null, OPTIONS, { pageIndex: 1 })).toThrow(UnreadableCountError);
  });
});

describe('countQueryBiz (§2.2 rules, before any call)', () => {
  const from = new Date('2024-09-01T00:00:00+08:00');
  const to = new Date('2024-09-07T23:59:59+08:00');
  const field = (query: Parameters<typeof countQueryBiz>[0]): string => {
    try {
      countQueryBiz(query, '+08:00');
    } catch (error) {
      if (error instanceof BadUserInputError) return error.field;
      throw error;
    }
    return 'accepted';
  };

  test('the §2.2 example, serialised as vector 2 signs it', () => {
    expect(JSON.stringify(countQueryBiz({ modifiedFrom: from, modifiedTo: to, status: 'CONFIRMED', pageIndex: 1, pageSize: 50 }, '+08:00'))).toBe(
      '{"page_index":1,"page_size":50,"modified_begin":"2024-09-01 00:00:00","modified_end":"2024-09-07 23:59:59","status":"Confirmed"}',
    );
    expect(countQueryBiz({ ioIds: ['10021', '10022'], pageIndex: 2, pageSize: 5, status: 'DELETED' }, '+08:00')).toEqual({ page_index: 2, page_size: 5, io_ids: '10021,10022', status: 'Delete' });
  });

  test('each rule names its field', () => {
    const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => String(1 + i));
    expect(field({ ioIds: ids(51), pageIndex: 1, pageSize: 50 })).toBe('ioIds');
    expect(field({ ioIds: ids(50), pageIndex: 1, pageSize: 50 })).toBe('accepted');
    expect(field({ ioIds: ['1,2'], pageIndex: 1, pageSize: 50 })).toBe('ioIds[0]');
    expect(field({ modifiedFrom: from, pageIndex: 1, pageSize: 50 })).toBe('modifiedTo');
    expect(field({ modifiedTo: to, pageIndex: 1, pageSize: 50 })).toBe('modifiedFrom');
    expect(field({ modifiedFrom: from, modifiedTo: new Date(from.getTime() + 7 * 86_400_000 + 1000), pageIndex: 1, pageSize: 50 })).toBe('modifiedTo');
    expect(field({ modifiedFrom: from, modifiedTo: new Date(from.getTime() + 7 * 86_400_000), pageIndex: 1, pageSize: 50 })).toBe('accepted');
    expect(field({ modifiedFrom: to, modifiedTo: from, pageIndex: 1, pageSize: 50 })).toBe('modifiedTo');
    expect(field({ modifiedFrom: new Date('nope'), modifiedTo: to, pageIndex: 1, pageSize: 50 })).toBe('modifiedFrom');
    expect(field({ pageIndex: 1, pageSize: 50 })).toBe('ioIds');
    expect(field({ ioIds: [], pageIndex: 1, pageSize: 50 })).toBe('ioIds');
    expect(field({ ioIds: ['1'], pageIndex: 1, pageSize: 51 })).toBe('pageSize');
    expect(field({ ioIds: ['1'], pageIndex: 0, pageSize: 5 })).toBe('pageIndex');
    expect(field({ ioIds: ['1'], pageIndex: 1, pageSize: 5, status: 'OPEN' as never })).toBe('status');
  });
});

describe('parseJushuitanConnection', () => {
  const base = { appKey: 'k', appSecret: 's3cret-value', accessToken: 't' };

  test('defaults', () => {
    const config = parseJushuitanConnection('jst', { ...base }, 'connections.jst');
    expect(config).toMatchObject({ erp: 'jushuitan', baseUrl: 'https://openapi.jushuitan.com', utcOffset: '+08:00', lossSign: -1, pageSize: 50, rateLimitBackoffMs: 1000, rateLimitRetries: 3 });
  });

  test('refusals name the key and never echo a secret', () => {
    const refused = (record: Record<string, unknown>): ConfigError => {
      try {
        parseJushuitanConnection('jst', record, 'connections.jst');
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('accepted');
    };
    expect(refused({ appKey: 'k', accessToken: 't' }).key).toBe('connections.jst.appSecret');
    expect(refused({ appKey: 'k', appSecret: 's' }).key).toBe('connections.jst.accessToken');
    expect(refused({ ...base, authCode: '12345' }).key).toBe('connections.jst.authCode');
    expect(refused({ ...base, lossSign: 0 }).key).toBe('connections.jst.lossSign');
    expect(refused({ ...base, pageSize: 51 }).key).toBe('connections.jst.pageSize');
    expect(refused({ ...base, utcOffset: '8' }).key).toBe('connections.jst.utcOffset');
    expect(refused({ ...base, extra: 1 }).key).toBe('connections.jst.extra');
    expect(refused({ ...base, appSecret: 's3cret value' }).message).not.toContain('s3cret');
    expect(parseJushuitanConnection('jst', { ...base, lossSign: '1', authCode: '123456', accessToken: undefined }, 'c').lossSign).toBe(1);
  });
});
