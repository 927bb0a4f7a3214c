/**
 * Inventory counts (盘点单, Jushuitan `/open/inventory/count/query`, protocols/others.md §2.2–2.3): read-only
 * records, not Documents — their status is their own (design §2) and paging is forward-only (Jushuitan pages by
 * index). Canonical shape exchanged between a count source's datasource, the `inventoryCounts` query and the
 * `syncInventoryCounts` flow.
 */
export const INVENTORY_COUNT_STATUSES = ['WAIT_CONFIRM', 'CONFIRMED', 'ARCHIVED', 'CANCELLED', 'DELETED'] as const;
export type InventoryCountStatus = (typeof INVENTORY_COUNT_STATUSES)[number];

/** One counted item. `quantity` is the gain (+) or loss (−) against the book, as a decimal string (§2.2: signed). */
export interface InventoryCountLine {
  readonly ioiId: string | null;
  readonly itemNo: string;
  readonly itemName: string | null;
  readonly properties: string | null;
  /** r_qty: what was counted. */
  readonly countedQuantity: string | null;
  readonly quantity: string;
  /** batch_id on the item, where the count names one. */
  readonly lot: string | null;
}

/** A batch row (`batchs`, on the record or under an item: both are read). */
export interface InventoryCountBatch {
  readonly itemNo: string;
  readonly lot: string;
  readonly quantity: string;
  readonly productDate: string | null;
  readonly expirationDate: string | null;
  readonly supplierId: string | null;
  readonly supplierName: string | null;
}

export interface InventoryCountRecord {
  /** io_id, as text. */
  readonly ioId: string;
  /** io_date as an ISO date-time in the source's zone, `2024-09-15T10:21:33+08:00`. */
  readonly ioDate: string | null;
  readonly status: InventoryCountStatus;
  /** The source's own status text (Confirmed …). */
  readonly rawStatus: string;
  readonly type: string | null;
  readonly warehouse: string | null;
  /** wh_id: 1 main, 2 sales-return, 3 receiving, 4 defective. */
  readonly whId: string | null;
  /** wms_co_id: the sub-warehouse (分仓). */
  readonly wmsCoId: string | null;
  readonly modified: Date | null;
  readonly creator: string | null;
  readonly remark: string | null;
  readonly lines: readonly InventoryCountLine[];
  readonly batches: readonly InventoryCountBatch[];
  /** Every other field of the record, as the source names it (a null-prototype record). */
  readonly erpFields: Record<string, unknown>;
}

/** One page of counts. The source checks its own rules (≤ 50 io_ids, a window of ≤ 7 days, both ends or none). */
export interface InventoryCountQuery {
  readonly ioIds?: readonly string[];
  readonly modifiedFrom?: Date;
  readonly modifiedTo?: Date;
  readonly status?: InventoryCountStatus;
  /** From 1. */
  readonly pageIndex: number;
  readonly pageSize: number;
}

export interface InventoryCountPage {
  readonly counts: readonly InventoryCountRecord[];
  readonly hasNext: boolean;
  readonly pageIndex: number;
}
