/**
 * Jushuitan datasource (protocols/others.md §2): a source of inventory counts only. It serves no Document kind —
 * `supports()` is false and every document operation answers UNSUPPORTED_ACTION — and reads counts one page at a
 * time (`queryInventoryCounts`, forward-only: Jushuitan pages by index, design §2).
 *
 * §2.2's rules are checked here BEFORE any HTTP call, each refusal a BadUserInputError naming the query field:
 * `ioIds` (more than 50, an empty or non-numeric id), `modifiedFrom`/`modifiedTo` (only one end given, an invalid
 * date, the end before the start), `modifiedTo` (a span over 7 days), `ioIds` (neither ids nor a window),
 * `pageSize` (not 1–50) and `pageIndex` (not a whole number from 1).
 */
import type { ActionResult, CanonicalDocument, CanonicalInput, DocumentFilter, ListQuery } from '../../src/catalog/canonical';
import type { InventoryCountPage, InventoryCountQuery } from '../../src/catalog/inventory-count';
import { INVENTORY_COUNT_STATUSES } from '../../src/catalog/inventory-count';
import type { Action, Composite, DocumentKind, Operation } from '../../src/catalog/types';
import { BadUserInputError, UnsupportedActionError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import type { CompositeResult, ErpDatasource } from '../types';
import type { JushuitanConnectionConfig } from './config';
import { readCountPage, UnreadableCountError } from './mapping';
import { JushuitanTransport, type JushuitanTransportOptions } from './transport';
import { formatWireTime, JUSHUITAN_STATUS_NAME, MAX_IO_IDS, MAX_PAGE_SIZE, MAX_WINDOW_SECONDS } from './wire';

export const COUNT_QUERY_PATH = '/open/inventory/count/query';

/** The `biz` of one count query, keys in the order they are sent. */
export interface CountQueryBiz {
  page_index: number;
  page_size: number;
  modified_begin?: string;
  modified_end?: string;
  io_ids?: string;
  status?: string;
}

function validDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}

/**
 * §2.2's rules on a canonical query, and the `biz` that asks it (times in the connection's utcOffset, whole
 * seconds: the window is inclusive at both ends). Throws BadUserInputError naming the field.
 */
export function countQueryBiz(query: InventoryCountQuery, utcOffset: string): CountQueryBiz {
  if (!Number.isSafeInteger(query.pageIndex) || query.pageIndex < 1) throw new BadUserInputError('pageIndex', 'pageIndex must be a whole number from 1');
  if (!Number.isSafeInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > MAX_PAGE_SIZE) {
    throw new BadUserInputError('pageSize', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE} (Jushuitan returns at most ${MAX_PAGE_SIZE} counts a page)`);
  }
  if (query.status !== undefined && !(INVENTORY_COUNT_STATUSES as readonly string[]).includes(query.status)) {
    throw new BadUserInputError('status', `status must be one of ${INVENTORY_COUNT_STATUSES.join(', ')}`);
  }
  const ioIds = query.ioIds ?? [];
  if (!Array.isArray(ioIds)) throw new BadUserInputError('ioIds', 'ioIds must be a list');
  if (ioIds.length > MAX_IO_IDS) throw new BadUserInputError('ioIds', `at most ${MAX_IO_IDS} ioIds a query (Jushuitan's limit); ${ioIds.length} given`);
  ioIds.forEach((id, index) => {
    // ASSUMPTION: io_id is a whole number (the SDKs type it as one); a comma would split it on the wire.
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) throw new BadUserInputError(`ioIds[${index}]`, 'an ioId is a whole number (digits only)');
  });
  const { modifiedFrom: from, modifiedTo: to } = query;
  if (from !== undefined && !validDate(from)) throw new BadUserInputError('modifiedFrom', 'modifiedFrom is not a valid date-time');
  if (to !== undefined && !validDate(to)) throw new BadUserInputError('modifiedTo', 'modifiedTo is not a valid date-time');
  if (from !== undefined && to === undefined) throw new BadUserInputError('modifiedTo', 'give both modifiedFrom and modifiedTo, or neither (Jushuitan takes a window with both ends)');
  if (to !== undefined && from === undefined) throw new BadUserInputError('modifiedFrom', 'give both modifiedFrom and modifiedTo, or neither (Jushuitan takes a window with both ends)');
  const biz: CountQueryBiz = { page_index: query.pageIndex, page_size: query.pageSize };
  if (from !== undefined && to !== undefined) {
    // Whole seconds, as sent: the span is checked on what Jushuitan will see.
    const begin = Math.floor(from.getTime() / 1000);
    const end = Math.floor(to.getTime() / 1000);
    if (end < begin) throw new BadUserInputError('modifiedTo', 'modifiedTo is before modifiedFrom');
    if (end - begin > MAX_WINDOW_SECONDS) throw new BadUserInputError('modifiedTo', 'the window from modifiedFrom to modifiedTo spans more than 7 days (Jushuitan\'s limit); slice it');
    biz.modified_begin = formatWireTime(from, utcOffset);
    biz.modified_end = formatWireTime(to, utcOffset);
  } else if (ioIds.length === 0) {
    throw new BadUserInputError('ioIds', 'give ioIds or a modifiedFrom/modifiedTo window: Jushuitan refuses a query with neither');
  }
  if (ioIds.length > 0) biz.io_ids = ioIds.join(',');
  if (query.status !== undefined) biz.status = JUSHUITAN_STATUS_NAME.get(query.status)!;
  return biz;
}

export class JushuitanDatasource implements ErpDatasource {
  readonly erp = 'jushuitan' as const;
  readonly transport: JushuitanTransport;

  constructor(
    private readonly config: JushuitanConnectionConfig,
    metrics: GatewayMetrics,
    clock?: () => Date,
    options: Omit<JushuitanTransportOptions, 'clock'> = {},
  ) {
    this.transport = new JushuitanTransport(config, metrics, { ...options, clock });
  }

  get connection(): string {
    return this.config.id;
  }

  get circuit(): 'closed' | 'open' | 'half_open' {
    return this.transport.circuit;
  }

  /** The page size the connection asks for (§5 step 1; at most 50). */
  get pageSize(): number {
    return this.config.pageSize;
  }

  async queryInventoryCounts(query: InventoryCountQuery): Promise<InventoryCountPage> {
    const biz = countQueryBiz(query, this.config.utcOffset);
    // Serialised once: this exact text is sent and signed on every attempt.
    const data = await this.transport.request(COUNT_QUERY_PATH, JSON.stringify(biz), { read: true });
    try {
      return readCountPage(data, { utcOffset: this.config.utcOffset, lossSign: this.config.lossSign }, { pageIndex: query.pageIndex });
    } catch (error) {
      if (error instanceof UnreadableCountError) throw new UpstreamUnavailableError('unreadable', this.config.id, COUNT_QUERY_PATH, error.message, { cause: error });
      throw error;
    }
  }

  // ── No Document kind: everything else is UNSUPPORTED_ACTION ────────────────────────────────────────────
  private unsupported(kind: DocumentKind, operation: Operation): UnsupportedActionError {
    return new UnsupportedActionError(kind.type, operation, this.config.id, 'Jushuitan');
  }

  supports(_kind: DocumentKind): boolean {
    return false;
  }

  async read(kind: DocumentKind, _docNos: readonly string[]): Promise<(CanonicalDocument | null)[]> {
    throw this.unsupported(kind, 'read');
  }

  async list(kind: DocumentKind, _query: ListQuery): Promise<CanonicalDocument[]> {
    throw this.unsupported(kind, 'list');
  }

  async count(kind: DocumentKind, _filter: DocumentFilter): Promise<number> {
    throw this.unsupported(kind, 'list');
  }

  async execute(kind: DocumentKind, action: Action, _args: { docNo?: string; input?: CanonicalInput; reference?: string }): Promise<ActionResult> {
    throw this.unsupported(kind, action);
  }

  hasCustomized(_kind: DocumentKind, _composite: Composite): boolean {
    return false;
  }

  async executeCustomized(kind: DocumentKind, composite: Composite): Promise<CompositeResult> {
    throw this.unsupported(kind, composite);
  }

  async findByReference(kind: DocumentKind, _reference: string): Promise<CanonicalDocument[]> {
    throw this.unsupported(kind, 'read');
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
