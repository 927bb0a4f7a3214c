import type { T100SandboxKind } from './types';

/** asft340: posting adds stock and the work order's stocked-in quantity; a stock-in cannot exceed the open quantity. */
export const stockInSandbox: T100SandboxKind = {
  type: 'StockIn',
  slips: ['SI01'],
  posting: { stock: 1, accumulate: { target: 'WorkOrder', by: 'wo_no', column: 'sfaa050' } },
  targetStatuses: { WorkOrder: ['F'] },
  caps: [
    {
      // ASSUMPTION: what is not yet stocked in (sfaa012 planned − sfaa050 stocked in) bounds a new stock-in.
      target: 'WorkOrder',
      by: 'wo_no',
      limitColumn: 'sfaa012',
      bookedColumn: 'sfaa050',
      refusal: { code: 'sbx-00020', message: '入庫數量超過工單未入庫量' },
    },
  ],
  paddedLineFields: ['wo_no'],
  samples: [
    {
      docNo: 'SI01-26111800001',
      status: 'N',
      record: { doc_date: '20261118', department_no: 'D100', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: '3-BJ900-03006-J02', unit_no: 'PCS', qty: 10, warehouse_no: '1001', location_no: '00', lot_no: 'L20261118' }] },
    },
    {
      docNo: 'SI01-26111900001',
      status: 'Y',
      record: { doc_date: '20261119', department_no: 'D100', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500013', item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 20, warehouse_no: '1001', location_no: '00', lot_no: 'L20261119' }] },
    },
    {
      docNo: 'SI01-26112000001',
      status: 'S',
      record: { doc_date: '20261120', post_date: '20261120', department_no: 'D100', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: '3-BJ900-03006-J02', unit_no: 'PCS', qty: 30, warehouse_no: '1001', location_no: '00', lot_no: 'L20261120' }] },
    },
    {
      docNo: 'SI01-26112000002',
      status: 'X',
      record: { doc_date: '20261120', department_no: 'D200', remark: '輸入錯誤作廢', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500013', item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 5, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] },
    },
  ],
};
