import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 完工入庫 (asft340): seed 000, 一般生產流程-完工入庫, 服務類別 10 生產資訊API. */
export const stockIn = {
  type: 'StockIn',
  field: 'stockIn',
  plural: 'stockIns',
  description: 'Production stock-in (完工入庫): finished goods of a work order received into a warehouse.',
  programs: ['asft340'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  references: [
    { field: 'workOrder', target: 'WorkOrder', by: 'workOrderNo', inverse: 'stockIns', description: 'The work order the stock-in is booked against' },
  ],
  effects: {
    post: "Posting adds each line's quantity to the warehouse stock and to its work order's stocked-in quantity (sfaa050).",
    unpost: "Takes each line's quantity off the warehouse stock and its work order's stocked-in quantity again.",
  },
  fields: [
    { name: 'applicant', type: 'String', description: 'Applicant (sfea002).' },
    { name: 'reason', type: 'String', description: 'Reason code (理由碼), a master-data code of the ERP.' },
    { name: 'postDate', type: 'Date', description: 'Posting date (sfea001), set when posted.', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('wo.stockin', '完工入庫單', 'approveThenPost'),
        createAndPost: {
          api: 'stockin.data.create',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '創建工單完工入庫單資料',
          // The captured call (protocols §2.4) names its record set and two fields differently from the OpenAPI.
          shape: {
            dataKey: 'stock_in_data',
            detailKey: 'stock_in_detail',
            headRenames: { doc_date: 'create_date' },
            lineRenames: { qty: 'stock_in_qty' },
            replyKey: 'stock_in_no',
          },
        },
        reverse: {
          api: 'stockin.data.process',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '工單完工入庫還原',
          shape: { action: 'cancel', replyKey: 'doc_no' },
        },
      },
    },
  },
} as const satisfies DocumentKind;
