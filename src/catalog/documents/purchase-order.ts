import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/**
 * 委外採購 (apmt501). Beside the OpenAPI create and void, T100 offers the customized M2E transactions
 * `outsourcing.purchase.create` and `outsourcing.process`; a connection opts into them (design §2).
 */
export const purchaseOrder = {
  type: 'PurchaseOrder',
  field: 'purchaseOrder',
  plural: 'purchaseOrders',
  description: 'Purchase order (採購單), here the outsourcing (委外) purchase of work done by a supplier.',
  programs: ['apmt501'],
  lifecycle: 'approveOnly',
  linesRequired: true,
  fields: [
    { name: 'buyer', type: 'String', description: 'Buyer (pmdl002).' },
    { name: 'currency', type: 'String', description: 'Currency (pmdl015).' },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('purchase.order', '採購單', 'approveOnly'),
        create: [
          { api: 't100.oapi.purchase.order.data.create', description: '創建採購單' },
          {
            api: 'outsourcing.purchase.create',
            kind: 'CUSTOMIZED',
            formats: ['XML'],
            description: '外包出貨作業-M2E交易',
            alternative: true,
            shape: { dataKey: 'outsourcing_purchase_data', detailKey: 'outsourcing_purchase_detail', replyKey: 'doc_no' },
          },
        ],
        void: [
          { api: 't100.oapi.purchase.order.data.invalid', description: '作廢採購單' },
          { api: 'outsourcing.process', kind: 'CUSTOMIZED', formats: ['XML'], description: '外包還原作業-M2E交易', alternative: true, shape: { action: 'cancel', replyKey: 'doc_no' } },
        ],
      },
    },
  },
} as const satisfies DocumentKind;
