import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';
import { OUTSOURCING_PROCESS, outsourcedGoodsRow } from './purchase-receipt';

/** 委外驗退 (apmt561): rejected goods returned to the supplier, against a receipt. */
export const inspectionReturn = {
  type: 'InspectionReturn',
  field: 'inspectionReturn',
  plural: 'inspectionReturns',
  description: 'Inspection return (採購驗退單): goods rejected at incoming inspection, returned against a receipt.',
  programs: ['apmt561'],
  lifecycle: 'approveOnly',
  linesRequired: true,
  references: [
    { field: 'purchaseReceipt', target: 'PurchaseReceipt', by: 'receiptNo', inverse: 'inspectionReturns', description: 'The receipt the goods were received on' },
  ],
  fields: [
    { name: 'receiptNo', type: 'String', description: 'The receipt returned against (pmds006).' },
    { name: 'purchaseOrderNo', type: 'String', description: 'The purchase order (sent to the one-call API, which receives and returns at once).' },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('purchase.inspection.return', '採購驗退單', 'approveOnly'),
        // One call receives the goods and returns them all (ASSUMPTION: a receipt of the returned quantity).
        createAndApprove: outsourcedGoodsRow('外包回貨作業-M2E交易', 'return_qty', 'return_no'),
        reverse: OUTSOURCING_PROCESS,
      },
    },
  },
} as const satisfies DocumentKind;
