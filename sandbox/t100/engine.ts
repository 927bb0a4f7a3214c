/**
 * What the T100 sandbox does with a decoded request: identity checks, dispatch by exact service name, and one
 * generic handler per operation type, driven by the shared catalog (which API is which operation, lifecycle)
 * and the T100 mappings (which wire field is which column). No handler names a document kind.
 */
import { DOCUMENT_KINDS, operationFor, type ResolvedOperation } from '../../src/catalog';
import { checkTransition, reversePlan, COMPOSITE_STEPS } from '../../src/catalog/lifecycle';
import type { Action, Composite, DocumentKind, DocumentStatus, Operation } from '../../src/catalog/types';
import type { StdEncoding, StdRecord, StdReply, StdRequest, StdValue } from '../../datasources/t100/envelope-types';
import { columnsToWire, detailKey, recordSetKey, t100Mapping, wireToColumns, type T100Mapping } from '../../datasources/t100/mapping';
import { canonicalStatus, T100_STATUS_FOR } from '../../datasources/t100/status';
import type { FaultMode } from '../common/faults';
import { ENTERPRISE, ITEMS, OPENING_STOCK, POSTING_EFFECTS, SAMPLE_DOCUMENTS, SITES, SLIPS, USERS, WAREHOUSES } from './sample-data';
import type { SandboxState, StoredDocument } from './state';

export interface EngineOptions {
  readonly padStrings: boolean;
  readonly allowNegativeStock: boolean;
  readonly clock: () => Date;
}

/** A business refusal: execution code (an ERP message id) and its text. */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

interface Service {
  readonly kind: DocumentKind;
  readonly mapping: T100Mapping;
  readonly operation: Operation;
  readonly row: ResolvedOperation;
}

/** API name suffix per action, as the refusal texts name them (`…不可執行post`). */
const VERB: Record<Action, string> = {
  create: 'create', update: 'update', delete: 'delete', approve: 'approve', disapprove: 'disapprove',
  issue: 'issue', unissue: 'unissue', post: 'post', unpost: 'dispost', void: 'invalid',
};

const HEAD_KEYS = new Set(['doc_no', 'doc_type_no', 'doc_date', 'status', 'site_no', 'modify_date']);

function ok(parameter: StdRecord): StdReply {
  return { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter };
}

function refused(code: string, description: string, parameter: StdRecord = {}): StdReply {
  return { srvcode: '000', execution: { code, sqlCode: '0', description }, parameter };
}

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

export class T100Engine {
  private readonly services = new Map<string, Service>();

  constructor(
    private readonly state: SandboxState,
    private readonly options: EngineOptions,
  ) {
    // Dispatch table from the catalog: every T100 API of every kind the sandbox has a mapping for.
    for (const kind of DOCUMENT_KINDS) {
      const mapping = t100Mapping(kind.type);
      const binding = kind.erps.t100;
      if (!mapping || !binding) continue;
      for (const operation of Object.keys(binding.operations) as Operation[]) {
        const row = operationFor(kind, 't100', operation)!;
        // One customized API may serve several operations/kinds; the first registration wins, as in T100's registry.
        if (!this.services.has(row.api)) this.services.set(row.api, { kind, mapping, operation, row });
      }
    }
  }

  get serviceNames(): string[] {
    return [...this.services.keys()];
  }

  isCustomized(api: string): boolean {
    return this.services.get(api)?.row.kind === 'CUSTOMIZED';
  }

  // ── seeding ──────────────────────────────────────────────────────────────────────────────────────────

  seedIfEmpty(): void {
    if (this.state.isSeeded()) return;
    const now = this.options.clock();
    this.state.transaction(() => {
      for (const stock of OPENING_STOCK) this.state.adjustStock(stock.item, stock.warehouse, stock.location, stock.lot, stock.quantity);
      for (const sample of SAMPLE_DOCUMENTS) {
        const kind = DOCUMENT_KINDS.find((candidate) => candidate.type === sample.type)!;
        const mapping = t100Mapping(sample.type)!;
        // A sample was last changed on the day its number says (yyMMdd after the slip), not at seeding time.
        const day = /-(\d{2})(\d{2})(\d{2})\d{5}$/.exec(sample.docNo);
        const changed = day ? new Date(Date.UTC(2000 + Number(day[1]), Number(day[2]) - 1, Number(day[3]), 8)) : now;
        this.state.save(this.stored(kind, mapping, sample.record as StdRecord, sample.docNo, sample.status, changed));
        const [prefix, serial] = [sample.docNo.slice(0, -5), Number(sample.docNo.slice(-5))];
        this.state.reserveSerial(prefix, serial);
      }
      this.state.markSeeded(now);
    });
  }

  // ── dispatch ─────────────────────────────────────────────────────────────────────────────────────────

  /** Identity (§2.6): enterprise, site of it, known user. Returns a refusal reply, or undefined when fine. */
  private identity(request: StdRequest): StdReply | undefined {
    if (request.datakey.EntId !== ENTERPRISE) return refused('-1', `lib-00110: 企業編號 ${request.datakey.EntId} 不存在`);
    if (!(SITES as readonly string[]).includes(request.datakey.CompanyId)) {
      return refused('std-00015', `std-00015: 營運據點 ${request.datakey.CompanyId} 未生效`);
    }
    if (!USERS[request.host.acct ?? '']) return refused('aws-00022', `aws-00022: 使用者 ${request.host.acct ?? ''} 不存在`);
    return undefined;
  }

  /** Whether a service exists (unknown ones are a platform-level srvcode 100). */
  knows(api: string): boolean {
    return this.services.has(api);
  }

  handle(request: StdRequest, encoding: StdEncoding, fault?: FaultMode): StdReply {
    const service = this.services.get(request.service.name)!;
    const identity = this.identity(request);
    if (identity) return identity;
    if (service.row.kind === 'CUSTOMIZED' && encoding !== 'xml') return refused('-1', "It isn't valid XML document.");
    const { kind, mapping, operation } = service;
    try {
      switch (operation) {
        case 'read':
          return this.read(kind, mapping, request.parameter);
        case 'list':
          return this.list(kind, mapping, request.parameter);
        case 'create':
          return this.create(kind, mapping, request.parameter);
        case 'update':
          return this.update(kind, mapping, request.parameter);
        case 'createAndApprove':
        case 'createAndPost':
          return this.compositeCreate(kind, mapping, operation, request.parameter, fault === 'post_fails');
        case 'reverse':
          return this.compositeReverse(kind, request.parameter);
        default:
          return this.perKey(kind, mapping, operation, request.parameter);
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

  private stored(kind: DocumentKind, mapping: T100Mapping, record: StdRecord, docNo: string, status: string, now: Date): StoredDocument {
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
  private wire(mapping: T100Mapping, document: StoredDocument, withDetail: boolean, padded = this.options.padStrings): StdRecord {
    const p = mapping.head.prefix;
    const record: StdRecord = {
      doc_no: this.pad(document.docNo, padded),
      doc_type_no: document.docNo.split('-')[0],
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
        if (typeof row.wo_no === 'string') row.wo_no = this.pad(row.wo_no, padded);
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

  // ── validation against master data (§7.9) ─────────────────────────────────────────────────────────────

  private validate(kind: DocumentKind, mapping: T100Mapping, record: StdRecord): void {
    const item = text(record.item_no);
    if (item && !ITEMS[item]) throw new Refusal('sbx-00011', `item_no不存在:${item}`);
    if (item && record.unit_no === undefined) record.unit_no = ITEMS[item].unit;
    const warehouse = text(record.warehouse_no);
    if (warehouse && !WAREHOUSES[warehouse]) throw new Refusal('sbx-00012', `warehouse_no不存在:${warehouse}`);
    const lines = records(record[detailKey(mapping)]);
    const effects = POSTING_EFFECTS[kind.type];
    for (const line of lines) {
      const lineItem = text(line.item_no);
      if (!ITEMS[lineItem]) throw new Refusal('sbx-00011', `item_no不存在:${lineItem}`);
      if (line.unit_no === undefined || text(line.unit_no) === '') line.unit_no = ITEMS[lineItem].unit;
      const quantity = Number(line.qty);
      if (!Number.isFinite(quantity) || quantity <= 0) throw new Refusal('sbx-00015', `qty必須大於0:${String(line.qty)}`);
      const lineWarehouse = text(line.warehouse_no);
      if (lineWarehouse && !WAREHOUSES[lineWarehouse]) throw new Refusal('sbx-00012', `warehouse_no不存在:${lineWarehouse}`);
      const location = line.location_no === undefined ? '' : String(line.location_no);
      if (lineWarehouse && location.trim() && !WAREHOUSES[lineWarehouse].includes(location)) {
        throw new Refusal('sbx-00012', `location_no不存在:${lineWarehouse}/${location}`);
      }
      const workOrderNo = text(line.wo_no);
      if (workOrderNo) {
        const workOrder = this.state.document('WorkOrder', workOrderNo);
        if (!workOrder) throw new Refusal('sbx-00013', `wo_no不存在:${workOrderNo}`);
        // Lines naming a work order need it released (F) before stock can move against it (§3.2, ASSUMPTION).
        if (effects?.workOrderColumn && workOrder.status !== 'F') throw new Refusal('sbx-00013', `工單${workOrderNo}狀態${workOrder.status}不可使用`);
      }
    }
  }

  private slipOf(kind: DocumentKind, record: StdRecord): string {
    const slip = text(record.doc_type_no) || SLIPS[kind.type]?.[0] || '';
    if (!SLIPS[kind.type]?.includes(slip)) throw new Refusal('sbx-00014', `doc_type_no不存在:${slip}`);
    return slip;
  }

  // ── create / update ──────────────────────────────────────────────────────────────────────────────────

  /** Validate and store one new document; returns it. Runs inside the caller's transaction. */
  private insert(kind: DocumentKind, mapping: T100Mapping, record: StdRecord): StoredDocument {
    const slip = this.slipOf(kind, record);
    this.validate(kind, mapping, record);
    const now = this.options.clock();
    const prefix = `${slip}-${yymmdd(now)}`;
    const docNo = `${prefix}${String(this.state.nextSerial(prefix)).padStart(5, '0')}`;
    const document = this.stored(kind, mapping, record, docNo, 'N', now);
    this.state.save(document);
    return document;
  }

  private singleHead(mapping: T100Mapping, parameter: StdRecord): StdRecord {
    const heads = records(parameter[recordSetKey(mapping)]);
    if (heads.length !== 1) throw new Refusal('-1', `${recordSetKey(mapping)}: exactly one record expected, got ${heads.length}`);
    return { ...heads[0] };
  }

  private create(kind: DocumentKind, mapping: T100Mapping, parameter: StdRecord): StdReply {
    const record = this.singleHead(mapping, parameter);
    const document = this.state.transaction(() => this.insert(kind, mapping, record));
    return ok({ result: { success: [{ doc_no: this.pad(document.docNo), status: document.status }], error: [] } });
  }

  private update(kind: DocumentKind, mapping: T100Mapping, parameter: StdRecord): StdReply {
    const record = this.singleHead(mapping, parameter);
    const docNo = text(record.doc_no);
    return this.state.transaction(() => {
      const current = this.find(kind, docNo);
      const check = checkTransition(kind.lifecycle, canonicalStatus(current.status) ?? null, 'update');
      if (!check.ok) throw new Refusal('sbx-00002', `單據狀態${current.status}不可執行update`);
      const stored = this.wire(mapping, current, true, false);
      const merged: StdRecord = { ...stored, ...record };
      if (record[detailKey(mapping)] === undefined) merged[detailKey(mapping)] = stored[detailKey(mapping)];
      this.validate(kind, mapping, merged);
      const next = this.stored(kind, mapping, merged, current.docNo, current.status, this.options.clock());
      this.state.save({ ...next, createdAt: current.createdAt });
      return ok({ result: { success: [{ doc_no: this.pad(current.docNo), status: current.status }], error: [] } });
    });
  }

  // ── state actions, per key ───────────────────────────────────────────────────────────────────────────

  private postingEffects(kind: DocumentKind, document: StoredDocument, sign: 1 | -1): void {
    const effects = POSTING_EFFECTS[kind.type];
    const mapping = t100Mapping(kind.type)!;
    if (!effects || !mapping.lines) return;
    for (const line of document.lines) {
      const wire = columnsToWire(mapping.lines, line);
      const quantity = Number(wire.qty) * effects.stock * sign;
      const location = wire.location_no === undefined || wire.location_no === '' ? ' ' : String(wire.location_no);
      const lot = wire.lot_no === undefined || wire.lot_no === '' ? ' ' : String(wire.lot_no);
      const left = this.state.adjustStock(text(wire.item_no), text(wire.warehouse_no), location, lot, quantity);
      if (left < 0 && !this.options.allowNegativeStock) throw new Refusal('sbx-00010', `庫存不足:${text(wire.item_no)}@${text(wire.warehouse_no)}`);
      const workOrderNo = text(wire.wo_no);
      if (effects.workOrderColumn && workOrderNo) {
        const workOrder = this.state.document('WorkOrder', workOrderNo);
        if (workOrder) {
          workOrder.head[effects.workOrderColumn] = Number(workOrder.head[effects.workOrderColumn] ?? 0) + Number(wire.qty) * sign;
          this.state.save({ ...workOrder, updatedAt: this.options.clock().toISOString() });
        }
      }
    }
  }

  /** One action on one stored document, with its checks and side effects (caller holds the transaction). */
  private apply(kind: DocumentKind, action: Action, document: StoredDocument): string | null {
    const from = canonicalStatus(document.status) ?? null;
    const check = checkTransition(kind.lifecycle, from, action);
    if (!check.ok) throw new Refusal('sbx-00002', `單據狀態${document.status}不可執行${VERB[action]}`);
    if (action === 'unissue' && (Number(document.head.sfaa049 ?? 0) !== 0 || Number(document.head.sfaa050 ?? 0) !== 0)) {
      throw new Refusal('sbx-00003', '工單已有發料或入庫');
    }
    if (action === 'post') this.postingEffects(kind, document, 1);
    if (action === 'unpost') this.postingEffects(kind, document, -1);
    if (action === 'delete') {
      this.state.remove(kind.type, document.docNo);
      return null;
    }
    const status = T100_STATUS_FOR[check.to as DocumentStatus];
    const mapping = t100Mapping(kind.type)!;
    const now = this.options.clock();
    document.status = status;
    document.head[`${mapping.head.prefix}stus`] = status;
    const postDate = mapping.head.fields.find((field) => field.canonical === 'postDate');
    if (action === 'post' && postDate) document.head[postDate.column] = yyyymmdd(now);
    this.state.save({ ...document, updatedAt: now.toISOString() });
    return status;
  }

  private perKey(kind: DocumentKind, mapping: T100Mapping, operation: Operation, parameter: StdRecord): StdReply {
    const action = operation as Action;
    const keys = records(parameter.data_keys ?? parameter.datakeys);
    if (keys.length === 0) throw new Refusal('-1', 'data_keys is empty');
    const success: StdRecord[] = [];
    const error: StdRecord[] = [];
    for (const key of keys) {
      const docNo = text(key.doc_no);
      try {
        // Each key succeeds or fails alone (§7.7).
        const status = this.state.transaction(() => this.apply(kind, action, this.find(kind, docNo)));
        success.push({ doc_no: this.pad(docNo), status: status ?? '' });
      } catch (failure) {
        if (!(failure instanceof Refusal)) throw failure;
        error.push({ code: failure.code, message: failure.description, data: { doc_no: docNo } });
      }
    }
    return this.perKeyReply({ result: { success, error } }, success.length, error);
  }

  private perKeyReply(parameter: StdRecord, successes: number, errors: StdRecord[]): StdReply {
    if (errors.length === 0) return ok(parameter);
    if (successes > 0) return refused('-0', `${errors.length} of ${successes + errors.length} failed`, parameter);
    if (errors.length === 1) return refused(text(errors[0].code), text(errors[0].message), parameter);
    return refused('-1', `all ${errors.length} failed`, parameter);
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────────────────

  private read(kind: DocumentKind, mapping: T100Mapping, parameter: StdRecord): StdReply {
    const keys = records(parameter.data_keys ?? parameter.datakeys);
    const found: StdRecord[] = [];
    const error: StdRecord[] = [];
    for (const key of keys) {
      const document = this.state.document(kind.type, text(key.doc_no));
      if (document) found.push(this.wire(mapping, document, true));
      else error.push({ code: 'sbx-00001', message: `查無資料:${text(key.doc_no)}`, data: { doc_no: text(key.doc_no) } });
    }
    return this.perKeyReply({ [recordSetKey(mapping)]: found, result: { success: found.map((record) => ({ doc_no: record.doc_no })), error } }, found.length, error);
  }

  /** §6 list semantics: conditions on wire names (a line field matches heads having such a line), paging. */
  private list(kind: DocumentKind, mapping: T100Mapping, parameter: StdRecord): StdReply {
    const pageNo = Math.max(1, Number(parameter.page_no ?? 1) || 1);
    const pageSize = Math.min(10_000, Math.max(1, Number(parameter.page_size ?? 100) || 100));
    const conditions = records(parameter.conditions ?? parameter.fields);
    const operator = text(parameter.conditions_operator ?? parameter.operator).toUpperCase() === 'OR' ? 'OR' : 'AND';
    const all = this.state.documents(kind.type).map((document) => this.wire(mapping, document, true));
    const matching = all.filter((record) => {
      if (conditions.length === 0) return true;
      const results = conditions.map((condition) => matches(record, detailKey(mapping), condition));
      return operator === 'AND' ? results.every(Boolean) : results.some(Boolean);
    });
    const orders = records(parameter.orders);
    const order = orders.length > 0 ? orders : [{ field_name: 'doc_no', order_type: 'ASC' }];
    matching.sort((a, b) => {
      for (const { field_name: field, order_type: direction } of order) {
        const compared = compare(a[text(field)], b[text(field)]);
        if (compared !== 0) return text(direction).toUpperCase() === 'DESC' ? -compared : compared;
      }
      return 0;
    });
    const pageCount = Math.ceil(matching.length / pageSize);
    if (pageNo > Math.max(pageCount, 1)) return refused('-1', `page_no:${pageNo} 超過 page_count:${pageCount} 無法查詢！`);
    const data = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((record) => {
      const head = { ...record };
      delete head[detailKey(mapping)];
      return head;
    });
    return ok({
      total_result: matching.length,
      page_count: pageCount,
      page_no: pageNo,
      has_next: pageNo < pageCount,
      cnt: data.length,
      data,
      result: { rows: data },
    });
  }

  // ── customized composites (§5.1): create commits, then approve/post as a separate step ──────────────

  private compositeCreate(kind: DocumentKind, mapping: T100Mapping, composite: Composite, parameter: StdRecord, postFails: boolean): StdReply {
    const shape = mapping.customized;
    if (!shape) throw new Refusal('-1', `no customized record set for ${kind.type}`);
    const rows = records(parameter[shape.dataKey]);
    if (rows.length === 0) throw new Refusal('-1', `${shape.dataKey} is empty`);
    const headBack = Object.fromEntries(Object.entries(shape.headRenames).map(([open, custom]) => [custom, open]));
    const lineBack = Object.fromEntries(Object.entries(shape.lineRenames).map(([open, custom]) => [custom, open]));
    const rename = (record: StdRecord, back: Record<string, string>): StdRecord =>
      Object.fromEntries(Object.entries(record).map(([key, value]) => [back[key] ?? key, value])) as StdRecord;
    const row = rows[0];
    const record = rename(row, headBack);
    delete record[shape.detailKey];
    delete record.operator_no;
    record[detailKey(mapping)] = records(row[shape.detailKey]).map((line) => rename(line, lineBack)) as StdValue;

    const document = this.state.transaction(() => this.insert(kind, mapping, record));
    const number = this.pad(document.docNo);
    try {
      this.state.transaction(() => {
        if (postFails) throw new Refusal('sbx-09998', `過帳失敗:${document.docNo} (sandbox fault post_fails)`);
        const current = this.find(kind, document.docNo);
        for (const step of COMPOSITE_STEPS[composite as Exclude<Composite, 'reverse'>].slice(1)) this.apply(kind, step, current);
      });
    } catch (failure) {
      if (!(failure instanceof Refusal)) throw failure;
      // Not atomic (§5.1–5.2): the reply names the committed document and carries the step's error.
      return refused(failure.code, failure.description, { [shape.replyKey]: number });
    }
    return ok({ [shape.replyKey]: number });
  }

  private compositeReverse(kind: DocumentKind, parameter: StdRecord): StdReply {
    const docNo = text(parameter.doc_no);
    this.state.transaction(() => {
      const document = this.find(kind, docNo);
      const plan = reversePlan(kind.lifecycle, canonicalStatus(document.status) ?? 'VOID');
      if (!plan) throw new Refusal('sbx-00002', `單據狀態${document.status}不可執行process`);
      for (const step of plan) this.apply(kind, step, document);
    });
    return ok({ doc_no: this.pad(docNo) });
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

// ── condition evaluation (§6) ────────────────────────────────────────────────────────────────────────────

function unquote(value: string): string {
  const trimmed = value.trim();
  return /^'.*'$/s.test(trimmed) ? trimmed.slice(1, -1).replace(/''/g, "'") : trimmed;
}

function listOf(value: string): string[] {
  return value
    .trim()
    .replace(/^\(|\)$/g, '')
    .split(',')
    .map(unquote);
}

function compare(a: unknown, b: unknown): number {
  const [left, right] = [text(a), text(b)];
  const [x, y] = [Number(left), Number(right)];
  if (left !== '' && right !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return left < right ? -1 : left > right ? 1 : 0;
}

function test(actual: unknown, operator: string, raw: string): boolean {
  switch (operator) {
    case '=':
      return compare(actual, unquote(raw)) === 0;
    case '<>':
    case '!=':
      return compare(actual, unquote(raw)) !== 0;
    case '>':
      return compare(actual, unquote(raw)) > 0;
    case '>=':
      return compare(actual, unquote(raw)) >= 0;
    case '<':
      return compare(actual, unquote(raw)) < 0;
    case '<=':
      return compare(actual, unquote(raw)) <= 0;
    case 'LIKE': {
      const pattern = unquote(raw).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
      return new RegExp(`^${pattern}$`, 's').test(text(actual));
    }
    case 'IN':
      return listOf(raw).some((value) => compare(actual, value) === 0);
    case 'NOT IN':
      return !listOf(raw).some((value) => compare(actual, value) === 0);
    case 'BETWEEN': {
      const [low, high] = raw.split(/\s+AND\s+/i).map(unquote);
      return compare(actual, low) >= 0 && compare(actual, high) <= 0;
    }
    default:
      throw new Refusal('-1', `operator ${operator} 不支援`);
  }
}

function matches(record: StdRecord, detail: string, condition: StdRecord): boolean {
  const field = text(condition.field_name ?? condition.name);
  const operator = text(condition.operator ?? '=').toUpperCase();
  const value = text(condition.value);
  if (field in record) return test(record[field], operator, value);
  return records(record[detail]).some((line) => field in line && test(line[field], operator, value));
}
