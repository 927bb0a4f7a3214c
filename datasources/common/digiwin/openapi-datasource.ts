/**
 * The Digiwin OpenAPI datasource both products share (protocols/digiwin.md §4.2, §6): reads, keyset lists, counts,
 * plain lifecycle actions and reference lookups over std_data, driven by catalog rows and a field mapping. A
 * product brings its transport (envelope, endpoint), its mappings, its status codec and where it keeps the gateway
 * reference; T100 and TIPTOP add their customized APIs on top.
 */
import type { ActionResult, CanonicalDocument, CanonicalInput, DocumentFilter, ListQuery } from '../../../src/catalog/canonical';
import { operationFor, type ResolvedOperation } from '../../../src/catalog';
import type { Action, Composite, DocumentKind, Erp, Operation } from '../../../src/catalog/types';
import { UnsupportedActionError, UpstreamUnavailableError } from '../../../src/errors';
import type { CompositeResult, ErpDatasource } from '../../types';
import type { StdRecord, StdReply } from './envelope-types';
import { asString, fromWireRecord, recordSetKey, toWireDate, toWireRecord, wireNameOf, type StatusCodec, type StdMapping, type WireRecord } from './std-mapping';
import type { StdChannel } from './std-transport';

/** The list APIs cap page_size at 10000 (protocols §6). */
const MAX_PAGE_SIZE = 10_000;

/** A per-key refusal (§4.2): which document, and the ERP's text; no code. */
interface PerKeyError {
  readonly docNo: string;
  readonly message: string;
}

export function asRecords(value: unknown): StdRecord[] {
  return Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object') as StdRecord[]) : [];
}

export function resultOf(reply: StdReply): { success: StdRecord[]; error: PerKeyError[] } {
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
export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `yyyyMMddHHmmss` in UTC: the wire form of `modify_date` (ASSUMPTION, see mapping). */
function toWireDateTime(instant: Date): string {
  return instant.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Canonical filter → §6 conditions on wire names (a line field matches heads having such a line). */
function listConditions(filter: DocumentFilter, codec: StatusCodec, mapping?: StdMapping): StdRecord[] {
  const conditions: StdRecord[] = [];
  const equals = (field: string, value: string | null | undefined): void => {
    if (value) conditions.push({ field_name: field, operator: '=', value: quote(value) });
  };
  if (filter.docNoPrefix) conditions.push({ field_name: 'doc_no', operator: 'LIKE', value: quote(`${filter.docNoPrefix}%`) });
  if (filter.status && filter.status.length > 0) {
    const raw = [...new Set(filter.status.flatMap((status) => codec.rawOf(status)))];
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
export function keysetRequests(query: ListQuery, codec: StatusCodec, mapping?: StdMapping): { conditions: StdRecord[]; orders: StdRecord[] }[] {
  const base = listConditions(query.filter, codec, mapping);
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

/** What a product tells the shared datasource about itself. */
export interface DigiwinProduct {
  readonly erp: Erp;
  /** For messages: T100, TIPTOP. */
  readonly label: string;
  readonly status: StatusCodec;
  mappingOf(type: string): StdMapping | undefined;
}

export abstract class DigiwinOpenApiDatasource implements ErpDatasource {
  readonly erp: Erp;

  protected constructor(
    protected readonly settings: { readonly id: string; readonly format: 'json' | 'json-v2' | 'xml' },
    protected readonly transport: StdChannel,
    protected readonly product: DigiwinProduct,
  ) {
    this.erp = product.erp;
  }

  get connection(): string {
    return this.settings.id;
  }

  get circuit(): 'closed' | 'open' | 'half_open' {
    return this.transport.circuit;
  }

  supports(kind: DocumentKind): boolean {
    return Boolean(kind.erps[this.erp] && this.product.mappingOf(kind.type));
  }

  protected unsupported(kind: DocumentKind, operation: Operation): UnsupportedActionError {
    return new UnsupportedActionError(kind.type, operation, this.settings.id, this.product.label);
  }

  protected mappingOf(kind: DocumentKind, operation: Operation): { mapping: StdMapping; row: ResolvedOperation } {
    const mapping = this.product.mappingOf(kind.type);
    const row = operationFor(kind, this.erp, operation);
    if (!mapping || !row) throw this.unsupported(kind, operation);
    return { mapping, row };
  }

  /** OpenAPIs go in the connection's format; customized APIs are XML only (seeds 000, 001). */
  protected encodingOf(row: ResolvedOperation): 'json' | 'json-v2' | 'xml' {
    if (row.kind === 'CUSTOMIZED' || !row.formats.includes('JSON')) return 'xml';
    return this.settings.format;
  }

  /** Where a create carries the gateway reference (design §2): added to the head record the create sends. */
  protected abstract withReference(kind: DocumentKind, record: StdRecord, reference: string): StdRecord;

  /** The list conditions finding documents by their gateway reference; null when the kind has no place for one. */
  protected abstract referenceConditions(kind: DocumentKind, reference: string): StdRecord[] | null;

  /** A decoded document as the client sees it (a product strips what the gateway added, adds raw fields). */
  protected presented(_kind: DocumentKind, document: CanonicalDocument): CanonicalDocument {
    return document;
  }

  /**
   * One call of a list API (§6). An empty result is page 1 of 0 pages, which §6 serves; a non-zero code is the ERP
   * saying no.
   */
  protected async query(row: ResolvedOperation, parameter: StdRecord): Promise<StdReply> {
    const reply = await this.transport.send({ api: row.api, read: true, encoding: this.encodingOf(row), parameter });
    if (reply.execution?.code !== '0') throw this.transport.refusal(reply, row.api);
    return reply;
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
    const found = new Map(this.decode(kind, mapping, records, row.api).map((document) => [document.docNo, document]));
    return docNos.map((docNo) => found.get(docNo) ?? null);
  }

  async list(kind: DocumentKind, query: ListQuery): Promise<CanonicalDocument[]> {
    const { mapping, row } = this.mappingOf(kind, 'list');
    const heads: CanonicalDocument[] = [];
    for (const request of keysetRequests(query, this.product.status, mapping)) {
      const wanted = query.limit - heads.length;
      if (wanted <= 0) break;
      const reply = await this.query(row, {
        page_no: 1,
        page_size: Math.min(wanted, MAX_PAGE_SIZE),
        conditions: request.conditions,
        conditions_operator: 'AND',
        orders: request.orders,
      });
      const data = reply.parameter.data ?? (reply.parameter.result as StdRecord | undefined)?.rows;
      heads.push(...this.decode(kind, mapping, asRecords(data), row.api));
    }
    return heads.slice(0, query.limit);
  }

  /** total_result alone: the smallest page the list API serves. */
  async count(kind: DocumentKind, filter: DocumentFilter): Promise<number> {
    const { mapping, row } = this.mappingOf(kind, 'list');
    const reply = await this.query(row, { page_no: 1, page_size: 1, conditions: listConditions(filter, this.product.status, mapping), conditions_operator: 'AND' });
    const raw = reply.parameter.total_result ?? 0;
    const total = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(total) || total < 0) {
      throw new UpstreamUnavailableError('unreadable', this.settings.id, row.api, 'total_result is not a count');
    }
    return total;
  }

  /** One OpenAPI action: create/update send a record set, the others the document's key (§4.2). */
  protected async executeOpenApi(
    kind: DocumentKind,
    mapping: StdMapping,
    row: ResolvedOperation,
    action: Action,
    args: { docNo?: string; input?: CanonicalInput; reference?: string },
  ): Promise<ActionResult> {
    let parameter: StdRecord;
    if (action === 'create' || action === 'update') {
      const record = toWireRecord(mapping, args.input ?? {}, args.docNo) as StdRecord;
      parameter = { [recordSetKey(mapping)]: [action === 'create' && args.reference ? this.withReference(kind, record, args.reference) : record] };
    } else {
      parameter = { data_keys: [{ doc_no: args.docNo ?? '' }] };
    }
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
    return { docNo, status: this.product.status.canonical(rawStatus) ?? null, rawStatus: rawStatus || null };
  }

  async execute(kind: DocumentKind, action: Action, args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<ActionResult> {
    const { mapping, row } = this.mappingOf(kind, action);
    return this.executeOpenApi(kind, mapping, row, action, args);
  }

  abstract hasCustomized(kind: DocumentKind, composite: Composite, program?: string | null): boolean;

  abstract executeCustomized(
    kind: DocumentKind,
    composite: Composite,
    args: { docNo?: string; input?: CanonicalInput; reference?: string; program?: string | null },
  ): Promise<CompositeResult>;

  /** Find documents by the gateway reference stored with them (source_no), after a lost reply (§5.3 step 5). */
  async findByReference(kind: DocumentKind, reference: string, _input?: CanonicalInput): Promise<CanonicalDocument[]> {
    const { mapping, row } = this.mappingOf(kind, 'list');
    const conditions = this.referenceConditions(kind, reference);
    if (!conditions) return [];
    const reply = await this.query(row, { page_no: 1, page_size: 10, conditions, conditions_operator: 'AND' });
    return this.decode(kind, mapping, asRecords(reply.parameter.data), row.api);
  }

  /** Head records of a reply → documents; a record the mapping cannot read makes the reply unreadable, not a crash. */
  protected decode(kind: DocumentKind, mapping: StdMapping, records: readonly StdRecord[], api: string): CanonicalDocument[] {
    return records.map((record) => {
      try {
        return this.presented(kind, fromWireRecord(mapping, record as WireRecord, this.product.status));
      } catch (error) {
        throw new UpstreamUnavailableError('unreadable', this.settings.id, api, (error as Error).message, { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
