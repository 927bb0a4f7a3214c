import { TIPTOP_BINDING_DEFAULTS, TIPTOP_CUSTOM_STANDARD, tiptopOpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 雜發 (aint301): seed 001, 庫存交易處理-雜發, 服務類別 9 物流資訊API; TIPTOP's own program is aimt301 (notes §4.1). */
export const miscIssue = {
  type: 'MiscIssue',
  field: 'miscIssue',
  plural: 'miscIssues',
  description: 'Miscellaneous issue (雜項發料): stock taken out of a warehouse for no production or sales document.',
  programs: ['aint301'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  effects: {
    approve: 'Approving checks that every line is on hand (TIPTOP checks stock at confirmation).',
    post: "Posting takes each line's quantity off the stock of its item, warehouse, location and lot.",
    unpost: "Puts each line's quantity back on stock.",
  },
  fields: [
    { name: 'applicant', type: 'String', description: "Applicant (ina11); the ERP uses the connection's user when omitted." },
    { name: 'reason', type: 'String', description: 'Reason code (理由碼, inb15 on every line), a master-data code of the ERP.' },
    { name: 'postDate', type: 'Date', description: 'Posting date (ina02).', input: false },
  ],
  erps: {
    tiptop: {
      ...TIPTOP_BINDING_DEFAULTS,
      operations: {
        ...tiptopOpenApis('other.out.inventory', '雜發單', 'approveThenPost'),
        createAndPost: {
          api: 'CreateMISCIssueData',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          standard: TIPTOP_CUSTOM_STANDARD,
          description: '建立倉庫雜項發料資料',
          shape: { replyKey: 'ina01' },
        },
      },
    },
  },
} as const satisfies DocumentKind;
