/**
 * What every generated resolver does, as plain functions: validate input, pick the connection, check the
 * lifecycle before any mutating ERP call, call the datasource, and shape the answer. Resolver classes
 * (resolvers/factory.ts) only bind these to GraphQL field names taken from the catalog.
 */
import { createHash, randomUUID } from 'node:crypto';
import type {
  ActionResult,
  CanonicalDocument,
  CanonicalInput,
  CanonicalLine,
  DocumentFilter,
  DocumentNode,
} from '../src/catalog/canonical';
import { operationFor } from '../src/catalog';
import { checkTransition, COMPOSITE_STEPS, reversePlan } from '../src/catalog/lifecycle';
import type { Action, Composite, DocumentKind } from '../src/catalog/types';
import { datasourceFor, documentLoader, type GatewayContext } from '../src/context';
import {
  BadUserInputError,
  CompensatedError,
  CompensationFailedError,
  ErpRejectedError,
  GatewayError,
  InvalidTransitionError,
  NotFoundError,
  UpstreamUnavailableError,
  type ErpMessage,
  type SagaStepReport,
} from '../src/errors';
import { PartialCompositeError, type ErpDatasource } from '../datasources/types';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

/** A document as GraphQL serves it; lines carry their connection so `DocumentLine.workOrder` can load. */
export function toNode(kind: DocumentKind, datasource: ErpDatasource, document: CanonicalDocument): DocumentNode {
  return {
    ...document,
    lines: document.lines?.map((line) => ({ ...line, connection: datasource.connection })),
    connection: datasource.connection,
    erp: datasource.erp,
    typeName: kind.type,
  };
}

// ── reads ────────────────────────────────────────────────────────────────────────────────────────────────

function requireDocNo(docNo: string): string {
  const trimmed = docNo.trim();
  if (trimmed === '') throw new BadUserInputError('docNo', 'docNo must not be empty');
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
export async function linesOf(context: GatewayContext, kind: DocumentKind, node: DocumentNode): Promise<CanonicalLine[]> {
  if (node.lines) return node.lines;
  const datasource = datasourceFor(context, kind, node.connection);
  const full = await documentLoader(context, kind, datasource).load(node.docNo);
  return toNode(kind, datasource, full ?? { ...node, lines: [] }).lines ?? [];
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

export function decodeCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new BadUserInputError('after', `Not a cursor from this API: ${cursor}`);
  return Number(match[1]);
}

export interface ConnectionPage {
  edges: { cursor: string; node: DocumentNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export async function listDocuments(
  context: GatewayContext,
  kind: DocumentKind,
  args: { connection?: string | null; filter?: DocumentFilter | null; first?: number | null; after?: string | null },
): Promise<ConnectionPage> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError('first', `first must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  const filter = args.filter ?? {};
  if (filter.docDateFrom && filter.docDateTo && filter.docDateFrom > filter.docDateTo) {
    throw new BadUserInputError('filter.docDateFrom', 'docDateFrom must not be after docDateTo');
  }
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  const datasource = datasourceFor(context, kind, args.connection);
  const result = await datasource.list(kind, filter, { offset, limit: first });
  const loader = documentLoader(context, kind, datasource);
  const edges = result.nodes.map((document, index) => {
    // Heads from a list carry no lines; only full documents may prime the loader.
    if (document.lines) loader.prime(document.docNo, document);
    return { cursor: encodeCursor(offset + index), node: toNode(kind, datasource, document) };
  });
  return {
    edges,
    pageInfo: { hasNextPage: result.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: result.totalCount,
  };
}

// ── input validation ─────────────────────────────────────────────────────────────────────────────────────

/** Strip GraphQL input class instances to plain canonical input, and check what the schema cannot. */
export function validateInput(kind: DocumentKind, input: CanonicalInput, mode: 'create' | 'update'): CanonicalInput {
  const plain = JSON.parse(JSON.stringify(input ?? {})) as CanonicalInput;
  if (mode === 'create') {
    for (const field of kind.fields) {
      const value = plain[field.name];
      if (field.requiredOnCreate && (value === undefined || value === null || value === '')) {
        throw new BadUserInputError(`input.${field.name}`, `${kind.type} needs input.${field.name} to be created`);
      }
    }
    if (kind.linesRequired && (!plain.lines || plain.lines.length === 0)) {
      throw new BadUserInputError('input.lines', `${kind.type} needs at least one line`);
    }
  }
  plain.lines?.forEach((line, index) => {
    if (!line.itemNo || line.itemNo.trim() === '') {
      throw new BadUserInputError(`input.lines[${index}].itemNo`, `line ${index + 1} needs an itemNo`);
    }
    if (!Number.isFinite(line.quantity) || line.quantity <= 0) {
      throw new BadUserInputError(`input.lines[${index}].quantity`, `line ${index + 1} needs a quantity above 0`);
    }
  });
  for (const field of kind.fields) {
    const value = plain[field.name];
    if (field.type === 'Float' && typeof value === 'number' && (!Number.isFinite(value) || value < 0)) {
      throw new BadUserInputError(`input.${field.name}`, `input.${field.name} must be a number of at least 0`);
    }
  }
  return plain;
}

// ── single actions ───────────────────────────────────────────────────────────────────────────────────────

/** The current document, read fresh (not from the request's loader: we are about to change it). */
async function currentDocument(kind: DocumentKind, datasource: ErpDatasource, docNo: string): Promise<CanonicalDocument> {
  const [document] = await datasource.read(kind, [docNo]);
  if (!document) throw new NotFoundError(kind.type, docNo, datasource.connection);
  return document;
}

/**
 * The document after a committed change. If reading it back fails, the change still happened: answer with what
 * we know rather than an error, or a client retrying under its idempotency key would do it twice.
 */
async function readBack(
  kind: DocumentKind,
  datasource: ErpDatasource,
  docNo: string,
  known: () => CanonicalDocument,
): Promise<CanonicalDocument> {
  try {
    return await currentDocument(kind, datasource, docNo);
  } catch (error) {
    if (error instanceof GatewayError) return known();
    throw error;
  }
}

function withResult(document: CanonicalDocument, result: ActionResult): CanonicalDocument {
  return {
    ...document,
    status: result.status ?? document.status,
    rawStatus: result.rawStatus ?? document.rawStatus,
    extensions: { ...(document.extensions ?? {}), documentStatus: result.rawStatus ?? document.rawStatus },
  };
}

export type ActionAnswer = DocumentNode | { connection: string; typeName: string; docNo: string; deleted: true };

/**
 * One lifecycle action. Existing documents are read first, so an illegal step is refused with
 * INVALID_TRANSITION before any mutating ERP call; the answer is that document with the ERP's new status.
 * Create and update read the document back, because the ERP fills fields (number, units) we did not send.
 */
export async function runAction(
  context: GatewayContext,
  kind: DocumentKind,
  action: Action,
  args: { connection?: string | null; docNo?: string; input?: CanonicalInput },
): Promise<ActionAnswer> {
  const datasource = datasourceFor(context, kind, args.connection);
  if (action === 'create') {
    const input = validateInput(kind, args.input ?? {}, 'create');
    const result = await datasource.execute(kind, 'create', { input });
    return toNode(kind, datasource, await readBack(kind, datasource, result.docNo, () => composedDocument(kind, input, result)));
  }
  const docNo = requireDocNo(args.docNo ?? '');
  const input = action === 'update' ? validateInput(kind, args.input ?? {}, 'update') : undefined;
  const before = await currentDocument(kind, datasource, docNo);
  const check = checkTransition(kind.lifecycle, before.status, action);
  if (!check.ok) throw new InvalidTransitionError(kind.type, docNo, before.status, action);
  const result = await datasource.execute(kind, action, { docNo, input });
  if (action === 'delete') return { connection: datasource.connection, typeName: kind.type, docNo, deleted: true };
  if (action === 'update') {
    return toNode(kind, datasource, await readBack(kind, datasource, docNo, () => ({ ...withResult(before, result), ...input, lines: input?.lines ?? before.lines, docNo, status: before.status, rawStatus: before.rawStatus })));
  }
  return toNode(kind, datasource, withResult(before, result));
}

// ── composites ───────────────────────────────────────────────────────────────────────────────────────────

/** The reference written with a composite's document (source_no): derived from the idempotency key if any. */
export function gatewayReference(idempotencyKey?: string | null): string {
  const seed = idempotencyKey ? createHash('sha256').update(idempotencyKey).digest('hex') : randomUUID().replace(/-/g, '');
  return `GW-${seed.slice(0, 12)}`;
}

function erpMessageOf(error: unknown): ErpMessage | undefined {
  if (error instanceof ErpRejectedError) return error.erp;
  if (error instanceof InvalidTransitionError) return error.erp;
  return undefined;
}

/** The ERP API a step calls, for step reports operators can act on. */
function apiOf(kind: DocumentKind, datasource: ErpDatasource, action: Action): string {
  return operationFor(kind, datasource.erp, action)?.api ?? action;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Back a document out to VOID from whatever state it is really in (protocols §5.3 step 3), then report
 * COMPENSATED; a failing step leaves COMPENSATION_FAILED with what is left.
 */
async function compensate(
  kind: DocumentKind,
  datasource: ErpDatasource,
  docNo: string,
  done: SagaStepReport[],
  cause: unknown,
): Promise<never> {
  const steps = [...done];
  let document: CanonicalDocument | null;
  try {
    [document] = await datasource.read(kind, [docNo]);
  } catch (error) {
    steps.push({ action: 'read', api: operationFor(kind, datasource.erp, 'read')?.api ?? 'read', outcome: 'compensation_failed', message: messageOf(error) });
    throw new CompensationFailedError(`${kind.type} ${docNo}: could not read its state to compensate`, steps);
  }
  if (document && document.status !== 'VOID') {
    const plan = reversePlan(kind.lifecycle, document.status) ?? [];
    for (const [index, action] of plan.entries()) {
      try {
        await datasource.execute(kind, action, { docNo });
        steps.push({ action, api: apiOf(kind, datasource, action), outcome: 'compensated' });
      } catch (error) {
        steps.push({ action, api: apiOf(kind, datasource, action), outcome: 'compensation_failed', message: messageOf(error) });
        for (const left of plan.slice(index + 1)) steps.push({ action: left, api: apiOf(kind, datasource, left), outcome: 'skipped' });
        throw new CompensationFailedError(`${kind.type} ${docNo}: compensation stopped at ${action}`, steps);
      }
    }
  }
  throw new CompensatedError(
    `${kind.type} ${docNo} was rolled back to VOID after: ${messageOf(cause)}`,
    steps,
    erpMessageOf(cause instanceof PartialCompositeError ? cause.refusal : cause),
  );
}

function composedDocument(kind: DocumentKind, input: CanonicalInput, result: ActionResult): CanonicalDocument {
  return {
    ...input,
    docNo: result.docNo,
    status: result.status ?? 'UNAPPROVED',
    rawStatus: result.rawStatus ?? '',
    docType: input.docType ?? result.docNo.split('-')[0],
    lines: (input.lines ?? []).map((line, index) => ({ seq: index + 1, ...line })),
    extensions: { ...(input.extensions ?? {}), documentStatus: result.rawStatus },
  };
}

/**
 * createAndApprove / createAndPost / reverse. With a customized ERP API: one upstream call for the work, and
 * on a partial failure or a lost reply, settle by the document's real state. Without one: a saga of OpenAPI
 * steps, compensated backwards when a later step fails.
 */
export async function runComposite(
  context: GatewayContext,
  kind: DocumentKind,
  composite: Composite,
  args: { connection?: string | null; docNo?: string; input?: CanonicalInput; idempotencyKey?: string | null; retry?: boolean },
): Promise<DocumentNode> {
  const datasource = datasourceFor(context, kind, args.connection);
  const reference = gatewayReference(args.idempotencyKey ?? context.idempotencyKey);

  if (composite === 'reverse') {
    const docNo = requireDocNo(args.docNo ?? '');
    const before = await currentDocument(kind, datasource, docNo);
    const plan = reversePlan(kind.lifecycle, before.status);
    if (!plan) throw new InvalidTransitionError(kind.type, docNo, before.status, 'void');
    if (datasource.hasCustomized(kind, 'reverse')) {
      const result = await datasource.executeCustomized(kind, 'reverse', { docNo, reference });
      return toNode(kind, datasource, withResult(before, result));
    }
    let current = before;
    for (const action of plan) {
      const result = await datasource.execute(kind, action, { docNo });
      current = withResult(current, result);
    }
    return toNode(kind, datasource, current);
  }

  const input = validateInput(kind, args.input ?? {}, 'create');
  const target = composite === 'createAndPost' ? 'POSTED' : 'APPROVED';
  if (datasource.hasCustomized(kind, composite)) {
    if (args.retry) {
      // An earlier attempt under this key got no answer: it may have landed. Look before sending again.
      const settled = await settleByReference(kind, datasource, reference, target);
      if (settled) return settled;
    }
    try {
      const result = await datasource.executeCustomized(kind, composite, { input, reference });
      return toNode(kind, datasource, composedDocument(kind, input, result));
    } catch (error) {
      if (error instanceof PartialCompositeError) {
        if (!error.docNo) throw error.refusal; // nothing persisted (§5.3 step 4)
        const document = await datasource.read(kind, [error.docNo]).then(([found]) => found);
        if (document?.status === target) return toNode(kind, datasource, document);
        return compensate(kind, datasource, error.docNo, [], error);
      }
      if (error instanceof UpstreamUnavailableError) return settleLostReply(kind, datasource, reference, target, error);
      throw error;
    }
  }

  const steps: SagaStepReport[] = [];
  let docNo = '';
  for (const action of COMPOSITE_STEPS[composite]) {
    try {
      const result = await datasource.execute(kind, action, action === 'create' ? { input, reference } : { docNo });
      docNo = result.docNo;
      steps.push({ action, api: apiOf(kind, datasource, action), outcome: 'done' });
    } catch (error) {
      if (action === 'create') throw error;
      steps.push({ action, api: apiOf(kind, datasource, action), outcome: 'failed', message: messageOf(error) });
      return compensate(kind, datasource, docNo, steps, error);
    }
  }
  return toNode(kind, datasource, await currentDocument(kind, datasource, docNo));
}

/**
 * No reply to a customized create (timeout, dropped connection, garbage): never resend. Look for the document
 * by its reference: found and complete → success; found and partial → compensate; none → the call did not land.
 */
async function settleLostReply(
  kind: DocumentKind,
  datasource: ErpDatasource,
  reference: string,
  target: 'POSTED' | 'APPROVED',
  cause: UpstreamUnavailableError,
): Promise<DocumentNode> {
  let settled: DocumentNode | undefined;
  try {
    settled = await settleByReference(kind, datasource, reference, target, cause);
  } catch (error) {
    if (error instanceof UpstreamUnavailableError) throw cause;
    throw error;
  }
  if (!settled) throw cause;
  return settled;
}

/** The document a composite left under its reference, settled to success or compensated; undefined if none. */
async function settleByReference(
  kind: DocumentKind,
  datasource: ErpDatasource,
  reference: string,
  target: 'POSTED' | 'APPROVED',
  cause?: unknown,
): Promise<DocumentNode | undefined> {
  const found = await datasource.findByReference(kind, reference);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    throw new CompensationFailedError(`${found.length} ${kind.type} documents carry reference ${reference}; an operator must decide`, [
      { action: 'find', api: operationFor(kind, datasource.erp, 'list')?.api ?? 'list', outcome: 'failed', message: found.map((document) => document.docNo).join(', ') },
    ]);
  }
  const [document] = found;
  if (document.status === target) {
    const [full] = await datasource.read(kind, [document.docNo]);
    return toNode(kind, datasource, full ?? document);
  }
  return compensate(kind, datasource, document.docNo, [], cause ?? new Error(`an earlier attempt left ${document.docNo} in ${document.status}`));
}
