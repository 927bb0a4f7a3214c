/**
 * `inventoryCounts` (read-only counts of a count source, forward-only pages), `InventoryCount` nodes, and
 * `syncInventoryCounts` (src/sync/inventory-counts.ts) under an idempotency key like every mutation.
 */
import { randomUUID } from 'node:crypto';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { documentKind } from '../src/catalog';
import type { InventoryCountRecord, InventoryCountStatus } from '../src/catalog/inventory-count';
import { storeKeyOf, type GatewayContext } from '../src/context';
import { BadUserInputError, ForbiddenError, GatewayError, toUserError, UnsupportedActionError } from '../src/errors';
import { fingerprint, ReplayedError, runIdempotent } from '../src/idempotency/run';
import { syncInventoryCounts, type SyncFailure } from '../src/sync/inventory-counts';
import type { ErpDatasource } from '../datasources/types';
import { InventoryCount, InventoryCountConnection, InventoryCountFilter, InventorySyncResult } from '../schema/inventory';
import { DateTimeScalar } from '../schema/scalars';
import { decodeOpaque, encodeOpaque, toNode } from './nodes';
import type { DocumentNode } from '../src/catalog/canonical';

/** Jushuitan serves at most 50 counts a page (§2.2); a GraphQL page spans as many as it needs. */
const SOURCE_PAGE = 50;
const MAX_FIRST = 100;
export const INVENTORY_COUNT_TYPE = 'InventoryCount';

function allowed(context: GatewayContext, datasource: ErpDatasource): void {
  if (context.grant?.connections && !context.grant.connections.has(datasource.connection)) throw new ForbiddenError(`This API key may not use connection ${datasource.connection}`);
}

/** The connection named (it must hold counts), else the sync's configured source, else the first that holds counts. */
export function countSource(context: GatewayContext, connection?: string | null): ErpDatasource {
  const { datasources, config } = context.runtime;
  const id = connection ?? config.inventorySync.source ?? [...datasources.values()].find((candidate) => candidate.queryInventoryCounts)?.connection;
  const datasource = id === undefined ? undefined : datasources.get(id);
  if (!datasource) throw new BadUserInputError('connection', id === undefined ? 'No connection holds inventory counts' : `Unknown connection "${id}"`);
  if (!datasource.queryInventoryCounts) throw new UnsupportedActionError(INVENTORY_COUNT_TYPE, 'read', datasource.connection, datasource.erp);
  if (context.grant?.documents) throw new ForbiddenError('This API key is limited to some document types; inventory counts are not one of them');
  allowed(context, datasource);
  return datasource;
}

function toCount(datasource: ErpDatasource, record: InventoryCountRecord): InventoryCount & { typeName: string } {
  return {
    ...record,
    id: encodeOpaque([INVENTORY_COUNT_TYPE, datasource.connection, record.ioId]),
    connection: datasource.connection,
    erp: datasource.erp,
    erpStatus: record.rawStatus,
    modifiedAt: record.modified,
    lines: record.lines.map((line) => ({ ...line })),
    batches: record.batches.map((batch) => ({ ...batch })),
    typeName: INVENTORY_COUNT_TYPE,
  };
}

/** `node(id)` for a count: read by its number (no status filter). */
export async function countById(context: GatewayContext, connection: string, ioId: string): Promise<(InventoryCount & { typeName: string }) | null> {
  const datasource = countSource(context, connection);
  const page = await datasource.queryInventoryCounts!({ ioIds: [ioId], pageIndex: 1, pageSize: 1 });
  const record = page.counts.find((count) => count.ioId === ioId);
  return record ? toCount(datasource, record) : null;
}

/** A cursor holds its position and the window it was taken in, so the next page reads the same window. */
function cursorOf(after: string | null | undefined): { offset: number; window: { modifiedFrom: Date; modifiedTo: Date } | null } {
  if (!after) return { offset: 0, window: null };
  const parts = decodeOpaque(after);
  const valid =
    Array.isArray(parts) &&
    parts.length === 4 &&
    parts[0] === 'c2' &&
    Number.isSafeInteger(parts[1]) &&
    (parts[1] as number) >= 0 &&
    (parts[2] === null || typeof parts[2] === 'string') &&
    (parts[3] === null || typeof parts[3] === 'string');
  if (!valid) throw new BadUserInputError('after', 'Not a cursor of inventoryCounts');
  const [from, to] = [parts[2] === null ? null : new Date(parts[2] as string), parts[3] === null ? null : new Date(parts[3] as string)];
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) throw new BadUserInputError('after', 'Not a cursor of inventoryCounts');
  return { offset: parts[1] as number, window: from && to ? { modifiedFrom: from, modifiedTo: to } : null };
}

@Resolver()
export class InventoryResolver {
  @Query(() => InventoryCountConnection, { description: 'Inventory counts of a count source (Jushuitan), read-only, forward-only paging.' })
  async inventoryCounts(
    @Ctx() context: GatewayContext,
    @Arg('connection', () => ID, { nullable: true, description: 'The count source; default: the sync source from config, else the first one.' }) connection?: string,
    @Arg('filter', () => InventoryCountFilter, { nullable: true, description: 'Which counts (default: the last 7 days).' }) filter?: InventoryCountFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: `Page size (at most ${MAX_FIRST}).` }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last count of the previous page.' }) after?: string,
  ): Promise<InventoryCountConnection> {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_FIRST) throw new BadUserInputError('first', `must be 1 to ${MAX_FIRST}`);
    const { offset, window: taken } = cursorOf(after);
    const datasource = countSource(context, connection);
    const ioIds = filter?.ioIds ?? undefined;
    const now = new Date();
    // The default window (the last 7 days) is fixed by the first page: later pages read the same one.
    const window =
      ioIds && ioIds.length > 0
        ? null
        : (taken ?? { modifiedFrom: filter?.modifiedFrom ?? new Date((filter?.modifiedTo ?? now).getTime() - 7 * 86_400_000), modifiedTo: filter?.modifiedTo ?? now });
    const counts: InventoryCountRecord[] = [];
    let pageIndex = Math.floor(offset / SOURCE_PAGE) + 1;
    let skip = offset % SOURCE_PAGE;
    let hasNext = true;
    // One row beyond the page tells whether another page follows.
    while (counts.length <= size && hasNext) {
      const page = await datasource.queryInventoryCounts!({ ...(window ?? {}), ioIds, status: filter?.status as InventoryCountStatus | undefined, pageIndex, pageSize: SOURCE_PAGE });
      counts.push(...page.counts.slice(skip));
      hasNext = page.hasNext && page.counts.length > 0;
      skip = 0;
      pageIndex += 1;
    }
    const rows = counts.slice(0, size);
    const edges = rows.map((record, index) => ({
      cursor: encodeOpaque(['c2', offset + index + 1, window?.modifiedFrom.toISOString() ?? null, window?.modifiedTo.toISOString() ?? null]),
      node: toCount(datasource, record),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: counts.length > size, hasPreviousPage: offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Mutation(() => InventorySyncResult, {
    description:
      'Carry every confirmed inventory count with losses (盘亏) from the count source (Jushuitan) to the target (Kingdee) as one other-outbound ' +
      'document (MiscIssue on STK_MisDelivery, BatchSave), numbered JST-PK-{io_id}. Idempotent: a count already carried over is skipped, on a ' +
      're-run and under concurrency; a count that fails is reported in `failed` and the others go on.',
  })
  async syncInventoryCounts(
    @Ctx() context: GatewayContext,
    @Arg('source', () => ID, { nullable: true, description: 'Count source connection (default from config: inventorySync.source, else the first Jushuitan connection).' }) source?: string,
    @Arg('target', () => ID, { nullable: true, description: 'Target connection (default from config: inventorySync.target, else the first that can batch-create MiscIssue).' }) target?: string,
    @Arg('ioIds', () => [String], { nullable: true, description: 'Only these counts (io_id), queried 50 at a time.' }) ioIds?: string[],
    @Arg('modifiedFrom', () => DateTimeScalar, { nullable: true, description: 'Counts changed from (default: 7 days before modifiedTo), queried 7 days at a time.' }) modifiedFrom?: Date,
    @Arg('modifiedTo', () => DateTimeScalar, { nullable: true, description: 'Counts changed until (default: now).' }) modifiedTo?: Date,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'Client key for safe retries (or the Idempotency-Key header on a single mutation).' }) idempotencyKey?: string,
  ): Promise<InventorySyncResult> {
    const key = idempotencyKey ?? context.idempotencyKey;
    const idempotency = (replayed: boolean) => (key ? { key, replayed } : null);
    const kind = documentKind('MiscIssue')!;
    try {
      const from = countSource(context, source);
      const { datasources, config } = context.runtime;
      const targetId = target ?? config.inventorySync.target ?? [...datasources.values()].find((candidate) => candidate.createMany && candidate.supports(kind))?.connection;
      const to = targetId === undefined ? undefined : datasources.get(targetId);
      if (!to) throw new BadUserInputError('target', targetId === undefined ? 'No connection can batch-create MiscIssue documents' : `Unknown connection "${targetId}"`);
      if (!to.createMany || !to.supports(kind)) throw new UnsupportedActionError(kind.type, 'create', to.connection, to.erp);
      allowed(context, to);
      const args = { source: from.connection, target: to.connection, ioIds: ioIds ?? null, modifiedFrom: modifiedFrom?.toISOString() ?? null, modifiedTo: modifiedTo?.toISOString() ?? null };
      const work = async (): Promise<{ created: DocumentNode[]; skipped: string[]; failed: SyncFailure[]; userErrors: ReturnType<typeof toUserError>['userError'][] }> => {
        const outcome = await syncInventoryCounts(
          { source: from, target: to, kind, ledger: context.runtime.ledger, settings: config.inventorySync, clock: () => new Date(), owner: randomUUID() },
          { ioIds, modifiedFrom, modifiedTo },
        );
        return {
          created: outcome.created.map((document) => toNode(kind, to, document)),
          skipped: outcome.skipped,
          failed: outcome.failed,
          userErrors: outcome.error ? [toUserError(outcome.error).userError] : [],
        };
      };
      const { value, replayed } = key
        ? await runIdempotent(context.runtime.idempotency, storeKeyOf(context, key), fingerprint('syncInventoryCounts', args), work)
        : { value: await work(), replayed: false };
      return { ...value, idempotency: idempotency(replayed) };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return { created: [], skipped: [], failed: [], userErrors: [toUserError(error).userError], idempotency: idempotency(error instanceof ReplayedError) };
    }
  }
}
