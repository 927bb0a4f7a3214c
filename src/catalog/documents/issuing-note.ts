import { ISSUING_KIND } from '../enums';
import { T100_BINDING_DEFAULTS, t100OpenApis } from '../digiwin-rows';
import type { DocumentKind, OperationRow } from '../types';

/**
 * 工單備料狀態處理 (issue.wo.item.process): one customized API for create+approve+post and its reverse, told apart by
 * `action` (create / cancel, protocols §5.1), serving backflush issuing (asft314) and general returns (asft323).
 */
export function issueWoItemProcess(program: string): { createAndPost: OperationRow; reverse: OperationRow } {
  const row = { api: 'issue.wo.item.process', kind: 'CUSTOMIZED', formats: ['XML'], description: '工單備料狀態處理', programs: [program] } as const;
  return {
    createAndPost: { ...row, shape: { action: 'create', dataKey: 'issue_wo_item_data', detailKey: 'issue_wo_item_detail', replyKey: 'doc_no' } },
    reverse: { ...row, shape: { action: 'cancel', replyKey: 'doc_no' } },
  };
}

/** 發料 (asft310~asft315): material issued to work orders; the customized one-call API serves backflush (asft314). */
export const issuingNote = {
  type: 'IssuingNote',
  field: 'issuingNote',
  plural: 'issuingNotes',
  description: 'Issuing note (發料單): material issued from a warehouse to work orders.',
  programs: ['asft310', 'asft311', 'asft312', 'asft313', 'asft314', 'asft315'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  references: [{ field: 'workOrder', target: 'WorkOrder', by: 'workOrderNo', inverse: 'issuingNotes', description: 'The work order the material is issued to' }],
  effects: {
    post: "Posting takes each line's quantity out of the warehouse and adds it to the work order's issued quantity for that material; an issue cannot exceed what the work order still requires.",
    unpost: 'Puts the material back and lowers the issued quantity again.',
  },
  fields: [
    { name: 'program', type: 'String', description: 'T100 program (asft310 … asft315); asft314 (backflush) uses the one-call customized API.' },
    { name: 'kind', type: 'Enum', enum: ISSUING_KIND, description: 'Issue, return or supplement (sfda002).' },
    { name: 'subcontract', type: 'Boolean', description: 'For an outsourced (委外) work order.' },
    { name: 'applicant', type: 'String', description: 'Applicant (sfda004).' },
    { name: 'postDate', type: 'Date', description: 'Posting date (sfda001), set when posted.', input: false },
  ],
  erps: {
    t100: {
      ...T100_BINDING_DEFAULTS,
      operations: {
        ...t100OpenApis('issuing', '發料單', 'approveThenPost'),
        ...issueWoItemProcess('asft314'),
      },
    },
  },
} as const satisfies DocumentKind;
