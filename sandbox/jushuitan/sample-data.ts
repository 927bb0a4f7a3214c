/**
 * The Jushuitan sandbox's sample counts (protocols/others.md §2.4 item 7), made relative to the sandbox clock at
 * its first start and then kept in SQLite. 18 counts, io_id 10021–10038, `modified` spread over the 3 days before
 * start (so the sync's default window finds them):
 * - 13 Confirmed: 12 with losses of 1–5 units (page_size 5 → pages of 5, 5, 3) and one with no loss (10031);
 *   among the 12: one with batches both on the record and under an item (10028), one from an unmapped warehouse
 *   (10030: wms_co_id 10999, wh_id 1), one with SKU-GHOST-01, which the Kingdee sandbox lacks (10032);
 * - 2 WaitConfirm, 1 Archive, 1 Cancelled, 1 Delete.
 * Everything else uses SKU-RED-M, SKU-RED-L, SKU-BLUE-M, SKU-BLUE-L, SKU-GREEN-S, SKU-BLACK-XL in wms_co_id 10186,
 * wh_id 1 (主仓) or 4 (次品仓); the lot is B20240901. Numbers are JSON numbers (§2.2: the sandbox sends numbers).
 */
import { formatWireTime } from '../../datasources/jushuitan/wire';
import type { StoredCount } from './state';

export const SANDBOX_UTC_OFFSET = '+08:00';
export const FIRST_IO_ID = 10021;
export const SAMPLE_LOT = 'B20240901';

const PRODUCTS: ReadonlyMap<string, { name: string; spu: string; properties: string }> = new Map([
  ['SKU-RED-M', { name: '红色T恤', spu: 'SPU-RED', properties: '红色;M' }],
  ['SKU-RED-L', { name: '红色T恤', spu: 'SPU-RED', properties: '红色;L' }],
  ['SKU-BLUE-M', { name: '蓝色T恤', spu: 'SPU-BLUE', properties: '蓝色;M' }],
  ['SKU-BLUE-L', { name: '蓝色T恤', spu: 'SPU-BLUE', properties: '蓝色;L' }],
  ['SKU-GREEN-S', { name: '绿色T恤', spu: 'SPU-GREEN', properties: '绿色;S' }],
  ['SKU-BLACK-XL', { name: '黑色T恤', spu: 'SPU-BLACK', properties: '黑色;XL' }],
  ['SKU-GHOST-01', { name: '下架商品', spu: 'SPU-GHOST', properties: '' }],
]);

interface ItemSpec {
  readonly sku: string;
  readonly qty: number;
  readonly lot?: string;
  /** Also list the batch under the item. */
  readonly itemBatch?: boolean;
}

interface CountSpec {
  readonly status: string;
  readonly wmsCoId?: number;
  readonly whId?: 1 | 4;
  readonly items: readonly ItemSpec[];
  /** Batches on the record (sku, qty). */
  readonly recordBatches?: readonly { sku: string; qty: number }[];
  readonly remark?: string;
}

const SPECS: readonly CountSpec[] = [
  { status: 'Confirmed', items: [{ sku: 'SKU-RED-M', qty: -3 }] },
  { status: 'Confirmed', items: [{ sku: 'SKU-RED-L', qty: -1 }, { sku: 'SKU-BLUE-M', qty: -2 }] },
  { status: 'Confirmed', whId: 4, items: [{ sku: 'SKU-BLUE-L', qty: -5 }] },
  { status: 'Confirmed', items: [{ sku: 'SKU-GREEN-S', qty: -2 }] },
  { status: 'WaitConfirm', items: [{ sku: 'SKU-BLACK-XL', qty: -1 }] },
  { status: 'Confirmed', items: [{ sku: 'SKU-BLACK-XL', qty: -4 }, { sku: 'SKU-RED-M', qty: 0 }] },
  { status: 'Confirmed', whId: 4, items: [{ sku: 'SKU-RED-M', qty: -1 }] },
  {
    status: 'Confirmed',
    remark: '批次盘点',
    items: [{ sku: 'SKU-RED-M', qty: -3, lot: SAMPLE_LOT, itemBatch: true }, { sku: 'SKU-BLUE-L', qty: -2 }],
    recordBatches: [{ sku: 'SKU-RED-M', qty: -3 }, { sku: 'SKU-BLUE-L', qty: -2 }],
  },
  { status: 'Archive', items: [{ sku: 'SKU-GREEN-S', qty: -1 }] },
  { status: 'Confirmed', wmsCoId: 10999, whId: 1, remark: '外仓盘点', items: [{ sku: 'SKU-BLUE-M', qty: -2 }] },
  { status: 'Confirmed', remark: '无盘亏', items: [{ sku: 'SKU-RED-L', qty: 0 }, { sku: 'SKU-GREEN-S', qty: 2 }] },
  { status: 'Confirmed', items: [{ sku: 'SKU-GHOST-01', qty: -2 }, { sku: 'SKU-RED-M', qty: -1 }] },
  { status: 'Cancelled', whId: 4, items: [{ sku: 'SKU-BLUE-M', qty: -3 }] },
  { status: 'Confirmed', items: [{ sku: 'SKU-GREEN-S', qty: -3 }] },
  { status: 'Confirmed', items: [{ sku: 'SKU-BLUE-M', qty: -1 }] },
  { status: 'Delete', items: [{ sku: 'SKU-RED-L', qty: -2 }] },
  { status: 'Confirmed', whId: 4, items: [{ sku: 'SKU-BLACK-XL', qty: -5 }] },
  { status: 'WaitConfirm', items: [{ sku: 'SKU-RED-M', qty: -2 }] },
];

function batchRow(sku: string, qty: number): Record<string, unknown> {
  return { sku_id: sku, batch_no: SAMPLE_LOT, qty, product_date: '2024-09-01', supplier_id: 301, supplier_name: '某供应商', expiration_date: '2026-09-01' };
}

/** The sample counts for a sandbox first started at `start`. */
export function sampleCounts(start: Date): StoredCount[] {
  let ioiId = 88001;
  return SPECS.map((spec, index) => {
    const ioId = FIRST_IO_ID + index;
    // From 70 h to 2 h before start, 4 h apart, plus a few minutes so no two share a second.
    const modifiedAt = new Date(start.getTime() - (70 - index * 4) * 3_600_000 + index * 61_000);
    const modified = formatWireTime(modifiedAt, SANDBOX_UTC_OFFSET);
    const ioDate = formatWireTime(new Date(modifiedAt.getTime() - 9 * 60_000), SANDBOX_UTC_OFFSET);
    const whId = spec.whId ?? 1;
    const items = spec.items.map((item, line) => {
      const product = PRODUCTS.get(item.sku)!;
      const book = 20 + ((index * 7 + line * 3) % 15);
      return {
        io_id: ioId,
        ioi_id: ioiId++,
        sku_id: item.sku,
        i_id: product.spu,
        name: product.name,
        properties_value: product.properties,
        r_qty: book + item.qty,
        qty: item.qty,
        ...(item.lot ? { batch_id: item.lot } : {}),
        ...(item.itemBatch ? { batchs: [batchRow(item.sku, item.qty)] } : {}),
      };
    });
    const record: Record<string, unknown> = {
      type: '盘点单',
      io_id: ioId,
      io_date: ioDate,
      status: spec.status,
      warehouse: whId === 4 ? '次品仓' : '主仓',
      creator_name: index % 2 === 0 ? '张三' : '李四',
      remark: spec.remark ?? `sandbox count ${index + 1}`,
      wh_id: whId,
      wms_co_id: spec.wmsCoId ?? 10186,
      modified,
      f_status: 'WaitConfirm',
      lock_wh_id: 0,
      lock_wh_name: '',
      labels: '',
      items,
      batchs: (spec.recordBatches ?? []).map((batch) => batchRow(batch.sku, batch.qty)),
      sns: [],
    };
    return { ioId, status: spec.status, modified, record };
  });
}
