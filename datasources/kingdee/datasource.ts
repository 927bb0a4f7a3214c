/**
 * Kingdee Cloud Galaxy datasource (protocols/others.md §1): MiscIssue on STK_MisDelivery over the K3Cloud WebAPI.
 *
 * Reads go through ExecuteBillQuery (one row per entry line, grouped by FID); lists page the heads first, then fetch
 * their entries with `FID in (…)` (§1.5). Actions: create = Save, update = Save with FID + NeedUpDateFields,
 * delete = (CancelAssign when in B) Delete, approve = Submit (from A/D) then Audit — when Audit fails, CancelAssign so
 * the bill is back in A, and the Audit refusal is thrown —, disapprove = UnAudit. createAndApprove = one BatchSave
 * with IsAutoSubmitAndAudit; createMany = one BatchSave of at most 20 models (§5).
 *
 * The gateway reference lives in FNote (`gw:<ref>`, or ` [gw:<ref>]` after the client's remark), stripped on read.
 */
import type { ActionResult, CanonicalDocument, CanonicalInput, DocumentFilter, ListQuery } from '../../src/catalog/canonical';
import { operationFor } from '../../src/catalog';
import { COMPOSITE_STEPS } from '../../src/catalog/lifecycle';
import type { Action, Composite, DocumentKind, DocumentStatus } from '../../src/catalog/types';
import { BadUserInputError, ErpRejectedError, InvalidTransitionError, NotFoundError, UnsupportedActionError, UpstreamUnavailableError, type GatewayError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { PartialCompositeError, type BatchCreateItem, type BatchCreateOutcome, type CompositeResult, type ErpDatasource } from '../types';
import type { KingdeeConnectionConfig } from './config';
import { createModel, documentsFromRows, FORM_ID, HEAD_KEYS, LINE_KEYS, updateModel, type Model } from './mapping';
import { kingdeeStatus, rawStatusesOf } from './status';
import { KingdeeTransport, type KingdeeReply } from './transport';

/** A FilterString literal: `'…'` with `'` doubled. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A LIKE pattern that matches `value` literally (SQL Server brackets for %, _ and [). */
export function likeLiteral(value: string): string {
  return value.replace(/[[%_]/g, (char) => `[${char}]`);
}

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

function checkDate(value: string, path: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new BadUserInputError(path, 'must be a date YYYY-MM-DD');
  return value;
}

/** Canonical fields an `anyOf` may name, as FilterString fields. */
const ANY_OF_FIELDS: ReadonlyMap<string, string> = new Map([
  ['docNo', 'FBillNo'],
  ['itemNo', 'FMaterialId.FNumber'],
  ['warehouse', 'FStockId.FNumber'],
  ['department', 'FDeptId.FNumber'],
  ['lot', 'FLot.FNumber'],
]);

const QUERY_LIMIT = 2000;
export const MAX_BATCH = 20;

export class KingdeeDatasource implements ErpDatasource {
  readonly erp = 'kingdee' as const;
  readonly maxBatch = MAX_BATCH;
  readonly transport: KingdeeTransport;

  constructor(
    private readonly config: KingdeeConnectionConfig,
    metrics: GatewayMetrics,
    clock: () => Date = () => new Date(),
  ) {
    this.transport = new KingdeeTransport(config, metrics, clock);
  }

  get connection(): string {
    return this.config.id;
  }

  get circuit(): 'closed' | 'open' | 'half_open' {
    return this.transport.circuit;
  }

  supports(kind: DocumentKind): boolean {
    return Boolean(kind.erps.kingdee) && kind.type === 'MiscIssue';
  }

  private check(kind: DocumentKind, operation: Action | Composite | 'read' | 'list'): string {
    const row = this.supports(kind) ? operationFor(kind, 'kingdee', operation) : undefined;
    if (!row) throw new UnsupportedActionError(kind.type, operation, this.config.id, 'Kingdee');
    return row.api;
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────────────

  /** One ExecuteBillQuery page of rows; a refusal throws (unknown field: MsgCode 9). */
  private async query(fieldKeys: readonly string[], filter: string, options: { order?: string; startRow?: number; limit?: number } = {}): Promise<unknown[][]> {
    const data = {
      FormId: FORM_ID,
      FieldKeys: fieldKeys.join(','),
      FilterString: filter,
      OrderString: options.order ?? '',
      TopRowCount: 0,
      StartRow: options.startRow ?? 0,
      Limit: options.limit ?? QUERY_LIMIT,
    };
    const reply = await this.transport.call('ExecuteBillQuery', data, { read: true });
    if (reply.status) throw this.transport.refusal(reply, 'ExecuteBillQuery');
    if (!Array.isArray(reply.body)) throw new UpstreamUnavailableError('unreadable', this.config.id, 'ExecuteBillQuery', 'rows are not an array');
    return reply.body.filter((row): row is unknown[] => Array.isArray(row));
  }

  /** Every row of a query, StartRow by StartRow. */
  private async queryAll(fieldKeys: readonly string[], filter: string, order: string): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    for (let startRow = 0; ; startRow += QUERY_LIMIT) {
      const page = await this.query(fieldKeys, filter, { order, startRow, limit: QUERY_LIMIT });
      rows.push(...page);
      if (page.length < QUERY_LIMIT) return rows;
    }
  }

  private async documents(filter: string): Promise<CanonicalDocument[]> {
    const rows = await this.queryAll([...HEAD_KEYS, ...LINE_KEYS], filter, 'FID ASC,FEntity_FEntryID ASC');
    return documentsFromRows(rows);
  }

  async read(kind: DocumentKind, docNos: readonly string[]): Promise<(CanonicalDocument | null)[]> {
    this.check(kind, 'read');
    const wanted = [...new Set(docNos.filter((docNo) => typeof docNo === 'string' && docNo !== ''))];
    if (wanted.length === 0) return docNos.map(() => null);
    const found = await this.documents(`FBillNo in (${wanted.map(literal).join(',')})`);
    const byNo = new Map(found.map((document) => [document.docNo, document]));
    return docNos.map((docNo) => byNo.get(docNo) ?? null);
  }

  /** The FilterString of a DocumentFilter; null when nothing can match (a status Kingdee never has). */
  filterString(filter: DocumentFilter): string | null {
    const conditions: string[] = [];
    if (filter.status && filter.status.length > 0) {
      const raw = rawStatusesOf(filter.status);
      if (raw.length === 0) return null;
      conditions.push(`FDocumentStatus in (${raw.map(literal).join(',')})`);
    }
    if (filter.docNoPrefix) conditions.push(`FBillNo like ${literal(`${likeLiteral(filter.docNoPrefix)}%`)}`);
    if (filter.docDateFrom) conditions.push(`FDate >= ${literal(checkDate(filter.docDateFrom, 'filter.docDateFrom'))}`);
    if (filter.docDateTo) conditions.push(`FDate < ${literal(nextDay(checkDate(filter.docDateTo, 'filter.docDateTo')))}`);
    if (filter.workOrderNo) throw new BadUserInputError('filter.workOrderNo', 'Kingdee other-outbound bills (STK_MisDelivery) carry no work order');
    if (filter.itemNo) conditions.push(`FMaterialId.FNumber = ${literal(filter.itemNo)}`);
    if (filter.warehouse) conditions.push(`FStockId.FNumber = ${literal(filter.warehouse)}`);
    if (filter.modifiedSince) {
      // ASSUMPTION: FModifyDate in the server's local time, written without a zone (as Kingdee stores it).
      conditions.push(`FModifyDate >= ${literal(filter.modifiedSince.toISOString().slice(0, 19).replace('T', ' '))}`);
    }
    if (filter.anyOf) {
      const field = ANY_OF_FIELDS.get(filter.anyOf.field);
      if (!field) throw new BadUserInputError('filter.anyOf.field', `Kingdee cannot filter MiscIssue by ${filter.anyOf.field}`);
      if (filter.anyOf.values.length === 0) return null;
      conditions.push(`${field} in (${filter.anyOf.values.map(literal).join(',')})`);
    }
    return conditions.map((condition) => `(${condition})`).join(' and ');
  }

  async list(kind: DocumentKind, query: ListQuery): Promise<CanonicalDocument[]> {
    this.check(kind, 'list');
    const base = this.filterString(query.filter);
    if (base === null || query.limit <= 0) return [];
    const direction = query.order.direction === 'DESC' ? 'DESC' : 'ASC';
    const after = direction === 'ASC' ? '>' : '<';
    const conditions = base ? [base] : [];
    if (query.after) {
      const no = literal(query.after.docNo);
      if (query.order.field === 'docDate' && query.after.docDate) {
        const date = literal(checkDate(query.after.docDate.slice(0, 10), 'after.docDate'));
        // FDate carries 00:00:00: a date compares as that day.
        conditions.push(`(FDate ${after} ${date} or (FDate = ${date} and FBillNo ${after} ${no}))`);
      } else {
        conditions.push(`FBillNo ${after} ${no}`);
      }
    }
    const order = query.order.field === 'docDate' ? `FDate ${direction},FBillNo ${direction}` : `FBillNo ${direction}`;
    const filter = conditions.join(' and ');
    // Heads first (distinct FID: a server may answer one row per entry when the filter names an entry field).
    const heads: string[] = [];
    const seen = new Set<string>();
    for (let startRow = 0; heads.length < query.limit; ) {
      const ask = Math.min(QUERY_LIMIT, Math.max(query.limit, 1));
      const rows = await this.query(['FID'], filter, { order, startRow, limit: ask });
      for (const row of rows) {
        const fid = String(row[0]);
        if (!seen.has(fid) && heads.length < query.limit) {
          seen.add(fid);
          heads.push(fid);
        }
      }
      if (rows.length < ask) break;
      startRow += rows.length;
    }
    if (heads.length === 0) return [];
    const documents = await this.documents(`FID in (${heads.map((fid) => (/^\d+$/.test(fid) ? fid : literal(fid))).join(',')})`);
    const byFid = new Map(documents.map((document) => [String((document.erpFields as Record<string, unknown>).FID), document]));
    return heads.map((fid) => byFid.get(fid)).filter((document): document is CanonicalDocument => Boolean(document));
  }

  async count(kind: DocumentKind, filter: DocumentFilter): Promise<number> {
    this.check(kind, 'list');
    const condition = this.filterString(filter);
    if (condition === null) return 0;
    const rows = await this.queryAll(['FID'], condition, 'FID ASC');
    return new Set(rows.map((row) => String(row[0]))).size;
  }

  async findByReference(kind: DocumentKind, reference: string): Promise<CanonicalDocument[]> {
    this.check(kind, 'read');
    return this.documents(`FNote like ${literal(`%gw:${likeLiteral(reference)}%`)}`);
  }

  // ── actions ──────────────────────────────────────────────────────────────────────────────────────

  /** FID and status of one bill, or NotFoundError. */
  private async head(kind: DocumentKind, docNo: string): Promise<{ fid: number; raw: string; note: string | null }> {
    const rows = await this.query(['FID', 'FDocumentStatus', 'FNote'], `FBillNo = ${literal(docNo)}`, { limit: 1 });
    if (rows.length === 0) throw new NotFoundError(kind.type, docNo, this.config.id);
    const [fid, raw, note] = rows[0];
    return { fid: Number(fid), raw: String(raw ?? ''), note: note === null || note === undefined ? null : String(note) };
  }

  /** A state operation on one Number; its refusal typed (10 → NOT_FOUND, 11 + 状态 → INVALID_TRANSITION). */
  private async stateOperation(kind: DocumentKind, method: string, docNo: string, action: Action, from: string | null): Promise<void> {
    const reply = await this.transport.call(method, { CreateOrgId: 0, Numbers: [docNo], Ids: '', NetworkCtrl: '' }, { formId: FORM_ID });
    if (reply.status?.IsSuccess) return;
    throw this.typed(kind, reply, method, docNo, action, from);
  }

  private typed(kind: DocumentKind, reply: KingdeeReply, api: string, docNo: string, action: Action, from: string | null): GatewayError {
    const refusal = this.transport.refusal(reply, api);
    if (refusal.erp.code === '10') return new NotFoundError(kind.type, docNo, this.config.id);
    if (this.transport.isTransitionRefusal(refusal)) {
      return new InvalidTransitionError(kind.type, docNo, from === null ? null : (kingdeeStatus(from) ?? null), action, refusal.erp);
    }
    return refusal;
  }

  private statusResult(docNo: string, raw: string | null): ActionResult {
    return { docNo, status: raw === null ? null : (kingdeeStatus(raw) ?? null), rawStatus: raw };
  }

  async execute(kind: DocumentKind, action: Action, args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<ActionResult> {
    const api = this.check(kind, action);
    if (action === 'create') {
      if (!args.input) throw new BadUserInputError('input', 'create needs input');
      const model = createModel(this.config, args.input, { reference: args.reference });
      const reply = await this.transport.call(api, { NeedReturnFields: ['FID', 'FBillNo', 'FDocumentStatus'], IsVerifyBaseDataField: true, Model: model }, { formId: FORM_ID });
      if (!reply.status?.IsSuccess) throw this.transport.refusal(reply, api);
      const result = (reply.body as { Result?: { Number?: unknown } }).Result;
      const docNo = String(result?.Number ?? reply.status.SuccessEntitys[0]?.Number ?? '');
      if (!docNo) throw new UpstreamUnavailableError('unreadable', this.config.id, api, 'Save succeeded without a Number');
      return this.statusResult(docNo, 'A');
    }
    const docNo = args.docNo;
    if (!docNo) throw new BadUserInputError('docNo', `${action} needs docNo`);
    switch (action) {
      case 'update': {
        if (!args.input) throw new BadUserInputError('input', 'update needs input');
        const head = await this.head(kind, docNo);
        const { model, fields } = updateModel(this.config, head.fid, args.input, head.note);
        const reply = await this.transport.call('Save', { NeedUpDateFields: fields, NeedReturnFields: ['FDocumentStatus'], IsDeleteEntry: true, IsVerifyBaseDataField: true, Model: model }, { formId: FORM_ID });
        if (!reply.status?.IsSuccess) throw this.typed(kind, reply, 'Save', docNo, 'update', head.raw);
        // Z becomes A; A and D keep theirs (§1.4).
        return this.statusResult(docNo, head.raw === 'Z' ? 'A' : head.raw);
      }
      case 'delete': {
        const head = await this.head(kind, docNo);
        if (head.raw === 'B') await this.stateOperation(kind, 'CancelAssign', docNo, 'delete', head.raw);
        await this.stateOperation(kind, 'Delete', docNo, 'delete', head.raw === 'B' ? 'A' : head.raw);
        return { docNo, status: null, rawStatus: null };
      }
      case 'approve': {
        const head = await this.head(kind, docNo);
        if (head.raw !== 'B') await this.stateOperation(kind, 'Submit', docNo, 'approve', head.raw);
        const reply = await this.transport.call('Audit', { CreateOrgId: 0, Numbers: [docNo], Ids: '', NetworkCtrl: '' }, { formId: FORM_ID });
        if (reply.status?.IsSuccess) return this.statusResult(docNo, 'C');
        const refusal = this.typed(kind, reply, 'Audit', docNo, 'approve', 'B');
        // Undo the submit so the bill is editable again (back in A); the Audit refusal is what the caller sees.
        await this.transport.call('CancelAssign', { CreateOrgId: 0, Numbers: [docNo], Ids: '', NetworkCtrl: '' }, { formId: FORM_ID }).catch(() => undefined);
        throw refusal;
      }
      case 'disapprove': {
        await this.stateOperation(kind, 'UnAudit', docNo, 'disapprove', null);
        return this.statusResult(docNo, 'D');
      }
      default:
        throw new UnsupportedActionError(kind.type, action, this.config.id, 'Kingdee');
    }
  }

  hasCustomized(kind: DocumentKind, composite: Composite): boolean {
    return composite === 'createAndApprove' && this.supports(kind) && operationFor(kind, 'kingdee', composite)?.kind === 'CUSTOMIZED';
  }

  /** BatchSave's per-model outcome: SuccessEntitys by Number (or DIndex), Errors by DIndex. */
  private async batchSave(models: Model[], approve: boolean): Promise<{ reply: KingdeeReply; saved: Map<number, string>; errors: Map<number, ErpRejectedError> }> {
    const data = { NeedReturnFields: ['FID', 'FBillNo', 'FDocumentStatus'], IsAutoSubmitAndAudit: approve, IsVerifyBaseDataField: true, Model: models };
    const reply = await this.transport.call('BatchSave', data, { formId: FORM_ID });
    const status = reply.status;
    if (!status) throw new UpstreamUnavailableError('unreadable', this.config.id, 'BatchSave', 'the reply has no ResponseStatus');
    if (status.MsgCode === 1 || (!status.IsSuccess && status.SuccessEntitys.length === 0 && status.Errors.every((error) => typeof error.DIndex !== 'number'))) {
      // A refusal of the whole call (auth, bad request): every model refused alike.
      const refusal = this.transport.refusal(reply, 'BatchSave');
      return { reply, saved: new Map(), errors: new Map(models.map((_, index) => [index, refusal])) };
    }
    const byNumber = new Map<string, number>();
    models.forEach((model, index) => {
      const wanted = typeof model.FBillNo === 'string' ? model.FBillNo : '';
      if (wanted) byNumber.set(wanted, index);
    });
    const saved = new Map<number, string>();
    for (const entity of status.SuccessEntitys) {
      const number = String(entity.Number ?? '');
      const index = byNumber.get(number) ?? (typeof entity.DIndex === 'number' ? entity.DIndex : -1);
      if (index >= 0 && index < models.length && number) saved.set(index, number);
    }
    const errors = new Map<number, ErpRejectedError>();
    for (const error of status.Errors) {
      const index = typeof error.DIndex === 'number' ? error.DIndex : -1;
      if (index >= 0 && index < models.length && !errors.has(index)) errors.set(index, this.transport.refusal(reply, 'BatchSave', error));
    }
    return { reply, saved, errors };
  }

  async executeCustomized(kind: DocumentKind, composite: Composite, args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<CompositeResult> {
    if (!this.hasCustomized(kind, composite)) throw new UnsupportedActionError(kind.type, composite, this.config.id, 'Kingdee');
    if (!args.input) throw new BadUserInputError('input', `${composite} needs input`);
    const model = createModel(this.config, args.input, { reference: args.reference });
    const { reply, saved, errors } = await this.batchSave([model], true);
    const docNo = saved.get(0);
    const refusal = errors.get(0) ?? (reply.status?.IsSuccess ? undefined : this.transport.refusal(reply, 'BatchSave'));
    if (docNo && !refusal) return { docNo, status: null, rawStatus: null, steps: COMPOSITE_STEPS.createAndApprove, related: [{ type: kind.type, docNo }] };
    // Saved, Audit refused: the bill stays in B (§1.4); the composite runner reads it and undoes it.
    if (docNo) throw new PartialCompositeError(docNo, refusal!, [{ type: kind.type, docNo }]);
    if (refusal) throw refusal;
    throw new UpstreamUnavailableError('unreadable', this.config.id, 'BatchSave', 'success without a saved bill');
  }

  async createMany(kind: DocumentKind, items: readonly BatchCreateItem[], options: { approve?: boolean } = {}): Promise<BatchCreateOutcome[]> {
    this.check(kind, 'create');
    if (items.length > MAX_BATCH) throw new BadUserInputError('items', `at most ${MAX_BATCH} bills per BatchSave`);
    if (items.length === 0) return [];
    const models = items.map((item, index) => createModel(this.config, item.input, { docNo: item.docNo, reference: item.reference, path: `items[${index}].input` }));
    const { saved, errors } = await this.batchSave(models, options.approve ?? false);
    return items.map((_, index) => {
      const docNo = saved.get(index) ?? null;
      const error = errors.get(index) ?? null;
      if (docNo === null && error === null) {
        return { index, docNo: null, error: new UpstreamUnavailableError('unreadable', this.config.id, 'BatchSave', `the reply does not mention model ${index}`) };
      }
      // Saved but not audited (IsAutoSubmitAndAudit): its number and the Audit refusal.
      return { index, docNo, error };
    });
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

export type { DocumentStatus };
