/**
 * The Kingdee sandbox's business logic (protocols/others.md §1.3–1.6): STK_MisDelivery Save/BatchSave with §1.6
 * validation against master data, the §1.4 status machine (Submit, CancelAssign, Audit with stock, UnAudit, Delete,
 * per-Number results), ExecuteBillQuery/BillQuery over FieldKeys + FilterString + OrderString, and View. Replies are
 * plain JSON values; the server wraps and sends them. Names from requests never index a plain object.
 */
import type { DocumentStatus } from '../../src/catalog/types';
import { evaluate, fieldsOf, FilterSyntaxError, parseFilter, parseOrder, type Expr, type Value } from './filter';
import type { Bill, Entry, KingdeeState } from './state';

export const FORM_ID = 'STK_MisDelivery';

// ── master data (§1.8 item 11) ─────────────────────────────────────────────────────────────────────────

export const MATERIALS = ['SKU-RED-M', 'SKU-RED-L', 'SKU-BLUE-M', 'SKU-BLUE-L', 'SKU-GREEN-S', 'SKU-BLACK-XL'];
export const STOCKS = ['CK001', 'CK002'];
export const OPENING_LOT = 'B20240901';
export const OPENING_STOCK = 1000;

type Category = 'org' | 'dept' | 'stock' | 'unit' | 'material' | 'billType' | 'stockStatus' | 'currency' | 'customer' | 'staff' | 'location' | 'lot';

interface Master {
  readonly id: number;
  readonly name: string;
}

function masters(entries: [string, string][], firstId: number): Map<string, Master> {
  return new Map(entries.map(([number, name], index) => [number, { id: firstId + index, name }]));
}

const MASTER: ReadonlyMap<Category, Map<string, Master>> = new Map<Category, Map<string, Master>>([
  ['org', masters([['100', '总部']], 1)],
  ['dept', masters([['BM000001', '仓储部'], ['BM000002', '生产部']], 100101)],
  ['stock', masters([['CK001', '成品仓'], ['CK002', '原料仓']], 100201)],
  ['unit', masters([['Pcs', '个']], 10101)],
  ['material', masters(MATERIALS.map((sku) => [sku, sku.replace('SKU-', '').replace('-', ' ')]), 100301)],
  ['billType', masters([['QTCKD01_SYS', '标准其他出库单']], 1001)],
  ['stockStatus', masters([['KCZT01_SYS', '可用']], 10000)],
  ['currency', masters([['PRE001', '人民币']], 1)],
  ['customer', masters([['CUST0001', '零售客户']], 100401)],
  ['staff', masters([], 1)],
  ['location', masters([], 1)],
]);

interface FieldSpec {
  readonly name: string;
  readonly entry: boolean;
  readonly type: 'number' | 'text' | 'date' | 'base';
  readonly category?: Category;
  readonly label: string;
  readonly readOnly?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'FID', entry: false, type: 'number', label: '实体主键', readOnly: true },
  { name: 'FBillNo', entry: false, type: 'text', label: '单据编号' },
  { name: 'FDocumentStatus', entry: false, type: 'text', label: '单据状态', readOnly: true },
  { name: 'FBillTypeID', entry: false, type: 'base', category: 'billType', label: '单据类型' },
  { name: 'FStockOrgId', entry: false, type: 'base', category: 'org', label: '库存组织' },
  { name: 'FPickOrgId', entry: false, type: 'base', category: 'org', label: '领用组织' },
  { name: 'FStockDirect', entry: false, type: 'text', label: '库存方向' },
  { name: 'FDate', entry: false, type: 'date', label: '日期' },
  { name: 'FCustId', entry: false, type: 'base', category: 'customer', label: '客户' },
  { name: 'FDeptId', entry: false, type: 'base', category: 'dept', label: '领料部门' },
  { name: 'FOwnerTypeIdHead', entry: false, type: 'text', label: '货主类型' },
  { name: 'FOwnerIdHead', entry: false, type: 'base', category: 'org', label: '货主' },
  { name: 'FBaseCurrId', entry: false, type: 'base', category: 'currency', label: '本位币' },
  { name: 'FStockerId', entry: false, type: 'base', category: 'staff', label: '仓管员' },
  { name: 'FPickerId', entry: false, type: 'base', category: 'staff', label: '领料人' },
  { name: 'FNote', entry: false, type: 'text', label: '备注' },
  { name: 'FCreateDate', entry: false, type: 'date', label: '创建日期', readOnly: true },
  { name: 'FModifyDate', entry: false, type: 'date', label: '修改日期', readOnly: true },
  { name: 'FApproveDate', entry: false, type: 'date', label: '审核日期', readOnly: true },
  { name: 'FEntryID', entry: true, type: 'number', label: '分录主键' },
  { name: 'FMaterialId', entry: true, type: 'base', category: 'material', label: '物料编码' },
  { name: 'FUnitID', entry: true, type: 'base', category: 'unit', label: '单位' },
  { name: 'FQty', entry: true, type: 'number', label: '实发数量' },
  { name: 'FStockId', entry: true, type: 'base', category: 'stock', label: '发货仓库' },
  { name: 'FStockLocId', entry: true, type: 'base', category: 'location', label: '仓位' },
  { name: 'FLot', entry: true, type: 'base', category: 'lot', label: '批号' },
  { name: 'FStockStatusId', entry: true, type: 'base', category: 'stockStatus', label: '库存状态' },
  { name: 'FOwnerTypeId', entry: true, type: 'text', label: '货主类型' },
  { name: 'FOwnerId', entry: true, type: 'base', category: 'org', label: '货主' },
  { name: 'FKeeperTypeId', entry: true, type: 'text', label: '保管者类型' },
  { name: 'FKeeperId', entry: true, type: 'base', category: 'org', label: '保管者' },
  { name: 'FProduceDate', entry: true, type: 'date', label: '生产日期' },
  { name: 'FExpiryDate', entry: true, type: 'date', label: '有效期至' },
  { name: 'FEntryNote', entry: true, type: 'text', label: '备注' },
];
const FIELD_BY_LOWER = new Map(FIELDS.map((field) => [field.name.toLowerCase(), field]));

/** A FieldKeys / FilterString name resolved: the field and what to show (id, FNumber, FName). */
interface Resolved {
  readonly field: FieldSpec;
  readonly part: 'value' | 'number' | 'name';
}

export function resolveField(key: string): Resolved | undefined {
  const lower = key.trim().toLowerCase();
  if (lower === 'fentity_fentryid') return { field: FIELD_BY_LOWER.get('fentryid')!, part: 'value' };
  const [base, suffix, extra] = lower.split('.');
  if (extra !== undefined) return undefined;
  const field = FIELD_BY_LOWER.get(base);
  if (!field) return undefined;
  if (suffix === undefined) return { field, part: 'value' };
  if (field.type !== 'base') return undefined;
  if (suffix === 'fnumber') return { field, part: 'number' };
  if (suffix === 'fname') return { field, part: 'name' };
  return undefined;
}

// ── replies ───────────────────────────────────────────────────────────────────────────────────────────

export interface SandboxError {
  readonly code: number;
  readonly message: string;
  readonly fieldName?: string | null;
}

class Refusal extends Error {
  constructor(readonly error: SandboxError) {
    super(error.message);
  }
}

function refuse(code: number, message: string, fieldName: string | null = null): never {
  throw new Refusal({ code, message, fieldName });
}

interface Outcome {
  readonly successes: { Id: number; Number: string; DIndex: number }[];
  readonly errors: (SandboxError & { DIndex: number })[];
  readonly successMessages?: { Message: string; DIndex: number }[];
}

/** `{"ResponseStatus":…}` with ErrorCode only on failure and the first error's MsgCode (§1.3). */
export function responseStatus(outcome: Outcome): Record<string, unknown> {
  const failed = outcome.errors.length > 0;
  return {
    ...(failed ? { ErrorCode: 500 } : {}),
    IsSuccess: !failed,
    Errors: outcome.errors.map((error) => ({ FieldName: error.fieldName ?? null, Message: error.message, DIndex: error.DIndex })),
    SuccessEntitys: outcome.successes,
    SuccessMessages: outcome.successMessages ?? [],
    MsgCode: failed ? outcome.errors[0].code : 0,
  };
}

export function failure(code: number, message: string, fieldName: string | null = null): Record<string, unknown> {
  return { Result: { ResponseStatus: responseStatus({ successes: [], errors: [{ code, message, fieldName, DIndex: 0 }] }) } };
}

export const SESSION_LOST_MESSAGE = '会话信息已丢失，请重新登录';

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parameter by name, case-insensitively (§1.1). */
export function param(source: unknown, name: string): unknown {
  if (!isRecord(source)) return undefined;
  const lower = name.toLowerCase();
  for (const key of Object.keys(source)) if (key.toLowerCase() === lower) return source[key];
  return undefined;
}

/** Booleans may arrive as strings (§1.3). */
function flag(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
  return value === true || value === 1;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => String(item)).filter((item) => item.trim() !== '');
  if (typeof value === 'string') return value.split(/[,;]/).map((item) => item.trim()).filter(Boolean);
  return [];
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** `yyyy-MM-dd[ HH:mm:ss]` (or with T) → `yyyy-MM-ddTHH:mm:ss`; undefined when it is no date. */
export function normalizeDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?$/.exec(value.trim());
  if (!match || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) return undefined;
  const time = match[2] ? (match[2].length === 5 ? `${match[2]}:00` : match[2]) : '00:00:00';
  return `${match[1]}T${time}`;
}

/** A base-data value: `{"FNumber":"…"}` (any key case), or a bare number text. Empty → null. */
function baseNumber(value: unknown): string | null {
  const number = isRecord(value) ? param(value, 'FNumber') : value;
  if (number === undefined || number === null) return null;
  const text = String(number).trim();
  return text === '' ? null : text;
}

export interface EngineOptions {
  readonly clock: () => Date;
  readonly allowNegativeStock: boolean;
}

export interface BillView {
  type: 'MiscIssue';
  docNo: string;
  fid: number;
  status: DocumentStatus;
  rawStatus: string;
  head: Record<string, unknown>;
  lines: Record<string, unknown>[];
  createdAt: string;
  modifiedAt: string;
}

/** §1.4: the statuses each state operation is legal from, and its verb for the refusal text. */
const TRANSITIONS: ReadonlyMap<string, readonly [readonly string[], string]> = new Map<string, readonly [readonly string[], string]>([
  ['Submit', [['A', 'D'], '提交']],
  ['CancelAssign', [['B'], '撤销']],
  ['Audit', [['B'], '审核']],
  ['UnAudit', [['C'], '反审核']],
  ['Delete', [['Z', 'A', 'D'], '删除']],
]);

export class KingdeeEngine {
  constructor(
    private readonly state: KingdeeState,
    private readonly options: EngineOptions,
  ) {}

  // ── seed ────────────────────────────────────────────────────────────────────────────────────────────

  seedIfEmpty(): void {
    if (this.state.isSeeded()) return;
    this.state.transaction(() => {
      for (const material of MATERIALS) {
        for (const stock of STOCKS) {
          this.state.adjustStock(material, stock, '', OPENING_STOCK);
          this.state.adjustStock(material, stock, OPENING_LOT, OPENING_STOCK);
        }
      }
      const sample = (date: string, material: string, qty: number, stock: string, lot: string | null, note: string): Record<string, unknown> => ({
        FID: 0, FBillNo: '', FBillTypeID: { FNUMBER: 'QTCKD01_SYS' }, FStockOrgId: { FNumber: '100' }, FPickOrgId: { FNumber: '100' }, FStockDirect: 'GENERAL',
        FDate: date, FDeptId: { FNumber: 'BM000001' }, FOwnerTypeIdHead: 'BD_OwnerOrg', FOwnerIdHead: { FNumber: '100' }, FNote: note,
        FEntity: [{ FMaterialId: { FNumber: material }, FUnitID: { FNumber: 'Pcs' }, FQty: qty, FStockId: { FNumber: stock }, ...(lot ? { FLot: { FNumber: lot } } : {}),
          FStockStatusId: { FNumber: 'KCZT01_SYS' }, FOwnerTypeId: 'BD_OwnerOrg', FOwnerId: { FNumber: '100' }, FKeeperTypeId: 'BD_KeeperOrg', FKeeperId: { FNumber: '100' } }],
      });
      const a = this.saveModel(sample('2024-09-10 00:00:00', 'SKU-RED-M', 2, 'CK001', null, '样品领用'), {});
      const b = this.saveModel(sample('2024-09-11 00:00:00', 'SKU-BLUE-L', 5, 'CK002', OPENING_LOT, '展会借出'), {});
      const c = this.saveModel(sample('2024-09-12 00:00:00', 'SKU-GREEN-S', 1, 'CK001', null, '报废出库'), {});
      const d = this.saveModel(sample('2024-09-13 00:00:00', 'SKU-BLACK-XL', 3, 'CK002', OPENING_LOT, '盘亏出库'), {});
      void a;
      this.transition('Submit', b);
      this.transition('Submit', c);
      this.transition('Audit', c);
      this.transition('Submit', d);
      this.transition('Audit', d);
      this.transition('UnAudit', d);
      this.state.markSeeded(this.options.clock());
    });
  }

  // ── Save / BatchSave ───────────────────────────────────────────────────────────────────────────────

  /** Save (one Model) or BatchSave (an array), each model in its own transaction with its DIndex (§1.3). */
  save(method: 'Save' | 'BatchSave' | 'Draft', data: unknown, faults: { partial?: boolean } = {}): Record<string, unknown> {
    const rawModel = param(data, 'Model');
    const draft = method === 'Draft';
    const models = method === 'BatchSave' ? (Array.isArray(rawModel) ? rawModel : rawModel === undefined ? [] : [rawModel]) : rawModel === undefined ? [] : [Array.isArray(rawModel) ? rawModel[0] : rawModel];
    if (models.length === 0) return failure(8, '参数Model不能为空', 'Model');
    const options = {
      draft,
      autoAudit: !draft && flag(param(data, 'IsAutoSubmitAndAudit'), false),
      returnFields: stringList(param(data, 'NeedReturnFields')),
      updateFields: stringList(param(data, 'NeedUpDateFields')),
      deleteEntry: flag(param(data, 'IsDeleteEntry'), true),
      negativeStock: stringList(param(data, 'InterationFlags')).some((item) => item.toLowerCase() === 'stk_invcheckresult'),
    };
    const successes: Outcome['successes'] = [];
    const errors: Outcome['errors'] = [];
    const returned: unknown[] = [];
    models.forEach((model, index) => {
      if (faults.partial && index % 2 === 1) {
        errors.push({ code: 11, message: `模拟部分失败 (sandbox fault: partial)`, fieldName: null, DIndex: index });
        return;
      }
      let bill: Bill;
      try {
        bill = this.state.transaction(() => this.saveModel(model, options));
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        errors.push({ ...error.error, DIndex: index });
        return;
      }
      if (options.autoAudit) {
        // Save → Submit → Audit; an Audit refusal leaves the bill in B, still listed as saved (§1.4).
        try {
          this.state.transaction(() => this.transition('Submit', bill.fid, options));
          this.state.transaction(() => this.transition('Audit', bill.fid, options));
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          errors.push({ ...error.error, DIndex: index });
        }
      }
      const saved = this.state.byId(bill.fid)!;
      successes.push({ Id: saved.fid, Number: saved.billNo, DIndex: index });
      returned.push(this.returnData(saved, options.returnFields));
    });
    const result: Record<string, unknown> = { ResponseStatus: responseStatus({ successes, errors }) };
    if (method !== 'BatchSave') {
      result.Id = successes[0]?.Id ?? '';
      result.Number = successes[0]?.Number ?? '';
    }
    result.NeedReturnData = returned;
    return { Result: result };
  }

  private returnData(bill: Bill, keys: readonly string[]): Record<string, unknown> {
    const data = Object.create(null) as Record<string, unknown>;
    const entryRows: Record<string, unknown>[] = bill.entries.map(() => Object.create(null) as Record<string, unknown>);
    for (const key of keys) {
      const resolved = resolveField(key);
      if (!resolved) continue;
      if (resolved.field.entry) bill.entries.forEach((entry, index) => (entryRows[index][key] = this.valueOf(bill, entry, resolved)));
      else data[key] = this.valueOf(bill, bill.entries[0] ?? null, resolved);
    }
    if (keys.some((key) => resolveField(key)?.field.entry)) data.FEntity = entryRows;
    return data;
  }

  /** Read one model into a bill (new or updated), validate it, write it. Refusal on any §1.6 case. */
  private saveModel(model: unknown, options: { updateFields?: string[]; deleteEntry?: boolean; draft?: boolean }): Bill {
    if (!isRecord(model)) refuse(8, 'Model 必须是对象', 'Model');
    const now = iso(this.options.clock());
    const fidValue = Number(param(model, 'FID') ?? 0);
    const updating = Number.isFinite(fidValue) && fidValue > 0;
    let bill: Bill;
    if (updating) {
      const existing = this.state.byId(fidValue);
      if (!existing) refuse(10, `单据内码“${fidValue}”不存在`, 'FID');
      if (!['Z', 'A', 'D'].includes(existing.status)) refuse(11, `单据[${existing.billNo}]当前状态不允许修改`);
      bill = existing;
    } else {
      bill = { fid: 0, billNo: '', status: options.draft ? 'Z' : 'A', head: Object.create(null) as Bill['head'], entries: [], createdAt: now, modifiedAt: now };
    }
    const only = new Set((options.updateFields ?? []).map((name) => name.toLowerCase()));
    const wanted = (name: string): boolean => !updating || only.size === 0 || only.has(name.toLowerCase());
    for (const key of Object.keys(model)) {
      const spec = FIELD_BY_LOWER.get(key.toLowerCase());
      if (!spec || spec.entry || spec.readOnly || !wanted(spec.name)) continue;
      this.assign(bill.head, spec, model[key]);
    }
    const rawEntries = param(model, 'FEntity');
    if (Array.isArray(rawEntries) && wanted('FEntity')) {
      const kept: Entry[] = [];
      const byId = new Map(bill.entries.map((entry) => [Number(entry.FEntryID), entry]));
      for (const raw of rawEntries) {
        if (!isRecord(raw)) refuse(8, 'FEntity 的分录必须是对象', 'FEntity');
        const entryId = Number(param(raw, 'FEntryID') ?? 0);
        const existing = entryId > 0 ? byId.get(entryId) : undefined;
        if (entryId > 0 && !existing) refuse(10, `分录内码“${entryId}”不存在`, 'FEntryID');
        const entry: Entry = existing ?? (Object.create(null) as Entry);
        for (const key of Object.keys(raw)) {
          const spec = FIELD_BY_LOWER.get(key.toLowerCase());
          if (!spec || !spec.entry || spec.name === 'FEntryID' || (existing && !wanted(spec.name))) continue;
          this.assign(entry, spec, raw[key]);
        }
        kept.push(entry);
      }
      const mentioned = new Set(kept);
      bill.entries = options.deleteEntry === false ? [...bill.entries.filter((entry) => !mentioned.has(entry)), ...kept] : kept;
    }
    this.validate(bill);
    const requested = String(bill.head.FBillNo ?? '').trim();
    if (requested !== '' && this.state.numberTaken(requested, bill.fid)) refuse(11, `单据编号“${requested}”已存在`, 'FBillNo');
    if (!updating) {
      Object.assign(bill, { fid: this.state.next('fid', 100000) });
      bill.head.FCreateDate = now;
    }
    for (const entry of bill.entries) if (!(Number(entry.FEntryID) > 0)) entry.FEntryID = this.state.next('entry', 100000);
    if (requested === '') {
      let number: string;
      do number = `QTCK${String(this.state.next('billno', 0)).padStart(6, '0')}`;
      while (this.state.numberTaken(number, bill.fid));
      bill.head.FBillNo = number;
    }
    bill.billNo = String(bill.head.FBillNo);
    if (bill.status === 'Z' && !options.draft) bill.status = 'A';
    bill.head.FModifyDate = now;
    bill.modifiedAt = now;
    this.state.write(bill);
    return bill;
  }

  private assign(target: Record<string, string | number | null>, spec: FieldSpec, value: unknown): void {
    switch (spec.type) {
      case 'base':
        target[spec.name] = baseNumber(value);
        return;
      case 'number': {
        const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        if (Number.isNaN(number)) refuse(8, `字段“${spec.label}”的值不是数字`, spec.name);
        target[spec.name] = number;
        return;
      }
      case 'date': {
        if (value === null || value === '' || value === undefined) {
          target[spec.name] = null;
          return;
        }
        const date = normalizeDate(value);
        if (!date) refuse(8, `字段“${spec.label}”的值不是日期`, spec.name);
        target[spec.name] = date;
        return;
      }
      default:
        target[spec.name] = value === null || value === undefined ? null : String(value);
    }
  }

  /** §1.6: required fields, FQty > 0, department or customer, entries, base data that exists. Defaults first. */
  private validate(bill: Bill): void {
    const head = bill.head;
    head.FBillTypeID ??= 'QTCKD01_SYS';
    head.FStockDirect ??= 'GENERAL';
    head.FDate ??= `${iso(this.options.clock()).slice(0, 10)}T00:00:00`;
    head.FOwnerTypeIdHead ??= 'BD_OwnerOrg';
    if (!head.FOwnerIdHead && head.FStockOrgId) head.FOwnerIdHead = head.FStockOrgId;
    head.FBaseCurrId ??= 'PRE001';
    const required = (target: Record<string, unknown>, name: string): void => {
      const value = target[name];
      if (value === null || value === undefined || String(value).trim() === '') refuse(11, `字段“${FIELD_BY_LOWER.get(name.toLowerCase())!.label}”是必填项`, name);
    };
    required(head, 'FStockOrgId');
    required(head, 'FPickOrgId');
    if (!head.FDeptId && !head.FCustId) refuse(11, '字段“领料部门”是必填项（或填写客户）', 'FDeptId');
    if (bill.entries.length === 0) refuse(11, '字段“明细信息”是必填项：单据至少需要一行分录', 'FEntity');
    this.checkBase(head, false);
    for (const entry of bill.entries) {
      required(entry, 'FMaterialId');
      this.checkBase(entry, true);
      entry.FUnitID ??= 'Pcs';
      entry.FStockStatusId ??= 'KCZT01_SYS';
      entry.FOwnerTypeId ??= 'BD_OwnerOrg';
      entry.FOwnerId ??= (head.FOwnerIdHead as string | null) ?? null;
      entry.FKeeperTypeId ??= 'BD_KeeperOrg';
      entry.FKeeperId ??= (head.FStockOrgId as string | null) ?? null;
      required(entry, 'FStockId');
      if (typeof entry.FQty !== 'number' || !(entry.FQty > 0)) refuse(11, '字段“实发数量”必须大于0', 'FQty');
    }
  }

  private checkBase(target: Record<string, string | number | null>, entry: boolean): void {
    for (const spec of FIELDS) {
      if (spec.entry !== entry || spec.type !== 'base' || spec.category === 'lot') continue;
      const value = target[spec.name];
      if (value === null || value === undefined) continue;
      if (!MASTER.get(spec.category!)!.has(String(value))) refuse(9, `编码值["${String(value)}"]不存在`, spec.name);
    }
  }

  // ── state operations ──────────────────────────────────────────────────────────────────────────────

  /** Submit, CancelAssign, Audit, UnAudit or Delete over `Numbers` / `Ids`: each on its own (§1.3, §1.4). */
  operate(method: string, data: unknown): Record<string, unknown> {
    const numbers = stringList(param(data, 'Numbers'));
    const ids = stringList(param(data, 'Ids'));
    const targets: { number?: string; id?: number }[] = numbers.length > 0 ? numbers.map((number) => ({ number })) : ids.map((id) => ({ id: Number(id) }));
    if (targets.length === 0) return failure(8, '参数Numbers和Ids不能同时为空', 'Numbers');
    const negativeStock = stringList(param(data, 'InterationFlags')).some((item) => item.toLowerCase() === 'stk_invcheckresult');
    const successes: Outcome['successes'] = [];
    const errors: Outcome['errors'] = [];
    targets.forEach((target, index) => {
      const bill = target.number !== undefined ? this.state.byNumber(target.number) : this.state.byId(target.id!);
      if (!bill) {
        errors.push({ code: 10, message: `单据“${target.number ?? target.id}”不存在`, fieldName: null, DIndex: index });
        return;
      }
      try {
        this.state.transaction(() => this.transition(method, bill.fid, { negativeStock }));
        successes.push({ Id: bill.fid, Number: bill.billNo, DIndex: index });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        errors.push({ ...error.error, DIndex: index });
      }
    });
    return { Result: { ResponseStatus: responseStatus({ successes, errors }) } };
  }

  /** One §1.4 transition of one bill, in the caller's transaction; a Refusal when illegal. */
  private transition(method: string, fidOrBill: number | Bill, options: { negativeStock?: boolean } = {}): void {
    const bill = typeof fidOrBill === 'number' ? this.state.byId(fidOrBill)! : this.state.byId(fidOrBill.fid)!;
    const rule = TRANSITIONS.get(method);
    if (!rule) refuse(8, `不支持的操作${method}`);
    const [from, verb] = rule;
    if (!from.includes(bill.status)) refuse(11, `单据[${bill.billNo}]当前状态不允许${verb}`);
    const now = iso(this.options.clock());
    switch (method) {
      case 'Delete':
        this.state.remove(bill.fid);
        return;
      case 'Audit':
        this.takeStock(bill, -1, options.negativeStock ?? false);
        bill.status = 'C';
        bill.head.FApproveDate = now;
        break;
      case 'UnAudit':
        this.takeStock(bill, 1, true);
        bill.status = 'D';
        bill.head.FApproveDate = null;
        break;
      case 'Submit':
        bill.status = 'B';
        break;
      default:
        bill.status = 'A';
    }
    bill.head.FModifyDate = now;
    bill.modifiedAt = now;
    this.state.write(bill);
  }

  /** Stock per material × stock × lot; Audit refuses a negative balance unless allowed (§1.4, item 7). */
  private takeStock(bill: Bill, sign: 1 | -1, allowNegative: boolean): void {
    const totals = new Map<string, { material: string; stock: string; lot: string; qty: number }>();
    for (const entry of bill.entries) {
      const key = JSON.stringify([entry.FMaterialId, entry.FStockId, entry.FLot ?? '']);
      const current = totals.get(key) ?? { material: String(entry.FMaterialId), stock: String(entry.FStockId), lot: String(entry.FLot ?? ''), qty: 0 };
      current.qty += Number(entry.FQty);
      totals.set(key, current);
    }
    for (const { material, stock, lot, qty } of totals.values()) {
      if (sign < 0 && !allowNegative && !this.options.allowNegativeStock) {
        const onHand = this.state.stockOf(material, stock, lot);
        if (onHand - qty < 0) {
          refuse(11, `物料[${material}]在仓库[${stock}]${lot ? `批号[${lot}]` : ''}的即时库存不足（现有${onHand}，需出库${qty}），不允许出现负库存`, 'FQty');
        }
      }
      this.state.adjustStock(material, stock, lot, sign * qty);
    }
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────────────

  private valueOf(bill: Bill, entry: Entry | null, resolved: Resolved): Value {
    const { field, part } = resolved;
    let raw: unknown;
    if (field.name === 'FID') raw = bill.fid;
    else if (field.name === 'FBillNo') raw = bill.billNo;
    else if (field.name === 'FDocumentStatus') raw = bill.status;
    else raw = field.entry ? (entry ? entry[field.name] : null) : bill.head[field.name];
    if (raw === undefined) raw = null;
    if (field.type !== 'base') return raw as Value;
    if (raw === null) return part === 'value' ? 0 : null;
    if (field.category === 'lot') return part === 'name' ? null : String(raw);
    const master = MASTER.get(field.category!)!.get(String(raw));
    if (part === 'number') return String(raw);
    if (part === 'name') return master?.name ?? null;
    return master?.id ?? 0;
  }

  /**
   * ExecuteBillQuery / BillQuery rows (§1.5): one per entry line when FieldKeys name an entry field, else one per
   * bill that has a matching entry (ASSUMPTION); OrderString, TopRowCount, StartRow, Limit (default 2000, cap 10000).
   */
  query(data: unknown): { rows: Value[][]; keys: string[] } {
    const formId = String(param(data, 'FormId') ?? '');
    if (formId === '') throw new Refusal({ code: 5, message: 'FormId不能为空' });
    if (formId.toLowerCase() !== FORM_ID.toLowerCase()) throw new Refusal({ code: 5, message: `业务对象“${formId}”不存在` });
    const keys = String(param(data, 'FieldKeys') ?? '').split(',').map((key) => key.trim()).filter(Boolean);
    if (keys.length === 0) throw new Refusal({ code: 8, message: 'FieldKeys不能为空', fieldName: 'FieldKeys' });
    const resolvedKeys = keys.map((key) => {
      const resolved = resolveField(key);
      if (!resolved) throw new Refusal({ code: 9, message: `字段“${key}”不存在`, fieldName: key });
      return resolved;
    });
    let filter: Expr;
    let order: { field: string; descending: boolean }[];
    try {
      filter = parseFilter(String(param(data, 'FilterString') ?? ''));
      order = parseOrder(String(param(data, 'OrderString') ?? ''));
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new Refusal({ code: 8, message: `过滤条件语法错误：${error.message}` });
      throw error;
    }
    const filterFields = new Map<string, Resolved>();
    for (const name of [...fieldsOf(filter), ...order.map((item) => item.field)]) {
      const resolved = resolveField(name);
      if (!resolved) throw new Refusal({ code: 9, message: `字段“${name}”不存在`, fieldName: name });
      filterFields.set(name.toLowerCase(), resolved);
    }
    const perEntry = resolvedKeys.some((resolved) => resolved.field.entry);
    const matched: { bill: Bill; entry: Entry | null }[] = [];
    for (const bill of this.state.bills()) {
      const entries = bill.entries.length > 0 ? bill.entries : [null];
      let any = false;
      for (const entry of entries) {
        const lookup = (name: string): Value => this.valueOf(bill, entry, filterFields.get(name.toLowerCase())!);
        const normalize = (name: string, literal: Value): Value =>
          filterFields.get(name.toLowerCase())!.field.type === 'date' && typeof literal === 'string' ? (normalizeDate(literal) ?? literal) : literal;
        if (!evaluate(filter, lookup, normalize)) continue;
        if (perEntry) matched.push({ bill, entry });
        else if (!any) matched.push({ bill, entry });
        any = true;
      }
    }
    if (order.length > 0) {
      matched.sort((a, b) => {
        for (const { field, descending } of order) {
          const resolved = filterFields.get(field.toLowerCase())!;
          const x = this.valueOf(a.bill, a.entry, resolved);
          const y = this.valueOf(b.bill, b.entry, resolved);
          const result = x === y ? 0 : x === null ? -1 : y === null ? 1 : typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
          if (result !== 0) return descending ? -result : result;
        }
        return 0;
      });
    }
    const top = Number(param(data, 'TopRowCount') ?? 0);
    const start = Math.max(0, Number(param(data, 'StartRow') ?? 0) || 0);
    const limitRaw = Number(param(data, 'Limit') ?? 0) || 0;
    const limit = limitRaw > 0 ? Math.min(limitRaw, 10000) : 2000;
    const capped = top > 0 ? matched.slice(0, top) : matched;
    const rows = capped.slice(start, start + limit).map(({ bill, entry }) => resolvedKeys.map((resolved) => this.valueOf(bill, entry, resolved)));
    return { rows, keys };
  }

  /** View (§1.5): `Result.Result` with the F prefix dropped and entries under BillEntry; MsgCode 10 when missing. */
  view(data: unknown): Record<string, unknown> {
    const number = String(param(data, 'Number') ?? '').trim();
    const id = Number(param(data, 'Id') ?? 0);
    const bill = number ? this.state.byNumber(number) : id > 0 ? this.state.byId(id) : undefined;
    if (!bill) return failure(10, `单据“${number || id}”不存在`);
    const strip = (name: string): string => name.replace(/^F/, '');
    const head = Object.create(null) as Record<string, unknown>;
    head.Id = bill.fid;
    head.BillNo = bill.billNo;
    head.DocumentStatus = bill.status;
    for (const [name, value] of Object.entries(bill.head)) if (name !== 'FBillNo') head[strip(name)] = value;
    head.BillEntry = bill.entries.map((entry) => {
      const row = Object.create(null) as Record<string, unknown>;
      for (const [name, value] of Object.entries(entry)) row[name === 'FEntryID' ? 'Id' : strip(name)] = value;
      return row;
    });
    return { Result: { ResponseStatus: null, Result: head } };
  }

  isRefusal(error: unknown): error is Refusal {
    return error instanceof Refusal;
  }

  /** The sandbox's own view of its bills (design §3 admin route). */
  documents(query: { type?: string; docNo?: string; status?: DocumentStatus } = {}): BillView[] {
    if (query.type && query.type !== 'MiscIssue') return [];
    return this.state
      .bills()
      .filter((bill) => !query.docNo || bill.billNo === query.docNo)
      .map((bill) => ({
        type: 'MiscIssue' as const,
        docNo: bill.billNo,
        fid: bill.fid,
        status: (bill.status === 'C' ? 'APPROVED' : 'UNAPPROVED') as DocumentStatus,
        rawStatus: bill.status,
        head: { ...bill.head },
        lines: bill.entries.map((entry) => ({ ...entry })),
        createdAt: bill.createdAt,
        modifiedAt: bill.modifiedAt,
      }))
      .filter((view) => !query.status || view.status === query.status);
  }
}

export { Refusal };
