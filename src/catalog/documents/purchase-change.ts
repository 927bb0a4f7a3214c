import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 委外採購變更 (apmt510): approving it rewrites its purchase order's lines; numbered after it (`{po}#{seq}`). */
export const purchaseChange = {
  type: 'PurchaseChange',
  field: 'purchaseChange',
  plural: 'purchaseChanges',
  description: "Purchase change (採購變更單): new lines for an approved purchase order, applied when approved.",
  programs: ['apmt510'],
  lifecycle: 'approveOnlyNoDisapprove',
  linesRequired: true,
  changes: { target: 'PurchaseOrder', by: 'purchaseOrderNo' },
  references: [
    { field: 'purchaseOrder', target: 'PurchaseOrder', by: 'purchaseOrderNo', inverse: 'changes', description: 'The purchase order this change rewrites' },
  ],
  effects: { approve: "Approving replaces the purchase order's lines with the change's." },
  fields: [
    { name: 'purchaseOrderNo', type: 'String', description: 'The purchase order changed.', requiredOnCreate: true },
    { name: 'version', type: 'Int', description: 'Change version (pmee001).', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('purchase.change', '採購變更單', 'approveOnlyNoDisapprove'),
        createAndApprove: {
          api: 'purchase.modify.create',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '採購變更單新增',
          shape: { dataKey: 'purchase_modify_data', detailKey: 'purchase_modify_detail', replyKey: 'doc_no' },
        },
      },
    },
  },
} as const satisfies DocumentKind;
