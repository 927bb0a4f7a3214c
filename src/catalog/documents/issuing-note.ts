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
    { name: 'program', type: 'String', description: 'ERP program: T100 asft310 … asft315 (asft314, backflush, uses the one-call customized API); Sunlike MRPAG … MRPAGM (else chosen from kind × subcontract).' },
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
    // Sunlike / Online ERP (seed 002, protocols/others.md §3): six programs, one per kind × subcontract, all on
    // /MRPAG/{VERB} with PGM naming the variant; confirmed (CHK_MAN) by ADDDATA itself, deleted, never approved.
    sunlike: {
      standard: 'Sunlike ERP API (MRPAG)',
      programs: ['MRPAG', 'MRPAGI', 'MRPAGJ', 'MRPAGK', 'MRPAGL', 'MRPAGM'],
      lifecycle: 'confirmedOnCreate',
      defaults: { kind: 'OPEN_API', formats: ['JSON'] },
      operations: {
        read: { api: 'MRPAG/GETDATA', description: '查询单据（按ERP单号）' },
        list: { api: 'MRPAG/BATCHDATA', description: '批量查询单据（单号、日期或部门）' },
        create: { api: 'MRPAG/ADDDATA', description: '新增领料/退料/补料单（新增即审核）' },
        delete: { api: 'MRPAG/DELETEDATA', description: '删除单据（按ERP单号）' },
        createAndApprove: { api: 'MRPAG/ADDDATA', kind: 'CUSTOMIZED', description: '新增单据：ADDDATA 新增即审核（CHK_MAN）', shape: { reaches: 'APPROVED' } },
        createAndPost: { api: 'MRPAG/ADDDATA', kind: 'CUSTOMIZED', description: '新增单据：ADDDATA 新增即审核，无单独过账', shape: { reaches: 'APPROVED' } },
      },
    },
  },
} as const satisfies DocumentKind;
