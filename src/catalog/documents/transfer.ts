import { TIPTOP_BINDING_DEFAULTS, TIPTOP_CUSTOM_STANDARD, tiptopOpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 一階段調撥 (aimt324/aimt720): seed 001, 庫存交易處理-一階段調撥, 服務類別 9 物流資訊API. */
export const transfer = {
  type: 'Transfer',
  field: 'transfer',
  plural: 'transfers',
  description:
    'One-stage transfer (一階段調撥): stock moved from one warehouse, location and lot to another in one document. ' +
    "Each line names where it comes from (warehouse, location, lot) and where it goes (toWarehouse, toLocation, toLot).",
  programs: ['aimt324', 'aimt720'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  lineFields: ['toWarehouse', 'toLocation', 'toLot'],
  effects: {
    approve: 'Approving checks that every line is on hand at its source.',
    post: "Posting moves each line's quantity from its source to its destination.",
    unpost: 'Moves each quantity back (refused when the destination no longer holds it).',
  },
  fields: [{ name: 'postDate', type: 'Date', description: 'Posting date (imm17), set when posted.', input: false }],
  erps: {
    tiptop: {
      ...TIPTOP_BINDING_DEFAULTS,
      operations: {
        ...tiptopOpenApis('transfer', '一階段調撥單', 'approveThenPost'),
        createAndPost: {
          api: 'CreateTransferNote',
          kind: 'CUSTOMIZED',
          formats: ['XML'],
          standard: TIPTOP_CUSTOM_STANDARD,
          description: '建立倉庫調撥單',
          shape: { replyKey: 'imm01' },
        },
      },
    },
  },
} as const satisfies DocumentKind;
