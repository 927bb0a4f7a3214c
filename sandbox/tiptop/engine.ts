/**
 * What the TIPTOP GP sandbox does with a request (protocols/digiwin.md §2.5–§2.7, §3.3, §4.3, §5.2, §6): identity
 * checks, dispatch by exact service name from the shared catalog, the two-flag state machine with TIPTOP's refusal
 * codes, stock per (item, warehouse, location, lot), and the DOC-style composites' non-atomic create+confirm+post.
 * Which wire field is which column comes from datasources/tiptop/mapping.ts; storage is TIPTOP columns.
 */
import { DOCUMENT_KINDS, lifecycleOf, resolvedRows, type ResolvedOperation } from '../../src/catalog';
import { checkTransition } from '../../src/catalog/lifecycle';
import type { Action, DocumentKind, DocumentStatus, Operation } from '../../src/catalog/types';
import type { StdRecord, StdReply, StdRequest } from '../../datasources/common/digiwin/envelope-types';
import { columnsToWire, detailKey, recordSetKey, wireToColumns, type StdMapping } from '../../datasources/common/digiwin/std-mapping';
import { tiptopMapping } from '../../datasources/tiptop/mapping';
import { statusCode, TIPTOP_FLAGS_FOR, TIPTOP_STATUS } from '../../datasources/tiptop/status';
import { listPage, ok, perKeyActions, perKeyReads, refused, Refusal } from '../common/std-conditions';
import type { DocRequest, DocResponse, Fields } from './doc-style';
import { ITEMS, OPENING_STOCK, PLANTS, SLIPS, USERS, WAREHOUSES } from './master-data';
import type { SandboxState, StoredDocument } from './state';

export interface EngineOptions {
  readonly padStrings: boolean;
  readonly allowNegativeStock: boolean;
  readonly strictPassword: boolean;
  readonly clock: () => Date;
}

/** A business refusal: execution code (an ERP message id) and its text (shared with the T100 sandbox). */
export { Refusal };

/** Where one document type keeps things (§4.3): ina_file/inb_file or imm_file/imn_file. */
interface Layout {
  readonly type: string;
  readonly master: string;
  readonly detail: string;
  readonly docNo: string;
  readonly date: string;
  readonly postDate: string;
  readonly department: string;
  readonly conf: string;
  readonly post: string;
  readonly seq: string;
  readonly item: string;
  readonly warehouse: string;
  readonly location: string;
  readonly lot: string;
  readonly unit: string;
  readonly qty: string;
  /** Transfer: the receiving side (imn15–17) and the quantity received (imn22). */
  readonly to?: { readonly warehouse: string; readonly location: string; readonly lot: string; readonly qty: string };
  /** Misc: ina00 (1 issue, 3 receipt) and the stock sign of a posted line. */
  readonly nature?: string;
  readonly sign: 1 | -1;
  /** Head and line columns a DOC-style Request may set (§5.2); others are ignored (ASSUMPTION). */
  readonly docHead: readonly string[];
  readonly docLine: readonly string[];
}

const MISC_COMMON = {
  master: 'ina_file', detail: 'inb_file', docNo: 'ina01', date: 'ina03', postDate: 'ina02', department: 'ina04', conf: 'inaconf', post: 'inapost',
  seq: 'inb03', item: 'inb04', warehouse: 'inb05', location: 'inb06', lot: 'inb07', unit: 'inb08', qty: 'inb09',
  docHead: ['ina03', 'ina04', 'ina07', 'ina11'], docLine: ['inb04', 'inb05', 'inb06', 'inb07', 'inb09', 'inb15'],
} as const;

const LAYOUTS: readonly Layout[] = [
  { ...MISC_COMMON, type: 'MiscIssue', nature: '1', sign: -1 },
  { ...MISC_COMMON, type: 'MiscReceipt', nature: '3', sign: 1 },
  {
    type: 'Transfer', master: 'imm_file', detail: 'imn_file', docNo: 'imm01', date: 'imm02', postDate: 'imm17', department: 'imm14', conf: 'immconf', post: 'imm03',
    seq: 'imn02', item: 'imn03', warehouse: 'imn04', location: 'imn05', lot: 'imn06', unit: 'imn09', qty: 'imn10',
    to: { warehouse: 'imn15', location: 'imn16', lot: 'imn17', qty: 'imn22' }, sign: -1,
    docHead: ['imm02', 'imm14'], docLine: ['imn03', 'imn04', 'imn05', 'imn06', 'imn09', 'imn10', 'imn15', 'imn16', 'imn17', 'imn20', 'imn21', 'imn22'],
  },
];

/** One (kind, operation, row) an API serves. */
interface Service {
  readonly kind: DocumentKind;
  readonly mapping: StdMapping;
  readonly layout: Layout;
  readonly operation: Operation;
  readonly row: ResolvedOperation;
}

/** A document about to be inserted: TIPTOP columns, the slip, and pass-through wire fields. */
interface Draft {
  slip: string;
  head: Record<string, unknown>;
  lines: Record<string, unknown>[];
}

const VERB: Record<Action, string> = {
  create: 'create', update: 'update', delete: 'delete', approve: 'approve', disapprove: 'disapprove',
  issue: 'issue', unissue: 'unissue', post: 'post', unpost: 'dispost', void: 'invalid',
};

/** Head wire names the sandbox writes itself (never stored as pass-through). */
const HEAD_KEYS = ['doc_no', 'doc_type_no', 'doc_date', 'status', 'site_no', 'modify_date', 'post_date'];

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

/** TIPTOP keeps a blank warehouse, location or lot as one space (§2.5). */
function place(value: unknown): string {
  const trimmed = text(value);
  return trimmed === '' ? ' ' : trimmed;
}

function records(value: unknown): StdRecord[] {
  return Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object' && !Array.isArray(item)) as StdRecord[]) : [];
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function yyyymmdd(date: Date): string {
  return `${date.getFullYear()}${pad2(date.getMonth() + 1)}${pad2(date.getDate())}`;
}

/** A wire or DOC-style date (`yyyyMMdd`, `YYYY/MM/DD`, `YYYY-MM-DD`) as stored (`yyyyMMdd`); '' when blank. */
function storedDate(value: unknown): string {
  const raw = text(value);
  const digits = raw.replace(/[/-]/g, '');
  if (raw !== '' && !/^\d{8}$/.test(digits)) throw new Refusal('-1', `日期格式錯誤:${raw}`);
  return digits;
}

function nullRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

export class TiptopEngine {
  private readonly services = new Map<string, Service>();

  constructor(
    private readonly state: SandboxState,
    private readonly options: EngineOptions,
  ) {
    // Dispatch table from the catalog (§7.2): every TIPTOP row of the three kinds the sandbox has a layout for.
    for (const kind of DOCUMENT_KINDS) {
      const mapping = tiptopMapping(kind.type);
      const layout = LAYOUTS.find((candidate) => candidate.type === kind.type);
      if (!mapping || !layout) continue;
      for (const row of resolvedRows(kind, 'tiptop')) this.services.set(row.api, { kind, mapping, layout, operation: row.operation, row });
    }
  }

  get serviceNames(): string[] {
    return [...this.services.keys()];
  }

  /** An OpenAPI reachable over invokeSrv / ESP (tt.oapi.*). */
  knowsOpenApi(api: string): boolean {
    return this.services.get(api)?.row.kind === 'OPEN_API';
  }

  /** A DOC-style customized service of aws_ttsrv2 (CreateMISCIssueData, CreateTransferNote). */
  knowsDocStyle(operation: string): boolean {
    return this.services.get(operation)?.row.kind === 'CUSTOMIZED';
  }

  // ── seeding ──────────────────────────────────────────────────────────────────────────────────────────

  seedIfEmpty(): void {
    if (this.state.isSeeded()) return;
    const now = this.options.clock();
    this.state.transaction(() => {
      for (const stock of OPENING_STOCK) this.state.adjustStock(stock.item, stock.warehouse, stock.location, stock.lot, stock.quantity);
      for (const sample of SAMPLES) {
        const layout = LAYOUTS.find((candidate) => candidate.type === sample.type)!;
        const draft = this.draftFromColumns(layout, sample.slip, sample.head, sample.lines);
        this.finish(layout, draft, 'tiptop');
        const [conf, post] = sample.status.split('') as [string, string];
        const at = new Date(Date.UTC(2026, 9, Number(sample.docNo.slice(-2)), 8));
        const document = this.stored(layout, draft, sample.docNo, at);
        document.status = sample.status;
        document.head[layout.conf] = conf;
        document.head[layout.post] = post;
        if (post === 'Y') document.head[layout.postDate] = document.head[layout.date];
        this.state.save(document);
        const serial = /^(.*?)(\d{4})$/.exec(sample.docNo)!;
        this.state.reserveSerial(serial[1], Number(serial[2]));
      }
      this.state.markSeeded(now);
    });
  }

  // ── identity (§2.6, §2.7) ────────────────────────────────────────────────────────────────────────────

  private identity(request: StdRequest): StdReply | undefined {
    const known = USERS.has(text(request.host.acct)) && PLANTS.has(text(request.datakey.CompanyId)) && text(request.datakey.EntId) !== '';
    return known ? undefined : refused('-1', 'Access validate fail!');
  }

  /** DOC-style Access (§2.5, §2.7); throws the refusal. */
  private access(request: DocRequest): void {
    if (request.access.application.trim().toUpperCase() === 'CRM') {
      // ASSUMPTION: application CRM switches TIPTOP's business rules (§2.5); the sandbox does not simulate them and the
      // gateway must never send it, so it is refused outright.
      throw new Refusal('-1', 'Connection application CRM switches TIPTOP to CRM business rules, which the sandbox does not simulate');
    }
    const user = USERS.get(request.access.user);
    const passwordOk = !this.options.strictPassword || (user !== undefined && user.password === request.access.password);
    if (!user || !PLANTS.has(request.access.organization) || !passwordOk) throw new Refusal('-1', 'Access validate fail!');
  }

  // ── tt.oapi over invokeSrv / ESP ─────────────────────────────────────────────────────────────────────

  /** A tt.oapi request whose name the caller has checked with knowsOpenApi. */
  handle(request: StdRequest): StdReply {
    const identity = this.identity(request);
    if (identity) return identity;
    const service = this.services.get(request.service.name)!;
    const user = text(request.host.acct);
    try {
      switch (service.operation) {
        case 'read':
          return this.read(service, request.parameter);
        case 'list':
          return this.list(service, request.parameter);
        case 'create':
          return this.create(service, request.parameter, user);
        case 'update':
          return this.update(service, request.parameter, user);
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
    // CHAR columns come back blank-padded (§2.1, §7.5 padStrings, ASSUMPTION default on).
    return padded ? `${value} ` : value;
  }

  /** A std_data head record (create/update) → draft columns; unmapped wire names kept as pass-through `extra`. */
  private draftFromWire(service: Service, record: StdRecord): Draft {
    const { mapping, layout } = service;
    const ownedHead = new Set([...HEAD_KEYS, ...mapping.head.fields.map((field) => field.wire), detailKey(mapping)]);
    const ownedLine = new Set(['seq', ...(mapping.lines?.fields ?? []).map((field) => field.wire)]);
    const extraOf = (source: StdRecord, owned: ReadonlySet<string>): Record<string, unknown> => {
      const extra = nullRecord();
      for (const [key, value] of Object.entries(source)) if (!owned.has(key)) extra[key] = value;
      return extra;
    };
    const head: Record<string, unknown> = { ...wireToColumns(mapping.head, record), extra: extraOf(record, ownedHead) };
    head[layout.date] = storedDate(record.doc_date);
    delete head[layout.postDate];
    // reason_no is a line column (inb15): the head's reason is written on every line (mapping.ts).
    const reason = head.inb15;
    delete head.inb15;
    const lines = records(record[detailKey(mapping)]).map((row, index) => {
      const line: Record<string, unknown> = { [layout.seq]: Number(row.seq ?? index + 1) || index + 1, ...wireToColumns(mapping.lines!, row), extra: extraOf(row, ownedLine) };
      if (reason !== undefined) line.inb15 = text(reason);
      return line;
    });
    return { slip: text(record.doc_type_no), head, lines };
  }

  /** DOC-style master/detail fields (already TIPTOP columns, §5.2) → draft. */
  private draftFromDoc(layout: Layout, master: Fields, details: readonly Fields[]): Draft {
    const head: Record<string, unknown> = {};
    for (const column of layout.docHead) if (Object.hasOwn(master, column)) head[column] = master[column];
    const lines = details.map((fields) => {
      const line: Record<string, unknown> = {};
      for (const column of layout.docLine) if (Object.hasOwn(fields, column)) line[column] = fields[column];
      return line;
    });
    return this.draftFromColumns(layout, text(master[layout.docNo]), head, lines, true);
  }

  private draftFromColumns(layout: Layout, slip: string, head: Record<string, unknown>, lines: readonly Record<string, unknown>[], doc = false): Draft {
    const draft: Draft = { slip, head: { ...head, extra: nullRecord() }, lines: lines.map((line, index) => ({ [layout.seq]: index + 1, ...line, extra: nullRecord() })) };
    draft.head[layout.date] = storedDate(head[layout.date]);
    if (doc && layout.type !== 'Transfer') {
      // §5.2: CreateMISCIssueData copies ina03 into ina02; inb03 numbered 1..n, the unit always the item's.
      draft.head[layout.postDate] = draft.head[layout.date];
      draft.lines.forEach((line, index) => {
        line[layout.seq] = index + 1;
        delete line[layout.unit];
      });
    }
    return draft;
  }

  /** Defaults (§5.2 and the tt.oapi brief): nature, dates, applicant and department, units, transfer constants. */
  private finish(layout: Layout, draft: Draft, user: string): void {
    const { head } = draft;
    if (text(head[layout.date]) === '') head[layout.date] = yyyymmdd(this.options.clock());
    if (layout.nature) {
      head.ina00 = layout.nature;
      if (text(head.ina11) === '') head.ina11 = user;
    } else {
      head.imm04 = 'N';
      head.imm10 = '1';
    }
    // ASSUMPTION: the department defaults to the applicant's (the user's), as §5.2 says for ina04.
    if (text(head[layout.department]) === '') head[layout.department] = USERS.get(user)?.department ?? '';
    head[layout.conf] = 'N';
    head[layout.post] = 'N';
    if (head[layout.postDate] === undefined) head[layout.postDate] = '';
    for (const line of draft.lines) {
      const item = ITEMS.get(text(line[layout.item]));
      if (text(line[layout.unit]) === '' && item) line[layout.unit] = item.unit;
      for (const column of [layout.warehouse, layout.location, layout.lot]) line[column] = place(line[column]);
      line[layout.qty] = Number(text(line[layout.qty]) || NaN);
      if (layout.to) {
        for (const column of [layout.to.warehouse, layout.to.location, layout.to.lot]) line[column] = place(line[column]);
        if (text(line.imn20) === '') line.imn20 = line[layout.unit] ?? '';
        line.imn21 = text(line.imn21) === '' ? 1 : Number(line.imn21);
        line.imn22 = text(line.imn22) === '' ? line[layout.qty] : Number(line.imn22);
      }
    }
  }

  /** Validation against master data (§5.2, §7.9). */
  private validate(layout: Layout, draft: Draft): void {
    if (SLIPS.get(draft.slip) !== layout.type) throw new Refusal('apm-920', `單別不存在或不適用:${draft.slip}`);
    if (draft.lines.length === 0) throw new Refusal('mfg-009', '單身無資料');
    const placeOf = (line: Record<string, unknown>, warehouse: string, location: string): void => {
      const locations = WAREHOUSES.get(text(line[warehouse]));
      // ASSUMPTION: unknown warehouse sbx-00012 (the T100 sandbox's id); TIPTOP's own id is not in the notes.
      if (!locations) throw new Refusal('sbx-00012', `倉庫不存在:${text(line[warehouse])}`);
      if (!locations.includes(place(line[location]))) throw new Refusal('mfg1020', `儲位不存在:${text(line[warehouse])}/${text(line[location])}`);
    };
    for (const line of draft.lines) {
      const item = ITEMS.get(text(line[layout.item]));
      if (!item || !item.active) throw new Refusal('mfg1201', `料件不存在或無效:${text(line[layout.item])}`);
      placeOf(line, layout.warehouse, layout.location);
      const quantity = Number(line[layout.qty]);
      // ASSUMPTION: qty ≤ 0 → sbx-00014 (TIPTOP's own id is not in the notes).
      if (!Number.isFinite(quantity) || quantity <= 0) throw new Refusal('sbx-00014', `數量必須大於0:${String(line[layout.qty])}`);
      if (layout.to) {
        placeOf(line, layout.to.warehouse, layout.to.location);
        const from = [layout.warehouse, layout.location, layout.lot].map((column) => place(line[column])).join('\u0000');
        const to = [layout.to.warehouse, layout.to.location, layout.to.lot].map((column) => place(line[column])).join('\u0000');
        // ASSUMPTION: a line moving stock onto itself is refused at create, sbx-00020.
        if (from === to) throw new Refusal('sbx-00020', '調撥來源與目的相同');
      }
    }
  }

  private stored(layout: Layout, draft: Draft, docNo: string, now: Date): StoredDocument {
    return {
      type: layout.type,
      docNo,
      status: statusCode({ conf: text(draft.head[layout.conf]), post: text(draft.head[layout.post]) }),
      head: { ...draft.head, [layout.docNo]: docNo },
      lines: draft.lines,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
  }

  /** Validate, number and store a new (N,N) document. Runs inside the caller's transaction. */
  private insert(layout: Layout, draft: Draft, user: string): StoredDocument {
    this.finish(layout, draft, user);
    this.validate(layout, draft);
    const now = this.options.clock();
    // §4.2: {slip}-{yyMM}{nnnn} (layout ASSUMPTION), from the injectable clock, serial in the same transaction.
    const prefix = `${draft.slip}-${String(now.getFullYear()).slice(2)}${pad2(now.getMonth() + 1)}`;
    const docNo = `${prefix}${String(this.state.nextSerial(prefix)).padStart(4, '0')}`;
    const document = this.stored(layout, draft, docNo, now);
    this.state.save(document);
    return document;
  }

  /** A stored document in wire form; `padded` false gives the values as stored. */
  private wire(service: Service, document: StoredDocument, withDetail: boolean, padded = this.options.padStrings): StdRecord {
    const { mapping, layout } = service;
    const headColumns: Record<string, unknown> = { ...document.head };
    if (document.lines[0] && document.lines[0].inb15 !== undefined) headColumns.inb15 = document.lines[0].inb15;
    const record: StdRecord = {
      doc_no: this.pad(document.docNo, padded),
      doc_type_no: document.docNo.split('-')[0],
      doc_date: text(document.head[layout.date]),
      status: document.status,
      site_no: [...PLANTS][0],
      // ASSUMPTION (as the T100 sandbox): modification time as yyyyMMddHHmmss UTC.
      modify_date: document.updatedAt.replace(/[-:T]/g, '').slice(0, 14),
      ...(columnsToWire(mapping.head, headColumns) as StdRecord),
      ...((document.head.extra ?? {}) as StdRecord),
    };
    if (withDetail && mapping.lines) {
      record[detailKey(mapping)] = document.lines.map((line) => {
        const row: StdRecord = { seq: Number(line[layout.seq]), ...(columnsToWire(mapping.lines!, line) as StdRecord), ...((line.extra ?? {}) as StdRecord) };
        return row;
      });
    }
    return record;
  }

  private find(layout: Layout, docNo: string): StoredDocument {
    const document = this.state.document(layout.type, docNo.trim());
    if (!document) throw new Refusal('sbx-00001', `查無資料:${docNo.trim()}`);
    return document;
  }

  private singleHead(mapping: StdMapping, parameter: StdRecord): StdRecord {
    const heads = records(parameter[recordSetKey(mapping)]);
    if (heads.length !== 1) throw new Refusal('-1', `${recordSetKey(mapping)}: exactly one record expected, got ${heads.length}`);
    return { ...heads[0] };
  }

  private create(service: Service, parameter: StdRecord, user: string): StdReply {
    const draft = this.draftFromWire(service, this.singleHead(service.mapping, parameter));
    const document = this.state.transaction(() => this.insert(service.layout, draft, user));
    return ok({ result: { success: [{ doc_no: this.pad(document.docNo), status: document.status }], error: [] } });
  }

  private update(service: Service, parameter: StdRecord, user: string): StdReply {
    const { layout, mapping } = service;
    const record = this.singleHead(mapping, parameter);
    return this.state.transaction(() => {
      const current = this.find(layout, text(record.doc_no));
      this.refuse(service, 'update', current);
      const stored = this.wire(service, current, true, false);
      const merged: StdRecord = { ...stored, ...record, doc_type_no: stored.doc_type_no };
      if (record[detailKey(mapping)] === undefined) merged[detailKey(mapping)] = stored[detailKey(mapping)];
      const draft = this.draftFromWire(service, merged);
      this.finish(layout, draft, text(current.head.ina11) || user);
      this.validate(layout, draft);
      const next = this.stored(layout, draft, current.docNo, this.options.clock());
      this.state.save({ ...next, createdAt: current.createdAt });
      return ok({ result: { success: [{ doc_no: this.pad(current.docNo), status: next.status }], error: [] } });
    });
  }

  // ── state machine (§3.3) ─────────────────────────────────────────────────────────────────────────────

  /** TIPTOP's refusal for an action from the document's flags; throws it, or returns when the action is legal. */
  private refuse(service: Service, action: Action, document: StoredDocument): void {
    const { layout, kind } = service;
    const conf = text(document.head[layout.conf]) || 'N';
    const post = text(document.head[layout.post]) || 'N';
    const void_ = conf === 'X';
    switch (action) {
      case 'update':
      case 'delete':
      case 'approve':
      case 'void':
        if (void_) throw new Refusal('9024', '此筆資料已作廢');
        if (conf === 'Y') throw new Refusal('9023', '此筆資料已確認');
        break;
      case 'disapprove':
        if (void_) throw new Refusal('9024', '此筆資料已作廢'); // ASSUMPTION: void checked first, as for the others.
        if (post === 'Y') throw new Refusal('9023', '此筆資料已過帳,不可取消確認');
        if (conf !== 'Y') throw new Refusal('sbx-00002', `單據狀態${document.status}不可執行disapprove`);
        break;
      case 'post':
        if (void_) throw new Refusal('9024', '此筆資料已作廢');
        if (post === 'Y') throw layout.to ? new Refusal('asf-812', '此單據已過帳') : new Refusal('9023', '此筆資料已過帳');
        if (conf !== 'Y') throw new Refusal('aba-100', '此單據尚未確認');
        break;
      case 'unpost':
        if (post !== 'Y') throw new Refusal('afa-108', '此單據尚未過帳');
        break;
      default:
        break;
    }
    // The shared lifecycle agrees (§7.6); anything it refuses that the flags did not is the sandbox's generic refusal.
    const check = checkTransition(lifecycleOf(kind, 'tiptop'), TIPTOP_STATUS.canonical(document.status) ?? null, action);
    if (!check.ok) throw new Refusal('sbx-00002', `單據狀態${document.status}不可執行${VERB[action]}`);
  }

  /** The stock moves of a document's lines when posted (sign 1) or disposted (sign −1). */
  private moves(layout: Layout, document: StoredDocument, sign: 1 | -1): { item: string; warehouse: string; location: string; lot: string; delta: number }[] {
    const moves: { item: string; warehouse: string; location: string; lot: string; delta: number }[] = [];
    for (const line of document.lines) {
      const item = text(line[layout.item]);
      const quantity = Number(line[layout.qty] ?? 0);
      moves.push({ item, warehouse: place(line[layout.warehouse]), location: place(line[layout.location]), lot: place(line[layout.lot]), delta: quantity * layout.sign * sign });
      if (layout.to) {
        // ASSUMPTION (§4.3): imn22 is the quantity received, in the same unit.
        const received = Number(line[layout.to.qty] ?? quantity);
        moves.push({ item, warehouse: place(line[layout.to.warehouse]), location: place(line[layout.to.location]), lot: place(line[layout.to.lot]), delta: received * sign });
      }
    }
    return moves;
  }

  /** Approve of an issue or transfer: every source must hold what the document takes (TIPTOP checks at confirm). */
  private checkOnHand(layout: Layout, document: StoredDocument): void {
    if (layout.sign > 0 || this.options.allowNegativeStock) return;
    const needed = new Map<string, { key: string[]; quantity: number }>();
    for (const move of this.moves(layout, document, 1)) {
      if (move.delta >= 0) continue;
      const key = [move.item, move.warehouse, move.location, move.lot];
      const entry = needed.get(key.join('\u0000')) ?? { key, quantity: 0 };
      entry.quantity -= move.delta;
      needed.set(key.join('\u0000'), entry);
    }
    for (const { key, quantity } of needed.values()) {
      const [item, warehouse, location, lot] = key as [string, string, string, string];
      const onHand = this.state.stockOf(item, warehouse, location, lot);
      if (onHand < quantity) throw new Refusal('mfg3471', `庫存不足:${item}@${warehouse}/${location}/${lot} 現有${onHand} 需求${quantity}`);
    }
  }

  private moveStock(layout: Layout, document: StoredDocument, sign: 1 | -1): void {
    for (const move of this.moves(layout, document, sign)) {
      const left = this.state.adjustStock(move.item, move.warehouse, move.location, move.lot, move.delta);
      if (left < 0 && !this.options.allowNegativeStock) throw new Refusal('mfg3471', `庫存不足:${move.item}@${move.warehouse}/${move.location}/${move.lot}`);
    }
  }

  /** One action on one stored document, with its checks and side effects (caller holds the transaction). */
  private apply(service: Service, action: Action, document: StoredDocument): string | null {
    const { layout, kind } = service;
    this.refuse(service, action, document);
    const check = checkTransition(lifecycleOf(kind, 'tiptop'), TIPTOP_STATUS.canonical(document.status) ?? null, action);
    if (!check.ok) throw new Refusal('sbx-00002', `單據狀態${document.status}不可執行${VERB[action]}`);
    if (action === 'delete') {
      this.state.remove(layout.type, document.docNo);
      return null;
    }
    if (action === 'approve') this.checkOnHand(layout, document);
    if (action === 'post') this.moveStock(layout, document, 1);
    if (action === 'unpost') this.moveStock(layout, document, -1);
    const flags = TIPTOP_FLAGS_FOR[check.to as DocumentStatus]!;
    const now = this.options.clock();
    document.head[layout.conf] = flags.conf;
    document.head[layout.post] = flags.post;
    document.status = statusCode(flags);
    // Post date set when posted (ASSUMPTION: a DOC-style misc issue keeps the ina02 copied from ina03, §5.2).
    if (action === 'post' && text(document.head[layout.postDate]) === '') document.head[layout.postDate] = yyyymmdd(now);
    if (action === 'unpost') document.head[layout.postDate] = '';
    this.state.save({ ...document, updatedAt: now.toISOString() });
    return document.status;
  }

  private perKey(service: Service, parameter: StdRecord): StdReply {
    const action = service.operation as Action;
    return perKeyActions(parameter, records, (docNo) => {
      const status = this.state.transaction(() => this.apply(service, action, this.find(service.layout, docNo)));
      return { docNo: this.pad(docNo), status: status ?? '' };
    });
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────────────────

  private read(service: Service, parameter: StdRecord): StdReply {
    const find = (docNo: string): StdRecord | null => {
      const document = this.state.document(service.layout.type, docNo);
      return document ? this.wire(service, document, true) : null;
    };
    return perKeyReads(parameter, records, find, recordSetKey(service.mapping), (record) => ({ doc_no: record.doc_no, status: record.status }));
  }


  /** §6 list semantics: conditions on wire names (a line field matches heads having such a line), paging. */
  private list(service: Service, parameter: StdRecord): StdReply {
    const all = this.state.documents(service.layout.type).map((document) => this.wire(service, document, true));
    return listPage(parameter, all, detailKey(service.mapping), records);
  }


  // ── DOC-style composites (§5.2) ──────────────────────────────────────────────────────────────────────

  /**
   * CreateMISCIssueData / CreateTransferNote. NOT ATOMIC: the insert commits in its own transaction; with status Y,
   * confirm+post then run as a separate step whose failure answers -1 with the number, leaving the document (N,N).
   */
  docCreate(operation: string, request: DocRequest, postFails: boolean): DocResponse {
    const service = this.services.get(operation)!;
    const { layout } = service;
    const replyKey = layout.docNo;
    const refusal = (failure: Refusal, number = ''): DocResponse => ({ code: failure.code, description: failure.description, parameter: [[replyKey, number]] });
    try {
      this.access(request);
    } catch (failure) {
      if (failure instanceof Refusal) return refusal(failure);
      throw failure;
    }
    // ASSUMPTION: a RecordSet whose Master names another table is not one this service processes.
    const sets = request.recordSets.filter((set) => set.master.name === layout.master);
    if (sets.length === 0) return refusal(new Refusal('-1', 'No recordset processed!'));
    const status = text(request.parameter.status).toUpperCase();
    const user = request.access.user;
    let documents: StoredDocument[];
    try {
      // ASSUMPTION: every RecordSet is inserted in one transaction (a failing one leaves nothing committed, so the
      // reply's number is empty); only the last is returned and posted (§5.2).
      documents = this.state.transaction(() =>
        sets.map((set) => {
          const lines = set.details.filter((detail) => detail.name === layout.detail).flatMap((detail) => detail.records);
          return this.insert(layout, this.draftFromDoc(layout, set.master.fields, lines), user);
        }),
      );
    } catch (failure) {
      if (!(failure instanceof Refusal)) throw failure;
      if (layout.to && status === 'Y') {
        // §5.2: CreateTransferNote runs its post step even after a rolled-back insert; that step's error masks the
        // real validation code, and imm01 stays empty.
        return { code: '-1', description: `aws-086: 調撥單確認過帳失敗(aimt324),單號空白`, parameter: [[replyKey, '']] };
      }
      return refusal(failure);
    }
    const document = documents[documents.length - 1];
    if (status !== 'Y') return { code: '0', description: '', parameter: [[replyKey, document.docNo]] };
    try {
      this.state.transaction(() => {
        if (postFails) throw new Refusal('aws-086', `確認過帳程式執行失敗:${document.docNo} (sandbox fault post_fails)`);
        const current = this.find(layout, document.docNo);
        this.apply(service, 'approve', current);
        this.apply(service, 'post', current);
      });
    } catch (failure) {
      if (!(failure instanceof Refusal)) throw failure;
      // The separate step failed: -1 with its text AND the committed number; the document stays (N,N).
      return { code: '-1', description: `${failure.code}: ${failure.description}`, parameter: [[replyKey, document.docNo]] };
    }
    return { code: '0', description: '', parameter: [[replyKey, document.docNo]] };
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
        status: TIPTOP_STATUS.canonical(document.status) ?? 'UNAPPROVED',
        rawStatus: document.status,
        head: document.head,
        lines: document.lines,
        createdAt: document.createdAt,
        updatedAt: document.updatedAt,
      }))
      .filter((document) => !query.status || document.status === query.status);
  }
}

// ── sample documents (§7.14): ≥ 3 per type in several statuses, numbered in 2026-10 ──────────────────────

interface Sample {
  readonly type: string;
  readonly docNo: string;
  readonly slip: string;
  readonly status: 'NN' | 'YN' | 'YY' | 'XN';
  readonly head: Record<string, unknown>;
  readonly lines: Record<string, unknown>[];
}

const SAMPLES: readonly Sample[] = [
  { type: 'MiscIssue', docNo: 'MI01-26100001', slip: 'MI01', status: 'NN', head: { ina03: '20261001', ina04: 'D100', ina07: '樣本:待確認' }, lines: [{ inb04: 'A001', inb05: 'W01', inb09: 5, inb15: 'R01' }] },
  { type: 'MiscIssue', docNo: 'MI01-26100002', slip: 'MI01', status: 'YN', head: { ina03: '20261002', ina04: 'D100', ina07: '樣本:已確認' }, lines: [{ inb04: 'A002', inb05: 'W02', inb09: 12.5, inb15: 'R01' }] },
  { type: 'MiscIssue', docNo: 'MI01-26100003', slip: 'MI01', status: 'YY', head: { ina03: '20261003', ina04: 'D200', ina07: '樣本:已過帳' }, lines: [{ inb04: 'A003', inb05: 'W01', inb06: 'L2', inb09: 2, inb15: 'R02' }] },
  { type: 'MiscIssue', docNo: 'MI01-26100004', slip: 'MI01', status: 'XN', head: { ina03: '20261004', ina04: 'D100', ina07: '樣本:作廢' }, lines: [{ inb04: 'A001', inb05: 'W01', inb09: 1, inb15: 'R01' }] },
  { type: 'MiscReceipt', docNo: 'MR01-26100001', slip: 'MR01', status: 'NN', head: { ina03: '20261005', ina04: 'D100', ina07: '樣本:待確認' }, lines: [{ inb04: 'A001', inb05: 'W03', inb09: 10 }] },
  { type: 'MiscReceipt', docNo: 'MR01-26100002', slip: 'MR01', status: 'YN', head: { ina03: '20261006', ina04: 'D100', ina07: '樣本:已確認' }, lines: [{ inb04: 'A002', inb05: 'W02', inb09: 40 }] },
  { type: 'MiscReceipt', docNo: 'MR01-26100003', slip: 'MR01', status: 'YY', head: { ina03: '20261007', ina04: 'D200', ina07: '樣本:已過帳' }, lines: [{ inb04: 'A003', inb05: 'W03', inb06: 'L1', inb07: 'LOT9', inb09: 8 }] },
  { type: 'Transfer', docNo: 'TR01-26100001', slip: 'TR01', status: 'NN', head: { imm02: '20261008', imm14: 'D100' }, lines: [{ imn03: 'A001', imn04: 'W01', imn10: 3, imn15: 'W02' }] },
  { type: 'Transfer', docNo: 'TR01-26100002', slip: 'TR01', status: 'YN', head: { imm02: '20261009', imm14: 'D100' }, lines: [{ imn03: 'A002', imn04: 'W02', imn10: 6, imn15: 'W03', imn16: 'L1' }] },
  { type: 'Transfer', docNo: 'TR01-26100003', slip: 'TR01', status: 'YY', head: { imm02: '20261010', imm14: 'D200' }, lines: [{ imn03: 'A001', imn04: 'W02', imn10: 4, imn15: 'W01', imn16: 'L1', imn17: 'LOT1' }] },
];
