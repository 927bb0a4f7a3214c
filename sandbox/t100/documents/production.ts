/** Sandbox rules and samples of the production documents besides work orders and stock-ins (protocols §3.2, §4.3). */
import type { T100SandboxKind } from './types';

const ISSUED_WORK_ORDER = { WorkOrder: ['F'] } as const;

export const workOrderChangeSandbox: T100SandboxKind = {
  type: 'WorkOrderChange',
  slips: [],
  numberedAfter: { by: 'wo_no', seqField: 'change_seq' },
  // A closed or void work order cannot be changed.
  targetStatuses: { WorkOrder: ['N', 'Y', 'F'] },
  appliesOnApprove: {
    target: 'WorkOrder',
    by: 'wo_no',
    copy: { item_no: 'item_no', qty: 'qty', unit_no: 'unit_no', plan_start_date: 'plan_start_date', plan_end_date: 'plan_end_date' },
  },
  samples: [
    { docNo: 'WO01-26110500013#1', status: 'Y', record: { doc_date: '20261106', wo_no: 'WO01-26110500013', change_seq: 1, plan_end_date: '20261128', reason_no: 'R01' } },
    { docNo: 'WO01-26111000001#1', status: 'N', record: { doc_date: '20261111', wo_no: 'WO01-26111000001', change_seq: 1, qty: 120, reason_no: 'R02' } },
    { docNo: 'WO01-26111200001#1', status: 'X', record: { doc_date: '20261113', wo_no: 'WO01-26111200001', change_seq: 1, qty: 90, reason_no: 'R01' } },
  ],
};

/** An issue cannot exceed what the work order's material line still requires (sfba013 − sfba016). */
const ISSUE_CAP = {
  target: 'WorkOrder',
  by: 'wo_no',
  lineMatch: 'item_no',
  limitColumn: 'sfba013',
  bookedColumn: 'sfba016',
  refusal: { code: 'sbx-00021', message: '發料數量超過工單應發量' },
  // A supplement (補料) issues beyond the requirement, e.g. after scrap.
  unless: { field: 'issue_type', values: ['3'] },
} as const;

export const issuingNoteSandbox: T100SandboxKind = {
  type: 'IssuingNote',
  slips: ['IS01', 'IS14'],
  posting: { stock: -1, accumulate: { target: 'WorkOrder', by: 'wo_no', lineMatch: 'item_no', column: 'sfba016' } },
  targetStatuses: ISSUED_WORK_ORDER,
  caps: [ISSUE_CAP],
  // ASSUMPTION: on T100 a return is its own program (asft321/323, PickingReturn): an issuing note issues (1) or supplements (3).
  allowed: { issue_type: { values: ['1', '3'], refusal: { code: 'sbx-00018', message: '發料單只可發料或補料，退料請用退料單' } } },
  paddedLineFields: ['wo_no'],
  samples: [
    {
      docNo: 'IS01-26111400001',
      status: 'N',
      record: { doc_date: '20261114', prog_no: 'asft310', issue_type: '1', department_no: 'D100', issuing_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: 'A001', unit_no: 'KG', qty: 20, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] },
    },
    {
      docNo: 'IS01-26111500001',
      status: 'Y',
      record: { doc_date: '20261115', prog_no: 'asft310', issue_type: '1', department_no: 'D100', issuing_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: 'A002', unit_no: 'PCS', qty: 100, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] },
    },
    {
      docNo: 'IS14-26111600001',
      status: 'X',
      record: { doc_date: '20261116', prog_no: 'asft314', issue_type: '1', department_no: 'D100', remark: '重複輸入作廢', issuing_detail: [{ seq: 1, wo_no: 'WO01-26110500013', item_no: 'A001', unit_no: 'KG', qty: 5, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] },
    },
  ],
};

export const pickingReturnSandbox: T100SandboxKind = {
  type: 'PickingReturn',
  slips: ['PR21', 'PR23'],
  posting: { stock: 1, accumulate: { target: 'WorkOrder', by: 'wo_no', lineMatch: 'item_no', column: 'sfba016', sign: -1 } },
  targetStatuses: ISSUED_WORK_ORDER,
  // A return cannot exceed what was issued (sfba016).
  caps: [{ target: 'WorkOrder', by: 'wo_no', lineMatch: 'item_no', limitColumn: 'sfba016', refusal: { code: 'sbx-00022', message: '退料數量超過已發料量' } }],
  paddedLineFields: ['wo_no'],
  samples: [
    {
      docNo: 'PR21-26111700001',
      status: 'N',
      record: { doc_date: '20261117', prog_no: 'asft321', department_no: 'D100', picking_return_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: 'A001', unit_no: 'KG', qty: 2, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] },
    },
    {
      docNo: 'PR21-26111800001',
      status: 'Y',
      record: { doc_date: '20261118', prog_no: 'asft321', department_no: 'D100', picking_return_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: 'A002', unit_no: 'PCS', qty: 10, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] },
    },
    {
      docNo: 'PR23-26111900001',
      status: 'X',
      record: { doc_date: '20261119', prog_no: 'asft323', department_no: 'D100', picking_return_detail: [{ seq: 1, wo_no: 'WO01-26110500013', item_no: 'A001', unit_no: 'KG', qty: 1, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }] },
    },
  ],
};

export const workReportSandbox: T100SandboxKind = {
  type: 'WorkReport',
  slips: ['WR30', 'WR35'],
  targetStatuses: ISSUED_WORK_ORDER,
  samples: [
    { docNo: 'WR30-26111700001', status: 'N', record: { doc_date: '20261117', prog_no: 'asft330', reporter_no: 'tiptop', department_no: 'D100', wo_no: 'WO01-26110500012', operation_no: 'OP10', operation_seq: '10', workstation_no: 'WS01', unit_no: 'PCS', good_qty: 40, scrap_qty: 1, offline_qty: 0 } },
    { docNo: 'WR35-26111800001', status: 'Y', record: { doc_date: '20261118', prog_no: 'asft335', reporter_no: 'tiptop', department_no: 'D100', wo_no: 'WO01-26110500012', operation_no: 'OP20', operation_seq: '20', workstation_no: 'WS02', unit_no: 'PCS', good_qty: 38, scrap_qty: 2, offline_qty: 0 } },
    { docNo: 'WR30-26111900001', status: 'X', record: { doc_date: '20261119', prog_no: 'asft330', reporter_no: 'tiptop', department_no: 'D100', wo_no: 'WO01-26110500013', operation_no: 'OP10', operation_seq: '10', workstation_no: 'WS01', unit_no: 'PCS', good_qty: 5, scrap_qty: 0, offline_qty: 0 } },
  ],
};

export const stationStockInSandbox: T100SandboxKind = {
  type: 'StationStockIn',
  slips: ['SS01'],
  posting: { stock: 1 },
  targetStatuses: ISSUED_WORK_ORDER,
  samples: [
    { docNo: 'SS01-26111800001', status: 'N', record: { doc_date: '20261118', wo_no: 'WO01-26110500012', operation_no: 'OP20', operation_seq: '20', report_qty: 4, wo_report_stockin_detail: [{ seq: 1, item_no: '3-BJ900-03006-J02', unit_no: 'PCS', qty: 4, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
    { docNo: 'SS01-26111900001', status: 'S', record: { doc_date: '20261119', post_date: '20261119', wo_no: 'WO01-26110500012', operation_no: 'OP20', operation_seq: '20', report_qty: 3, wo_report_stockin_detail: [{ seq: 1, item_no: '3-BJ900-03006-J02', unit_no: 'PCS', qty: 3, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
    { docNo: 'SS01-26112000001', status: 'Y', record: { doc_date: '20261120', wo_no: 'WO01-26110500013', operation_no: 'OP10', operation_seq: '10', report_qty: 2, wo_report_stockin_detail: [{ seq: 1, item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 2, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] } },
  ],
};

export const stationScrapSandbox: T100SandboxKind = {
  type: 'StationScrap',
  slips: ['SC01'],
  posting: { accumulate: { target: 'WorkOrder', by: 'wo_no', column: 'sfaa056', quantity: 'scrap_qty' } },
  targetStatuses: ISSUED_WORK_ORDER,
  samples: [
    { docNo: 'SC01-26111800001', status: 'N', record: { doc_date: '20261118', wo_no: 'WO01-26110500012', operation_no: 'OP20', operation_seq: '20', scrap_qty: 2 } },
    { docNo: 'SC01-26111900001', status: 'S', record: { doc_date: '20261119', post_date: '20261119', wo_no: 'WO01-26110500012', operation_no: 'OP10', operation_seq: '10', scrap_qty: 1 } },
    { docNo: 'SC01-26112000001', status: 'Y', record: { doc_date: '20261120', wo_no: 'WO01-26110500013', operation_no: 'OP10', operation_seq: '10', scrap_qty: 1 } },
  ],
};
