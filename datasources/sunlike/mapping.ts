/**
 * Sunlike MRPAG mapping (protocols/others.md §3.2–3.3, seed 002): the six programs (kind × subcontract), canonical
 * ↔ MF_ML/TF_ML columns, the gateway-side checks of §3.3 (as lenient as seed 002's own example: a time part in
 * ML_DD, decimal QTY/CST, unlisted keys), and the decoding of a GETDATA/BATCHDATA reply.
 *
 * Untrusted names (erpFields keys, reply keys) only ever go into Maps or objects without a prototype.
 */
import type { CanonicalDocument, CanonicalInput, CanonicalLine } from '../../src/catalog/canonical';
import { BadUserInputError } from '../../src/errors';

export type IssuingKindName = 'ISSUE' | 'RETURN' | 'SUPPLEMENT';

export interface SunlikeProgram {
  readonly pgm: string;
  readonly mlid: string;
  readonly mlId: string;
  readonly kind: IssuingKindName;
  readonly subcontract: boolean;
}

/** §3.2. */
export const PROGRAMS: readonly SunlikeProgram[] = [
  { pgm: 'MRPAG', mlid: 'ML', mlId: '1', kind: 'ISSUE', subcontract: false },
  { pgm: 'MRPAGI', mlid: 'M2', mlId: '2', kind: 'RETURN', subcontract: false },
  { pgm: 'MRPAGJ', mlid: 'M3', mlId: '3', kind: 'SUPPLEMENT', subcontract: false },
  { pgm: 'MRPAGK', mlid: 'M4', mlId: '4', kind: 'ISSUE', subcontract: true },
  { pgm: 'MRPAGL', mlid: 'M5', mlId: '5', kind: 'RETURN', subcontract: true },
  { pgm: 'MRPAGM', mlid: 'M6', mlId: '6', kind: 'SUPPLEMENT', subcontract: true },
];

export function programByPgm(pgm: string): SunlikeProgram | undefined {
  return PROGRAMS.find((program) => program.pgm === pgm);
}

export function programByMlid(mlid: string): SunlikeProgram | undefined {
  return PROGRAMS.find((program) => program.mlid === mlid);
}

/** An ERP-numbered document (§3.3 sandbox form `LJ{MLID}{yyMMdd}{8 digits}`) names its program. */
export function programOfNumber(docNo: string): SunlikeProgram | undefined {
  const match = /^LJ(ML|M[2-6])\d{14}$/.exec(docNo);
  return match ? programByMlid(match[1]!) : undefined;
}

/** The program of an input: `program` when given (it must agree with kind/subcontract), else kind × subcontract. */
export function programOfInput(input: CanonicalInput): SunlikeProgram {
  const kind = input.kind ?? null;
  if (kind !== null && kind !== 'ISSUE' && kind !== 'RETURN' && kind !== 'SUPPLEMENT') {
    throw new BadUserInputError('input.kind', 'kind must be ISSUE, RETURN or SUPPLEMENT');
  }
  const subcontract = input.subcontract ?? null;
  if (subcontract !== null && typeof subcontract !== 'boolean') throw new BadUserInputError('input.subcontract', 'subcontract must be true or false');
  const named = input.program;
  if (named !== undefined && named !== null) {
    const program = typeof named === 'string' ? programByPgm(named) : undefined;
    if (!program) throw new BadUserInputError('input.program', `program must be one of ${PROGRAMS.map((p) => p.pgm).join(', ')} on Sunlike`);
    if ((kind !== null && kind !== program.kind) || (subcontract !== null && subcontract !== program.subcontract)) {
      throw new BadUserInputError('input.program', `program ${program.pgm} is ${program.kind} × subcontract ${program.subcontract}, which disagrees with kind/subcontract`);
    }
    return program;
  }
  return PROGRAMS.find((program) => program.kind === (kind ?? 'ISSUE') && program.subcontract === (subcontract ?? false))!;
}

/** Header columns the mapping writes or the gateway controls (refused in erpFields). */
export const HEAD_MAPPED = ['MLID', 'ML_NO', 'ML_ID', 'ML_DD', 'DEP', 'REM', 'MO_NO', 'CUS_NO'] as const;
export const LINE_MAPPED = ['MLID', 'ML_NO', 'ML_ID', 'ML_DD', 'ITM', 'PRD_NO', 'QTY', 'UNIT', 'WH', 'BAT_NO', 'CHUW', 'REM', 'MO_NO'] as const;
/** Set by the ERP (or the envelope), never by a client. */
const RESERVED = ['REF_NO', 'PGM', 'CHK_MAN', 'PRT_SW', 'CLS_DATE', 'SYS_DATE'] as const;

const HEAD_FIELD = new Map<string, string>([
  ['ML_NO', 'docNo'],
  ['ML_DD', 'docDate'],
  ['DEP', 'department'],
  ['REM', 'remark'],
  ['MO_NO', 'workOrderNo'],
  ['CUS_NO', 'supplier'],
]);
const LINE_FIELD = new Map<string, string>([
  ['PRD_NO', 'itemNo'],
  ['QTY', 'quantity'],
  ['UNIT', 'unit'],
  ['WH', 'warehouse'],
  ['BAT_NO', 'lot'],
  ['CHUW', 'location'],
  ['REM', 'remark'],
  ['MO_NO', 'workOrderNo'],
]);

/** §3.3 / seed 002 maximum lengths (header and line columns share names and lengths, except REM). */
export const MAX_LENGTH = new Map<string, number>([
  ['ML_ID', 1], ['FIX_CST1', 1], ['UNIT', 1], ['YL_ID', 1], ['QL_TYPE', 1], ['CANCEL_ID', 1], ['WMS_ID', 1], ['UNIT_H', 1], ['PK_ID', 1], ['CHK_XZL', 1],
  ['MLID', 2], ['VOH_ID', 2], ['QL_ID', 2], ['VOH_ID_MC', 2], ['PG_ID', 2],
  ['DEP', 8],
  ['BIL_TYPE', 10], ['MOB_ID', 10], ['ZC_NO', 10],
  ['USR', 12], ['USR_NO', 12], ['CUS_NO', 12], ['WH', 12], ['CHK_MAN', 12], ['LOCK_MAN', 12], ['PRT_USR', 12], ['WH_LC', 12], ['SCAN_USR', 12],
  ['ML_NO', 20], ['MO_NO', 20], ['TZ_NO', 20], ['VOH_NO', 20], ['MM_NO', 20], ['CAS_NO', 20], ['QL_NO', 20], ['MC_NO', 20], ['PG_NO', 20],
  ['PRD_NO', 30], ['CUS_OS_NO', 30], ['PRD_NO_MO', 30],
  ['ID_NO', 38],
  ['BAT_NO', 40], ['CNTT_NO', 40],
  ['CHUW', 60],
  ['PRD_MARK', 100],
  ['PRD_NAME', 160],
  ['CHG_RTO', 200],
  ['PRD_NO_CHG', 255],
]);
const LINE_REM_MAX = 200;

const DATE_FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `YYYY-MM-DD[ HH:mm:ss]` (a `T` and an offset are tolerated); undefined when not a real date. */
export function parseErpDate(text: string): { date: string; time: string | null } | undefined {
  const match = DATE_FORM.exec(text.trim());
  if (!match) return undefined;
  const [, y, m, d, hh, mm, ss] = match;
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(m) - 1 || day.getUTCDate() !== Number(d)) return undefined;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59)) return undefined;
  return { date: `${y}-${m}-${d}`, time: hh === undefined ? null : `${hh}:${mm}:${ss ?? '00'}` };
}

/** A JSON-safe, prototype-free copy of a client's erpFields, refusing what the mapping writes and non-scalars. */
function customColumns(value: unknown, field: string, mapped: readonly string[]): Map<string, unknown> {
  const columns = new Map<string, unknown>();
  if (value === undefined || value === null) return columns;
  if (typeof value !== 'object' || Array.isArray(value)) throw new BadUserInputError(field, `${field} must be an object of column names to values`);
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const path = `${field}.${key}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)) throw new BadUserInputError(path, `${path}: a Sunlike column name is letters, digits and _`);
    const upper = key.toUpperCase();
    if ((mapped as readonly string[]).includes(upper) || (RESERVED as readonly string[]).includes(upper)) {
      throw new BadUserInputError(path, `${path}: ${upper} is written by the gateway's mapping or by the ERP; use the canonical field instead`);
    }
    if (entry !== null && typeof entry !== 'string' && typeof entry !== 'number' && typeof entry !== 'boolean') {
      throw new BadUserInputError(path, `${path} must be a string, number, boolean or null`);
    }
    if (typeof entry === 'number' && !Number.isFinite(entry)) throw new BadUserInputError(path, `${path} must be a finite number`);
    checkLength(upper, entry, path, false);
    columns.set(upper, entry);
  }
  return columns;
}

function checkLength(column: string, value: unknown, path: string, line: boolean): void {
  if (typeof value !== 'string') return;
  const max = column === 'REM' ? (line ? LINE_REM_MAX : undefined) : MAX_LENGTH.get(column);
  if (max !== undefined && value.length > max) throw new BadUserInputError(path, `${path} is longer than ${max} characters (${column})`);
}

function text(value: unknown, path: string, column: string, line: boolean, required = false): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) throw new BadUserInputError(path, `${path} is required (${column})`);
    return undefined;
  }
  if (typeof value !== 'string') throw new BadUserInputError(path, `${path} must be a string`);
  if (required && value.trim() === '') throw new BadUserInputError(path, `${path} is required (${column})`);
  checkLength(column, value, path, line);
  return value;
}

/** A decimal quantity (string or number) as the JSON number Sunlike takes. */
function quantity(value: unknown, path: string): number {
  const raw = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(raw)) throw new BadUserInputError(path, `${path} must be a decimal number`);
  if (raw <= 0) throw new BadUserInputError(path, `${path} must be greater than zero`);
  return raw;
}

export interface AddDataBody {
  REF_NO: string;
  PGM: string;
  MF_ML: Record<string, unknown>[];
  TF_ML: Record<string, unknown>[];
}

export interface BuildOptions {
  readonly reference: string;
  readonly numbering: 'auto' | 'manual';
  readonly defaultFixCst: string;
  readonly user: string;
  readonly userNo: string | null;
  /** The date when the input has none (YYYY-MM-DD). */
  readonly today: string;
}

/** Checks an input against §3.3 and builds ADDDATA's body (custom columns inline, §3.3 "can also appear inline"). */
export function buildAddData(input: CanonicalInput, options: BuildOptions): { body: AddDataBody; program: SunlikeProgram } {
  if (!input || typeof input !== 'object') throw new BadUserInputError('input', 'input is required');
  const program = programOfInput(input);
  const reference = options.reference;
  if (typeof reference !== 'string' || reference.trim() === '') throw new BadUserInputError('reference', 'a gateway reference (REF_NO) is required');
  if (options.numbering === 'manual' && reference.length > 20) {
    throw new BadUserInputError('idempotencyKey', 'under manual numbering ML_NO = REF_NO, which is at most 20 characters');
  }
  let mlDd = options.today;
  if (input.docDate !== undefined && input.docDate !== null) {
    const parsed = typeof input.docDate === 'string' ? parseErpDate(input.docDate) : undefined;
    if (!parsed) throw new BadUserInputError('input.docDate', 'input.docDate must be a date YYYY-MM-DD (a time part HH:mm:ss is allowed)');
    mlDd = parsed.time ? `${parsed.date} ${parsed.time}` : parsed.date;
  }
  const headCustom = customColumns(input.erpFields, 'input.erpFields', HEAD_MAPPED);
  const mlNo = options.numbering === 'manual' ? reference : '';
  const head: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  head.MLID = program.mlid;
  head.ML_NO = mlNo;
  head.ML_ID = program.mlId;
  head.ML_DD = mlDd;
  head.FIX_CST1 = options.defaultFixCst;
  head.USR = options.user;
  if (options.userNo) head.USR_NO = options.userNo;
  const dep = text(input.department, 'input.department', 'DEP', false);
  if (dep !== undefined) head.DEP = dep;
  const rem = text(input.remark, 'input.remark', 'REM', false);
  if (rem !== undefined) head.REM = rem;
  const headMo = text(input.workOrderNo, 'input.workOrderNo', 'MO_NO', false);
  if (headMo !== undefined) head.MO_NO = headMo;
  const cus = text(input.supplier, 'input.supplier', 'CUS_NO', false);
  if (cus !== undefined) head.CUS_NO = cus;
  for (const [key, value] of headCustom) head[key] = value;
  if (head.FIX_CST1 !== '1' && head.FIX_CST1 !== '2') throw new BadUserInputError('input.erpFields.FIX_CST1', 'FIX_CST1 must be "1" (variable cost) or "2" (fixed cost)');

  const lines = input.lines;
  if (!Array.isArray(lines) || lines.length === 0) throw new BadUserInputError('input.lines', 'input.lines needs at least one line');
  const tf = lines.map((line: CanonicalLine, index) => {
    const at = `input.lines.${index}`;
    if (!line || typeof line !== 'object') throw new BadUserInputError(at, `${at} must be a line`);
    const itm = index + 1;
    const row: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    row.MLID = program.mlid;
    row.ML_NO = mlNo;
    row.ML_ID = program.mlId;
    row.ITM = itm;
    row.ML_DD = mlDd;
    row.PRD_NO = text(line.itemNo, `${at}.itemNo`, 'PRD_NO', true);
    row.UNIT = text(line.unit, `${at}.unit`, 'UNIT', true, false) ?? '1';
    row.QTY = quantity(line.quantity, `${at}.quantity`);
    row.WH = text(line.warehouse, `${at}.warehouse`, 'WH', true);
    const mo = text(line.workOrderNo, `${at}.workOrderNo`, 'MO_NO', true, false) ?? headMo;
    if (mo === undefined) throw new BadUserInputError(`${at}.workOrderNo`, `${at}.workOrderNo is required (MO_NO on every line; or input.workOrderNo for all)`);
    row.MO_NO = mo;
    const lot = text(line.lot, `${at}.lot`, 'BAT_NO', true, false);
    if (lot !== undefined) row.BAT_NO = lot;
    const location = text(line.location, `${at}.location`, 'CHUW', true, false);
    if (location !== undefined) row.CHUW = location;
    const remark = text(line.remark, `${at}.remark`, 'REM', true, false);
    if (remark !== undefined) row.REM = remark;
    row.PRE_ITM = itm;
    row.EST_ITM = itm;
    for (const [key, value] of customColumns(line.erpFields, `${at}.erpFields`, LINE_MAPPED)) {
      if ((key === 'PRE_ITM' || key === 'EST_ITM') && (typeof value !== 'number' || !Number.isInteger(value))) {
        throw new BadUserInputError(`${at}.erpFields.${key}`, `${at}.erpFields.${key} must be an integer`);
      }
      row[key] = value;
    }
    return row;
  });
  return { body: { REF_NO: reference, PGM: program.pgm, MF_ML: [head], TF_ML: tf }, program };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value);
  return s === '' ? null : s;
}

/** A JSON number as a plain decimal string (no exponent). */
export function decimalString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return '0';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

export interface WireDocument {
  readonly MF_ML?: unknown;
  readonly TF_ML?: unknown;
  readonly MF_ML_Z?: unknown;
  readonly TF_ML_Z?: unknown;
}

const Z_KEYS = new Set(['MLID', 'ML_NO', 'ITM']);

/** One head (and its lines, where given) as a canonical document. */
export function decodeDocument(head: Record<string, unknown>, lines: readonly Record<string, unknown>[] | undefined, headZ?: Record<string, unknown>, linesZ?: readonly Record<string, unknown>[]): CanonicalDocument {
  const program = programByMlid(String(head.MLID ?? '')) ?? programByPgm(String(head.PGM ?? ''));
  const erpFields = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(head)) if (!HEAD_FIELD.has(key) && key !== 'MLID' && key !== 'ML_ID') erpFields[key] = value;
  if (headZ) for (const [key, value] of Object.entries(headZ)) if (!Z_KEYS.has(key)) erpFields[key] = value;
  const chkMan = str(head.CHK_MAN) ?? '';
  const mlDd = str(head.ML_DD);
  const zByItm = new Map<number, Record<string, unknown>>();
  for (const z of linesZ ?? []) zByItm.set(Number(z.ITM), z);
  const decodedLines = lines?.map((line): CanonicalLine => {
    const fields = Object.create(null) as Record<string, unknown>;
    for (const [key, value] of Object.entries(line)) if (!LINE_FIELD.has(key) && !['MLID', 'ML_NO', 'ML_ID', 'ML_DD', 'ITM'].includes(key)) fields[key] = value;
    const z = zByItm.get(Number(line.ITM));
    if (z) for (const [key, value] of Object.entries(z)) if (!Z_KEYS.has(key)) fields[key] = value;
    return {
      seq: Number(line.ITM),
      itemNo: String(line.PRD_NO ?? ''),
      quantity: decimalString(line.QTY),
      unit: str(line.UNIT),
      warehouse: str(line.WH),
      location: str(line.CHUW),
      lot: str(line.BAT_NO),
      workOrderNo: str(line.MO_NO),
      remark: str(line.REM),
      erpFields: fields,
    };
  });
  const lineMos = new Set((decodedLines ?? []).map((line) => line.workOrderNo).filter((mo): mo is string => Boolean(mo)));
  return {
    docNo: String(head.ML_NO ?? ''),
    status: chkMan !== '' ? 'APPROVED' : 'UNAPPROVED',
    rawStatus: chkMan,
    docType: program?.pgm ?? null,
    docDate: mlDd ? (parseErpDate(mlDd)?.date ?? mlDd.slice(0, 10)) : null,
    department: str(head.DEP),
    supplier: str(head.CUS_NO),
    remark: str(head.REM),
    workOrderNo: str(head.MO_NO) ?? (lineMos.size === 1 ? [...lineMos][0]! : null),
    modifiedAt: str(head.SYS_DATE),
    program: program?.pgm ?? null,
    kind: program?.kind ?? null,
    subcontract: program?.subcontract ?? null,
    ...(decodedLines ? { lines: decodedLines } : {}),
    erpFields,
  };
}

/** GETDATA's `data` (one document) or BATCHDATA's (many heads, all their lines). */
export function decodeDocuments(data: unknown, withLines: boolean): CanonicalDocument[] {
  const wire = record(data) ?? {};
  const heads = (Array.isArray(wire.MF_ML) ? wire.MF_ML : []).map(record).filter((row): row is Record<string, unknown> => Boolean(row));
  const lines = (Array.isArray(wire.TF_ML) ? wire.TF_ML : []).map(record).filter((row): row is Record<string, unknown> => Boolean(row));
  const headZ = (Array.isArray(wire.MF_ML_Z) ? wire.MF_ML_Z : []).map(record).filter((row): row is Record<string, unknown> => Boolean(row));
  const lineZ = (Array.isArray(wire.TF_ML_Z) ? wire.TF_ML_Z : []).map(record).filter((row): row is Record<string, unknown> => Boolean(row));
  const key = (row: Record<string, unknown>): string => `${String(row.MLID ?? '')}\u0000${String(row.ML_NO ?? '')}`;
  const group = <T extends Record<string, unknown>>(rows: T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(key(row)) ?? [];
      list.push(row);
      map.set(key(row), list);
    }
    return map;
  };
  const linesBy = group(lines);
  const headZBy = group(headZ);
  const lineZBy = group(lineZ);
  return heads.map((head) => {
    const k = key(head);
    const own = (linesBy.get(k) ?? []).sort((a, b) => Number(a.ITM) - Number(b.ITM));
    return decodeDocument(head, withLines ? own : undefined, headZBy.get(k)?.[0], lineZBy.get(k));
  });
}

/** Canonical field of a column in a refusal message (`表身[1]ML_NO…` → input.lines.0.…). */
export function fieldOfMessage(message: string): string {
  const line = /表身\[(\d+)\]\s*([A-Z][A-Z0-9_]*)/.exec(message);
  if (line) {
    const column = line[2]!;
    const base = `input.lines.${Math.max(0, Number(line[1]) - 1)}`;
    const field = LINE_FIELD.get(column);
    return field ? `${base}.${field}` : HEAD_FIELD.has(column) || ['MLID', 'ML_ID', 'ML_NO', 'ITM'].includes(column) ? base : `${base}.erpFields.${column}`;
  }
  const column = /([A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z]{2,})/.exec(message)?.[1];
  if (!column) return 'input';
  const field = HEAD_FIELD.get(column);
  if (field) return `input.${field}`;
  if (['MLID', 'ML_ID', 'PGM'].includes(column)) return 'input.program';
  if (column === 'REF_NO') return 'idempotencyKey';
  return `input.erpFields.${column}`;
}
