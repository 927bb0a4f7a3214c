import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 當站報廢 (asft336): a head-only document (sfga_t); posting adds the scrap to the work order (sfaa056). */
export const stationScrap = {
  type: 'StationScrap',
  field: 'stationScrap',
  plural: 'stationScraps',
  description: 'Station scrap (當站報廢單): quantity scrapped at an operation of a work order.',
  programs: ['asft336'],
  lifecycle: 'approveThenPost',
  linesRequired: false,
  references: [{ field: 'workOrder', target: 'WorkOrder', by: 'workOrderNo', inverse: 'stationScraps', description: 'The work order the scrap is booked against' }],
  effects: {
    post: "Posting adds the scrapped quantity to the work order's scrapped quantity (sfaa056).",
    unpost: 'Takes it off again.',
  },
  fields: [
    { name: 'operation', type: 'String', description: 'Operation (sfga006).' },
    { name: 'operationSeq', type: 'String', description: 'Operation sequence (sfga007).' },
    { name: 'scrapQuantity', type: 'Decimal', description: 'Quantity scrapped (sfga009).', requiredOnCreate: true },
    { name: 'postDate', type: 'Date', description: 'Posting date (sfga001), set when posted.', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('station.scrapped', '當站報廢單', 'approveThenPost'),
        createAndPost: {
          api: 'wo.scrap.data.create',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '創建報廢資料',
          shape: { dataKey: 'wo_scrap_data', replyKey: 'doc_no' },
        },
        reverse: {
          api: 'wo.scrap.data.process',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          description: '報廢資料還原',
          shape: { action: 'cancel', replyKey: 'doc_no' },
        },
      },
    },
  },
} as const satisfies DocumentKind;
