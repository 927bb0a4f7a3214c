/**
 * A Digiwin field mapping: each canonical field with its std_data wire name (protocols/digiwin.md §4.2) and the
 * table column behind it (§4.3: T100 `xxxx_t`, TIPTOP `xxx_file`). Datasource (canonical ↔ wire) and sandbox
 * (wire ↔ columns) share it.
 */
import type { DocumentStatus } from '../../../src/catalog/types';
export type StdValueType = 'string' | 'number' | 'date' | 'flag' | 'code';

export interface StdField {
  readonly canonical: string;
  readonly wire: string;
  readonly column: string;
  readonly type: StdValueType;
  /** For `flag`: the raw codes for true and false (sfaa057: 2 subcontract, 1 in-house). */
  readonly flag?: { readonly true: string; readonly false: string };
  /** For `code`: canonical enum value → the ERP's code (sfda002 issue class …). */
  readonly codes?: Readonly<Record<string, string>>;
  /** Computed by the ERP; never sent on create/update. */
  readonly readOnly?: boolean;
}

export interface StdTable {
  readonly table: string;
  /** Column prefix: `<p>docno`, `<p>docdt`, `<p>stus`, `<p>site`, `<p>seq` derive from it. */
  readonly prefix: string;
  readonly fields: readonly StdField[];
}

/** How one ERP writes a document's state in std_data `status` (T100: stus; TIPTOP: the conf and post flags). */
export interface StatusCodec {
  /** The canonical status of a raw code; undefined for a code the ERP does not have. */
  canonical(raw: string): DocumentStatus | undefined;
  /** Every raw code meaning a canonical status (list filters send `status IN (...)`). */
  rawOf(status: DocumentStatus): string[];
  /** The ERP's name for the state (error messages). */
  readonly name: string;
}

export interface StdMapping {
  /** Canonical type name (catalog `type`). */
  readonly type: string;
  /** The OpenAPI stem (`wo.stockin`): record set `wo_stockin_data`, detail `wo_stockin_detail`. */
  readonly stem: string;
  readonly head: StdTable;
  readonly lines?: StdTable;
}
