/**
 * A T100 field mapping: each canonical field with its std_data wire name (protocols/digiwin.md §4.2) and the
 * T100 table column behind it (§4.3). Datasource (canonical ↔ wire) and sandbox (wire ↔ columns) share it.
 */
export type T100ValueType = 'string' | 'number' | 'date' | 'flag' | 'code';

export interface T100Field {
  readonly canonical: string;
  readonly wire: string;
  readonly column: string;
  readonly type: T100ValueType;
  /** For `flag`: the raw codes for true and false (sfaa057: 2 subcontract, 1 in-house). */
  readonly flag?: { readonly true: string; readonly false: string };
  /** For `code`: canonical enum value → the ERP's code (sfda002 issue class …). */
  readonly codes?: Readonly<Record<string, string>>;
  /** Computed by the ERP; never sent on create/update. */
  readonly readOnly?: boolean;
}

export interface T100Table {
  readonly table: string;
  /** Column prefix: `<p>docno`, `<p>docdt`, `<p>stus`, `<p>site`, `<p>seq` derive from it. */
  readonly prefix: string;
  readonly fields: readonly T100Field[];
}

export interface T100Mapping {
  /** Canonical type name (catalog `type`). */
  readonly type: string;
  /** The OpenAPI stem (`wo.stockin`): record set `wo_stockin_data`, detail `wo_stockin_detail`. */
  readonly stem: string;
  readonly head: T100Table;
  readonly lines?: T100Table;
}
