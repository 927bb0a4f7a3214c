import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 報工 (asft330/asft335): one flat row per report (sffb_t); asft335 has the one-call create+approve and reverse. */
export const workReport = {
  type: 'WorkReport',
  field: 'workReport',
  plural: 'workReports',
  description: 'Work report (報工單): good, scrapped and offline quantities reported for an operation of a work order.',
  programs: ['asft330', 'asft335'],
  lifecycle: 'approveOnly',
  linesRequired: false,
  references: [{ field: 'workOrder', target: 'WorkOrder', by: 'workOrderNo', inverse: 'workReports', description: 'The work order reported on' }],
  fields: [
    { name: 'program', type: 'String', description: 'T100 program: asft330 or asft335 (one-call customized APIs).' },
    { name: 'reporter', type: 'String', description: 'Who reports (sffb002).' },
    { name: 'operation', type: 'String', description: 'Operation (sffb007).' },
    { name: 'operationSeq', type: 'String', description: 'Operation sequence (sffb008).' },
    { name: 'workstation', type: 'String', description: 'Workstation (sffb009).' },
    { name: 'unit', type: 'String', description: 'Unit (sffb016).' },
    { name: 'goodQuantity', type: 'Decimal', description: 'Good quantity (sffb017).', requiredOnCreate: true },
    { name: 'scrapQuantity', type: 'Decimal', description: 'Scrapped quantity (sffb018).' },
    { name: 'offlineQuantity', type: 'Decimal', description: 'Quantity taken off the line (sffb019).' },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('wo.work.report', '報工單', 'approveOnly'),
        createAndApprove: {
          api: 'wo.work.report.data.create',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '創建工單生產報工資料',
          programs: ['asft335'],
          shape: { dataKey: 'wo_work_report_data', replyKey: 'doc_no' },
        },
        reverse: {
          api: 'wo.work.report.data.process',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '報工單還原(asft335)',
          programs: ['asft335'],
          shape: { action: 'cancel', replyKey: 'doc_no' },
        },
      },
    },
  },
} as const satisfies DocumentKind;
