/**
 * Pure conversions between canonical documents, Digiwin std_data wire records (protocols/digiwin.md §4.2) and
 * table rows (§4.3), for T100 and TIPTOP alike; each ERP brings its mappings and its status codec.
 */
import type { CanonicalDocument, CanonicalInput, CanonicalLine } from '../../../src/catalog/canonical';
import { parseDecimal } from '../../../src/catalog/decimal';
import { BadUserInputError } from '../../../src/errors';
import { setOwn } from './envelope';
import type { StatusCodec, StdField, StdMapping, StdTable } from './std-mapping-types';

export type { StatusCodec, StdField, StdMapping, StdTable } from './std-mapping-types';

/** What each mapping's tables imply, worked out once per mapping rather than per record. */
interface Derived {
  readonly recordSet: string;
  readonly detail: string;
  readonly ownedHead: ReadonlySet<string>;
  readonly ownedLine: ReadonlySet<string>;
}
const DERIVED = new WeakMap<StdMapping, Derived>();

function derived(mapping: StdMapping): Derived {
  let found = DERIVED.get(mapping);
  if (!found) {
    const stem = mapping.stem.replace(/\./g, '_');
    found = {
      recordSet: `${stem}_data`,
      detail: `${stem}_detail`,
      ownedHead: new Set([...GATEWAY_HEAD_WIRE, ...mapping.head.fields.map((field) => field.wire), `${stem}_detail`]),
      ownedLine: new Set(['seq', ...(mapping.lines?.fields ?? []).map((field) => field.wire)]),
    };
    DERIVED.set(mapping, found);
  }
  return found;
}

/** `wo.stockin` → `wo_stockin_data` / `wo_stockin_detail` (§4.2). */
export function recordSetKey(mapping: StdMapping): string {
  return derived(mapping).recordSet;
}
export function detailKey(mapping: StdMapping): string {
  return derived(mapping).detail;
}

/** Canonical fields every std_data head carries under a standard wire name (§4.2). */
const STANDARD_WIRE: ReadonlyMap<string, string> = new Map([
  ['docNo', 'doc_no'],
  ['docType', 'doc_type_no'],
  ['docDate', 'doc_date'],
  ['supplier', 'supplier_no'],
  ['workOrderNo', 'wo_no'],
]);

/** The wire name of a canonical field in a mapping (standard, head or line), or undefined when it has none. */
export function wireNameOf(mapping: StdMapping, canonical: string): string | undefined {
  return (
    STANDARD_WIRE.get(canonical) ??
    mapping.head.fields.find((field) => field.canonical === canonical)?.wire ??
    mapping.lines?.fields.find((field) => field.canonical === canonical)?.wire
  );
}

/** A std_data record: wire names to string/number values, detail rows as arrays. */
export type WireRecord = Record<string, unknown>;

/**
 * `modify_date` `yyyyMMddHHmmss` → instant. ASSUMPTION: the notes name no modification field; T100 keeps
 * `<p>moddt`, and we read and write it as UTC (a per-connection time zone is not configurable yet).
 */
function fromWireDateTime(wire: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(wire);
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6])) : null;
}

/** ISO `2026-11-24` ↔ T100 wire `20261124`. */
export function toWireDate(iso: string): string {
  return iso.replace(/-/g, '');
}
function fromWireDate(wire: string): string {
  const digits = wire.trim().replace(/[-/]/g, '');
  return /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : wire.trim();
}

function toWireValue(field: StdField, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (field.type) {
    case 'date':
      return toWireDate(String(value));
    case 'number':
      return Number(value);
    case 'flag':
      return value ? field.flag!.true : field.flag!.false;
    case 'code':
      // Canonical enum values come from the GraphQL enum (trusted); own keys only all the same.
      return Object.hasOwn(field.codes!, String(value)) ? field.codes![String(value)] : undefined;
    case 'string':
      return String(value);
  }
}

function fromWireValue(field: StdField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'date': {
      const text = String(value).trim();
      return text === '' ? null : fromWireDate(text);
    }
    case 'number':
      // Kept as the ERP wrote it (an XML `12.500` stays `12.500`); JSON numbers by their shortest text.
      return parseDecimal(typeof value === 'number' ? value : String(value)) ?? null;
    case 'flag':
      return String(value).trim() === field.flag!.true;
    case 'code': {
      // The ERP's code back to the enum value; an unknown code reads as null rather than an invalid enum value.
      const code = String(value).trim();
      return Object.entries(field.codes!).find(([, raw]) => raw === code)?.[0] ?? null;
    }
    case 'string': {
      // CHAR columns come back blank-padded (§2.1): trim every string.
      const text = String(value).trim();
      return text === '' ? null : text;
    }
  }
}

function writeFields(fields: readonly StdField[], source: Record<string, unknown>, target: WireRecord): void {
  for (const field of fields) {
    if (field.readOnly) continue;
    const value = toWireValue(field, source[field.canonical]);
    if (value !== undefined) target[field.wire] = value;
  }
}

function readFields(fields: readonly StdField[], source: WireRecord, target: Record<string, unknown>): void {
  for (const field of fields) {
    if (field.wire in source) target[field.canonical] = fromWireValue(field, source[field.wire]);
  }
}

/** Head wire names the gateway writes or reads itself (`source_no` is the gateway reference). */
const GATEWAY_HEAD_WIRE = ['doc_no', 'doc_type_no', 'doc_date', 'status', 'site_no', 'supplier_no', 'wo_no', 'modify_date', 'source_no'];

function ownedHead(mapping: StdMapping): ReadonlySet<string> {
  return derived(mapping).ownedHead;
}

function ownedLine(mapping: StdMapping): ReadonlySet<string> {
  return derived(mapping).ownedLine;
}

/**
 * erpFields → wire fields, as the client names them. A name the gateway owns is refused (it would override a
 * canonical field or the gateway reference); the rest are defined as own properties, never through a setter.
 */
function passThrough(target: WireRecord, fields: Record<string, unknown> | null | undefined, owned: ReadonlySet<string>, path: string): void {
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (owned.has(key)) throw new BadUserInputError(`${path}.${key}`, `${key} is written from the canonical fields and cannot be passed through erpFields`);
    setOwn(target, key, value);
  }
}

/** Wire fields the mapping has no canonical name for, in a null-prototype record (the names come from the ERP). */
function unmapped(source: WireRecord, owned: ReadonlySet<string>): Record<string, unknown> {
  const extra: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(source)) if (!owned.has(key)) extra[key] = value;
  return extra;
}

/** Canonical input → one std_data head record with its detail rows (create/update, §4.2). */
export function toWireRecord(mapping: StdMapping, input: CanonicalInput, docNo?: string): WireRecord {
  const record: WireRecord = {};
  if (docNo) record.doc_no = docNo;
  if (input.docType) record.doc_type_no = input.docType;
  if (input.docDate) record.doc_date = toWireDate(input.docDate);
  if (input.supplier) record.supplier_no = input.supplier;
  if (input.workOrderNo) record.wo_no = input.workOrderNo;
  writeFields(mapping.head.fields, input, record);
  if (mapping.lines && input.lines) {
    const owned = ownedLine(mapping);
    record[detailKey(mapping)] = input.lines.map((line, index) => {
      const row: WireRecord = { seq: line.seq ?? index + 1 };
      writeFields(mapping.lines!.fields, line as unknown as Record<string, unknown>, row);
      passThrough(row, line.erpFields, owned, `input.lines[${index}].erpFields`);
      for (const [key, value] of Object.entries(line.gatewayFields ?? {})) setOwn(row, key, value);
      return row;
    });
  }
  passThrough(record, input.erpFields, ownedHead(mapping), 'input.erpFields');
  return record;
}

/** A scalar of a reply as trimmed text; anything else (an object, a list) is no text — never a conversion that throws. */
export function asString(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value).trim() : '';
}

/** One std_data head record (with or without detail rows) → canonical document. */
export function fromWireRecord(mapping: StdMapping, record: WireRecord, codec: StatusCodec): CanonicalDocument {
  const rawStatus = asString(record.status);
  const status = codec.canonical(rawStatus);
  if (!status) throw new Error(`unknown ${codec.name} "${rawStatus}"`);
  const docNo = asString(record.doc_no);
  const document: CanonicalDocument = {
    docNo,
    status,
    rawStatus,
    docType: asString(record.doc_type_no) || docNo.split('-')[0] || null,
    docDate: record.doc_date ? fromWireDate(asString(record.doc_date)) : null,
    supplier: asString(record.supplier_no) || null,
    workOrderNo: asString(record.wo_no) || null,
    modifiedAt: fromWireDateTime(asString(record.modify_date)),
    erpFields: Object.assign(unmapped(record, ownedHead(mapping)), { site: asString(record.site_no) || null }),
  };
  readFields(mapping.head.fields, record, document);
  const detail = record[detailKey(mapping)];
  if (mapping.lines && Array.isArray(detail)) {
    const owned = ownedLine(mapping);
    document.lines = detail.map((row: WireRecord) => {
      const line: Record<string, unknown> = { seq: Number(asString(row.seq)) };
      readFields(mapping.lines!.fields, row, line);
      const extra = unmapped(row, owned);
      line.erpFields = Object.keys(extra).length > 0 ? extra : null;
      return line as unknown as CanonicalLine;
    });
    if (!document.workOrderNo) document.workOrderNo = document.lines.find((line) => line.workOrderNo)?.workOrderNo ?? null;
  } else if (!mapping.lines) {
    document.lines = [];
  }
  return document;
}

/** Wire record → table row (sandbox storage): `<p>docno`, `<p>docdt`, `<p>stus`, `<p>site` + mapped columns. */
export function wireToColumns(table: StdTable, record: WireRecord): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of table.fields) if (field.wire in record) row[field.column] = record[field.wire];
  return row;
}

/** Table row → wire record (sandbox replies). */
export function columnsToWire(table: StdTable, row: Record<string, unknown>): WireRecord {
  const record: WireRecord = {};
  for (const field of table.fields) if (field.column in row) record[field.wire] = row[field.column];
  return record;
}
