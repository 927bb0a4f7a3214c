import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';
import { OUTSOURCING_PROCESS, outsourcedGoodsRow } from './purchase-receipt';

/** 委外入庫 (apmt571): accepted goods stocked in against a receipt. */
export const purchaseStockIn = {
  type: 'PurchaseStockIn',
  field: 'purchaseStockIn',
  plural: 'purchaseStockIns',
  description: 'Purchase stock-in (採購入庫單): accepted goods of a receipt put into a warehouse.',
  programs: ['apmt571'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  references: [
    { field: 'purchaseReceipt', target: 'PurchaseReceipt', by: 'receiptNo', inverse: 'stockIns', description: 'The receipt the goods were received on' },
  ],
  effects: { post: "Posting adds each line's quantity to the warehouse stock.", unpost: 'Takes it out of stock again.' },
  fields: [
    { name: 'receiptNo', type: 'String', description: 'The receipt stocked in (pmds006).' },
    { name: 'purchaseOrderNo', type: 'String', description: 'The purchase order (sent to the one-call API, which receives and stocks in at once).' },
    { name: 'postDate', type: 'Date', description: 'Posting date (pmds001), set when posted.', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('purchase.stock.in', '採購入庫單', 'approveThenPost'),
        createAndPost: outsourcedGoodsRow('外包回貨作業-M2E交易', 'receipt_qty', 'stock_in_no'),
        reverse: OUTSOURCING_PROCESS,
      },
    },
  },
} as const satisfies DocumentKind;
