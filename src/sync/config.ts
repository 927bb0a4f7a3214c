/**
 * The `inventorySync` section of the gateway config (issue 13; protocols/others.md §5): which connections the
 * Jushuitan → Kingdee flow reads and writes, and the maps the seed leaves to the integrator — warehouses keyed
 * `{wms_co_id}:{wh_id}`, items (identity unless listed, or refused with `strictItems`), the department, and whether
 * the bills are submitted and audited as they are saved (default: no, they land unapproved).
 */
import { asRecord, ConfigError, integerAt, onlyKeys, stringAt } from '../config/fields';

export interface InventorySyncConfig {
  /** Connection ids; null: the first connection of that ERP (the mutation's arguments win). */
  readonly source: string | null;
  readonly target: string | null;
  /** `{wms_co_id}:{wh_id}` → the target's stock number (FStockId). */
  readonly warehouses: ReadonlyMap<string, string>;
  /** sku_id → the target's material number and unit. */
  readonly items: ReadonlyMap<string, { readonly number: string; readonly unit?: string }>;
  /** An item the map lacks fails its count (BAD_USER_INPUT) instead of passing through unchanged. */
  readonly strictItems: boolean;
  readonly defaultUnit: string;
  /** FDeptId of every bill (Kingdee needs a customer or a department). */
  readonly department: string | null;
  /** Submit and audit each bill as it is saved (BatchSave IsAutoSubmitAndAudit). */
  readonly approve: boolean;
  /** Jushuitan page size (at most 50). */
  readonly pageSize: number;
  /** How long a run's claim on a count holds before another run may take it over. */
  readonly leaseSeconds: number;
  /** Bill numbers: `{prefix}{io_id}` (§5: JST-PK-). */
  readonly billPrefix: string;
}

const KEYS = ['source', 'target', 'warehouses', 'items', 'strictItems', 'defaultUnit', 'department', 'approve', 'pageSize', 'leaseSeconds', 'billPrefix'] as const;

function stringMap(value: unknown, key: string): Map<string, string> {
  const map = new Map<string, string>();
  if (value === undefined || value === null) return map;
  for (const [name, target] of Object.entries(asRecord(value, key))) {
    if (typeof target !== 'string' || target.trim() === '') throw new ConfigError(`${key}.${name}`, 'must be a non-empty string');
    map.set(name, target);
  }
  return map;
}

export function parseInventorySync(value: unknown, connectionIds: readonly string[]): InventorySyncConfig {
  const record = value === undefined || value === null ? {} : asRecord(value, 'inventorySync');
  onlyKeys(record, 'inventorySync', KEYS);
  const connection = (key: 'source' | 'target'): string | null => {
    if (record[key] === undefined) return null;
    const id = stringAt(record, key, `inventorySync.${key}`);
    if (!connectionIds.includes(id)) throw new ConfigError(`inventorySync.${key}`, `no connection named ${id}`);
    return id;
  };
  const warehouses = stringMap(record.warehouses, 'inventorySync.warehouses');
  for (const name of warehouses.keys()) {
    if (!/^[^:\s]+:[^:\s]+$/.test(name)) throw new ConfigError(`inventorySync.warehouses.${name}`, 'keys are {wms_co_id}:{wh_id}, e.g. "10186:1"');
  }
  const items = new Map<string, { number: string; unit?: string }>();
  if (record.items !== undefined && record.items !== null) {
    for (const [sku, target] of Object.entries(asRecord(record.items, 'inventorySync.items'))) {
      if (typeof target === 'string' && target.trim() !== '') items.set(sku, { number: target });
      else if (target && typeof target === 'object' && !Array.isArray(target)) {
        const entry = target as Record<string, unknown>;
        onlyKeys(entry, `inventorySync.items.${sku}`, ['number', 'unit']);
        items.set(sku, { number: stringAt(entry, 'number', `inventorySync.items.${sku}.number`), ...(entry.unit === undefined ? {} : { unit: stringAt(entry, 'unit', `inventorySync.items.${sku}.unit`) }) });
      } else throw new ConfigError(`inventorySync.items.${sku}`, 'must be a material number, or { number, unit }');
    }
  }
  const flag = (key: 'strictItems' | 'approve'): boolean => {
    const raw = record[key] ?? false;
    if (typeof raw !== 'boolean') throw new ConfigError(`inventorySync.${key}`, 'must be true or false');
    return raw;
  };
  return {
    source: connection('source'),
    target: connection('target'),
    warehouses,
    items,
    strictItems: flag('strictItems'),
    defaultUnit: stringAt(record, 'defaultUnit', 'inventorySync.defaultUnit', 'Pcs'),
    department: record.department === undefined ? null : stringAt(record, 'department', 'inventorySync.department'),
    approve: flag('approve'),
    pageSize: integerAt(record, 'pageSize', 'inventorySync.pageSize', 50, 1, 50),
    leaseSeconds: integerAt(record, 'leaseSeconds', 'inventorySync.leaseSeconds', 300, 5, 86_400),
    billPrefix: stringAt(record, 'billPrefix', 'inventorySync.billPrefix', 'JST-PK-'),
  };
}
