import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { CustomizedResult, DocumentKind, OperationRow } from '../types';

/**
 * 外包回貨作業-M2E交易 (outsourcing.purchase.stockin.create): one call creates the receipt, the inspection return
 * (only for rejected goods) and the stock-in, linked to the receipt (protocols §5.1). Shared by the three kinds.
 */
const OUTSOURCED_GOODS_RESULTS: readonly CustomizedResult[] = [
  { type: 'PurchaseReceipt', replyKey: 'receipt_no', quantity: ['receipt_qty', 'return_qty'] },
  { type: 'InspectionReturn', replyKey: 'return_no', quantity: ['return_qty'], link: 'receipt_no', optional: true },
  { type: 'PurchaseStockIn', replyKey: 'stock_in_no', quantity: ['receipt_qty', 'return_qty'], minus: 'return_qty', link: 'receipt_no', optional: true },
];

/** The customized create row of one of the three kinds: its lines' quantity goes as `quantityAs`. */
export function outsourcedGoodsRow(description: string, quantityAs: string, replyKey: string): OperationRow {
  return {
    api: 'outsourcing.purchase.stockin.create',
    kind: 'CUSTOMIZED',
    formats: ['XML'],
    description,
    shape: {
      dataKey: 'outsourcing_purchase_stockin_data',
      detailKey: 'outsourcing_purchase_stockin_detail',
      lineRenames: { qty: quantityAs },
      replyKey,
      results: OUTSOURCED_GOODS_RESULTS,
    },
  };
}

/** 外包還原作業-M2E交易: reverses the receipt with its return and stock-in, from any of the three. */
export const OUTSOURCING_PROCESS: OperationRow = {
  api: 'outsourcing.process',
  kind: 'CUSTOMIZED',
  formats: ['XML'],
  description: '外包還原作業-M2E交易',
  shape: { action: 'cancel', replyKey: 'doc_no', results: OUTSOURCED_GOODS_RESULTS },
};

/** 委外收貨 (apmt521): goods an outsourcing supplier delivers against a purchase order. */
export const purchaseReceipt = {
  type: 'PurchaseReceipt',
  field: 'purchaseReceipt',
  plural: 'purchaseReceipts',
  description: 'Purchase receipt (採購收貨單): goods received from an outsourcing supplier against a purchase order.',
  programs: ['apmt521'],
  lifecycle: 'approveOnly',
  linesRequired: true,
  references: [
    { field: 'purchaseOrder', target: 'PurchaseOrder', by: 'purchaseOrderNo', inverse: 'receipts', description: 'The purchase order received against' },
  ],
  effects: { create: "A receipt cannot exceed what is still open on its purchase order's line." },
  fields: [
    { name: 'purchaseOrderNo', type: 'String', description: 'The purchase order received against (pmds006).', requiredOnCreate: true },
    { name: 'postDate', type: 'Date', description: 'Posting date (pmds001).', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('purchase.receipt', '採購收貨單', 'approveOnly'),
        createAndApprove: outsourcedGoodsRow('外包回貨作業-M2E交易', 'receipt_qty', 'receipt_no'),
        reverse: OUTSOURCING_PROCESS,
      },
    },
  },
} as const satisfies DocumentKind;
