/**
 * Reading `/open/inventory/count/query` replies into the canonical InventoryCountRecord (protocols/others.md
 * §2.2–2.3; src/catalog/inventory-count.ts). Pure.
 *
 * - Numbers may arrive as JSON numbers (the SDKs, the sandbox) or as strings (seed 004): both are read, and come out
 *   as canonical decimal strings (src/catalog/decimal.ts: `-3`, `2.50`).
 * - Quantities (`items.qty`, `batchs.qty`): canonical = wire × −lossSign, so with the default lossSign −1 the wire
 *   value is kept and a loss is negative; with lossSign 1 (a loss arrives positive) it is negated. `r_qty` (what was
 *   counted) is never negated.
 * - `batchs` are read on the record AND under each item (§2.2: the SDKs and the seed disagree), merged without
 *   duplicates: one batch per (sku_id, batch_no), record-level rows first; a later duplicate only fills fields the
 *   first left empty (ASSUMPTION: two rows for one SKU and lot are the same batch). A batch under an item without
 *   its own sku_id takes the item's.
 * - `io_date` → `2024-09-15T10:21:33+08:00` and `modified` → a Date, both read in the connection's utcOffset.
 * - An unknown status, or a record whose io_id, sku_id, quantities or times cannot be read, makes the whole page
 *   unreadable (UpstreamUnavailableError('unreadable')): a count is never half-read.
 * - Every other field of the record goes into `erpFields` (a null-prototype record, names as Jushuitan gives them).
 */
import type { InventoryCountBatch, InventoryCountLine, InventoryCountPage, InventoryCountRecord } from '../../src/catalog/inventory-count';
import { parseDecimal } from '../../src/catalog/decimal';
import { isJsonObject, JUSHUITAN_STATUS, own, parseWireTime, wireTimeToIso } from './wire';

/** A problem with one reply; the datasource turns it into UpstreamUnavailableError('unreadable'). */
export class UnreadableCountError extends Error {}

export interface CountReadOptions {
  readonly utcOffset: string;
  readonly lossSign: -1 | 1;
}

/** Record fields the canonical form has a place for; everything else goes to erpFields. */
const MAPPED = new Set(['io_id', 'io_date', 'status', 'type', 'warehouse', 'wh_id', 'wms_co_id', 'modified', 'creator_name', 'remark', 'items', 'batchs']);

function where(ioId: string | undefined, field: string): string {
  return ioId === undefined ? field : `count ${ioId}: ${field}`;
}

/** A text field: string, number (as text) or absent/empty (null). */
function text(record: Record<string, unknown>, key: string, ioId?: string): string | null {
  const value = own(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  throw new UnreadableCountError(`${where(ioId, key)} is not text`);
}

function requiredText(record: Record<string, unknown>, key: string, ioId?: string): string {
  const value = text(record, key, ioId);
  if (value === null || value.trim() === '') throw new UnreadableCountError(`${where(ioId, key)} is missing`);
  return value.trim();
}

/** An identifier: a whole number as JSON number or digit string. */
function identifier(record: Record<string, unknown>, key: string, ioId?: string): string | null {
  const value = own(record, key);
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return value.trim();
  throw new UnreadableCountError(`${where(ioId, key)} is not a whole number`);
}

function decimal(record: Record<string, unknown>, key: string, ioId: string, required: boolean): string | null {
  const value = own(record, key);
  if (value === undefined || value === null || value === '') {
    if (required) throw new UnreadableCountError(`${where(ioId, key)} is missing`);
    return null;
  }
  const parsed = parseDecimal(value);
  if (parsed === undefined) throw new UnreadableCountError(`${where(ioId, key)} is not a number`);
  return parsed;
}

/** Canonical gain(+)/loss(−) from the wire's qty: × −lossSign. */
function signed(quantity: string, lossSign: -1 | 1): string {
  if (lossSign === -1) return quantity;
  if (/^0*(\.0*)?$/.test(quantity)) return quantity;
  return quantity.startsWith('-') ? quantity.slice(1) : `-${quantity}`;
}

function time(record: Record<string, unknown>, key: string, ioId: string, offset: string): { iso: string; moment: Date } | null {
  const value = text(record, key, ioId);
  if (value === null) return null;
  const iso = wireTimeToIso(value.trim(), offset);
  const moment = parseWireTime(value.trim(), offset);
  if (iso === undefined || moment === undefined) throw new UnreadableCountError(`${where(ioId, key)} is not a time (yyyy-MM-dd HH:mm:ss)`);
  return { iso, moment };
}

function list(record: Record<string, unknown>, key: string, ioId: string): Record<string, unknown>[] {
  const value = own(record, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UnreadableCountError(`${where(ioId, key)} is not a list`);
  return value.map((entry, index) => {
    if (!isJsonObject(entry)) throw new UnreadableCountError(`${where(ioId, `${key}[${index}]`)} is not an object`);
    return entry;
  });
}

function readBatch(row: Record<string, unknown>, ioId: string, options: CountReadOptions, itemNo: string | null): InventoryCountBatch {
  const sku = text(row, 'sku_id', ioId) ?? itemNo;
  if (sku === null || sku.trim() === '') throw new UnreadableCountError(`${where(ioId, 'batchs.sku_id')} is missing`);
  return {
    itemNo: sku.trim(),
    lot: requiredText(row, 'batch_no', ioId),
    quantity: signed(decimal(row, 'qty', ioId, true)!, options.lossSign),
    productDate: text(row, 'product_date', ioId),
    expirationDate: text(row, 'expiration_date', ioId),
    supplierId: text(row, 'supplier_id', ioId),
    supplierName: text(row, 'supplier_name', ioId),
  };
}

function mergeBatches(batches: readonly InventoryCountBatch[]): InventoryCountBatch[] {
  const merged = new Map<string, InventoryCountBatch>();
  for (const batch of batches) {
    const key = JSON.stringify([batch.itemNo, batch.lot]);
    const first = merged.get(key);
    if (!first) {
      merged.set(key, batch);
      continue;
    }
    merged.set(key, {
      ...first,
      productDate: first.productDate ?? batch.productDate,
      expirationDate: first.expirationDate ?? batch.expirationDate,
      supplierId: first.supplierId ?? batch.supplierId,
      supplierName: first.supplierName ?? batch.supplierName,
    });
  }
  return [...merged.values()];
}

/** One record of `data.datas`. */
export function readCountRecord(record: unknown, options: CountReadOptions): InventoryCountRecord {
  if (!isJsonObject(record)) throw new UnreadableCountError('a count is not an object');
  const ioId = identifier(record, 'io_id');
  if (ioId === null) throw new UnreadableCountError('a count has no io_id');
  const rawStatus = requiredText(record, 'status', ioId);
  const status = JUSHUITAN_STATUS.get(rawStatus);
  if (status === undefined) throw new UnreadableCountError(`count ${ioId}: unknown status ${JSON.stringify(rawStatus.slice(0, 40))}`);
  const batches: InventoryCountBatch[] = list(record, 'batchs', ioId).map((row) => readBatch(row, ioId, options, null));
  const lines: InventoryCountLine[] = list(record, 'items', ioId).map((item) => {
    const itemNo = requiredText(item, 'sku_id', ioId);
    for (const row of list(item, 'batchs', ioId)) batches.push(readBatch(row, ioId, options, itemNo));
    return {
      ioiId: identifier(item, 'ioi_id', ioId),
      itemNo,
      itemName: text(item, 'name', ioId),
      properties: text(item, 'properties_value', ioId),
      countedQuantity: decimal(item, 'r_qty', ioId, false),
      quantity: signed(decimal(item, 'qty', ioId, true)!, options.lossSign),
      lot: text(item, 'batch_id', ioId)?.trim() || null,
    };
  });
  const erpFields = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!MAPPED.has(name)) Object.defineProperty(erpFields, name, { value: record[name], enumerable: true, writable: true, configurable: true });
  }
  return {
    ioId,
    ioDate: time(record, 'io_date', ioId, options.utcOffset)?.iso ?? null,
    status,
    rawStatus,
    type: text(record, 'type', ioId),
    warehouse: text(record, 'warehouse', ioId),
    whId: identifier(record, 'wh_id', ioId),
    wmsCoId: identifier(record, 'wms_co_id', ioId),
    modified: time(record, 'modified', ioId, options.utcOffset)?.moment ?? null,
    creator: text(record, 'creator_name', ioId),
    remark: text(record, 'remark', ioId),
    lines,
    batches: mergeBatches(batches),
    erpFields,
  };
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  return undefined;
}

/** `data` of a count-query reply: `{page_index, page_count, has_next, datas}`. Duplicate io_ids keep the first. */
export function readCountPage(data: unknown, options: CountReadOptions, asked: { pageIndex: number }): InventoryCountPage {
  if (!isJsonObject(data)) throw new UnreadableCountError('the reply has no data object');
  const datas = own(data, 'datas');
  if (datas !== undefined && datas !== null && !Array.isArray(datas)) throw new UnreadableCountError('data.datas is not a list');
  const counts: InventoryCountRecord[] = [];
  const seen = new Set<string>();
  for (const entry of (datas as unknown[] | null | undefined) ?? []) {
    const record = readCountRecord(entry, options);
    if (seen.has(record.ioId)) continue;
    seen.add(record.ioId);
    counts.push(record);
  }
  const pageIndexRaw = Number(own(data, 'page_index'));
  const pageIndex = Number.isSafeInteger(pageIndexRaw) && pageIndexRaw > 0 ? pageIndexRaw : asked.pageIndex;
  let hasNext = flag(own(data, 'has_next'));
  if (hasNext === undefined) {
    const pageCount = Number(own(data, 'page_count'));
    if (!Number.isSafeInteger(pageCount)) throw new UnreadableCountError('the reply has neither has_next nor page_count');
    hasNext = pageIndex < pageCount;
  }
  return { counts, hasNext, pageIndex };
}
