/**
 * The sync's pure parts and its ledger (protocols/others.md §5): windows, loss lines, the bill a count becomes,
 * and claims that two runs cannot both win. Budget: < 2 s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InventoryCountRecord } from '../catalog/inventory-count';
import { BadUserInputError } from '../errors';
import { parseInventorySync } from './config';
import { billInput, lossLines, windowsOf } from './inventory-counts';
import { SqliteSyncLedger } from './ledger';

const count = (overrides: Partial<InventoryCountRecord> = {}): InventoryCountRecord => ({
  ioId: '10023',
  ioDate: '2024-09-15T10:21:33+08:00',
  status: 'CONFIRMED',
  rawStatus: 'Confirmed',
  type: '盘点单',
  warehouse: '主仓',
  whId: '1',
  wmsCoId: '10186',
  modified: new Date('2024-09-15T02:30:01Z'),
  creator: '张三',
  remark: '9月月盘',
  lines: [{ ioiId: '88001', itemNo: 'SKU-RED-M', itemName: '红色T恤', properties: '红色;M', countedQuantity: '17', quantity: '-3', lot: 'B20240901' }],
  batches: [{ itemNo: 'SKU-RED-M', lot: 'B20240901', quantity: '-3', productDate: '2024-09-01', expirationDate: '2026-09-01', supplierId: '301', supplierName: '某供应商' }],
  erpFields: Object.create(null) as Record<string, unknown>,
  ...overrides,
});
const settings = parseInventorySync({ warehouses: { '10186:1': 'CK001' }, department: 'BM000001', items: { 'SKU-RED-L': { number: 'M-RED-L', unit: 'Box' } } }, ['jst', 'kd']);

describe('windowsOf', () => {
  it('defaults to the 7 days before now and cuts a longer window into pieces of at most 7 days, inclusive to the second', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    expect(windowsOf({}, now)).toEqual([{ from: new Date('2026-11-21T00:00:00Z'), to: now }]);
    const pieces = windowsOf({ modifiedFrom: new Date('2026-11-01T00:00:00Z'), modifiedTo: new Date('2026-11-20T00:00:00Z') }, now);
    expect(pieces.map((piece) => [piece.from.toISOString(), piece.to.toISOString()])).toEqual([
      ['2026-11-01T00:00:00.000Z', '2026-11-08T00:00:00.000Z'],
      ['2026-11-08T00:00:01.000Z', '2026-11-15T00:00:01.000Z'],
      ['2026-11-15T00:00:02.000Z', '2026-11-20T00:00:00.000Z'],
    ]);
    expect(() => windowsOf({ modifiedFrom: new Date('2026-11-02T00:00:00Z'), modifiedTo: new Date('2026-11-01T00:00:00Z') }, now)).toThrow(BadUserInputError);
  });
});

describe('lossLines and billInput (§5 steps 2 and 4)', () => {
  it('turns the seed-004 count into one bill line of 3 with its lot and batch dates, numbered after the count', () => {
    const input = billInput(count(), settings);
    expect(input).toMatchObject({ docDate: '2024-09-15', department: 'BM000001', remark: 'JST count 10023: 9月月盘' });
    expect(input.lines).toEqual([
      { itemNo: 'SKU-RED-M', quantity: '3', unit: 'Pcs', warehouse: 'CK001', lot: 'B20240901', remark: 'ioi 88001', erpFields: expect.objectContaining({ FProduceDate: '2024-09-01', FExpiryDate: '2026-09-01' }) },
    ]);
  });

  it('splits a loss over the item’s batches when they add up to it, and keeps one lot-less line when they do not', () => {
    const split = count({
      lines: [{ ioiId: '1', itemNo: 'SKU-RED-M', itemName: null, properties: null, countedQuantity: '5', quantity: '-5', lot: null }],
      batches: [
        { itemNo: 'SKU-RED-M', lot: 'B1', quantity: '-2', productDate: null, expirationDate: null, supplierId: null, supplierName: null },
        { itemNo: 'SKU-RED-M', lot: 'B2', quantity: '-3', productDate: null, expirationDate: null, supplierId: null, supplierName: null },
      ],
    });
    expect(lossLines(split).map((line) => [line.quantity, line.lot])).toEqual([['2', 'B1'], ['3', 'B2']]);
    const unmatched = count({ lines: [{ ...split.lines[0], quantity: '-6' }], batches: split.batches });
    expect(lossLines(unmatched).map((line) => [line.quantity, line.lot])).toEqual([['6', null]]);
  });

  it('never books a gain batch out, and gives each batch to one line only', () => {
    const batch = (lot: string, quantity: string) => ({ itemNo: 'SKU-RED-M', lot, quantity, productDate: null, expirationDate: null, supplierId: null, supplierName: null });
    const line = (ioiId: string, quantity: string) => ({ ioiId, itemNo: 'SKU-RED-M', itemName: null, properties: null, countedQuantity: null, quantity, lot: null });
    // −3 against batches −2 and +1: the loss batches do not add up to the loss, so one line without a lot.
    expect(lossLines(count({ lines: [line('1', '-3')], batches: [batch('B1', '-2'), batch('B2', '1')] })).map((found) => [found.quantity, found.lot])).toEqual([['3', null]]);
    // Two loss lines of one item, batches that add up to the first: the second does not take them again.
    const twice = lossLines(count({ lines: [line('1', '-3'), line('2', '-3')], batches: [batch('B1', '-1'), batch('B2', '-2')] }));
    expect(twice.map((found) => [found.line.ioiId, found.quantity, found.lot])).toEqual([['1', '1', 'B1'], ['1', '2', 'B2'], ['2', '3', null]]);
  });

  it('ignores gains and zero lines; a count without a loss gives no line', () => {
    const gains = count({ lines: [{ ioiId: '1', itemNo: 'A', itemName: null, properties: null, countedQuantity: '9', quantity: '2', lot: null }, { ioiId: '2', itemNo: 'B', itemName: null, properties: null, countedQuantity: '9', quantity: '0', lot: null }], batches: [] });
    expect(lossLines(gains)).toEqual([]);
  });

  it('maps items through the item map (identity otherwise) and fails an unmapped warehouse, or an unmapped item under strictItems', () => {
    const mapped = billInput(count({ lines: [{ ioiId: '7', itemNo: 'SKU-RED-L', itemName: null, properties: null, countedQuantity: '1', quantity: '-1.5', lot: null }], batches: [] }), settings);
    expect(mapped.lines![0]).toMatchObject({ itemNo: 'M-RED-L', unit: 'Box', quantity: '1.5', lot: null });
    expect(() => billInput(count({ wmsCoId: '10999' }), settings)).toThrow(/10999:1/);
    const strict = parseInventorySync({ warehouses: { '10186:1': 'CK001' }, strictItems: true }, []);
    expect(() => billInput(count(), strict)).toThrow(/SKU-RED-M/);
  });
});

describe('the sync ledger', () => {
  const key = (sourceId: string) => ({ target: 'kd', form: 'STK_MisDelivery', source: 'jst', sourceId });

  it('lets one run claim a count; a second run skips it while the lease holds, takes it over after, never once DONE', () => {
    const ledger = new SqliteSyncLedger(mkdtempSync(path.join(tmpdir(), 'gw-ledger-')));
    const t0 = new Date('2026-11-28T00:00:00Z');
    expect(ledger.claim([key('1'), key('2')], 'run-a', t0, 60_000).map((claimed) => claimed.sourceId)).toEqual(['1', '2']);
    expect(ledger.claim([key('1'), key('3')], 'run-b', t0, 60_000).map((claimed) => claimed.sourceId)).toEqual(['3']);
    ledger.done(key('1'), 'JST-PK-1', t0);
    ledger.release(key('2'), 'run-b'); // not run-b's: nothing happens
    expect(ledger.get(key('2'))).toMatchObject({ state: 'CLAIMED' });
    const later = new Date(t0.getTime() + 120_000);
    expect(ledger.claim([key('1'), key('2')], 'run-c', later, 60_000).map((claimed) => claimed.sourceId)).toEqual(['2']);
    ledger.release(key('2'), 'run-c');
    expect(ledger.get(key('2'))).toBeUndefined();
    expect(ledger.get(key('1'))).toEqual({ state: 'DONE', docNo: 'JST-PK-1' });
    ledger.close();
  });
});

describe('inventorySync config', () => {
  it('names the key at fault', () => {
    expect(() => parseInventorySync({ warehouses: { main: 'CK001' } }, [])).toThrow(/inventorySync\.warehouses\.main/);
    expect(() => parseInventorySync({ source: 'nope' }, ['jst'])).toThrow(/inventorySync\.source/);
    expect(() => parseInventorySync({ pageSize: 100 }, [])).toThrow(/inventorySync\.pageSize/);
  });
});
