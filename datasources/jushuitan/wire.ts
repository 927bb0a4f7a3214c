/**
 * Wire helpers shared by the Jushuitan client and its sandbox (pure): local times `yyyy-MM-dd HH:mm:ss` without a
 * zone (Jushuitan's are China time; the connection's `utcOffset` says which), the status names of §2.2/§2.3, and
 * reading untrusted JSON without letting its names index a plain object.
 */
import type { InventoryCountStatus } from '../../src/catalog/inventory-count';

export const WIRE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?)?$/;

/** `+08:00` → 480. */
export function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  if (!match) throw new Error(`bad UTC offset ${offset}`);
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** A moment as Jushuitan writes it in `offset`: `2024-09-15 10:21:33` (sub-seconds dropped). */
export function formatWireTime(moment: Date, offset: string): string {
  const local = new Date(Math.floor(moment.getTime() / 1000) * 1000 + offsetMinutes(offset) * 60_000);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
  );
}

interface WireParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function parts(text: string): WireParts | undefined {
  const match = WIRE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part))) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  // A real calendar day (no 2024-02-30).
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day, hour, minute, second };
}

/** `2024-09-15 10:21:33` in `offset` → the moment; undefined when it is not such a time. */
export function parseWireTime(text: string, offset: string): Date | undefined {
  const p = parts(text);
  if (!p) return undefined;
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - offsetMinutes(offset) * 60_000);
}

/** `2024-09-15 10:21:33` → `2024-09-15T10:21:33+08:00` (the wall-clock time kept, the zone made explicit). */
export function wireTimeToIso(text: string, offset: string): string | undefined {
  const p = parts(text);
  if (!p) return undefined;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offset}`;
}

/** Strict form the query takes (§2.2): exactly `yyyy-MM-dd HH:mm:ss`. */
export function isStrictWireTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) && parts(text) !== undefined;
}

/** §2.2 / §2.3: Jushuitan's status names and the canonical enum. */
export const JUSHUITAN_STATUS: ReadonlyMap<string, InventoryCountStatus> = new Map([
  ['WaitConfirm', 'WAIT_CONFIRM'],
  ['Confirmed', 'CONFIRMED'],
  ['Archive', 'ARCHIVED'],
  ['Cancelled', 'CANCELLED'],
  ['Delete', 'DELETED'],
]);

export const JUSHUITAN_STATUS_NAME: ReadonlyMap<InventoryCountStatus, string> = new Map([...JUSHUITAN_STATUS].map(([wire, status]) => [status, wire]));

/** §2.2 limits. */
export const MAX_IO_IDS = 50;
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 30;
export const MAX_WINDOW_SECONDS = 7 * 24 * 3600;

/** A JSON value that is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An own property of untrusted JSON, or undefined (never an inherited one: `constructor`, `__proto__` …). */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** JSON.parse whose objects have no prototype, so no name in the text can reach Object.prototype. */
export function parseUntrustedJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isJsonObject(value)) return value;
    const safe = Object.create(null) as Record<string, unknown>;
    for (const name of Object.keys(value)) Object.defineProperty(safe, name, { value: value[name], enumerable: true, writable: true, configurable: true });
    return safe;
  });
}
