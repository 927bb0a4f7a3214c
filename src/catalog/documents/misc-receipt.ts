import { TIPTOP_BINDING_DEFAULTS, tiptopOpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';

/** 雜收 (aint302): seed 001, 庫存交易處理-雜收, 服務類別 9 物流資訊API; TIPTOP's own program is aimt302 (notes §4.1). */
export const miscReceipt = {
  type: 'MiscReceipt',
  field: 'miscReceipt',
  plural: 'miscReceipts',
  description: 'Miscellaneous receipt (雜項收料): stock received into a warehouse for no purchase or production document.',
  programs: ['aint302'],
  lifecycle: 'approveThenPost',
  linesRequired: true,
  effects: {
    post: "Posting adds each line's quantity to the stock of its item, warehouse, location and lot.",
    unpost: "Takes each line's quantity off stock again (refused when that stock has been used meanwhile).",
  },
  fields: [
    { name: 'applicant', type: 'String', description: "Applicant (ina11); the ERP uses the connection's user when omitted." },
    { name: 'reason', type: 'String', description: 'Reason code (理由碼, inb15 on every line), a master-data code of the ERP.' },
    { name: 'postDate', type: 'Date', description: 'Posting date (ina02).', input: false },
  ],
  erps: {
    tiptop: {
      ...TIPTOP_BINDING_DEFAULTS,
      operations: tiptopOpenApis('other.in.inventory', '雜收單', 'approveThenPost'),
    },
  },
} as const satisfies DocumentKind;
