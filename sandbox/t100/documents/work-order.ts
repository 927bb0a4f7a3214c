import type { T100SandboxKind } from './types';

/** asft300: released (F) work orders take issues and stock-ins; unissue only while nothing moved (§3.2). */
export const workOrderSandbox: T100SandboxKind = {
  type: 'WorkOrder',
  slips: ['WO01', 'WO02'],
  guards: {
    // ASSUMPTION (§3.2): unissue only while sfaa049 (issued sets) and sfaa050 (stocked in) are 0.
    // Material issued shows on the material lines (sfba016), which posting an issuing note accumulates.
    unissue: { columns: ['sfaa049', 'sfaa050'], lineColumns: ['sfba016'], refusal: { code: 'sbx-00003', message: '工單已有發料或入庫' } },
  },
  samples: [
    {
      docNo: 'WO01-26110500012',
      status: 'F',
      record: { doc_date: '20261105', item_no: '3-BJ900-03006-J02', qty: 500, unit_no: 'PCS', plan_start_date: '20261106', plan_end_date: '20261130', warehouse_no: '1001', department_no: 'D100', wo_type: '1', issued_sets: 0, stockin_qty: 30, scrap_qty: 0, wo_detail: [{ seq: 1, item_no: 'A001', qty: 250, unit_no: 'KG', warehouse_no: 'W01' }, { seq: 2, item_no: 'A002', qty: 2000, unit_no: 'PCS', warehouse_no: 'W01' }] },
    },
    {
      docNo: 'WO01-26110500013',
      status: 'F',
      record: { doc_date: '20261105', item_no: '3-BJ900-03007-J02', qty: 200, unit_no: 'PCS', plan_start_date: '20261106', plan_end_date: '20261128', warehouse_no: '1001', department_no: 'D100', wo_type: '1', issued_sets: 0, stockin_qty: 0, scrap_qty: 0, wo_detail: [{ seq: 1, item_no: 'A001', qty: 100, unit_no: 'KG', warehouse_no: 'W01' }] },
    },
    {
      docNo: 'WO01-26111000001',
      status: 'N',
      record: { doc_date: '20261110', item_no: '3-BJ900-03006-J02', qty: 100, unit_no: 'PCS', plan_start_date: '20261201', plan_end_date: '20261210', department_no: 'D100', wo_type: '1', issued_sets: 0, stockin_qty: 0, scrap_qty: 0 },
    },
    {
      docNo: 'WO01-26111200001',
      status: 'Y',
      record: { doc_date: '20261112', item_no: '3-BJ900-03007-J02', qty: 80, unit_no: 'PCS', plan_start_date: '20261203', plan_end_date: '20261212', department_no: 'S001', wo_type: '2', issued_sets: 0, stockin_qty: 0, scrap_qty: 0 },
    },
    {
      docNo: 'WO01-26100100003',
      status: 'C',
      record: { doc_date: '20261001', item_no: '3-BJ900-03006-J02', qty: 50, unit_no: 'PCS', plan_start_date: '20261002', plan_end_date: '20261015', department_no: 'D100', wo_type: '1', issued_sets: 50, stockin_qty: 50, scrap_qty: 0 },
    },
  ],
};
