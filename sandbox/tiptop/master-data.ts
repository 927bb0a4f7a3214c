/**
 * The TIPTOP GP sandbox's master data (protocols/digiwin.md §7.14, TIPTOP side): plant, users, slips, items,
 * warehouses with their locations, and opening stock. Looked up by names that arrive on the wire, so every table is
 * a Map: an item called `toString` or a warehouse called `constructor` does not exist.
 */

/** Plants (one database each in TIPTOP; `Organization@name`, `datakey CompanyId`). */
export const PLANTS: ReadonlySet<string> = new Set(['DSCTC']);

/** ERP logins (`host@acct`, `Authentication@user`) with their password (checked only under strictPassword, §2.7). */
export const USERS: ReadonlyMap<string, { password: string; department: string }> = new Map([
  ['tiptop', { password: 'tiptop', department: 'D100' }],
  ['gwuser', { password: 'gw-secret', department: 'D200' }],
]);

/** Document slips (單別) and the document type each one numbers (§4.2: `{slip}-{yyMM}{nnnn}`). */
export const SLIPS: ReadonlyMap<string, string> = new Map([
  ['MI01', 'MiscIssue'],
  ['MR01', 'MiscReceipt'],
  ['TR01', 'Transfer'],
]);

export const ITEMS: ReadonlyMap<string, { name: string; unit: string; active: boolean }> = new Map([
  ['A001', { name: '鋁板 1.2mm', unit: 'PCS', active: true }],
  ['A002', { name: '銅線 0.5mm', unit: 'KG', active: true }],
  ['A003', { name: '螺絲 M3', unit: 'PCS', active: true }],
  // Seed 003's item: AI-WMS pushes are booked here in sandbox mode.
  ['P001', { name: 'P001货品P', unit: 'PCS', active: true }],
  // An item no longer in use (ima1010 ≠ 1 in TIPTOP): refused as mfg1201 like an unknown one (§5.2).
  ['Z999', { name: '停用料件', unit: 'PCS', active: false }],
]);

/** Warehouses and their locations (' ' is TIPTOP's blank location, §2.5). */
export const WAREHOUSES: ReadonlyMap<string, readonly string[]> = new Map([
  ['W01', [' ', 'L1', 'L2']],
  ['W02', [' ', 'L1', 'L2']],
  ['W03', [' ', 'L1', 'L2']],
  // Seed 003's warehouse.
  ['A', [' ']],
]);

/** Stock on hand when the sandbox first starts (after the posted sample documents). Blank location/lot = ' '. */
export const OPENING_STOCK: readonly { item: string; warehouse: string; location: string; lot: string; quantity: number }[] = [
  { item: 'A001', warehouse: 'W01', location: ' ', lot: ' ', quantity: 100 },
  { item: 'A001', warehouse: 'W01', location: 'L1', lot: 'LOT1', quantity: 50 },
  { item: 'A001', warehouse: 'W02', location: ' ', lot: ' ', quantity: 20 },
  { item: 'A002', warehouse: 'W02', location: ' ', lot: ' ', quantity: 200 },
  { item: 'A003', warehouse: 'W01', location: 'L2', lot: ' ', quantity: 30 },
  { item: 'A003', warehouse: 'W03', location: 'L1', lot: 'LOT9', quantity: 8 },
  { item: 'P001', warehouse: 'A', location: ' ', lot: ' ', quantity: 500 },
];
