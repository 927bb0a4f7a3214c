/**
 * The Sunlike sandbox's business rules (protocols/others.md §3.3–3.5): ADDDATA's checks with their codes, numbering,
 * REF_NO deduplication, unit conversion, the seed-002 echo, GETDATA / DELETEDATA / BATCHDATA. Pure functions of a
 * parsed body and the state; the server does transport, tokens and faults. Names from a request are read with
 * Object.hasOwn and copied into prototype-free objects.
 */
import type { StoredDocument, SunlikeState } from './state';

export interface Reply {
  code: number;
  message: string;
  data?: unknown;
}

export const SANDBOX_PROGRAMS = [
  { pgm: 'MRPAG', mlid: 'ML', mlId: '1', issue: true },
  { pgm: 'MRPAGI', mlid: 'M2', mlId: '2', issue: false },
  { pgm: 'MRPAGJ', mlid: 'M3', mlId: '3', issue: true },
  { pgm: 'MRPAGK', mlid: 'M4', mlId: '4', issue: true },
  { pgm: 'MRPAGL', mlid: 'M5', mlId: '5', issue: false },
  { pgm: 'MRPAGM', mlid: 'M6', mlId: '6', issue: true },
] as const;
type Program = (typeof SANDBOX_PROGRAMS)[number];

export function programOf(pgm: unknown): Program | undefined {
  return SANDBOX_PROGRAMS.find((program) => program.pgm === pgm);
}

/** Master data: everything seed 002 uses, plus items, warehouses and work orders for tests. */
export const ITEMS = new Map<string, { name: string; units: Map<string, number> }>([
  ['00222', { name: '00222托外制程二', units: new Map([['1', 1], ['2', 12]]) }],
  ['A001', { name: '钢板', units: new Map([['1', 1], ['2', 10]]) }],
  ['A002', { name: '螺丝', units: new Map([['1', 1]]) }],
  ['B100', { name: '塑料粒', units: new Map([['1', 1], ['2', 25]]) }],
]);
export const WAREHOUSES = new Set(['002', '001', 'WH01', 'WH02']);
export const WORK_ORDERS = new Set(['MO20081000000001', 'MO20081000000002', 'MO001', 'MO002']);
/** department → parent. */
export const DEPARTMENTS = new Map<string, string | null>([
  ['00000000', null],
  ['D100', '00000000'],
  ['D110', 'D100'],
  ['D200', '00000000'],
]);
export const SUPPLIERS = new Set(['0009', 'V001']);
export const USERS = new Set(['ADMIN', '9999']);
export const NOTICES = new Set(['TW20081000000001']);

/** §3.3: the standard columns (both seed tables plus the extra keys seed 002 uses); anything else is a custom column. */
const STANDARD = new Set(
  (
    'MLID ML_NO ML_DD ML_ID BAT_NO MO_NO VOH_ID VOH_NO USR_NO DEP REM CUS_NO TZ_NO USR CHK_MAN CLS_DATE BIL_TYPE MOB_ID LOCK_MAN LOCK_DATE SYS_DATE ' +
    'MM_NO CAS_NO TASK_ID CUS_OS_NO PRT_USR QL_ID QL_NO MC_NO VOH_ID_MC QL_TYPE YL_ID CANCEL_ID FIX_CST1 WMS_ID PRT_SW ' +
    'ITM PRD_NO PRD_NAME PRD_MARK UNIT QTY QTY1 WH CST ZC_NO CST_STD PRD_NO_CHG ID_NO PRD_NO_MO QTY_DIFF CNTT_NO PRE_ITM EST_ITM LOS_RTO QTY_STD ' +
    'QTY_LEFT CHG_RTO CHG_ITM QTY_CHG_RTO WH_LC QTY_OVER PK_ID QTY_LC QL_ITM UP_MAIN QTY_ML UNIT_H QTY_WH QTY1_ML QTY_RSV QTY_LOST QTY_RTN UP_STD ' +
    'SC_DD PG_ID PG_NO PG_ITM SCAN_USR SCAN_DATE CHK_XZL CHUW ZC_PRD USEIN_NO MRP_NO BOM_NO UP_STD_QTY QTY_KL KND QTY_ORI'
  ).split(' '),
);
const INPUT_ONLY = new Set(['QTY_ORI']);

const MAX = new Map<string, number>([
  ['ML_ID', 1], ['FIX_CST1', 1], ['UNIT', 1], ['MLID', 2], ['DEP', 8], ['USR', 12], ['USR_NO', 12], ['CUS_NO', 12], ['WH', 12],
  ['ML_NO', 20], ['MO_NO', 20], ['TZ_NO', 20], ['PRD_NO', 30], ['BAT_NO', 40], ['PRD_NAME', 160],
]);

const HEAD_REQUIRED = ['MLID', 'ML_NO', 'ML_ID', 'ML_DD'];
const LINE_REQUIRED = ['MLID', 'ML_NO', 'ITM', 'ML_DD', 'ML_ID', 'PRD_NO', 'UNIT', 'QTY', 'WH', 'MO_NO', 'PRE_ITM', 'EST_ITM'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})( (\d{2}):(\d{2}):(\d{2}))?$/;

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function validDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = DATE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return false;
  return match[4] === undefined || (Number(match[5]) < 24 && Number(match[6]) < 60 && Number(match[7]) < 60);
}

/** §3.3: floats as the ERP writes them back, 15 significant digits. */
function erpNumber(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(15)) : value;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function erpDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

export interface EngineOptions {
  readonly numbering: 'auto' | 'manual';
  readonly clock: () => Date;
}

export class SunlikeEngine {
  constructor(
    private readonly state: SunlikeState,
    private readonly options: EngineOptions,
  ) {}

  handle(verb: string, body: unknown, routeProgram: string | null): Reply {
    try {
      if (!isRecord(body)) throw new Refusal(1, '请求内容不是JSON对象');
      let pgm = own(body, 'PGM');
      if (routeProgram !== null) {
        if (pgm === undefined || pgm === '') pgm = routeProgram;
        else if (pgm !== routeProgram) throw new Refusal(1, `PGM[${String(pgm)}]与路径[${routeProgram}]不一致`);
      }
      if (pgm === undefined || pgm === '') throw new Refusal(1, 'PGM不能为空');
      const program = programOf(pgm);
      if (!program) throw new Refusal(6, `程序[${String(pgm)}]不支持`);
      switch (verb) {
        case 'ADDDATA':
          return this.add(program, body);
        case 'GETDATA':
          return this.getData(program, body);
        case 'DELETEDATA':
          return this.deleteData(program, body);
        case 'BATCHDATA':
          return this.batch(program, body);
        case 'UPDATEDATA':
          throw new Refusal(6, `${program.pgm}不支持UPDATEDATA(仅适用于基础资料)`);
        default:
          throw new Refusal(6, `不支持的操作[${verb}]`);
      }
    } catch (error) {
      if (error instanceof Refusal) return { code: error.code, message: error.message };
      throw error;
    }
  }

  // ── ADDDATA ─────────────────────────────────────────────────────────────────────────────────────────
  private add(program: Program, body: Record<string, unknown>): Reply {
    const refNo = own(body, 'REF_NO');
    if (typeof refNo !== 'string' || refNo.trim() === '') throw new Refusal(1, 'REF_NO不能为空');
    const mf = own(body, 'MF_ML');
    const tf = own(body, 'TF_ML');
    if (!Array.isArray(mf) || mf.length !== 1 || !isRecord(mf[0])) throw new Refusal(1, 'MF_ML必须且只能有一笔表头');
    if (!Array.isArray(tf) || tf.length === 0 || !tf.every(isRecord)) throw new Refusal(1, 'TF_ML至少需要一笔表身');
    const head = mf[0];
    const lines = tf as Record<string, unknown>[];
    for (const key of HEAD_REQUIRED) {
      const value = own(head, key);
      if (value === undefined || value === null || (key !== 'ML_NO' && value === '')) throw new Refusal(1, `表头${key}不能为空`);
    }
    const fixCst = own(head, 'FIX_CST1') ?? '1';
    if (fixCst !== '1' && fixCst !== '2') throw new Refusal(1, `表头FIX_CST1[${String(fixCst)}]只能为1或2`);
    if (own(head, 'MLID') !== program.mlid) throw new Refusal(1, `表头MLID[${String(own(head, 'MLID'))}]与程序${program.pgm}不符(应为${program.mlid})`);
    if (String(own(head, 'ML_ID')) !== program.mlId) throw new Refusal(1, `表头ML_ID[${String(own(head, 'ML_ID'))}]与程序${program.pgm}不符(应为${program.mlId})`);
    if (!validDate(own(head, 'ML_DD'))) throw new Refusal(1, `表头ML_DD[${String(own(head, 'ML_DD'))}]日期格式错误(YYYY-MM-DD[ HH:mm:ss])`);
    this.lengths(head, '表头', false);
    const seen = new Set<number>();
    lines.forEach((line, index) => {
      const at = `表身[${index + 1}]`;
      for (const key of LINE_REQUIRED) {
        const value = own(line, key);
        if (value === undefined || value === null || (key !== 'ML_NO' && value === '')) throw new Refusal(1, `${at}${key}不能为空`);
      }
      for (const key of ['MLID', 'ML_NO', 'ML_DD', 'ML_ID']) {
        if (String(own(line, key)) !== String(own(head, key))) throw new Refusal(1, `${at}${key}与表头不一致`);
      }
      const itm = own(line, 'ITM');
      if (typeof itm !== 'number' || !Number.isInteger(itm) || itm < 1) throw new Refusal(1, `${at}ITM必须为正整数`);
      if (seen.has(itm)) throw new Refusal(1, `${at}ITM[${itm}]重复`);
      seen.add(itm);
      for (const key of ['PRE_ITM', 'EST_ITM']) {
        const value = own(line, key);
        if (typeof value !== 'number' || !Number.isInteger(value)) throw new Refusal(1, `${at}${key}必须为整数`);
      }
      const qty = numeric(own(line, 'QTY'));
      if (qty === undefined || qty <= 0) throw new Refusal(1, `${at}QTY必须为大于0的数字`);
      for (const key of ['CST', 'QTY_ORI']) if (own(line, key) !== undefined && numeric(own(line, key)) === undefined) throw new Refusal(1, `${at}${key}必须为数字`);
      this.lengths(line, at, true);
    });
    for (let n = 1; n <= lines.length; n += 1) if (!seen.has(n)) throw new Refusal(1, `表身ITM须为1至${lines.length}连续编号(缺${n})`);

    // Numbering (§3.3): manual: ML_NO = REF_NO; auto: empty → the ERP numbers, otherwise it must be REF_NO.
    const given = String(own(head, 'ML_NO'));
    if (this.options.numbering === 'manual' && given === '') throw new Refusal(1, '表头ML_NO不能为空(手工编码)');
    if (given !== '' && given !== refNo) throw new Refusal(1, `表头ML_NO[${given}]与REF_NO[${refNo}]不一致`);

    // Master data (§3.5 code 2).
    const dep = own(head, 'DEP');
    if (typeof dep === 'string' && dep !== '' && !DEPARTMENTS.has(dep)) throw new Refusal(2, `部门[${dep}]不存在`);
    const cus = own(head, 'CUS_NO');
    if (typeof cus === 'string' && cus !== '' && !SUPPLIERS.has(cus)) throw new Refusal(2, `厂商[${cus}]不存在`);
    const headMo = own(head, 'MO_NO');
    if (typeof headMo === 'string' && headMo !== '' && !WORK_ORDERS.has(headMo)) throw new Refusal(2, `制令单号[${headMo}]不存在`);
    const moves: { item: string; wh: string; qty: number }[] = [];
    lines.forEach((line) => {
      const prd = String(own(line, 'PRD_NO'));
      const item = ITEMS.get(prd);
      if (!item) throw new Refusal(2, `料号[${prd}]不存在`);
      const wh = String(own(line, 'WH'));
      if (!WAREHOUSES.has(wh)) throw new Refusal(2, `仓库[${wh}]不存在`);
      const mo = String(own(line, 'MO_NO'));
      if (!WORK_ORDERS.has(mo)) throw new Refusal(2, `制令单号[${mo}]不存在`);
      const lineDep = own(line, 'DEP');
      if (typeof lineDep === 'string' && lineDep !== '' && !DEPARTMENTS.has(lineDep)) throw new Refusal(2, `部门[${lineDep}]不存在`);
      const lineCus = own(line, 'CUS_NO');
      if (typeof lineCus === 'string' && lineCus !== '' && !SUPPLIERS.has(lineCus)) throw new Refusal(2, `厂商[${lineCus}]不存在`);
      const unit = String(own(line, 'UNIT'));
      const factor = item.units.get(unit);
      if (factor === undefined) throw new Refusal(2, `料号[${prd}]单位[${unit}]不存在`);
      // §3.3 Units: a packaging unit is converted to the main unit by the item's factor for the stock movement.
      moves.push({ item: prd, wh, qty: numeric(own(line, 'QTY'))! * factor });
    });

    const now = this.options.clock();
    return this.state.transaction((): Reply => {
      const existing = this.state.byRef(program.pgm, refNo);
      if (existing) return { code: 3, message: `第三方单号[${refNo}]已存在`, data: { MLID: existing.mlid, ML_NO: existing.mlNo } };
      if (given !== '' && this.state.get(program.mlid, given)) throw new Refusal(1, `单号[${given}]已存在`);
      const mlNo = given !== '' ? given : this.state.nextNumber(`LJ${program.mlid}${this.yymmdd(String(own(head, 'ML_DD')))}`, program.mlid);
      const document = this.compose(program, refNo, mlNo, head, lines, fixCst, now);
      this.state.insert(document);
      for (const move of moves) this.state.addStock(move.item, move.wh, program.issue ? -move.qty : move.qty);
      return { code: 0, message: '新增成功', data: this.wire(document, true) };
    });
  }

  private yymmdd(mlDd: string): string {
    return mlDd.slice(2, 4) + mlDd.slice(5, 7) + mlDd.slice(8, 10);
  }

  private lengths(row: Record<string, unknown>, at: string, line: boolean): void {
    for (const [key, value] of Object.entries(row)) {
      if (typeof value !== 'string') continue;
      const max = key === 'REM' ? (line ? 200 : undefined) : MAX.get(key);
      if (max !== undefined && value.length > max) throw new Refusal(1, `${at}${key}长度超过${max}`);
    }
  }

  /** The stored document: request columns (floats at 15 digits), ERP-set header columns, lines without QTY_ORI plus FIX_CST1. */
  private compose(program: Program, refNo: string, mlNo: string, head: Record<string, unknown>, lines: Record<string, unknown>[], fixCst: unknown, now: Date): StoredDocument {
    const storedHead = Object.create(null) as Record<string, unknown>;
    const headZ = Object.create(null) as Record<string, unknown>;
    for (const [key, value] of Object.entries(head)) {
      if (['CHK_MAN', 'PRT_SW', 'CLS_DATE', 'SYS_DATE'].includes(key)) continue;
      storedHead[key] = erpNumber(value);
      if (!STANDARD.has(key)) headZ[key] = erpNumber(value);
    }
    const usr = typeof own(head, 'USR') === 'string' && own(head, 'USR') !== '' ? String(own(head, 'USR')) : 'ADMIN';
    const mlDd = String(own(head, 'ML_DD'));
    storedHead.ML_NO = mlNo;
    storedHead.FIX_CST1 = fixCst;
    storedHead.CHK_MAN = usr;
    storedHead.PRT_SW = 'N';
    storedHead.CLS_DATE = mlDd.length === 10 ? `${mlDd} 00:00:00` : mlDd;
    storedHead.SYS_DATE = erpDateTime(now);
    const storedLines: Record<string, unknown>[] = [];
    const linesZ: Record<string, unknown>[] = [];
    for (const line of [...lines].sort((a, b) => Number(own(a, 'ITM')) - Number(own(b, 'ITM')))) {
      const stored = Object.create(null) as Record<string, unknown>;
      const z = Object.create(null) as Record<string, unknown>;
      for (const [key, value] of Object.entries(line)) {
        if (INPUT_ONLY.has(key)) continue;
        stored[key] = erpNumber(value);
        if (!STANDARD.has(key)) z[key] = erpNumber(value);
      }
      stored.ML_NO = mlNo;
      if (!Object.hasOwn(stored, 'FIX_CST1')) stored.FIX_CST1 = fixCst;
      storedLines.push(stored);
      if (Object.keys(z).length > 0) linesZ.push(Object.assign(z, { MLID: program.mlid, ML_NO: mlNo, ITM: own(line, 'ITM') }));
    }
    return {
      pgm: program.pgm,
      mlid: program.mlid,
      mlNo,
      refNo,
      mlDd: mlDd.slice(0, 10),
      dep: typeof own(head, 'DEP') === 'string' ? String(own(head, 'DEP')) : '',
      sysDate: String(storedHead.SYS_DATE),
      clsDate: String(storedHead.CLS_DATE),
      head: storedHead,
      lines: storedLines,
      headZ: Object.keys(headZ).length > 0 ? [Object.assign(headZ, { MLID: program.mlid, ML_NO: mlNo })] : [],
      linesZ,
    };
  }

  private wire(document: StoredDocument, withZ: boolean): Record<string, unknown> {
    return withZ
      ? { MF_ML: [document.head], TF_ML: document.lines, MF_ML_Z: document.headZ, TF_ML_Z: document.linesZ }
      : { MF_ML: [document.head], TF_ML: document.lines };
  }

  // ── GETDATA / DELETEDATA / BATCHDATA (§3.4) ───────────────────────────────────────────────────────────
  private target(program: Program, body: Record<string, unknown>): StoredDocument {
    const mlid = own(body, 'MLID');
    if (mlid !== undefined && mlid !== '' && mlid !== program.mlid) throw new Refusal(1, `MLID[${String(mlid)}]与程序${program.pgm}不符`);
    const mlNo = own(body, 'ML_NO');
    if (typeof mlNo !== 'string' || mlNo === '') throw new Refusal(1, 'ML_NO不能为空');
    if (mlNo.length > 20) throw new Refusal(1, 'ML_NO长度超过20');
    const document = this.state.get(program.mlid, mlNo);
    if (!document || document.pgm !== program.pgm) throw new Refusal(4, `单据[${mlNo}]不存在`);
    return document;
  }

  private getData(program: Program, body: Record<string, unknown>): Reply {
    return { code: 0, message: '查询成功', data: this.wire(this.target(program, body), true) };
  }

  private deleteData(program: Program, body: Record<string, unknown>): Reply {
    const document = this.target(program, body);
    const lock = document.head.LOCK_MAN;
    if (typeof lock === 'string' && lock !== '') throw new Refusal(5, `单据[${document.mlNo}]已被${lock}锁定,不能删除`);
    this.state.transaction(() => {
      this.state.remove(document.mlid, document.mlNo);
      for (const line of document.lines) {
        const item = ITEMS.get(String(line.PRD_NO));
        const factor = item?.units.get(String(line.UNIT)) ?? 1;
        const qty = (numeric(line.QTY) ?? 0) * factor;
        this.state.addStock(String(line.PRD_NO), String(line.WH), program.issue ? qty : -qty);
      }
    });
    return { code: 0, message: '删除成功' };
  }

  private batch(program: Program, body: Record<string, unknown>): Reply {
    const mlid = own(body, 'MLID');
    if (mlid !== undefined && mlid !== '' && mlid !== program.mlid) throw new Refusal(1, `MLID[${String(mlid)}]与程序${program.pgm}不符`);
    const numbersRaw = own(body, 'ML_NO');
    let numbers: Set<string> | null = null;
    if (Array.isArray(numbersRaw)) numbers = new Set(numbersRaw.map(String));
    else if (typeof numbersRaw === 'string' && numbersRaw !== '') numbers = new Set([numbersRaw]);
    else if (numbersRaw !== undefined && numbersRaw !== null && numbersRaw !== '') throw new Refusal(1, 'ML_NO必须为字符串或数组');
    const dateType = own(body, 'DATE_TYPE') ?? 0;
    if (![0, 1, 2, 3, '0', '1', '2', '3'].includes(dateType as number)) throw new Refusal(1, `DATE_TYPE[${String(dateType)}]只能为0、1、2、3`);
    const start = own(body, 'START_DATE');
    const end = own(body, 'END_DATE');
    const hasStart = typeof start === 'string' && start !== '';
    const hasEnd = typeof end === 'string' && end !== '';
    if (!numbers && (!hasStart || !hasEnd)) throw new Refusal(1, '未指定单号时START_DATE与END_DATE不能为空');
    if (hasStart && !validDate(start)) throw new Refusal(1, `START_DATE[${String(start)}]日期格式错误`);
    if (hasEnd && !validDate(end)) throw new Refusal(1, `END_DATE[${String(end)}]日期格式错误`);
    const depRaw = own(body, 'DEP');
    let depMatch: ((dep: string) => boolean) | null = null;
    if (Array.isArray(depRaw)) {
      const exact = new Set(depRaw.map(String));
      depMatch = (dep) => exact.has(dep);
    } else if (typeof depRaw === 'string' && depRaw !== '') {
      // A string DEP includes its sub-departments.
      depMatch = (dep) => {
        for (let at: string | null | undefined = dep; at; at = DEPARTMENTS.get(at)) if (at === depRaw) return true;
        return false;
      };
    }
    const orderRaw = own(body, 'ORDER_BY');
    let order: { column: 'ML_NO' | 'ML_DD'; desc: boolean } = { column: 'ML_NO', desc: false };
    if (isRecord(orderRaw)) {
      const entries = Object.entries(orderRaw);
      if (entries.length > 1) throw new Refusal(1, 'ORDER_BY只能指定一个栏位');
      if (entries.length === 1) {
        const [column, direction] = entries[0]!;
        if (column !== 'ML_NO' && column !== 'ML_DD') throw new Refusal(1, `ORDER_BY栏位[${column}]不支持`);
        if (direction !== 'ASC' && direction !== 'DESC') throw new Refusal(1, `ORDER_BY方向[${String(direction)}]只能为ASC或DESC`);
        order = { column, desc: direction === 'DESC' };
      }
    }
    const dateOf = (document: StoredDocument): string => {
      switch (String(dateType)) {
        case '1':
        case '3':
          return document.sysDate.slice(0, 10);
        case '2':
          return document.clsDate.slice(0, 10);
        default:
          return document.mlDd;
      }
    };
    const found = this.state.all(program.pgm).filter((document) => {
      if (numbers && !numbers.has(document.mlNo)) return false;
      const date = dateOf(document);
      if (hasStart && date < String(start).slice(0, 10)) return false;
      if (hasEnd && date > String(end).slice(0, 10)) return false;
      if (depMatch && !depMatch(document.dep)) return false;
      return true;
    });
    found.sort((a, b) => {
      const [x, y] = order.column === 'ML_DD' ? [a.mlDd + a.mlNo, b.mlDd + b.mlNo] : [a.mlNo, b.mlNo];
      return (x < y ? -1 : x > y ? 1 : 0) * (order.desc ? -1 : 1);
    });
    return { code: 0, message: '查询成功', data: { MF_ML: found.map((document) => document.head), TF_ML: found.flatMap((document) => document.lines) } };
  }

  // ── sample data ─────────────────────────────────────────────────────────────────────────────────────
  seedIfEmpty(): void {
    if (this.state.meta('seeded')) return;
    const items = ['A001', 'A002', 'B100'];
    this.state.transaction(() => {
      this.state.addStock('00222', '002', 960);
      for (const item of [...items, '00222']) for (const wh of WAREHOUSES) if (!(item === '00222' && wh === '002')) this.state.addStock(item, wh, 1000);
      this.state.setMeta('seeded', 'yes');
    });
    SANDBOX_PROGRAMS.forEach((program, p) => {
      for (let i = 1; i <= 3; i += 1) {
        const day = `2020-08-0${i}`;
        const refNo = `S-${program.pgm}-${i}`;
        const mlNo = this.options.numbering === 'manual' ? refNo : '';
        const head: Record<string, unknown> = { MLID: program.mlid, ML_NO: mlNo, ML_ID: program.mlId, ML_DD: `${day} 00:00:00`, FIX_CST1: '1', USR: 'ADMIN', USR_NO: '9999', DEP: i === 3 ? 'D110' : '00000000', REM: `样本${program.pgm}-${i}` };
        if (program.pgm === 'MRPAGK' || program.pgm === 'MRPAGL' || program.pgm === 'MRPAGM') head.CUS_NO = '0009';
        const line = (itm: number, item: string): Record<string, unknown> => ({
          MLID: program.mlid, ML_NO: mlNo, ML_ID: program.mlId, ITM: itm, ML_DD: `${day} 00:00:00`, PRD_NO: item, UNIT: '1', QTY: itm * 2 + p, WH: 'WH01', MO_NO: i === 1 ? 'MO20081000000001' : 'MO001', PRE_ITM: itm, EST_ITM: itm,
        });
        const reply = this.add(program, { REF_NO: refNo, PGM: program.pgm, MF_ML: [head], TF_ML: [line(1, items[i - 1]!), line(2, '00222')] });
        if (reply.code !== 0) throw new Error(`sample ${program.pgm}-${i}: ${reply.message}`);
        if (i === 3 && program.pgm === 'MRPAG') {
          // One locked document (DELETEDATA → code 5).
          const mlNo = ((reply.data as { MF_ML: Record<string, unknown>[] }).MF_ML[0]!.ML_NO as string);
          const stored = this.state.get(program.mlid, mlNo)!;
          this.state.transaction(() => {
            this.state.remove(stored.mlid, stored.mlNo);
            this.state.insert({ ...stored, head: { ...stored.head, LOCK_MAN: 'ADMIN' } });
          });
        }
      }
    });
  }

  /** Documents for the admin route, with PGM and MLID. */
  view(query: { type?: string; docNo?: string; pgm?: string } = {}): Record<string, unknown>[] {
    return this.state
      .all(query.pgm)
      .filter((document) => (!query.docNo || document.mlNo === query.docNo) && (!query.type || query.type === 'IssuingNote' || query.type === document.pgm))
      .map((document) => ({
        type: 'IssuingNote',
        pgm: document.pgm,
        mlid: document.mlid,
        docNo: document.mlNo,
        refNo: document.refNo,
        status: document.head.CHK_MAN ? 'APPROVED' : 'UNAPPROVED',
        rawStatus: String(document.head.CHK_MAN ?? ''),
        head: document.head,
        lines: document.lines,
        headZ: document.headZ,
        linesZ: document.linesZ,
      }));
  }
}
