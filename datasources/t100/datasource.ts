/**
 * Digiwin T100 datasource: one generic executor driven by catalog rows (which API) and the per-document
 * mapping (which fields). No per-document code: a new T100 document kind is a catalog entry and a mapping.
 */
import type {
  ActionResult,
  CanonicalDocument,
  CanonicalInput,
  DocumentFilter,
  ListQuery,
} from '../../src/catalog/canonical';
import { operationFor, type ResolvedOperation } from '../../src/catalog';
import { COMPOSITE_STEPS } from '../../src/catalog/lifecycle';
import type { Action, Composite, CustomizedShape, DocumentKind, Operation } from '../../src/catalog/types';
import type { T100ConnectionConfig } from './config';
import { BadUserInputError, UnsupportedActionError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { PartialCompositeError, type CompositeResult, type ErpDatasource } from '../types';
import type { StdRecord, StdReply } from './envelope-types';
import {
  asString,
  detailKey,
  fromWireRecord,
  recordSetKey,
  t100Mapping,
  toWireDate,
  toWireRecord,
  wireNameOf,
  type T100Mapping,
  type WireRecord,
} from './mapping';
import { canonicalStatus, rawStatusesOf } from './status';
import { T100Transport } from './transport';

/** T100's list API caps page_size at 10000 (protocols §6). */
const MAX_PAGE_SIZE = 10_000;

/** A per-key refusal (§4.2): which document, and the ERP's text; no code. */
interface PerKeyError {
  readonly docNo: string;
  readonly message: string;
}

function asRecords(value: unknown): StdRecord[] {
  return Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object') as StdRecord[]) : [];
}

function resultOf(reply: StdReply): { success: StdRecord[]; error: PerKeyError[] } {
  const result = reply.parameter.result;
  const record = result && typeof result === 'object' && !Array.isArray(result) ? (result as StdRecord) : {};
  return {
    success: asRecords(record.success),
    error: asRecords(record.error).map((entry) => {
      const data = entry.data && typeof entry.data === 'object' && !Array.isArray(entry.data) ? (entry.data as StdRecord) : {};
      return { docNo: asString(data.doc_no ?? entry.doc_no), message: asString(entry.message) };
    }),
  };
}

/** SQL-literal quoting as the Digiwin list conditions write values (protocols §6). */
function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `yyyyMMddHHmmss` in UTC: the wire form of `modify_date` (ASSUMPTION, see mapping). */
function toWireDateTime(instant: Date): string {
  return instant.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Canonical filter → §6 conditions on wire names (a line field matches heads having such a line). */
function listConditions(filter: DocumentFilter, mapping?: T100Mapping): StdRecord[] {
  const conditions: StdRecord[] = [];
  const equals = (field: string, value: string | null | undefined): void => {
    if (value) conditions.push({ field_name: field, operator: '=', value: quote(value) });
  };
  if (filter.docNoPrefix) conditions.push({ field_name: 'doc_no', operator: 'LIKE', value: quote(`${filter.docNoPrefix}%`) });
  if (filter.status && filter.status.length > 0) {
    const raw = [...new Set(filter.status.flatMap(rawStatusesOf))];
    conditions.push({ field_name: 'status', operator: 'IN', value: `(${raw.map(quote).join(',')})` });
  }
  if (filter.docDateFrom && filter.docDateTo) {
    conditions.push({
      field_name: 'doc_date',
      operator: 'BETWEEN',
      value: `${quote(toWireDate(filter.docDateFrom))} AND ${quote(toWireDate(filter.docDateTo))}`,
    });
  } else if (filter.docDateFrom) {
    conditions.push({ field_name: 'doc_date', operator: '>=', value: quote(toWireDate(filter.docDateFrom)) });
  } else if (filter.docDateTo) {
    conditions.push({ field_name: 'doc_date', operator: '<=', value: quote(toWireDate(filter.docDateTo)) });
  }
  equals('wo_no', filter.workOrderNo);
  equals('item_no', filter.itemNo);
  equals('warehouse_no', filter.warehouse);
  if (filter.modifiedSince) conditions.push({ field_name: 'modify_date', operator: '>=', value: quote(toWireDateTime(filter.modifiedSince)) });
  if (filter.anyOf) {
    const wire = (mapping && wireNameOf(mapping, filter.anyOf.field)) ?? filter.anyOf.field;
    conditions.push({ field_name: wire, operator: 'IN', value: `(${filter.anyOf.values.map(quote).join(',')})` });
  }
  return conditions;
}

/**
 * One keyset page as §6 requests. §6 conditions are one flat AND list, so "after (date, number)" cannot be one
 * condition: the first request takes the rest of the cursor's date (same date, later number), the second the
 * later dates; each asks only for what is still missing. Ordering by number needs one request.
 */
export function keysetRequests(query: ListQuery, mapping?: T100Mapping): { conditions: StdRecord[]; orders: StdRecord[] }[] {
  const base = listConditions(query.filter, mapping);
  const direction = query.order.direction;
  const beyond = direction === 'ASC' ? '>' : '<';
  const byNumber = [{ field_name: 'doc_no', order_type: direction }];
  if (query.order.field === 'docNo') {
    const after = query.after ? [{ field_name: 'doc_no', operator: beyond, value: quote(query.after.docNo) }] : [];
    return [{ conditions: [...base, ...after], orders: byNumber }];
  }
  const byDate = [{ field_name: 'doc_date', order_type: direction }, ...byNumber];
  if (!query.after) return [{ conditions: base, orders: byDate }];
  const date = quote(toWireDate(query.after.docDate ?? ''));
  return [
    {
      conditions: [...base, { field_name: 'doc_date', operator: '=', value: date }, { field_name: 'doc_no', operator: beyond, value: quote(query.after.docNo) }],
      orders: byNumber,
    },
    { conditions: [...base, { field_name: 'doc_date', operator: beyond, value: date }], orders: byDate },
  ];
}

export class T100Datasource implements ErpDatasource {
  readonly erp = 't100' as const;
  private readonly transport: T100Transport;

  constructor(
    private readonly config: T100ConnectionConfig,
    metrics: GatewayMetrics,
    clock?: () => Date,
  ) {
    this.transport = new T100Transport(config, metrics, clock);
  }

  get connection(): string {
    return this.config.id;
  }

  get circuit(): 'closed' | 'open' | 'half_open' {
    return this.transport.circuit;
  }

  supports(kind: DocumentKind): boolean {
    return Boolean(kind.erps.t100 && t100Mapping(kind.type));
  }

  private mappingOf(kind: DocumentKind, operation: Operation): { mapping: T100Mapping; row: ResolvedOperation } {
    const mapping = t100Mapping(kind.type);
    const row = operationFor(kind, 't100', operation);
    if (!mapping || !row) throw new UnsupportedActionError(kind.type, operation, this.config.id, 'T100');
    return { mapping, row };
  }

  /** OpenAPIs go in the connection's format; customized APIs are XML only (seed 000). */
  private encodingOf(row: ResolvedOperation): 'json' | 'json-v2' | 'xml' {
    if (row.kind === 'CUSTOMIZED' || !row.formats.includes('JSON')) return 'xml';
    return this.config.format;
  }

  async read(kind: DocumentKind, docNos: readonly string[]): Promise<(CanonicalDocument | null)[]> {
    const { mapping, row } = this.mappingOf(kind, 'read');
    const reply = await this.transport.send({
      api: row.api,
      read: true,
      encoding: this.encodingOf(row),
      parameter: { data_keys: docNos.map((docNo) => ({ doc_no: docNo })) },
    });
    const records = asRecords(reply.parameter[recordSetKey(mapping)]);
    const { error } = resultOf(reply);
    // A non-zero code with per-key "not found" entries is a per-key outcome (§2.6), not a refusal of the call.
    if (reply.execution?.code !== '0' && records.length === 0 && error.length === 0) {
      throw this.transport.refusal(reply, row.api);
    }
    const found = new Map(this.decode(mapping, records, row.api).map((document) => [document.docNo, document]));
    return docNos.map((docNo) => found.get(docNo) ?? null);
  }

  async list(kind: DocumentKind, query: ListQuery): Promise<CanonicalDocument[]> {
    const { mapping, row } = this.mappingOf(kind, 'list');
    const heads: CanonicalDocument[] = [];
    for (const request of keysetRequests(query, mapping)) {
      const wanted = query.limit - heads.length;
      if (wanted <= 0) break;
      const reply = await this.transport.send({
        api: row.api,
        read: true,
        encoding: this.encodingOf(row),
        parameter: {
          page_no: 1,
          page_size: Math.min(wanted, MAX_PAGE_SIZE),
          conditions: request.conditions,
          conditions_operator: 'AND',
          orders: request.orders,
        },
      });
      if (reply.execution?.code !== '0') {
        // An empty result is page 1 of 0 pages, which §6 serves; a refusal here is the ERP saying no.
        throw this.transport.refusal(reply, row.api);
      }
      const data = reply.parameter.data ?? (reply.parameter.result as StdRecord | undefined)?.rows;
      heads.push(...this.decode(mapping, asRecords(data), row.api));
    }
    return heads.slice(0, query.limit);
  }

  /** total_result alone: the smallest page the list API serves. */
  async count(kind: DocumentKind, filter: DocumentFilter): Promise<number> {
    const { mapping, row } = this.mappingOf(kind, 'list');
    const reply = await this.transport.send({
      api: row.api,
      read: true,
      encoding: this.encodingOf(row),
      parameter: { page_no: 1, page_size: 1, conditions: listConditions(filter, mapping), conditions_operator: 'AND' },
    });
    if (reply.execution?.code !== '0') throw this.transport.refusal(reply, row.api);
    const raw = reply.parameter.total_result ?? 0;
    const total = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(total) || total < 0) {
      throw new UpstreamUnavailableError('unreadable', this.config.id, row.api, 'total_result is not a count');
    }
    return total;
  }

  /**
   * The row an operation uses on this connection: for the document's program where rows differ per program, and
   * the customized alternative of a plain action where the connection's config asks for it (design §2).
   */
  private rowFor(kind: DocumentKind, operation: Operation, program?: unknown): { mapping: T100Mapping; row: ResolvedOperation } {
    const mapping = t100Mapping(kind.type);
    const alternative = this.config.customizedActions.includes(`${kind.type}.${operation}`);
    const row = operationFor(kind, 't100', operation, { program: typeof program === 'string' ? program : null, alternative });
    if (!mapping || !row) throw new UnsupportedActionError(kind.type, operation, this.config.id, 'T100');
    return { mapping, row };
  }

  async execute(
    kind: DocumentKind,
    action: Action,
    args: { docNo?: string; input?: CanonicalInput; reference?: string },
  ): Promise<ActionResult> {
    const { mapping, row } = this.rowFor(kind, action, args.input?.program);
    if (row.kind === 'CUSTOMIZED') {
      // A plain action through a customized API (design §2): it has no later steps, so a number means it landed.
      try {
        return await this.callCustomized(kind, mapping, row, args);
      } catch (error) {
        if (!(error instanceof PartialCompositeError)) throw error;
        if (error.docNo) return { docNo: error.docNo, status: null, rawStatus: null };
        throw error.refusal;
      }
    }
    // ASSUMPTION (§5.3 step 1): OpenAPI creates carry the gateway reference in source_no, as the captured customized
    // create does, so an unanswered create can be found again by it.
    const reference: StdRecord = action === 'create' && args.reference ? { source_no: args.reference } : {};
    const parameter: StdRecord =
      action === 'create' || action === 'update'
        ? { [recordSetKey(mapping)]: [{ ...(toWireRecord(mapping, args.input ?? {}, args.docNo) as StdRecord), ...reference }] }
        : { data_keys: [{ doc_no: args.docNo ?? '' }] };
    const reply = await this.transport.send({ api: row.api, encoding: this.encodingOf(row), parameter });
    const { success, error } = resultOf(reply);
    if (reply.execution?.code !== '0' || error.length > 0) {
      const docNo = args.docNo ?? '';
      throw this.transport.refusal(reply, row.api, { typeName: kind.type, docNo, action }, error[0]);
    }
    const first = success[0] ?? {};
    const docNo = asString(first.doc_no) || args.docNo || '';
    if (action === 'delete') return { docNo, status: null, rawStatus: null };
    const rawStatus = asString(first.status);
    return { docNo, status: canonicalStatus(rawStatus) ?? null, rawStatus: rawStatus || null };
  }

  hasCustomized(kind: DocumentKind, composite: Composite, program?: string | null): boolean {
    return operationFor(kind, 't100', composite, { program })?.kind === 'CUSTOMIZED' && Boolean(t100Mapping(kind.type));
  }

  /** A customized create's record set: the OpenAPI record with the API's own field names (§5.1, shape). */
  private customizedRecord(mapping: T100Mapping, shape: CustomizedShape, input: CanonicalInput, reference: string | undefined): StdRecord {
    const wire = toWireRecord(mapping, input);
    // The API's own names (renames, result quantities) are the gateway's to write: a client's erpFields may not.
    const owned = new Set([...Object.values(shape.headRenames ?? {}), ...Object.values(shape.lineRenames ?? {}), ...(shape.results ?? []).flatMap((result) => [...result.quantity, ...(result.minus ? [result.minus] : [])])]);
    const clash = (fields: Record<string, unknown> | null | undefined, path: string): void => {
      for (const key of Object.keys(fields ?? {})) if (owned.has(key)) throw new BadUserInputError(`${path}.${key}`, `${key} is written by the gateway for ${shape.dataKey ?? 'this API'}`);
    };
    clash(input.erpFields, 'input.erpFields');
    (input.lines ?? []).forEach((line, index) => clash(line.erpFields, `input.lines[${index}].erpFields`));
    const rename = (record: WireRecord, renames: Readonly<Record<string, string>> = {}): StdRecord =>
      // Keys may be client-named (erpFields): only the shape's own renames apply.
      Object.fromEntries(Object.entries(record).map(([key, value]) => [Object.hasOwn(renames, key) ? renames[key] : key, value])) as StdRecord;
    const head = rename(wire, shape.headRenames);
    const lines = asRecords(wire[detailKey(mapping)]).map((line) => rename(line as WireRecord, shape.lineRenames));
    delete head[detailKey(mapping)];
    return {
      ...head,
      ...(reference ? { source_no: reference } : {}),
      operator_no: this.config.user,
      ...(mapping.lines ? { [shape.detailKey ?? detailKey(mapping)]: lines } : {}),
    };
  }

  /**
   * One call to a customized API (XML only, §5.1). A create sends its record set and answers the number the reply
   * names; a reversal sends `doc_no` and the shape's `action`. A reply naming a number with an error is a partial
   * success (not atomic): PartialCompositeError, for the composite runner to settle.
   */
  private async callCustomized(
    kind: DocumentKind,
    mapping: T100Mapping,
    row: ResolvedOperation,
    args: { docNo?: string; input?: CanonicalInput; reference?: string },
  ): Promise<CompositeResult> {
    const enterprise = /^\d+$/.test(this.config.enterprise) ? Number(this.config.enterprise) : this.config.enterprise;
    const common: StdRecord = { enterprise_no: enterprise, site_no: this.config.site };
    const steps: readonly Action[] = row.operation === 'createAndApprove' || row.operation === 'createAndPost' ? COMPOSITE_STEPS[row.operation] : [];
    if (args.docNo !== undefined && !args.input) {
      const docNo = args.docNo;
      const reply = await this.transport.send({ api: row.api, encoding: 'xml', parameter: { ...common, doc_no: docNo, action: row.shape.action ?? 'cancel' } });
      if (reply.execution?.code !== '0') throw this.transport.refusal(reply, row.api, { typeName: kind.type, docNo, action: 'void' });
      return { docNo, status: null, rawStatus: null, steps };
    }
    const dataKey = row.shape.dataKey ?? recordSetKey(mapping);
    const reply = await this.transport.send({
      api: row.api,
      encoding: 'xml',
      parameter: {
        ...common,
        ...(row.shape.action ? { action: row.shape.action } : {}),
        [dataKey]: [this.customizedRecord(mapping, row.shape, args.input ?? {}, args.reference)],
      },
    });
    const docNo = asString(reply.parameter[row.shape.replyKey ?? 'doc_no']);
    const related = (row.shape.results ?? [{ type: kind.type, replyKey: row.shape.replyKey ?? 'doc_no' }])
      .map((result) => ({ type: result.type, docNo: asString(reply.parameter[result.replyKey]) }))
      .filter((document) => document.docNo !== '');
    if (reply.execution?.code !== '0') throw new PartialCompositeError(docNo, this.transport.refusal(reply, row.api), related);
    // The reply names the documents, not the state they reached (§5.3): the caller reads them back.
    return { docNo, status: null, rawStatus: null, steps, related };
  }

  async executeCustomized(
    kind: DocumentKind,
    composite: Composite,
    args: { docNo?: string; input?: CanonicalInput; reference?: string; program?: string | null },
  ): Promise<CompositeResult> {
    const { mapping, row } = this.rowFor(kind, composite, args.program ?? args.input?.program);
    if (row.kind !== 'CUSTOMIZED') throw new UnsupportedActionError(kind.type, composite, this.config.id, 'T100');
    return this.callCustomized(kind, mapping, row, args);
  }

  /** Find documents by the gateway reference stored with them (source_no), after a lost reply (§5.3 step 5). */
  async findByReference(kind: DocumentKind, reference: string): Promise<CanonicalDocument[]> {
    const { mapping, row } = this.mappingOf(kind, 'list');
    const reply = await this.transport.send({
      api: row.api,
      read: true,
      encoding: this.encodingOf(row),
      parameter: {
        page_no: 1,
        page_size: 10,
        conditions: [{ field_name: 'source_no', operator: '=', value: quote(reference) }],
        conditions_operator: 'AND',
      },
    });
    if (reply.execution?.code !== '0') throw this.transport.refusal(reply, row.api);
    return this.decode(mapping, asRecords(reply.parameter.data), row.api);
  }

  /** Head records of a reply → documents; a record the mapping cannot read makes the reply unreadable, not a crash. */
  private decode(mapping: T100Mapping, records: readonly StdRecord[], api: string): CanonicalDocument[] {
    return records.map((record) => {
      try {
        return fromWireRecord(mapping, record as WireRecord);
      } catch (error) {
        throw new UpstreamUnavailableError('unreadable', this.config.id, api, (error as Error).message, { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
