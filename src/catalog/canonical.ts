/**
 * The canonical document: what resolvers and datasources exchange, independent of any ERP's field names.
 * Per-type fields (WorkOrder.itemNo …) sit flat beside the common ones, named as in the catalog's FieldSpec.
 */
import type { DocumentStatus, Erp } from './types';

export interface CanonicalLine {
  seq?: number;
  itemNo: string;
  /** A decimal string at the ERP's precision (`"12.500"`). */
  quantity: string;
  unit?: string | null;
  warehouse?: string | null;
  location?: string | null;
  lot?: string | null;
  workOrderNo?: string | null;
  remark?: string | null;
  /** A transfer line's destination (catalog `lineFields`). */
  toWarehouse?: string | null;
  toLocation?: string | null;
  toLot?: string | null;
  erpFields?: Record<string, unknown> | null;
  /** Wire fields the gateway itself adds (a business event's line fields); never from a client's input. */
  gatewayFields?: Record<string, unknown> | null;
}

/** The canonical line fields that hold another document's number (design §2: lines carry their work order). */
export const LINE_REFERENCE_FIELDS = ['workOrderNo'] as const satisfies readonly (keyof CanonicalLine)[];

export interface CanonicalDocument {
  docNo: string;
  status: DocumentStatus;
  /** The ERP's own status code (T100 `stus`: N, Y, S, X, F …), served as `erpStatus`. */
  rawStatus: string;
  docType?: string | null;
  docDate?: string | null;
  department?: string | null;
  supplier?: string | null;
  remark?: string | null;
  workOrderNo?: string | null;
  /** When the ERP last changed the document, where it says. */
  modifiedAt?: Date | string | null;
  /** Undefined when the ERP answered heads only (lists): the `lines` field then loads them by docNo. */
  lines?: CanonicalLine[];
  erpFields?: Record<string, unknown> | null;
  /** Per-type fields, by catalog FieldSpec name. */
  [field: string]: unknown;
}

/** Input of create/update/composites: the canonical shape of design §2 plus per-type fields. */
export interface CanonicalInput {
  docType?: string | null;
  docDate?: string | null;
  department?: string | null;
  remark?: string | null;
  workOrderNo?: string | null;
  supplier?: string | null;
  lines?: CanonicalLine[] | null;
  erpFields?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** A line as GraphQL serves it: with its global id and its document's connection (for `DocumentLine.workOrder`). */
export interface LineNode extends CanonicalLine {
  id: string;
  seq: number;
  connection: string;
  typeName: 'DocumentLine';
}

/** A document as GraphQL serves it: canonical, plus where it came from. */
export interface DocumentNode extends CanonicalDocument {
  id: string;
  erpStatus: string;
  connection: string;
  erp: Erp;
  /** Canonical type name, for nested loaders and __typename. */
  typeName: string;
  lines?: LineNode[];
}

/** Filters every `<types>` query accepts (design §2); each becomes a condition the ERP evaluates. */
export interface DocumentFilter {
  status?: readonly DocumentStatus[] | null;
  docNoPrefix?: string | null;
  docDateFrom?: string | null;
  docDateTo?: string | null;
  workOrderNo?: string | null;
  itemNo?: string | null;
  warehouse?: string | null;
  modifiedSince?: Date | null;
  /** Internal (reverse references): documents whose `field` (head or any line) is one of `values`. */
  anyOf?: { readonly field: string; readonly values: readonly string[] } | null;
}

export type SortField = 'docNo' | 'docDate';
export type SortDirection = 'ASC' | 'DESC';

/** A keyset position: the sort key of one row (docNo breaks every tie, so positions are total). */
export interface KeysetPosition {
  readonly docNo: string;
  readonly docDate?: string | null;
}

/** One page of a keyset list: rows strictly after `after` in `order`, at most `limit`. */
export interface ListQuery {
  readonly filter: DocumentFilter;
  readonly order: { readonly field: SortField; readonly direction: SortDirection };
  readonly after?: KeysetPosition;
  readonly limit: number;
}

/** What an ERP tells us after a mutating call. */
export interface ActionResult {
  readonly docNo: string;
  /** Null after delete. */
  readonly status: DocumentStatus | null;
  readonly rawStatus: string | null;
}
