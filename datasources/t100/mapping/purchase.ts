import type { StdField, StdMapping } from '../../common/digiwin/std-mapping-types';

/** Purchase lines: pmdn_t (§4.3); the change document's pmeg_t mirrors them (ASSUMPTION), so approval can copy. */
function purchaseLines(prefix: 'pmdn' | 'pmeg'): readonly StdField[] {
  return [
    { canonical: 'itemNo', wire: 'item_no', column: `${prefix}001`, type: 'string' },
    { canonical: 'unit', wire: 'unit_no', column: `${prefix}006`, type: 'string' },
    { canonical: 'quantity', wire: 'qty', column: `${prefix}007`, type: 'number' },
    { canonical: 'warehouse', wire: 'warehouse_no', column: `${prefix}028`, type: 'string' },
    { canonical: 'location', wire: 'location_no', column: `${prefix}029`, type: 'string' },
    { canonical: 'lot', wire: 'lot_no', column: `${prefix}030`, type: 'string' },
    { canonical: 'remark', wire: 'remark', column: `${prefix}ud001`, type: 'string' },
  ];
}

/** apmt501 purchase order: head pmdl_t, lines pmdn_t. */
export const purchaseOrderMapping: StdMapping = {
  type: 'PurchaseOrder',
  stem: 'purchase.order',
  head: {
    table: 'pmdl_t',
    prefix: 'pmdl',
    fields: [
      { canonical: 'supplier', wire: 'supplier_no', column: 'pmdl004', type: 'string' },
      { canonical: 'buyer', wire: 'buyer_no', column: 'pmdl002', type: 'string' },
      { canonical: 'department', wire: 'department_no', column: 'pmdl003', type: 'string' },
      { canonical: 'currency', wire: 'currency_no', column: 'pmdl015', type: 'string' },
      { canonical: 'remark', wire: 'remark', column: 'pmdl044', type: 'string' },
    ],
  },
  lines: { table: 'pmdn_t', prefix: 'pmdn', fields: purchaseLines('pmdn') },
};

/** apmt510 purchase change: head pmee_t, lines pmeg_t. ASSUMPTION: the purchase order number in pmee002. */
export const purchaseChangeMapping: StdMapping = {
  type: 'PurchaseChange',
  stem: 'purchase.change',
  head: {
    table: 'pmee_t',
    prefix: 'pmee',
    fields: [
      { canonical: 'purchaseOrderNo', wire: 'po_no', column: 'pmee002', type: 'string' },
      { canonical: 'version', wire: 'version', column: 'pmee001', type: 'number', readOnly: true },
      { canonical: 'remark', wire: 'remark', column: 'pmeeud001', type: 'string' },
    ],
  },
  lines: { table: 'pmeg_t', prefix: 'pmeg', fields: purchaseLines('pmeg') },
};

/** Lines of receipts, inspection returns and purchase stock-ins: pmdt_t (§4.3). */
const PMDT_LINES: readonly StdField[] = [
  { canonical: 'itemNo', wire: 'item_no', column: 'pmdt006', type: 'string' },
  { canonical: 'warehouse', wire: 'warehouse_no', column: 'pmdt016', type: 'string' },
  { canonical: 'location', wire: 'location_no', column: 'pmdt017', type: 'string' },
  { canonical: 'lot', wire: 'lot_no', column: 'pmdt018', type: 'string' },
  { canonical: 'unit', wire: 'unit_no', column: 'pmdt019', type: 'string' },
  { canonical: 'quantity', wire: 'qty', column: 'pmdt020', type: 'number' },
  { canonical: 'remark', wire: 'remark', column: 'pmdt059', type: 'string' },
];

/** Heads of the three: pmds_t; pmds006 (source no) holds what each is against. ASSUMPTION: the PO of a return or stock-in in pmdsud002. */
function pmdsHead(source: { canonical: string; wire: string }): readonly StdField[] {
  return [
    { canonical: 'postDate', wire: 'post_date', column: 'pmds001', type: 'date', readOnly: true },
    { canonical: 'department', wire: 'department_no', column: 'pmds003', type: 'string' },
    { canonical: source.canonical, wire: source.wire, column: 'pmds006', type: 'string' },
    { canonical: 'supplier', wire: 'supplier_no', column: 'pmds007', type: 'string' },
    ...(source.canonical === 'purchaseOrderNo' ? [] : [{ canonical: 'purchaseOrderNo', wire: 'po_no', column: 'pmdsud002', type: 'string' } as const]),
    { canonical: 'remark', wire: 'remark', column: 'pmdsud001', type: 'string' },
  ];
}

/** apmt521 purchase receipt. */
export const purchaseReceiptMapping: StdMapping = {
  type: 'PurchaseReceipt',
  stem: 'purchase.receipt',
  head: { table: 'pmds_t', prefix: 'pmds', fields: pmdsHead({ canonical: 'purchaseOrderNo', wire: 'po_no' }) },
  lines: { table: 'pmdt_t', prefix: 'pmdt', fields: PMDT_LINES },
};

/** apmt561 inspection return. */
export const inspectionReturnMapping: StdMapping = {
  type: 'InspectionReturn',
  stem: 'purchase.inspection.return',
  head: { table: 'pmds_t', prefix: 'pmds', fields: pmdsHead({ canonical: 'receiptNo', wire: 'receipt_no' }) },
  lines: { table: 'pmdt_t', prefix: 'pmdt', fields: PMDT_LINES },
};

/** apmt571 purchase stock-in. */
export const purchaseStockInMapping: StdMapping = {
  type: 'PurchaseStockIn',
  stem: 'purchase.stock.in',
  head: { table: 'pmds_t', prefix: 'pmds', fields: pmdsHead({ canonical: 'receiptNo', wire: 'receipt_no' }) },
  lines: { table: 'pmdt_t', prefix: 'pmdt', fields: PMDT_LINES },
};
