/**
 * A T100 field mapping: each canonical field with its std_data wire name (protocols/digiwin.md §4.2) and the
 * T100 table column behind it (§4.3). Datasource (canonical ↔ wire) and sandbox (wire ↔ columns) share it.
 */
export type T100ValueType = 'string' | 'number' | 'date' | 'flag';

export interface T100Field {
  readonly canonical: string;
  readonly wire: string;
  readonly column: string;
  readonly type: T100ValueType;
  /** For `flag`: the raw codes for true and false (sfaa057: 2 subcontract, 1 in-house). */
  readonly flag?: { readonly true: string; readonly false: string };
  /** Computed by the ERP; never sent on create/update. */
  readonly readOnly?: boolean;
}

export interface T100Table {
  readonly table: string;
  /** Column prefix: `<p>docno`, `<p>docdt`, `<p>stus`, `<p>site`, `<p>seq` derive from it. */
  readonly prefix: string;
  readonly fields: readonly T100Field[];
}

/** The customized (定製型) XML APIs' own record-set and field names, where they differ from the OpenAPI's. */
export interface T100CustomizedShape {
  /** Parameter holding the record set, e.g. `stock_in_data` (its `<data name>` is the key without `_data`). */
  readonly dataKey: string;
  readonly detailKey: string;
  /** OpenAPI wire name → customized wire name, head and line. */
  readonly headRenames: Readonly<Record<string, string>>;
  readonly lineRenames: Readonly<Record<string, string>>;
  /** The reply parameter that names the created document. */
  readonly replyKey: string;
}

export interface T100Mapping {
  /** Canonical type name (catalog `type`). */
  readonly type: string;
  /** The OpenAPI stem (`wo.stockin`): record set `wo_stockin_data`, detail `wo_stockin_detail`. */
  readonly stem: string;
  readonly head: T100Table;
  readonly lines?: T100Table;
  readonly customized?: T100CustomizedShape;
}
