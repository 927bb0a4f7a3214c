/** Create inputs per document type, valid against the T100 sandbox's sample data (shared by the table-driven suites). */
export const ISSUED_WORK_ORDER = 'WO01-26110500012';
export const APPROVED_PURCHASE_ORDER = 'PO01-26110600001';
export const APPROVED_RECEIPT = 'RC01-26111500001';

/** A create input per document type, valid against the sandbox's sample data. */
export const INPUTS: Record<string, Record<string, unknown>> = {
  WorkOrder: { docType: 'WO01', itemNo: '3-BJ900-03006-J02', quantity: 10 },
  WorkOrderChange: { workOrderNo: ISSUED_WORK_ORDER, quantity: 520, reason: 'R01' },
  IssuingNote: { docType: 'IS01', kind: 'ISSUE', lines: [{ itemNo: 'A001', quantity: 1, warehouse: 'W01', workOrderNo: ISSUED_WORK_ORDER }] },
  PickingReturn: { docType: 'PR21', lines: [{ itemNo: 'A001', quantity: 1, warehouse: 'W01', workOrderNo: ISSUED_WORK_ORDER }] },
  WorkReport: { docType: 'WR30', workOrderNo: ISSUED_WORK_ORDER, operation: 'OP10', goodQuantity: 5 },
  StationStockIn: { docType: 'SS01', workOrderNo: ISSUED_WORK_ORDER, quantity: 1, lines: [{ itemNo: '3-BJ900-03006-J02', quantity: 1, warehouse: '1001', location: '00' }] },
  StationScrap: { docType: 'SC01', workOrderNo: ISSUED_WORK_ORDER, scrapQuantity: 1 },
  StockIn: { docType: 'SI01', lines: [{ itemNo: '3-BJ900-03006-J02', quantity: 1, warehouse: '1001', location: '00', workOrderNo: ISSUED_WORK_ORDER }] },
  PurchaseOrder: { docType: 'PO01', supplier: 'S001', lines: [{ itemNo: 'B100', quantity: 10, warehouse: 'W01' }] },
  PurchaseChange: { purchaseOrderNo: APPROVED_PURCHASE_ORDER, lines: [{ itemNo: '3-BJ900-03007-J02', quantity: 300, warehouse: '1001', location: '00' }] },
  PurchaseReceipt: { docType: 'RC01', purchaseOrderNo: APPROVED_PURCHASE_ORDER, supplier: 'S001', lines: [{ itemNo: '3-BJ900-03007-J02', quantity: 1, warehouse: '1001', location: '00' }] },
  InspectionReturn: { docType: 'RT01', receiptNo: APPROVED_RECEIPT, purchaseOrderNo: APPROVED_PURCHASE_ORDER, supplier: 'S001', lines: [{ itemNo: '3-BJ900-03007-J02', quantity: 1, warehouse: '1001', location: '00' }] },
  PurchaseStockIn: { docType: 'PS01', receiptNo: APPROVED_RECEIPT, purchaseOrderNo: APPROVED_PURCHASE_ORDER, supplier: 'S001', lines: [{ itemNo: '3-BJ900-03007-J02', quantity: 1, warehouse: '1001', location: '00' }] },
};
