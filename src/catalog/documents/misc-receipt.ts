import { TIPTOP_BINDING_DEFAULTS, tiptopOpenApis } from '../digiwin-rows';
import type { DocumentKind } from '../types';
import { MISC_FIELDS } from './misc-issue';

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
  fields: MISC_FIELDS,
  erps: {
    tiptop: {
      ...TIPTOP_BINDING_DEFAULTS,
      operations: tiptopOpenApis('other.in.inventory', '雜收單', 'approveThenPost'),
    },
  },
} as const satisfies DocumentKind;
