/**
 * The T100 sandbox's master data and its first documents (protocols/digiwin.md §7.14). Seeded into an empty
 * database only; a restart keeps whatever the database holds.
 */
export const ENTERPRISE = '99';
export const SITES = ['DSCTC'] as const;

/** ERP logins (host.acct); `nosite` has no default site. */
export const USERS: Readonly<Record<string, { defaultSite: string | null }>> = {
  tiptop: { defaultSite: 'DSCTC' },
  nosite: { defaultSite: null },
};

/** Slips (單別) per document type; the first is the default when a create names none. */
export const SLIPS: Readonly<Record<string, readonly string[]>> = {
  WorkOrder: ['WO01', 'WO02'],
  StockIn: ['SI01'],
};

export const ITEMS: Readonly<Record<string, { name: string; unit: string }>> = {
  '3-BJ900-03006-J02': { name: '控制器總成', unit: 'PCS' },
  '3-BJ900-03007-J02': { name: '控制器外殼', unit: 'PCS' },
  A001: { name: '鋁板 1.2mm', unit: 'KG' },
  A002: { name: '螺絲 M3', unit: 'PCS' },
  B100: { name: '包材紙箱', unit: 'PCS' },
};

/** Warehouses and their locations (' ' is T100's blank location). */
export const WAREHOUSES: Readonly<Record<string, readonly string[]>> = {
  '1001': ['00', ' '],
  W01: [' ', '01'],
  '2001': [' '],
};

export const OPENING_STOCK: readonly { item: string; warehouse: string; location: string; lot: string; quantity: number }[] = [
  { item: 'A001', warehouse: 'W01', location: ' ', lot: ' ', quantity: 500 },
  { item: 'A002', warehouse: 'W01', location: ' ', lot: ' ', quantity: 3000 },
  // SI01-26112000001 stocked in 30 of this lot; 18 have been shipped since, so disposting it must be refused.
  { item: '3-BJ900-03006-J02', warehouse: '1001', location: '00', lot: 'L20261120', quantity: 12 },
];

/** Sample documents in wire form (std_data names), with the raw status each should have. */
export interface SampleDocument {
  readonly type: string;
  readonly docNo: string;
  readonly status: string;
  readonly record: Record<string, unknown>;
}

export const SAMPLE_DOCUMENTS: readonly SampleDocument[] = [
  {
    type: 'WorkOrder', docNo: 'WO01-26110500012', status: 'F',
    record: { doc_date: '20261105', item_no: '3-BJ900-03006-J02', qty: 500, unit_no: 'PCS', plan_start_date: '20261106', plan_end_date: '20261130', warehouse_no: '1001', department_no: 'D100', wo_type: '1', issued_sets: 0, stockin_qty: 30, scrap_qty: 0 },
  },
  {
    type: 'WorkOrder', docNo: 'WO01-26110500013', status: 'F',
    record: { doc_date: '20261105', item_no: '3-BJ900-03007-J02', qty: 200, unit_no: 'PCS', plan_start_date: '20261106', plan_end_date: '20261128', warehouse_no: '1001', department_no: 'D100', wo_type: '1', issued_sets: 0, stockin_qty: 0, scrap_qty: 0 },
  },
  {
    type: 'WorkOrder', docNo: 'WO01-26111000001', status: 'N',
    record: { doc_date: '20261110', item_no: '3-BJ900-03006-J02', qty: 100, unit_no: 'PCS', plan_start_date: '20261201', plan_end_date: '20261210', department_no: 'D100', wo_type: '1', issued_sets: 0, stockin_qty: 0, scrap_qty: 0 },
  },
  {
    type: 'WorkOrder', docNo: 'WO01-26111200001', status: 'Y',
    record: { doc_date: '20261112', item_no: '3-BJ900-03007-J02', qty: 80, unit_no: 'PCS', plan_start_date: '20261203', plan_end_date: '20261212', department_no: 'D200', wo_type: '2', issued_sets: 0, stockin_qty: 0, scrap_qty: 0 },
  },
  {
    type: 'WorkOrder', docNo: 'WO01-26100100003', status: 'C',
    record: { doc_date: '20261001', item_no: '3-BJ900-03006-J02', qty: 50, unit_no: 'PCS', plan_start_date: '20261002', plan_end_date: '20261015', department_no: 'D100', wo_type: '1', issued_sets: 50, stockin_qty: 50, scrap_qty: 0 },
  },
  {
    type: 'StockIn', docNo: 'SI01-26111800001', status: 'N',
    record: { doc_date: '20261118', department_no: 'D100', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: '3-BJ900-03006-J02', unit_no: 'PCS', qty: 10, warehouse_no: '1001', location_no: '00', lot_no: 'L20261118' }] },
  },
  {
    type: 'StockIn', docNo: 'SI01-26111900001', status: 'Y',
    record: { doc_date: '20261119', department_no: 'D100', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500013', item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 20, warehouse_no: '1001', location_no: '00', lot_no: 'L20261119' }] },
  },
  {
    type: 'StockIn', docNo: 'SI01-26112000001', status: 'S',
    record: { doc_date: '20261120', post_date: '20261120', department_no: 'D100', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500012', item_no: '3-BJ900-03006-J02', unit_no: 'PCS', qty: 30, warehouse_no: '1001', location_no: '00', lot_no: 'L20261120' }] },
  },
  {
    type: 'StockIn', docNo: 'SI01-26112000002', status: 'X',
    record: { doc_date: '20261120', department_no: 'D200', remark: '輸入錯誤作廢', wo_stockin_detail: [{ seq: 1, wo_no: 'WO01-26110500013', item_no: '3-BJ900-03007-J02', unit_no: 'PCS', qty: 5, warehouse_no: '1001', location_no: '00', lot_no: ' ' }] },
  },
];

/**
 * What posting a document does (§3.2): stock moves per line (+1 in, -1 out) and the work order column that
 * accumulates it. Kinds without an entry move nothing.
 */
export const POSTING_EFFECTS: Readonly<Record<string, { stock: 1 | -1; workOrderColumn?: string }>> = {
  StockIn: { stock: 1, workOrderColumn: 'sfaa050' },
};
