/**
 * Inventory counts and the count → other-outbound sync (design §2, issue 13): `InventoryCount` is a `Node` but not a
 * `Document` (its status is its own, it is read-only, and its lists page forward only), and `syncInventoryCounts`
 * answers `InventorySyncResult`, a payload like every mutation's.
 */
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { documentKind } from '../src/catalog';
import { INVENTORY_COUNT_STATUSES, type InventoryCountStatus } from '../src/catalog/inventory-count';
import type { Erp } from '../src/catalog/types';
import type { ErrorCode } from '../src/errors';
import { IdempotencyResult, NodeInterface, PageInfo, UserError } from './common';
import { documentTypes } from './documents';
import { ErpEnum, ErrorCodeEnum } from './enums';
import { DateTimeScalar, DecimalScalar, JSONScalar } from './scalars';

const STATUS_DESCRIPTIONS: Record<InventoryCountStatus, string> = {
  WAIT_CONFIRM: 'Counted, waiting for confirmation (WaitConfirm 待确认).',
  CONFIRMED: 'Confirmed: the count is in effect (Confirmed 生效). Only these are carried over by syncInventoryCounts.',
  ARCHIVED: 'Archived after confirmation (Archive 归档).',
  CANCELLED: 'Cancelled before confirmation (Cancelled 取消).',
  DELETED: 'Voided (Delete 作废).',
};

export const InventoryCountStatusEnum = Object.fromEntries(INVENTORY_COUNT_STATUSES.map((status) => [status, status])) as Record<InventoryCountStatus, InventoryCountStatus>;
registerEnumType(InventoryCountStatusEnum, {
  name: 'InventoryCountStatus',
  description: 'Where an inventory count stands in its source system (Jushuitan).',
  valuesConfig: Object.fromEntries(INVENTORY_COUNT_STATUSES.map((status) => [status, { description: STATUS_DESCRIPTIONS[status] }])),
});

@ObjectType('InventoryCountLine', { description: 'One counted item: what was counted, and the gain or loss against the book.' })
export class InventoryCountLine {
  @Field(() => String, { nullable: true, description: 'The line id in the source (ioi_id).' }) ioiId?: string | null;
  @Field(() => String, { description: 'Item (sku_id).' }) itemNo!: string;
  @Field(() => String, { nullable: true, description: 'Item name.' }) itemName?: string | null;
  @Field(() => String, { nullable: true, description: 'Colour and size (properties_value).' }) properties?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Quantity counted (r_qty).' }) countedQuantity?: string | null;
  @Field(() => DecimalScalar, { description: 'Gain (positive) or loss (negative, 盘亏) against the book.' }) quantity!: string;
  @Field(() => String, { nullable: true, description: 'Lot (batch_id), where the line names one.' }) lot?: string | null;
}

@ObjectType('InventoryCountBatch', { description: 'A batch row of a count (batchs), with its dates and supplier.' })
export class InventoryCountBatch {
  @Field(() => String, { description: 'Item (sku_id).' }) itemNo!: string;
  @Field(() => String, { description: 'Lot (batch_no).' }) lot!: string;
  @Field(() => DecimalScalar, { description: 'Quantity of the batch row (signed like the line).' }) quantity!: string;
  @Field(() => String, { nullable: true, description: 'Production date.' }) productDate?: string | null;
  @Field(() => String, { nullable: true, description: 'Expiry date.' }) expirationDate?: string | null;
  @Field(() => String, { nullable: true, description: 'Supplier id.' }) supplierId?: string | null;
  @Field(() => String, { nullable: true, description: 'Supplier name.' }) supplierName?: string | null;
}

@ObjectType('InventoryCount', { implements: NodeInterface, description: 'An inventory count (盘点单) of a source system (Jushuitan): read-only.' })
export class InventoryCount extends NodeInterface {
  @Field(() => ID, { description: 'The gateway connection it was read from.' }) connection!: string;
  @Field(() => ErpEnum, { description: 'The ERP family of that connection.' }) erp!: Erp;
  @Field(() => String, { description: 'Count number (io_id).' }) ioId!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Count date (io_date).' }) ioDate?: string | null;
  @Field(() => InventoryCountStatusEnum, { description: 'Status, the same across sources.' }) status!: InventoryCountStatus;
  @Field(() => String, { description: "The source's own status (Confirmed …)." }) erpStatus!: string;
  @Field(() => String, { nullable: true, description: 'Document type text.' }) type?: string | null;
  @Field(() => String, { nullable: true, description: 'Warehouse name.' }) warehouse?: string | null;
  @Field(() => String, { nullable: true, description: 'Warehouse kind (wh_id): 1 main, 2 sales return, 3 receiving, 4 defective.' }) whId?: string | null;
  @Field(() => String, { nullable: true, description: 'Sub-warehouse (wms_co_id).' }) wmsCoId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the source last changed it (modified).' }) modifiedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Who created it.' }) creator?: string | null;
  @Field(() => String, { nullable: true, description: 'Remark.' }) remark?: string | null;
  @Field(() => [InventoryCountLine], { description: 'Counted items.' }) lines!: InventoryCountLine[];
  @Field(() => [InventoryCountBatch], { description: 'Batch rows, from the record and from under its items.' }) batches!: InventoryCountBatch[];
  @Field(() => JSONScalar, { nullable: true, description: 'Every other field, as the source names it.' }) erpFields?: Record<string, unknown> | null;
}

@ObjectType('InventoryCountEdge', { description: 'A count and its cursor.' })
export class InventoryCountEdge {
  @Field(() => String, { description: 'Cursor: `after` it pages on.' }) cursor!: string;
  @Field(() => InventoryCount, { description: 'The count.' }) node!: InventoryCount;
}

@ObjectType('InventoryCountConnection', { description: 'A page of counts. Forward only: the source pages by index.' })
export class InventoryCountConnection {
  @Field(() => [InventoryCountEdge], { description: 'The counts of this page.' }) edges!: InventoryCountEdge[];
  @Field(() => PageInfo, { description: 'Where the page sits (hasPreviousPage is true past the first page).' }) pageInfo!: PageInfo;
}

@InputType('InventoryCountFilter', { description: 'Which counts. Without ioIds and window: the last 7 days.' })
export class InventoryCountFilter {
  @Field(() => InventoryCountStatusEnum, { nullable: true, description: 'Only counts in this status.' }) status?: InventoryCountStatus;
  @Field(() => [String], { nullable: true, description: 'These count numbers (io_id), at most 50.' }) ioIds?: string[];
  @Field(() => DateTimeScalar, { nullable: true, description: 'Changed at or after (with modifiedTo: a window of at most 7 days).' }) modifiedFrom?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Changed at or before.' }) modifiedTo?: Date;
}

@ObjectType('SyncFailure', { description: 'A count that was not carried over, and why; the next run tries it again.' })
export class SyncFailure {
  @Field(() => String, { description: 'The count (io_id).' }) ioId!: string;
  @Field(() => ErrorCodeEnum, { description: 'ERP_REJECTED (the target refused it), UPSTREAM_UNAVAILABLE, or BAD_USER_INPUT (an unmapped warehouse or item).' })
  code!: ErrorCode;
  @Field(() => String, { description: 'For people.' }) message!: string;
  @Field(() => JSONScalar, { nullable: true, description: "The target's own message (MsgCode, Message, FieldName)." }) erp?: Record<string, unknown> | null;
}

const miscIssue = documentTypes(documentKind('MiscIssue')!).object;

@ObjectType('InventorySyncResult', { description: 'What syncInventoryCounts did: every confirmed count with losses is in exactly one list.' })
export class InventorySyncResult {
  @Field(() => [miscIssue], { description: 'Other-outbound documents created now (MiscIssue on the target), as the target holds them.' }) created!: unknown[];
  @Field(() => [String], { description: 'Counts (io_id) already carried over, or being carried over by a concurrent run: nothing was sent for them.' })
  skipped!: string[];
  @Field(() => [SyncFailure], { description: 'Counts that failed, each on its own; the others went on.' }) failed!: SyncFailure[];
  @Field(() => [UserError], { description: 'Why the run as a whole stopped early or was refused (a count page could not be fetched: the result is partial).' })
  userErrors!: UserError[];
  @Field(() => IdempotencyResult, { nullable: true, description: 'How the idempotency key was used.' }) idempotency?: IdempotencyResult | null;
}
