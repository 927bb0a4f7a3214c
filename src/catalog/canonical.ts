/**
 * The canonical document: what resolvers and datasources exchange, independent of any ERP's field names.
 * Per-type fields (WorkOrder.itemNo …) sit flat beside the common ones, named as in the catalog's FieldSpec.
 */
import type { DocumentStatus, Erp } from './types';

export interface CanonicalLine {
  seq?: number;
  itemNo: string;
  quantity: number;
  unit?: string | null;
  warehouse?: string | null;
  location?: string | null;
  lot?: string | null;
  workOrderNo?: string | null;
  remark?: string | null;
  extensions?: Record<string, unknown> | null;
}

export interface CanonicalDocument {
  docNo: string;
  status: DocumentStatus;
  /** The ERP's own status code (T100 `stus`: N, Y, S, X, F …), for `extensions.documentStatus`. */
  rawStatus: string;
  docType?: string | null;
  docDate?: string | null;
  department?: string | null;
  supplier?: string | null;
  remark?: string | null;
  workOrderNo?: string | null;
  /** Undefined when the ERP answered heads only (lists): the `lines` field then loads them by docNo. */
  lines?: CanonicalLine[];
  extensions?: Record<string, unknown> | null;
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
  extensions?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** A document as GraphQL serves it: canonical, plus where it came from. */
export interface DocumentNode extends CanonicalDocument {
  connection: string;
  erp: Erp;
  /** Canonical type name, for nested loaders and __typename. */
  typeName: string;
}

/** Filters every `<types>` query accepts (design §2: status, date range, docNo). */
export interface DocumentFilter {
  status?: DocumentStatus | null;
  docNo?: string | null;
  docDateFrom?: string | null;
  docDateTo?: string | null;
}

export interface ListPage {
  readonly offset: number;
  readonly limit: number;
}

export interface ListResult {
  readonly nodes: CanonicalDocument[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
}

/** What an ERP tells us after a mutating call. */
export interface ActionResult {
  readonly docNo: string;
  /** Null after delete. */
  readonly status: DocumentStatus | null;
  readonly rawStatus: string | null;
}
