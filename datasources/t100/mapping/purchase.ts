import type { T100Field, T100Mapping } from './types';

/** Purchase lines: pmdn_t (§4.3); the change document's pmeg_t mirrors them (ASSUMPTION), so approval can copy. */
function purchaseLines(prefix: 'pmdn' | 'pmeg'): readonly T100Field[] {
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
export const purchaseOrderMapping: T100Mapping = {
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
export const purchaseChangeMapping: T100Mapping = {
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
