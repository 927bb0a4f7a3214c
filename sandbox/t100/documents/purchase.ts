/** Sandbox rules and samples of outsourcing purchase documents (protocols §4.3). */
import type { T100SandboxKind } from './types';

export const purchaseOrderSandbox: T100SandboxKind = {
  type: 'PurchaseOrder',
  slips: ['PO01'],
  samples: [
    { docNo: 'PO01-26110600001', status: 'Y', record: { doc_date: '20261106', supplier_no: 'S001', buyer_no: 'tiptop', department_no: 'D200', currency_no: 'TWD', purchase_order_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 80, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
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
    { docNo: 'PO01-26110600001#1', status: 'Y', record: { doc_date: '20261109', po_no: 'PO01-26110600001', version: 1, purchase_change_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 80, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
    { docNo: 'PO01-26110600001#2', status: 'N', record: { doc_date: '20261110', po_no: 'PO01-26110600001', version: 2, purchase_change_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 90, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
    { docNo: 'PO01-26110600001#3', status: 'X', record: { doc_date: '20261111', po_no: 'PO01-26110600001', version: 3, purchase_change_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 70, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
  ],
};
