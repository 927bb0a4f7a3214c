/**
 * Reads: one document by number (batched per request), keyset-paged lists, and `node(id)`. Every filter and
 * every cursor becomes a condition the ERP evaluates; nothing is filtered or skipped after fetching.
 */
import DataLoader from 'dataloader';
import type {
  CanonicalDocument,
  DocumentFilter,
  DocumentNode,
  KeysetPosition,
  LineNode,
  SortDirection,
  SortField,
} from '../src/catalog/canonical';
import { documentKind } from '../src/catalog';
import type { DocumentKind, ReferenceSpec } from '../src/catalog/types';
import { datasourceFor, documentLoader, type GatewayContext } from '../src/context';
import { BadUserInputError } from '../src/errors';
import { decodeGlobalId, decodeOpaque, encodeOpaque, toNode } from './nodes';
import { countById, INVENTORY_COUNT_TYPE } from './inventory';

const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** `nodes(ids)` takes at most this many ids. */
export const MAX_NODE_IDS = 100;

export function requireDocNo(docNo: string, field = 'docNo'): string {
  const trimmed = docNo.trim();
  if (trimmed === '') throw new BadUserInputError(field, `${field} must not be empty`);
  return trimmed;
}

export async function readDocument(
  context: GatewayContext,
  kind: DocumentKind,
  connection: string | null | undefined,
  docNo: string,
): Promise<DocumentNode | null> {
  const datasource = datasourceFor(context, kind, connection);
  const document = await documentLoader(context, kind, datasource).load(requireDocNo(docNo));
  return document ? toNode(kind, datasource, document) : null;
}

/** Lines of a node that came from a list (heads only): loaded through the request's batching loader. */
export async function linesOf(context: GatewayContext, kind: DocumentKind, node: DocumentNode): Promise<LineNode[]> {
  if (node.lines) return node.lines;
  const datasource = datasourceFor(context, kind, node.connection);
  const full = await documentLoader(context, kind, datasource).load(node.docNo);
  // Gone from the ERP since the list was read: no lines.
  return full ? (toNode(kind, datasource, full).lines ?? []) : [];
}

// ── node(id) ─────────────────────────────────────────────────────────────────────────────────────────────

/** The document or line an id names; null when it no longer exists. Batched through the request's loaders. */
export async function nodeById(context: GatewayContext, id: string, argument = 'id'): Promise<DocumentNode | LineNode | object | null> {
  const parts = decodeGlobalId(id, argument);
  if (parts.typeName === INVENTORY_COUNT_TYPE && parts.seq === undefined) return countById(context, parts.connection, parts.docNo);
  const kind = documentKind(parts.typeName);
  if (!kind) throw new BadUserInputError(argument, `Not an id issued by this API: ${JSON.stringify(id)}`);
  const document = await readDocument(context, kind, parts.connection, parts.docNo);
  if (!document || parts.seq === undefined) return document;
  const lines = await linesOf(context, kind, document);
  return lines.find((line) => line.seq === parts.seq) ?? null;
}

export async function nodesByIds(context: GatewayContext, ids: readonly string[]): Promise<(DocumentNode | LineNode | object | null)[]> {
  if (ids.length > MAX_NODE_IDS) throw new BadUserInputError('ids', `nodes takes at most ${MAX_NODE_IDS} ids, got ${ids.length}`);
  // Decode all first, so one bad id refuses the request instead of answering half of it.
  ids.forEach((id, index) => decodeGlobalId(id, `ids[${index}]`));
  return Promise.all(ids.map((id, index) => nodeById(context, id, `ids[${index}]`)));
}

// ── lists: keyset cursors ────────────────────────────────────────────────────────────────────────────────

interface CursorPayload {
  readonly field: SortField;
  readonly position: KeysetPosition;
}

/** A cursor names a row's position in one order, so a cursor from another order is refused rather than misread. */
function encodeCursor(field: SortField, document: { docNo: string; docDate?: string | null }): string {
  return encodeOpaque(['k1', field, document.docNo, document.docDate ?? null]);
}

function decodeCursor(cursor: string, argument: string, field: SortField): CursorPayload {
  const parts = decodeOpaque(cursor);
  if (
    !Array.isArray(parts) ||
    parts.length !== 4 ||
    parts[0] !== 'k1' ||
    typeof parts[2] !== 'string' ||
    (parts[3] !== null && (typeof parts[3] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(parts[3])))
  ) {
    throw new BadUserInputError(argument, `Not a cursor from this API: ${JSON.stringify(cursor)}`);
  }
  if (parts[1] !== field) throw new BadUserInputError(argument, `This cursor belongs to a list ordered by ${String(parts[1])}, not ${field}`);
  return { field, position: { docNo: parts[2], docDate: parts[3] as string | null } };
}

export interface ListArgs {
  readonly connection?: string | null;
  readonly filter?: DocumentFilter | null;
  readonly orderBy?: { field?: 'DOC_NO' | 'DOC_DATE' | null; direction?: SortDirection | null } | null;
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

export interface ConnectionPage {
  edges: { cursor: string; node: DocumentNode }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** A getter, read only when the field is selected: one count call, on demand. */
  readonly totalCount: Promise<number>;
}

function pageSize(value: number | null | undefined, argument: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(argument, `${argument} must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  return value;
}

function checkFilter(filter: DocumentFilter): void {
  if (filter.docDateFrom && filter.docDateTo && filter.docDateFrom > filter.docDateTo) {
    throw new BadUserInputError('filter.docDateFrom', 'docDateFrom must not be after docDateTo');
  }
  // The ERP matches the prefix with LIKE, where % and _ are wildcards: refused rather than silently widened.
  if (filter.docNoPrefix !== null && filter.docNoPrefix !== undefined && (filter.docNoPrefix.trim() === '' || /[%_]/.test(filter.docNoPrefix))) {
    throw new BadUserInputError('filter.docNoPrefix', 'docNoPrefix must be non-empty and must not contain % or _');
  }
  if (filter.status && filter.status.length === 0) throw new BadUserInputError('filter.status', 'status must list at least one status');
  // An empty value would be dropped, widening the result: refused instead.
  for (const name of ['workOrderNo', 'itemNo', 'warehouse'] as const) {
    const value = filter[name];
    if (value !== null && value !== undefined && value.trim() === '') throw new BadUserInputError(`filter.${name}`, `${name} must not be empty`);
  }
}

/**
 * A Relay connection over keyset positions. Forward (`first`/`after`) asks the ERP for the rows after the cursor
 * in the requested order; backward (`last`/`before`) asks for the rows after it in the reverse order and turns
 * them around. One row more than the page tells whether there is more.
 */
export async function listDocuments(context: GatewayContext, kind: DocumentKind, args: ListArgs): Promise<ConnectionPage> {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== undefined && last !== undefined) throw new BadUserInputError('last', 'Give first or last, not both');
  if (args.after && args.before) throw new BadUserInputError('before', 'Give after or before, not both');
  if (args.before && first !== undefined) throw new BadUserInputError('before', 'before pages backwards: use it with last');
  if (args.after && last !== undefined) throw new BadUserInputError('after', 'after pages forwards: use it with first');
  const backward = last !== undefined || Boolean(args.before);
  const size = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;

  const filter = args.filter ?? {};
  checkFilter(filter);
  const field: SortField = args.orderBy?.field === 'DOC_DATE' ? 'docDate' : 'docNo';
  const direction: SortDirection = args.orderBy?.direction ?? 'ASC';
  const cursorArg = backward ? args.before : args.after;
  const cursor = cursorArg ? decodeCursor(cursorArg, backward ? 'before' : 'after', field) : undefined;
  const datasource = datasourceFor(context, kind, args.connection);

  const reversed: SortDirection = direction === 'ASC' ? 'DESC' : 'ASC';
  const rows =
    size === 0
      ? []
      : await datasource.list(kind, {
          filter,
          order: { field, direction: backward ? reversed : direction },
          after: cursor?.position,
          limit: size + 1,
        });
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();

  const loader = documentLoader(context, kind, datasource);
  const edges = page.map((document) => {
    // Heads from a list carry no lines; only full documents may prime the loader.
    if (document.lines) loader.prime(document.docNo, document);
    return { cursor: encodeCursor(field, document), node: toNode(kind, datasource, document) };
  });
  let total: Promise<number> | undefined;
  return {
    edges,
    get totalCount() {
      return (total ??= datasource.count(kind, filter));
    },
    pageInfo: {
      // Relay: the side we page from is known exactly; the side we came from is "there is a cursor".
      hasNextPage: backward ? Boolean(args.before) : more,
      hasPreviousPage: backward ? more : Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}


// ── reverse references: `WorkOrder.stockIns`, `PurchaseOrder.receipts` … ───────────────────────────────

/** The page size of a reverse-reference list call (T100's list page cap); more rows take more pages. */
const MAX_INVERSE_ROWS = 10_000;

export interface InverseArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly filter?: DocumentFilter | null;
}

/**
 * The documents of `kind` that name `parent` in `ref.by` (on the head or on any line), as a connection. Every
 * parent of a page is answered from one list call (a condition `IN` the parents' numbers; more pages only past
 * 10,000 documents), plus one batched read where the reference sits on lines the list does not return.
 */
export async function inverseConnection(
  context: GatewayContext,
  kind: DocumentKind,
  ref: ReferenceSpec,
  parent: DocumentNode,
  args: InverseArgs,
): Promise<ConnectionPage> {
  const first = pageSize(args.first, 'first') ?? DEFAULT_PAGE_SIZE;
  const filter = args.filter ?? {};
  checkFilter(filter);
  const cursor = args.after ? decodeCursor(args.after, 'after', 'docNo') : undefined;
  const datasource = datasourceFor(context, kind, parent.connection);
  const loaderKey = `${datasource.connection}\u0000inverse\u0000${kind.type}\u0000${ref.by}\u0000${JSON.stringify(filter)}`;
  let loader = context.inverseLoaders.get(loaderKey);
  if (!loader) {
    loader = new DataLoader<string, CanonicalDocument[]>(
      async (parents) => {
        // Pages of the ERP's largest page, by keyset, until the last: never a silent cut.
        const rows: CanonicalDocument[] = [];
        for (;;) {
          const page = await datasource.list(kind, {
            filter: { ...filter, anyOf: { field: ref.by, values: [...parents] } },
            order: { field: 'docNo', direction: 'ASC' },
            after: rows.at(-1),
            limit: MAX_INVERSE_ROWS,
          });
          rows.push(...page);
          if (page.length < MAX_INVERSE_ROWS) break;
        }
        // Heads from a list may not carry a reference that sits on lines: read those documents (one batched call).
        const documents = documentLoader(context, kind, datasource);
        const full = await Promise.all(rows.map((row) => (typeof row[ref.by] === 'string' && row[ref.by] ? row : documents.load(row.docNo))));
        const wanted = new Set(parents);
        const byParent = new Map<string, CanonicalDocument[]>(parents.map((docNo) => [docNo, []]));
        for (const document of full) {
          if (!document) continue;
          const values = new Set<string>([document[ref.by], ...(document.lines ?? []).map((line) => (line as unknown as Record<string, unknown>)[ref.by])].filter((value): value is string => typeof value === 'string'));
          for (const value of values) if (wanted.has(value)) byParent.get(value)!.push(document);
        }
        return parents.map((docNo) => byParent.get(docNo)!);
      },
      { maxBatchSize: 100 },
    );
    context.inverseLoaders.set(loaderKey, loader);
  }
  const all = await loader.load(parent.docNo);
  const after = cursor?.position.docNo;
  const rest = after === undefined ? all : all.filter((document) => document.docNo > after);
  const page = rest.slice(0, first);
  const edges = page.map((document) => ({ cursor: encodeCursor('docNo', document), node: toNode(kind, datasource, document) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rest.length > first,
      hasPreviousPage: rest.length < all.length,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: Promise.resolve(all.length),
  };
}
