/**
 * The T100 sandbox's master data (protocols/digiwin.md §7.14): enterprise, sites, users, items, warehouses and
 * opening stock. Looked up by names that arrive on the wire, so every table is a Map: an item called `toString`
 * or a warehouse called `constructor` does not exist.
 */
export const ENTERPRISE = '99';
export const SITES: readonly string[] = ['DSCTC'];

/** ERP logins (host.acct); `nosite` has no default site. */
export const USERS: ReadonlyMap<string, { defaultSite: string | null }> = new Map([
  ['tiptop', { defaultSite: 'DSCTC' }],
  ['nosite', { defaultSite: null }],
]);

export const ITEMS: ReadonlyMap<string, { name: string; unit: string }> = new Map([
  ['3-BJ900-03006-J02', { name: '控制器總成', unit: 'PCS' }],
  ['3-BJ900-03007-J02', { name: '控制器外殼', unit: 'PCS' }],
  ['A001', { name: '鋁板 1.2mm', unit: 'KG' }],
  ['A002', { name: '螺絲 M3', unit: 'PCS' }],
  ['B100', { name: '包材紙箱', unit: 'PCS' }],
]);

/** Warehouses and their locations (' ' is T100's blank location). */
export const WAREHOUSES: ReadonlyMap<string, readonly string[]> = new Map([
  ['1001', ['00', ' ']],
  ['W01', [' ', '01']],
  ['2001', [' ']],
]);

export const SUPPLIERS: ReadonlyMap<string, { name: string }> = new Map([
  ['S001', { name: '協力廠甲' }],
  ['S002', { name: '協力廠乙' }],
]);

export const OPENING_STOCK: readonly { item: string; warehouse: string; location: string; lot: string; quantity: number }[] = [
  { item: 'A001', warehouse: 'W01', location: ' ', lot: ' ', quantity: 500 },
  { item: 'A002', warehouse: 'W01', location: ' ', lot: ' ', quantity: 3000 },
  { item: 'B100', warehouse: 'W01', location: ' ', lot: ' ', quantity: 200 },
  // What the posted sample station stock-in (3) and purchase stock-in (25) put into 1001/00.
  { item: '3-BJ900-03006-J02', warehouse: '1001', location: '00', lot: ' ', quantity: 3 },
  { item: '3-BJ900-03007-J02', warehouse: '1001', location: '00', lot: ' ', quantity: 25 },
  // SI01-26112000001 stocked in 30 of this lot; 18 have been shipped since, so disposting it must be refused.
  { item: '3-BJ900-03006-J02', warehouse: '1001', location: '00', lot: 'L20261120', quantity: 12 },
];
