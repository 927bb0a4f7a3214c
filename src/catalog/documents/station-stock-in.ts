import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 當站下線 (asft337): output taken off the line at an operation and stocked in. */
export const stationStockIn = {
  type: 'StationStockIn',
  field: 'stationStockIn',
  plural: 'stationStockIns',
  description: 'Station stock-in (當站下線單): output taken off the line at an operation of a work order into a warehouse.',
  programs: ['asft337'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  references: [{ field: 'workOrder', target: 'WorkOrder', by: 'workOrderNo', inverse: 'stationStockIns', description: 'The work order the output belongs to' }],
  effects: {
    post: "Posting adds each line's quantity to the warehouse stock.",
    unpost: 'Takes it out of stock again.',
  },
  fields: [
    { name: 'operation', type: 'String', description: 'Operation (sfha006).' },
    { name: 'operationSeq', type: 'String', description: 'Operation sequence (sfha007).' },
    { name: 'quantity', type: 'Decimal', description: 'Quantity taken off the line (sfha008).' },
    { name: 'postDate', type: 'Date', description: 'Posting date (sfha001), set when posted.', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('wo.report.stockin', '當站下線單', 'approveThenPost'),
        createAndPost: {
          api: 'wo.report.stockin.data.create',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '創建製程當站入庫資料',
          shape: { dataKey: 'wo_report_stockin_data', detailKey: 'wo_report_stockin_detail', replyKey: 'doc_no' },
        },
        reverse: {
          api: 'wo.report.stockin.data.process',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '製程當站下線還原',
          shape: { action: 'cancel', replyKey: 'doc_no' },
        },
      },
    },
  },
} as const satisfies DocumentKind;
