/** Sandbox rules and samples of outsourcing purchase documents (protocols §4.3). */
import type { T100SandboxKind } from './types';

export const purchaseOrderSandbox: T100SandboxKind = {
  type: 'PurchaseOrder',
  slips: ['PO01'],
  samples: [
    { docNo: 'PO01-26110600001', status: 'Y', record: { doc_date: '20261106', supplier_no: 'S001', buyer_no: 'tiptop', department_no: 'D200', currency_no: 'TWD', purchase_order_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 200, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
    { docNo: 'PO01-26110700001', status: 'N', record: { doc_date: '20261107', supplier_no: 'S002', buyer_no: 'tiptop', department_no: 'D200', currency_no: 'TWD', purchase_order_detail: [{ seq: 1, item_no: 'B100', unit_no: 'PCS', qty: 500, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] } },
    { docNo: 'PO01-26110800001', status: 'X', record: { doc_date: '20261108', supplier_no: 'S001', buyer_no: 'tiptop', department_no: 'D200', currency_no: 'TWD', remark: '取消', purchase_order_detail: [{ seq: 1, item_no: 'A002', unit_no: 'PCS', qty: 1000, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] } },
  ],
};

export const purchaseChangeSandbox: T100SandboxKind = {
  type: 'PurchaseChange',
  slips: [],
  numberedAfter: { by: 'po_no', seqField: 'version' },
  // Only an approved purchase order is changed through a change document; an unapproved one is edited.
  targetStatuses: { PurchaseOrder: ['Y'] },
  appliesOnApprove: { target: 'PurchaseOrder', by: 'po_no', copy: { purchase_change_detail: 'purchase_order_detail' } },
  samples: [
    { docNo: 'PO01-26110600001#1', status: 'Y', record: { doc_date: '20261109', po_no: 'PO01-26110600001', version: 1, purchase_change_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 200, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
    { docNo: 'PO01-26110600001#2', status: 'N', record: { doc_date: '20261110', po_no: 'PO01-26110600001', version: 2, purchase_change_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 90, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
    { docNo: 'PO01-26110600001#3', status: 'X', record: { doc_date: '20261111', po_no: 'PO01-26110600001', version: 3, purchase_change_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 70, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
  ],
};

const RECEIPT = 'RC01-26111500001';
const line = (qty: number) => [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty, warehouse_no: '1001', location_no: '00', lot_no: ' ' }];

/** A receipt cannot exceed what is still open on its purchase order's line (other live receipts count). */
export const purchaseReceiptSandbox: T100SandboxKind = {
  type: 'PurchaseReceipt',
  slips: ['RC01'],
  targetStatuses: { PurchaseOrder: ['Y'] },
  caps: [
    {
      target: 'PurchaseOrder',
      by: 'po_no',
      lineMatch: 'item_no',
      limitColumn: 'pmdn007',
      bookedBy: { types: ['PurchaseReceipt'], statuses: ['N', 'Y'] },
      refusal: { code: 'sbx-00023', message: '收貨數量超過採購未收量' },
    },
  ],
  samples: [
    { docNo: RECEIPT, status: 'Y', record: { doc_date: '20261115', po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_receipt_detail: line(60) } },
    { docNo: 'RC01-26111600001', status: 'N', record: { doc_date: '20261116', po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_receipt_detail: line(10) } },
    { docNo: 'RC01-26111700001', status: 'X', record: { doc_date: '20261117', po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_receipt_detail: line(5) } },
  ],
};

/** What a receipt's line holds, less what was already returned or stocked in from it. */
function receiptCap(types: readonly string[], code: string, message: string): T100SandboxKind['caps'] {
  return [
    {
      target: 'PurchaseReceipt',
      by: 'receipt_no',
      lineMatch: 'item_no',
      limitColumn: 'pmdt020',
      bookedBy: { types, statuses: ['N', 'Y', 'S'] },
      refusal: { code, message },
    },
  ];
}

export const inspectionReturnSandbox: T100SandboxKind = {
  type: 'InspectionReturn',
  slips: ['RT01'],
  targetStatuses: { PurchaseReceipt: ['Y'] },
  caps: receiptCap(['InspectionReturn', 'PurchaseStockIn'], 'sbx-00024', '驗退數量超過收貨可驗量'),
  samples: [
    { docNo: 'RT01-26111500001', status: 'Y', record: { doc_date: '20261115', receipt_no: RECEIPT, po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_inspection_return_detail: line(2) } },
    { docNo: 'RT01-26111600001', status: 'N', record: { doc_date: '20261116', receipt_no: RECEIPT, po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_inspection_return_detail: line(1) } },
    { docNo: 'RT01-26111700001', status: 'X', record: { doc_date: '20261117', receipt_no: RECEIPT, po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_inspection_return_detail: line(3) } },
  ],
};

export const purchaseStockInSandbox: T100SandboxKind = {
  type: 'PurchaseStockIn',
  slips: ['PS01'],
  posting: { stock: 1 },
  targetStatuses: { PurchaseReceipt: ['Y'] },
  caps: receiptCap(['InspectionReturn', 'PurchaseStockIn'], 'sbx-00025', '入庫數量超過收貨可入量'),
  samples: [
    { docNo: 'PS01-26111500001', status: 'S', record: { doc_date: '20261115', post_date: '20261115', receipt_no: RECEIPT, po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_stock_in_detail: line(25) } },
    { docNo: 'PS01-26111600001', status: 'Y', record: { doc_date: '20261116', receipt_no: RECEIPT, po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_stock_in_detail: line(2) } },
    { docNo: 'PS01-26111700001', status: 'X', record: { doc_date: '20261117', receipt_no: RECEIPT, po_no: 'PO01-26110600001', supplier_no: 'S001', purchase_stock_in_detail: line(1) } },
  ],
};
