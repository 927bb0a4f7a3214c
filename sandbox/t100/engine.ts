/**
 * What the T100 sandbox does with a decoded request: identity checks, dispatch by exact service name, and one
 * generic handler per operation type. Which API is which operation comes from the shared catalog; which wire field
 * is which column from the T100 mappings; slips, rules, posting effects and sample data from the per-kind files in
 * ./documents. No handler here names a document kind, a status of one, or one of its columns.
 */
import { DOCUMENT_KINDS, lifecycleOf, resolvedRows, type ResolvedOperation } from '../../src/catalog';
import { checkTransition, COMPOSITE_STEPS, reversePlan } from '../../src/catalog/lifecycle';
import type { Action, Composite, DocumentKind, DocumentStatus, Operation } from '../../src/catalog/types';
import type { StdEncoding, StdRecord, StdReply, StdRequest, StdValue } from '../../datasources/common/digiwin/envelope-types';
import { columnsToWire, detailKey, recordSetKey, t100Mapping, wireNameOf, wireToColumns, type StdMapping } from '../../datasources/t100/mapping';
import { canonicalStatus, T100_STATUS_FOR } from '../../datasources/t100/status';
import type { FaultMode } from '../common/faults';
import { listPage, ok, perKeyActions, perKeyReads, refused, Refusal } from '../common/std-conditions';
import { sandboxKind, T100_SANDBOX_KINDS, type QuantityCap, type T100SandboxKind } from './documents';
import { ENTERPRISE, ITEMS, OPENING_STOCK, SITES, SUPPLIERS, USERS, WAREHOUSES } from './master-data';
import type { SandboxState, StoredDocument } from './state';

export interface EngineOptions {
  readonly padStrings: boolean;
  readonly allowNegativeStock: boolean;
  /** The code a dispost leaves: Y, or Z where the site is set up so (§3.2, ASSUMPTION; both are APPROVED). */
  readonly unpostedStatus: 'Y' | 'Z';
  readonly clock: () => Date;
}

/** One (kind, operation, row) an API serves. */
interface Service {
  readonly kind: DocumentKind;
  readonly mapping: StdMapping;
  readonly rules: T100SandboxKind;
  readonly operation: Operation;
  readonly row: ResolvedOperation;
}

/** API name suffix per action, as the refusal texts name them (`…不可執行post`). */
const VERB: Record<Action, string> = {
  create: 'create', update: 'update', delete: 'delete', approve: 'approve', disapprove: 'disapprove',
  issue: 'issue', unissue: 'unissue', post: 'post', unpost: 'dispost', void: 'invalid',
};

const HEAD_KEYS = new Set(['doc_no', 'doc_type_no', 'doc_date', 'status', 'site_no', 'modify_date']);

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function records(value: unknown): StdRecord[] {
  return Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object') as StdRecord[]) : [];
}

function yymmdd(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${String(date.getFullYear()).slice(2)}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
}

function yyyymmdd(date: Date): string {
  return `${date.getFullYear()}${yymmdd(date).slice(2)}`;
}

/** A record renamed by a shape's renames, read backwards (customized name → OpenAPI name); own keys only. */
function renamedBack(record: StdRecord, renames: Readonly<Record<string, string>> | undefined): StdRecord {
  const back = new Map(Object.entries(renames ?? {}).map(([open, custom]) => [custom, open]));
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [back.get(key) ?? key, value])) as StdRecord;
}

export class T100Engine {
  private readonly services = new Map<string, Service[]>();

  constructor(
    private readonly state: SandboxState,
    private readonly options: EngineOptions,
  ) {
    // Dispatch table from the catalog: every T100 row of every kind the sandbox has a mapping and rules for. One
    // customized API may serve several kinds and operations (issue.wo.item.process, outsourcing.process).
    for (const kind of DOCUMENT_KINDS) {
      const mapping = t100Mapping(kind.type);
      const rules = sandboxKind(kind.type);
      if (!mapping || !rules) continue;
      for (const row of resolvedRows(kind, 't100')) {
        const served = this.services.get(row.api) ?? [];
        served.push({ kind, mapping, rules, operation: row.operation, row });
        this.services.set(row.api, served);
      }
    }
  }

  get serviceNames(): string[] {
    return [...this.services.keys()];
  }

  isCustomized(api: string): boolean {
    return this.services.get(api)?.[0]?.row.kind === 'CUSTOMIZED';
  }

  // ── seeding ──────────────────────────────────────────────────────────────────────────────────────────

  seedIfEmpty(): void {
    if (this.state.isSeeded()) return;
    const now = this.options.clock();
    this.state.transaction(() => {
      for (const stock of OPENING_STOCK) this.state.adjustStock(stock.item, stock.warehouse, stock.location, stock.lot, stock.quantity);
      for (const rules of T100_SANDBOX_KINDS) {
        const kind = DOCUMENT_KINDS.find((candidate) => candidate.type === rules.type);
        const mapping = t100Mapping(rules.type);
        if (!kind || !mapping) continue;
        for (const sample of rules.samples) {
          // A sample was last changed on the day its number says (yyMMdd after the slip), not at seeding time.
          const day = /-(\d{2})(\d{2})(\d{2})\d{5}$/.exec(sample.docNo);
          const changed = day ? new Date(Date.UTC(2000 + Number(day[1]), Number(day[2]) - 1, Number(day[3]), 8)) : now;
          this.state.save(this.stored(kind, mapping, { ...sample.record } as StdRecord, sample.docNo, sample.status, changed));
          const serial = /^(.*?)(\d{5})$/.exec(sample.docNo) ?? /^(.*#)(\d+)$/.exec(sample.docNo);
          if (serial) this.state.reserveSerial(serial[1], Number(serial[2]));
        }
      }
      this.state.markSeeded(now);
    });
  }

  // ── dispatch ─────────────────────────────────────────────────────────────────────────────────────────

  /** Identity (§2.6): enterprise, site of it, known user. Returns a refusal reply, or undefined when fine. */
  private identity(request: StdRequest): StdReply | undefined {
    if (request.datakey.EntId !== ENTERPRISE) return refused('-1', `lib-00110: 企業編號 ${request.datakey.EntId} 不存在`);
    if (!SITES.includes(request.datakey.CompanyId)) return refused('std-00015', `std-00015: 營運據點 ${request.datakey.CompanyId} 未生效`);
    if (!USERS.has(request.host.acct ?? '')) return refused('aws-00022', `aws-00022: 使用者 ${request.host.acct ?? ''} 不存在`);
    return undefined;
  }

  /** Whether a service exists (unknown ones are a platform-level srvcode 100). */
  knows(api: string): boolean {
    return this.services.has(api);
  }

  /**
   * The service a request means. An API serving several (kind, operation) pairs is told apart by its `action`
   * parameter (create / cancel) and, for a reversal, by which kind holds the named document.
   */
  private serviceFor(api: string, parameter: StdRecord): Service {
    const served = this.services.get(api)!;
    const action = text(parameter.action);
    const byAction = served.filter((service) => !service.row.shape.action || service.row.shape.action === action);
    const candidates = byAction.length > 0 ? byAction : served;
    if (candidates.every((service) => service.operation === 'reverse' || service.operation === 'void')) {
      const docNo = text(parameter.doc_no);
      return candidates.find((service) => this.state.document(service.kind.type, docNo)) ?? candidates[0];
    }
    // A create row limited to programs serves only those (asft314 issue, asft323 return, asft335 report).
    const limited = candidates.filter((service) => service.row.programs.length > 0);
    if (limited.length === 0) return candidates[0];
    const program = text(records(parameter[candidates[0].row.shape.dataKey ?? ''])[0]?.[wireNameOf(candidates[0].mapping, 'program') ?? '']);
    const fitting = limited.find((service) => service.row.programs.includes(program));
    if (!fitting) throw new Refusal('-1', `${api}不適用程式${program || '(未指定)'}:${limited.flatMap((service) => service.row.programs).join(',')}`);
    return fitting;
  }

  handle(request: StdRequest, encoding: StdEncoding, fault?: FaultMode): StdReply {
    const identity = this.identity(request);
    if (identity) return identity;
    let service: Service;
    try {
      service = this.serviceFor(request.service.name, request.parameter);
    } catch (error) {
      if (error instanceof Refusal) return refused(error.code, error.description);
      throw error;
    }
    if (service.row.kind === 'CUSTOMIZED' && encoding !== 'xml') return refused('-1', "It isn't valid XML document.");
    try {
      switch (service.operation) {
        case 'read':
          return this.read(service, request.parameter);
        case 'list':
          return this.list(service, request.parameter);
        case 'create':
          return service.row.kind === 'CUSTOMIZED' ? this.compositeCreate(service, request.parameter, false) : this.create(service, request.parameter);
        case 'update':
          return this.update(service, request.parameter);
        case 'createAndApprove':
        case 'createAndPost':
          return this.compositeCreate(service, request.parameter, fault === 'post_fails');
        case 'reverse':
          return this.compositeReverse(service, request.parameter);
        case 'void':
          return service.row.kind === 'CUSTOMIZED' ? this.compositeReverse(service, request.parameter) : this.perKey(service, request.parameter);
        default:
          return this.perKey(service, request.parameter);
      }
    } catch (error) {
      if (error instanceof Refusal) return refused(error.code, error.description);
      throw error;
    }
  }

  // ── storage form ─────────────────────────────────────────────────────────────────────────────────────

  private pad(value: string, padded = this.options.padStrings): string {
    // T100 CHAR columns come back blank-padded (§2.1): a captured number ends in a space.
    return padded ? `${value} ` : value;
  }

  private stored(kind: DocumentKind, mapping: StdMapping, record: StdRecord, docNo: string, status: string, now: Date): StoredDocument {
    const p = mapping.head.prefix;
    const mapped = new Set(mapping.head.fields.map((field) => field.wire));
    // Request field names are untrusted: collected in a null-prototype record.
    const extra: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(record)) {
      if (!mapped.has(key) && !HEAD_KEYS.has(key) && key !== detailKey(mapping)) extra[key] = value;
    }
    const lineMapped = new Set(['seq', ...(mapping.lines?.fields ?? []).map((field) => field.wire)]);
    const lineExtra = (row: StdRecord): Record<string, unknown> => {
      const found: Record<string, unknown> = Object.create(null);
      for (const [key, value] of Object.entries(row)) if (!lineMapped.has(key)) found[key] = value;
      return found;
    };
    const head: Record<string, unknown> = {
      [`${p}docno`]: docNo,
      [`${p}docdt`]: text(record.doc_date) || yyyymmdd(now),
      [`${p}stus`]: status,
      [`${p}site`]: SITES[0],
      ...wireToColumns(mapping.head, record),
      extra,
    };
    const lines = mapping.lines
      ? records(record[detailKey(mapping)]).map((row, index) => ({
          [`${mapping.lines!.prefix}seq`]: Number(row.seq ?? index + 1),
          ...wireToColumns(mapping.lines!, row),
          extra: lineExtra(row),
        }))
      : [];
    return { type: kind.type, docNo, status, head, lines, createdAt: now.toISOString(), updatedAt: now.toISOString() };
  }

  /** A stored document in wire form; `padded` false gives the values as stored (for merging an update). */
  private wire(service: Service, document: StoredDocument, withDetail: boolean, padded = this.options.padStrings): StdRecord {
    const { mapping, rules } = service;
    const p = mapping.head.prefix;
    const record: StdRecord = {
      doc_no: this.pad(document.docNo, padded),
      doc_type_no: document.docNo.split(/[-#]/)[0],
      doc_date: text(document.head[`${p}docdt`]),
      status: document.status,
      site_no: text(document.head[`${p}site`]),
      // <p>moddt, as yyyyMMddHHmmss in UTC (ASSUMPTION: the notes name no modification field).
      modify_date: document.updatedAt.replace(/[-:T]/g, '').slice(0, 14),
      ...(columnsToWire(mapping.head, document.head) as StdRecord),
      ...((document.head.extra ?? {}) as StdRecord),
    };
    if (withDetail && mapping.lines) {
      record[detailKey(mapping)] = document.lines.map((line) => {
        const row: StdRecord = {
          seq: Number(line[`${mapping.lines!.prefix}seq`]),
          ...(columnsToWire(mapping.lines!, line) as StdRecord),
          ...((line.extra ?? {}) as StdRecord),
        };
        for (const field of rules.paddedLineFields ?? []) if (typeof row[field] === 'string') row[field] = this.pad(row[field] as string, padded);
        return row;
      });
    }
    return record;
  }

  private find(kind: DocumentKind, docNo: string): StoredDocument {
    const document = this.state.document(kind.type, docNo.trim());
    if (!document) throw new Refusal('sbx-00001', `查無資料:${docNo.trim()}`);
    return document;
  }

  /** The service of another kind (a reference's target), for reading its wire form and columns. */
  private serviceOfType(type: string): Service | undefined {
    for (const served of this.services.values()) {
      const found = served.find((service) => service.kind.type === type);
      if (found) return found;
    }
    return undefined;
  }

  // ── validation against master data and the kind's rules (§7.9) ────────────────────────────────────────

  /** `pending`: documents created in the same call, which a linked document may name before they are approved. */
  private validate(service: Service, record: StdRecord, pending: ReadonlySet<string> = new Set()): void {
    const { kind, mapping, rules } = service;
    const lines = records(record[detailKey(mapping)]);
    for (const row of [record, ...lines]) {
      const item = text(row.item_no);
      const known = ITEMS.get(item);
      if (item && !known) throw new Refusal('sbx-00011', `item_no不存在:${item}`);
      if (known && text(row.unit_no) === '') row.unit_no = known.unit;
      const warehouse = text(row.warehouse_no);
      const locations = WAREHOUSES.get(warehouse);
      if (warehouse && !locations) throw new Refusal('sbx-00012', `warehouse_no不存在:${warehouse}`);
      const location = row.location_no === undefined ? '' : String(row.location_no);
      if (locations && location.trim() && !locations.includes(location)) throw new Refusal('sbx-00012', `location_no不存在:${warehouse}/${location}`);
      const supplier = text(row.supplier_no);
      if (supplier && !SUPPLIERS.has(supplier)) throw new Refusal('sbx-00016', `supplier_no不存在:${supplier}`);
    }
    for (const line of lines) {
      if (line.qty === undefined) continue;
      const quantity = Number(line.qty);
      if (!Number.isFinite(quantity) || quantity <= 0) throw new Refusal('sbx-00015', `qty必須大於0:${String(line.qty)}`);
    }
    // References (catalog): the target must exist, and be in a status the kind's rules allow.
    for (const reference of kind.references ?? []) {
      const targetService = this.serviceOfType(reference.target);
      const wire = wireNameOf(mapping, reference.by);
      if (!targetService || !wire) continue;
      for (const row of [record, ...lines]) {
        const targetNo = text(row[wire]);
        if (!targetNo) continue;
        const target = this.state.document(reference.target, targetNo);
        if (!target) throw new Refusal('sbx-00013', `${wire}不存在:${targetNo}`);
        const allowed = rules.targetStatuses?.[reference.target];
        if (allowed && !allowed.includes(target.status) && !pending.has(targetNo)) throw new Refusal('sbx-00013', `${targetNo}狀態${target.status}不可使用`);
      }
    }
    for (const [field, rule] of Object.entries(rules.allowed ?? {})) {
      const value = text(record[field]);
      if (value !== '' && !rule.values.includes(value)) throw new Refusal(rule.refusal.code, `${rule.refusal.message}:${field}=${value}`);
    }
    for (const cap of rules.caps ?? []) this.checkCap(service, cap, record, lines);
  }

  /** A quantity cap (QuantityCap): this document's lines per target (line), plus what is booked, ≤ the limit. */
  private checkCap(service: Service, cap: QuantityCap, record: StdRecord, lines: StdRecord[]): void {
    if (cap.unless && cap.unless.values.includes(text(record[cap.unless.field]))) return;
    const quantityOf = cap.quantity ?? 'qty';
    const perTarget = new Map<string, { targetNo: string; match: string; quantity: number }>();
    for (const row of lines.length > 0 ? lines : [record]) {
      const targetNo = text(row[cap.by] ?? record[cap.by]);
      if (!targetNo) continue;
      const match = cap.lineMatch ? text(row[cap.lineMatch]) : '';
      const key = `${targetNo}\u0000${match}`;
      const entry = perTarget.get(key) ?? { targetNo, match, quantity: 0 };
      entry.quantity += Number(row[quantityOf] ?? 0);
      perTarget.set(key, entry);
    }
    for (const { targetNo, match, quantity } of perTarget.values()) {
      const target = this.state.document(cap.target, targetNo);
      if (!target) continue;
      const columns = cap.lineMatch ? this.targetLine(cap.target, target, cap.lineMatch, match) : target.head;
      if (!columns) throw new Refusal(cap.refusal.code, `${cap.refusal.message}:${targetNo} ${match}`);
      const limit = Number(columns[cap.limitColumn] ?? 0);
      let booked = cap.bookedColumn ? Number(columns[cap.bookedColumn] ?? 0) : 0;
      if (cap.bookedBy) booked += this.bookedAgainst(cap, targetNo, match, text(record.doc_no));
      if (booked + quantity > limit) throw new Refusal(cap.refusal.code, `${cap.refusal.message}:${targetNo}${match ? `/${match}` : ''} ${booked}+${quantity}>${limit}`);
    }
  }

  /** The stored line of a target whose wire field `match` equals `value` (a work order's material line by item). */
  private targetLine(type: string, target: StoredDocument, match: string, value: string): Record<string, unknown> | undefined {
    const service = this.serviceOfType(type);
    if (!service?.mapping.lines) return undefined;
    const column = service.mapping.lines.fields.find((field) => field.wire === match)?.column;
    return column ? target.lines.find((line) => text(line[column]) === value) : undefined;
  }

  /** Line quantities of other documents booked against a target (receipts against a purchase order …). */
  private bookedAgainst(cap: QuantityCap, targetNo: string, match: string, except: string): number {
    let total = 0;
    for (const type of cap.bookedBy!.types) {
      const other = this.serviceOfType(type);
      if (!other) continue;
      for (const document of this.state.documents(type)) {
        if (document.docNo === except || !cap.bookedBy!.statuses.includes(document.status)) continue;
        const wire = this.wire(other, document, true, false);
        for (const line of records(wire[detailKey(other.mapping)])) {
          if (text(line[cap.by] ?? wire[cap.by]) !== targetNo) continue;
          if (cap.lineMatch && text(line[cap.lineMatch]) !== match) continue;
          total += Number(line.qty ?? 0);
        }
      }
    }
    return total;
  }

  private slipOf(service: Service, record: StdRecord): string {
    const { slips } = service.rules;
    const slip = text(record.doc_type_no) || slips[0] || '';
    if (!slips.includes(slip)) throw new Refusal('sbx-00014', `doc_type_no不存在:${slip}`);
    return slip;
  }

  // ── create / update ──────────────────────────────────────────────────────────────────────────────────

  /** The number a new document gets: slip + date + serial, or after its target (`{target}#{seq}`). */
  private numberFor(service: Service, record: StdRecord): string {
    const after = service.rules.numberedAfter;
    if (after) {
      const target = text(record[after.by]);
      if (!target) throw new Refusal('sbx-00013', `${after.by}不可空白`);
      const seq = this.state.nextSerial(`${target}#`);
      record[after.seqField] = seq;
      return `${target}#${seq}`;
    }
    const prefix = `${this.slipOf(service, record)}-${yymmdd(this.options.clock())}`;
    return `${prefix}${String(this.state.nextSerial(prefix)).padStart(5, '0')}`;
  }

  /** Validate and store one new document; returns it. Runs inside the caller's transaction. */
  private insert(service: Service, record: StdRecord, pending?: ReadonlySet<string>): StoredDocument {
    if (!service.rules.numberedAfter) this.slipOf(service, record);
    this.validate(service, record, pending);
    const document = this.stored(service.kind, service.mapping, record, this.numberFor(service, record), 'N', this.options.clock());
    this.state.save(document);
    return document;
  }

  private singleHead(mapping: StdMapping, parameter: StdRecord): StdRecord {
    const heads = records(parameter[recordSetKey(mapping)]);
    if (heads.length !== 1) throw new Refusal('-1', `${recordSetKey(mapping)}: exactly one record expected, got ${heads.length}`);
    return { ...heads[0] };
  }

  private create(service: Service, parameter: StdRecord): StdReply {
    const record = this.singleHead(service.mapping, parameter);
    const document = this.state.transaction(() => this.insert(service, record));
    return ok({ result: { success: [{ doc_no: this.pad(document.docNo), status: document.status }], error: [] } });
  }

  private update(service: Service, parameter: StdRecord): StdReply {
    const { kind, mapping } = service;
    const record = this.singleHead(mapping, parameter);
    const docNo = text(record.doc_no);
    return this.state.transaction(() => {
      const current = this.find(kind, docNo);
      const check = checkTransition(lifecycleOf(kind, 't100'), canonicalStatus(current.status) ?? null, 'update');
      if (!check.ok) throw new Refusal('sbx-00002', `單據狀態${current.status}不可執行update`);
      const stored = this.wire(service, current, true, false);
      const after = service.rules.numberedAfter?.by;
      // A change document is numbered after its target: it cannot be moved to another.
      if (after && record[after] !== undefined && text(record[after]) !== text(stored[after])) throw new Refusal('sbx-00017', `${after}不可變更`);
      const merged: StdRecord = { ...stored, ...record };
      if (record[detailKey(mapping)] === undefined) merged[detailKey(mapping)] = stored[detailKey(mapping)];
      this.validate(service, merged);
      const next = this.stored(kind, mapping, merged, current.docNo, current.status, this.options.clock());
      this.state.save({ ...next, createdAt: current.createdAt });
      return ok({ result: { success: [{ doc_no: this.pad(current.docNo), status: current.status }], error: [] } });
    });
  }

  // ── state actions, per key ───────────────────────────────────────────────────────────────────────────

  private postingEffects(service: Service, document: StoredDocument, sign: 1 | -1): void {
    const { posting } = service.rules;
    if (!posting) return;
    const wire = this.wire(service, document, true, false);
    const lines = service.mapping.lines ? records(wire[detailKey(service.mapping)]) : [wire];
    for (const line of lines) {
      const quantity = Number(line.qty ?? 0);
      if (posting.stock && text(line.item_no) && text(line.warehouse_no)) {
        const location = text(line.location_no) === '' ? ' ' : String(line.location_no);
        const lot = text(line.lot_no) === '' ? ' ' : String(line.lot_no);
        const left = this.state.adjustStock(text(line.item_no), text(line.warehouse_no), location, lot, quantity * posting.stock * sign);
        if (left < 0 && !this.options.allowNegativeStock) throw new Refusal('sbx-00010', `庫存不足:${text(line.item_no)}@${text(line.warehouse_no)}`);
      }
      const accumulate = posting.accumulate;
      const targetNo = accumulate ? text(line[accumulate.by] ?? wire[accumulate.by]) : '';
      if (accumulate && targetNo) {
        const target = this.state.document(accumulate.target, targetNo);
        const columns = target && (accumulate.lineMatch ? this.targetLine(accumulate.target, target, accumulate.lineMatch, text(line[accumulate.lineMatch])) : target.head);
        if (target && columns) {
          const moved = Number(line[accumulate.quantity ?? 'qty'] ?? wire[accumulate.quantity ?? 'qty'] ?? 0) * (accumulate.sign ?? 1) * sign;
          columns[accumulate.column] = Number(columns[accumulate.column] ?? 0) + moved;
          this.state.save({ ...target, updatedAt: this.options.clock().toISOString() });
        }
      }
    }
  }

  /** A change document's approval rewrites its target (asft800 → the work order, apmt510 → the purchase order). */
  private applyChange(service: Service, document: StoredDocument): void {
    const applies = service.rules.appliesOnApprove;
    if (!applies) return;
    const wire = this.wire(service, document, true, false);
    const targetService = this.serviceOfType(applies.target);
    const target = this.state.document(applies.target, text(wire[applies.by]));
    if (!targetService || !target) throw new Refusal('sbx-00013', `${applies.by}不存在:${text(wire[applies.by])}`);
    // The target may have moved on since the change was entered (voided, closed): checked again now.
    const allowed = service.rules.targetStatuses?.[applies.target];
    if (allowed && !allowed.includes(target.status)) throw new Refusal('sbx-00013', `${target.docNo}狀態${target.status}不可變更`);
    const targetWire = this.wire(targetService, target, true, false);
    for (const [from, to] of Object.entries(applies.copy)) if (wire[from] !== undefined && text(wire[from]) !== '') targetWire[to] = wire[from];
    const next = this.stored(targetService.kind, targetService.mapping, targetWire, target.docNo, target.status, this.options.clock());
    this.state.save({ ...next, createdAt: target.createdAt });
  }

  /** One action on one stored document, with its checks and side effects (caller holds the transaction). */
  private apply(service: Service, action: Action, document: StoredDocument): string | null {
    const { kind, mapping, rules } = service;
    const from = canonicalStatus(document.status) ?? null;
    const check = checkTransition(lifecycleOf(kind, 't100'), from, action);
    if (!check.ok) throw new Refusal('sbx-00002', `單據狀態${document.status}不可執行${VERB[action]}`);
    const guard = rules.guards?.[action];
    const moved = (row: Record<string, unknown>, columns: readonly string[] = []): boolean => columns.some((column) => Number(row[column] ?? 0) !== 0);
    if (guard && (moved(document.head, guard.columns) || document.lines.some((line) => moved(line, guard.lineColumns)))) {
      throw new Refusal(guard.refusal.code, guard.refusal.message);
    }
    if (action === 'post') {
      for (const cap of rules.caps ?? []) {
        const wire = this.wire(service, document, true, false);
        this.checkCap(service, cap, wire, mapping.lines ? records(wire[detailKey(mapping)]) : []);
      }
      this.postingEffects(service, document, 1);
    }
    if (action === 'unpost') this.postingEffects(service, document, -1);
    if (action === 'approve') this.applyChange(service, document);
    if (action === 'delete') {
      this.state.remove(kind.type, document.docNo);
      return null;
    }
    const status = action === 'unpost' ? this.options.unpostedStatus : T100_STATUS_FOR[check.to as DocumentStatus];
    const now = this.options.clock();
    document.status = status;
    document.head[`${mapping.head.prefix}stus`] = status;
    const postDate = mapping.head.fields.find((field) => field.canonical === 'postDate');
    if (action === 'post' && postDate) document.head[postDate.column] = yyyymmdd(now);
    this.state.save({ ...document, updatedAt: now.toISOString() });
    return status;
  }

  private perKey(service: Service, parameter: StdRecord): StdReply {
    const action = service.operation as Action;
    return perKeyActions(parameter, records, (docNo) => {
      const status = this.state.transaction(() => this.apply(service, action, this.find(service.kind, docNo)));
      return { docNo: this.pad(docNo), status: status ?? '' };
    });
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────────────────

  private read(service: Service, parameter: StdRecord): StdReply {
    const find = (docNo: string): StdRecord | null => {
      const document = this.state.document(service.kind.type, docNo);
      return document ? this.wire(service, document, true) : null;
    };
    return perKeyReads(parameter, records, find, recordSetKey(service.mapping), (record) => ({ doc_no: record.doc_no }));
  }


  /** §6 list semantics: conditions on wire names (a line field matches heads having such a line), paging. */
  private list(service: Service, parameter: StdRecord): StdReply {
    const all = this.state.documents(service.kind.type).map((document) => this.wire(service, document, true));
    return listPage(parameter, all, detailKey(service.mapping), records);
  }


  // ── customized APIs (§5.1): a create commits, then approve/post run as a separate step ────────────────

  /** The OpenAPI-shaped record inside a customized create's record set (its own field names mapped back). */
  private customizedRecord(service: Service, parameter: StdRecord): StdRecord {
    const { mapping, row } = service;
    const shape = row.shape;
    const dataKey = shape.dataKey ?? recordSetKey(mapping);
    const detail = shape.detailKey ?? detailKey(mapping);
    const rows = records(parameter[dataKey]);
    if (rows.length === 0) throw new Refusal('-1', `${dataKey} is empty`);
    const record = renamedBack(rows[0], shape.headRenames);
    delete record[detail];
    delete record.operator_no;
    if (mapping.lines) record[detailKey(mapping)] = records(rows[0][detail]).map((line) => renamedBack(line, shape.lineRenames)) as StdValue;
    return record;
  }

  private compositeCreate(service: Service, parameter: StdRecord, postFails: boolean): StdReply {
    const { kind, row } = service;
    if (row.shape.action && text(parameter.action) !== row.shape.action) throw new Refusal('-1', `action必須為${row.shape.action}`);
    if (row.shape.results) return this.multiCreate(service, parameter, postFails);
    const record = this.customizedRecord(service, parameter);
    const document = this.state.transaction(() => this.insert(service, record));
    const replyKey = row.shape.replyKey ?? 'doc_no';
    const number = this.pad(document.docNo);
    const steps = service.operation === 'create' ? [] : COMPOSITE_STEPS[service.operation as Exclude<Composite, 'reverse'>].slice(1);
    try {
      this.state.transaction(() => {
        if (postFails) throw new Refusal('sbx-09998', `過帳失敗:${document.docNo} (sandbox fault post_fails)`);
        const current = this.find(kind, document.docNo);
        for (const step of steps) this.apply(service, step, current);
      });
    } catch (failure) {
      if (!(failure instanceof Refusal)) throw failure;
      // Not atomic (§5.1–5.2): the reply names the committed document and carries the step's error.
      return refused(failure.code, failure.description, { [replyKey]: number });
    }
    return ok({ [replyKey]: number });
  }

  /** The service one API has for a document type (a multi-document API's other results). */
  private serviceOn(api: string, type: string): Service | undefined {
    return this.services.get(api)?.find((service) => service.kind.type === type);
  }

  /**
   * One call, several linked documents (§5.1 outsourcing.purchase.stockin.create, ASSUMPTION on the details): the
   * documents are created together (one transaction, linked to the first), each line's quantity derived per result;
   * then each is approved (and posted) as its own catalog row says, a failure there answered with the numbers.
   */
  private multiCreate(service: Service, parameter: StdRecord, postFails: boolean): StdReply {
    const { row } = service;
    const shape = row.shape;
    const rows = records(parameter[shape.dataKey ?? '']);
    if (rows.length === 0) throw new Refusal('-1', `${shape.dataKey} is empty`);
    const head = { ...rows[0] };
    const lines = records(head[shape.detailKey ?? '']);
    delete head[shape.detailKey ?? ''];
    delete head.operator_no;
    const quantityFields = new Set(shape.results!.flatMap((result) => [...result.quantity, ...(result.minus ? [result.minus] : [])]));
    const created: { service: Service; document: StoredDocument; replyKey: string }[] = [];
    this.state.transaction(() => {
      for (const result of shape.results!) {
        const target = this.serviceOn(row.api, result.type);
        if (!target) throw new Refusal('-1', `${row.api}: no ${result.type}`);
        const resultLines = lines
          .map((line) => {
            const base = result.quantity.map((field) => line[field]).find((value) => value !== undefined && text(value) !== '');
            const qty = Number(base ?? 0) - (result.minus ? Number(line[result.minus] ?? 0) : 0);
            const rest = Object.fromEntries(Object.entries(line).filter(([key]) => !quantityFields.has(key)));
            return { ...rest, qty } as StdRecord;
          })
          .filter((line) => Number(line.qty) > 0);
        if (resultLines.length === 0 && result.optional) continue;
        const link = result.link && created[0] ? { [result.link]: created[0].document.docNo } : {};
        const record: StdRecord = { ...head, ...link, [detailKey(target.mapping)]: resultLines as StdValue };
        // A slip names one kind's numbering: the others take their own default.
        if (!target.rules.slips.includes(text(record.doc_type_no))) delete record.doc_type_no;
        const pending = new Set(created.map((entry) => entry.document.docNo));
        created.push({ service: target, document: this.insert(target, record, pending), replyKey: result.replyKey });
      }
    });
    const numbers = Object.fromEntries(created.map((entry) => [entry.replyKey, this.pad(entry.document.docNo)]));
    try {
      for (const entry of created) {
        this.state.transaction(() => {
          if (postFails && entry === created.at(-1)) throw new Refusal('sbx-09998', `過帳失敗:${entry.document.docNo} (sandbox fault post_fails)`);
          const operation = entry.service.operation as Exclude<Composite, 'reverse'>;
          const current = this.find(entry.service.kind, entry.document.docNo);
          for (const step of COMPOSITE_STEPS[operation].slice(1)) this.apply(entry.service, step, current);
        });
      }
    } catch (failure) {
      if (!(failure instanceof Refusal)) throw failure;
      return refused(failure.code, failure.description, numbers);
    }
    return ok(numbers);
  }

  private compositeReverse(service: Service, parameter: StdRecord): StdReply {
    const { kind, row } = service;
    // The notes define the reversal's request (§5.1): doc_no and action="cancel"; anything else is refused.
    if (row.shape.action && text(parameter.action) !== row.shape.action) throw new Refusal('-1', `action必須為${row.shape.action}`);
    const docNo = text(parameter.doc_no);
    this.state.transaction(() => {
      const document = this.find(kind, docNo);
      for (const [linked, linkedDocument] of this.linkedDocuments(service, document)) {
        const plan = reversePlan(lifecycleOf(linked.kind, 't100'), canonicalStatus(linkedDocument.status) ?? 'VOID');
        if (!plan) {
          // The named document must be reversible; linked ones already void are left as they are.
          if (linkedDocument.docNo === document.docNo) throw new Refusal('sbx-00002', `單據狀態${document.status}不可執行process`);
          continue;
        }
        for (const step of plan) this.apply(linked, step, linkedDocument);
      }
    });
    return ok({ [row.shape.replyKey ?? 'doc_no']: this.pad(docNo) });
  }

  /**
   * What a reversal takes back: the named document, or for a multi-document API the documents the same call
   * created — they share the call's source_no (the M2E transaction) — last-created first. A document that no such
   * call created is reversed alone.
   */
  private linkedDocuments(service: Service, document: StoredDocument): [Service, StoredDocument][] {
    const results = service.row.shape.results;
    const transaction = text(this.wire(service, document, false, false).source_no);
    if (!results || transaction === '') return [[service, document]];
    const found: [Service, StoredDocument][] = [];
    for (const result of [...results].reverse()) {
      const linked = this.serviceOn(service.row.api, result.type);
      if (!linked) continue;
      for (const candidate of this.state.documents(result.type)) {
        if (text(this.wire(linked, candidate, false, false).source_no) === transaction) found.push([linked, candidate]);
      }
    }
    return found.some(([, candidate]) => candidate.docNo === document.docNo) ? found : [[service, document]];
  }

  // ── admin view ───────────────────────────────────────────────────────────────────────────────────────

  view(query: { type?: string; docNo?: string; status?: DocumentStatus } = {}): {
    type: string; docNo: string; status: DocumentStatus; rawStatus: string; head: Record<string, unknown>; lines: Record<string, unknown>[]; createdAt: string; updatedAt: string;
  }[] {
    return this.state
      .documents(query.type)
      .filter((document) => !query.docNo || document.docNo === query.docNo.trim())
      .map((document) => ({
        type: document.type,
        docNo: document.docNo,
        status: canonicalStatus(document.status) ?? 'UNAPPROVED',
        rawStatus: document.status,
        head: document.head,
        lines: document.lines,
        createdAt: document.createdAt,
        updatedAt: document.updatedAt,
      }))
      .filter((document) => !query.status || document.status === query.status);
  }
}
