/**
 * Composite mutations: createAndApprove, createAndPost and reverse. With a customized ERP API: one upstream call
 * for the work, and on a partial failure or a lost reply, settle by the document's real state. Without one: a
 * saga of single actions, compensated backwards when a later step fails. Every step is reported, with its API
 * and document, in the answer and in every error.
 */
import type { CanonicalDocument, CanonicalInput } from '../catalog/canonical';
import { documentKind, lifecycleOf, operationFor } from '../catalog';
import { checkTransition, COMPOSITE_STEPS, LIFECYCLES, reversePlan } from '../catalog/lifecycle';
import type { Action, Composite, DocumentKind, DocumentStatus } from '../catalog/types';
import {
  CompensatedError,
  CompensationFailedError,
  ErpRejectedError,
  GatewayError,
  InvalidTransitionError,
  NotFoundError,
  OutcomeUnknownError,
  UpstreamUnavailableError,
  type ErpMessage,
  type SagaStepReport,
} from '../errors';
import { composedDocument, currentDocument, readBack } from '../../datasources/documents';
import { PartialCompositeError, type ErpDatasource, type RelatedDocument } from '../../datasources/types';

export interface CompositeOutcome {
  /** The document as it stands after the composite (for a reverse that deleted it: as it was before). */
  readonly document: CanonicalDocument;
  /** A reverse on an ERP without void ended by deleting the document (design §2). */
  readonly deleted?: boolean;
  readonly steps: SagaStepReport[];
  /** Every document a multi-document API created (the document asked for among them), as the ERP holds them. */
  readonly related?: readonly { readonly kind: DocumentKind; readonly document: CanonicalDocument }[];
}

function erpMessageOf(error: unknown): ErpMessage | undefined {
  if (error instanceof ErpRejectedError) return error.erp;
  if (error instanceof InvalidTransitionError) return error.erp;
  if (error instanceof PartialCompositeError) return erpMessageOf(error.refusal);
  return undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The ERP API a step calls, for step reports operators can act on. */
export function apiOf(kind: DocumentKind, datasource: ErpDatasource, operation: Action | Composite | 'read' | 'list', program?: string | null): string {
  return operationFor(kind, datasource.erp, operation, { program })?.api ?? operation;
}

function step(
  kind: DocumentKind,
  datasource: ErpDatasource,
  action: Action | Composite | 'read' | 'list',
  docNo: string | null,
  outcome: SagaStepReport['outcome'],
  error?: unknown,
  program?: string | null,
): SagaStepReport {
  const erp = error === undefined ? undefined : erpMessageOf(error);
  return {
    action,
    api: apiOf(kind, datasource, action, program),
    docNo,
    outcome,
    ...(error === undefined ? {} : { message: messageOf(error) }),
    ...(erp ? { erp: { code: erp.code, message: erp.message } } : {}),
  };
}

/**
 * Back documents out to VOID from whatever state each is really in (protocols §5.3 step 3), the last created first,
 * then report COMPENSATED; a failing step leaves COMPENSATION_FAILED with what is left.
 */
async function compensate(
  kind: DocumentKind,
  datasource: ErpDatasource,
  docNo: string,
  done: SagaStepReport[],
  cause: unknown,
  related: readonly { kind: DocumentKind; docNo: string }[] = [{ kind, docNo }],
): Promise<never> {
  const steps = [...done];
  let deleted = false;
  for (const target of [...related].reverse()) {
    let document: CanonicalDocument | null;
    try {
      [document] = await datasource.read(target.kind, [target.docNo]);
    } catch (error) {
      steps.push(step(target.kind, datasource, 'read', target.docNo, 'COMPENSATION_FAILED', error));
      throw new CompensationFailedError(`${target.kind.type} ${target.docNo}: could not read its state to compensate`, steps, docNo);
    }
    if (document && document.status !== 'VOID') {
      const plan = reversePlan(lifecycleOf(target.kind, datasource.erp), document.status) ?? [];
      deleted ||= plan.at(-1) === 'delete';
      const stopped = await runPlan(target.kind, datasource, target.docNo, plan, steps, { done: 'COMPENSATED', failed: 'COMPENSATION_FAILED' });
      if (stopped) throw new CompensationFailedError(`${target.kind.type} ${target.docNo}: compensation stopped at ${stopped.action}`, steps, docNo);
    }
  }
  const what = related.length > 1 ? related.map((target) => `${target.kind.type} ${target.docNo}`).join(', ') : `${kind.type} ${docNo}`;
  // An ERP without void undoes by deleting (Kingdee, Sunlike): say which it was.
  throw new CompensatedError(`${what} ${related.length > 1 ? 'were' : 'was'} ${deleted ? 'rolled back (deleted)' : 'rolled back to VOID'} after: ${messageOf(cause)}`, steps, erpMessageOf(cause), docNo);
}

/**
 * Run backward actions on one document in order, reporting each into `steps`; the first failure is reported,
 * the actions after it SKIPPED, and returned.
 */
async function runPlan(
  kind: DocumentKind,
  datasource: ErpDatasource,
  docNo: string,
  plan: readonly Action[],
  steps: SagaStepReport[],
  outcomes: { done: 'DONE' | 'COMPENSATED'; failed: 'FAILED' | 'COMPENSATION_FAILED' },
): Promise<{ action: Action; error: unknown } | undefined> {
  for (const [index, action] of plan.entries()) {
    try {
      await datasource.execute(kind, action, { docNo });
      steps.push(step(kind, datasource, action, docNo, outcomes.done));
    } catch (error) {
      steps.push(step(kind, datasource, action, docNo, outcomes.failed, error));
      for (const left of plan.slice(index + 1)) steps.push(step(kind, datasource, left, docNo, 'SKIPPED'));
      return { action, error };
    }
  }
  return undefined;
}

/**
 * The status a document of `kind` reaches through the customized API `api`: the operation of its own row for that
 * API (a receipt is approved, the stock-in of the same call posted).
 */
function targetOf(kind: DocumentKind, datasource: ErpDatasource, composite: Exclude<Composite, 'reverse'>, program: string | null, api: string): DocumentStatus {
  const reaches = operationFor(kind, datasource.erp, composite, { program })?.shape.reaches;
  if (reaches) return reaches;
  const own = (['createAndPost', 'createAndApprove'] as const).find((candidate) => operationFor(kind, datasource.erp, candidate, { program })?.api === api);
  return (own ?? composite) === 'createAndPost' ? 'POSTED' : 'APPROVED';
}

/** Documents of several kinds read in one call per kind, answered in the order asked (null where none is held). */
async function readGrouped(datasource: ErpDatasource, entries: readonly { kind: DocumentKind; docNo: string }[]): Promise<(CanonicalDocument | null)[]> {
  const byKind = new Map<DocumentKind, string[]>();
  for (const entry of entries) byKind.set(entry.kind, [...(byKind.get(entry.kind) ?? []), entry.docNo]);
  const read = new Map<DocumentKind, Map<string, CanonicalDocument | null>>();
  await Promise.all(
    [...byKind].map(async ([kind, docNos]) => {
      const documents = await datasource.read(kind, docNos);
      read.set(kind, new Map(docNos.map((docNo, index) => [docNo, documents[index] ?? null])));
    }),
  );
  return entries.map((entry) => read.get(entry.kind)?.get(entry.docNo) ?? null);
}

/** The documents a multi-document call created, read back (batched per kind); undefined for a single document. */
async function readRelated(
  kind: DocumentKind,
  datasource: ErpDatasource,
  related: readonly RelatedDocument[],
  known: CanonicalDocument,
): Promise<{ kind: DocumentKind; document: CanonicalDocument }[] | undefined> {
  if (related.length <= 1) return undefined;
  const entries = related.map((entry) => ({ kind: documentKind(entry.type) ?? kind, docNo: entry.docNo }));
  // The document asked for was just read back.
  const isKnown = (entry: { kind: DocumentKind; docNo: string }) => entry.kind.type === kind.type && entry.docNo === known.docNo;
  const others = await readGrouped(datasource, entries.filter((entry) => !isKnown(entry)));
  let next = 0;
  const read = entries.map((entry) => ({ kind: entry.kind, document: isKnown(entry) ? known : others[next++] }));
  return read.filter((entry): entry is { kind: DocumentKind; document: CanonicalDocument } => entry.document !== null);
}

/** Attach the steps so far to an error that ends a composite without compensation, and rethrow it. */
function stopWith(error: unknown, steps: SagaStepReport[]): never {
  if (error instanceof GatewayError && !error.partialSteps) error.partialSteps = steps;
  throw error;
}

/** `reverse`: one customized call where the ERP has one, else the backward steps the document's status needs. */
export async function runReverse(
  kind: DocumentKind,
  datasource: ErpDatasource,
  docNo: string,
  reference: string,
  options: { retry?: boolean; deleteSent?: boolean } = {},
): Promise<CompositeOutcome> {
  const lifecycle = LIFECYCLES[lifecycleOf(kind, datasource.erp)];
  let before: CanonicalDocument;
  try {
    before = await currentDocument(kind, datasource, docNo);
  } catch (error) {
    // Without a void, reverse ends by deleting: an earlier attempt whose delete was sent (the journal says so) and
    // whose answer was lost already did. Without that record, a document that is not there is NOT_FOUND.
    if (options.retry && options.deleteSent && docNo !== '' && error instanceof NotFoundError && !lifecycle.void) {
      return { document: { docNo, status: 'UNAPPROVED', rawStatus: '' }, deleted: true, steps: [step(kind, datasource, 'reverse', docNo, 'DONE')] };
    }
    throw error;
  }
  // An earlier attempt (a lost reply, a gateway that died, an operator's compensation) already voided it: done.
  if (options.retry && before.status === 'VOID') return { document: before, steps: [step(kind, datasource, 'reverse', docNo, 'DONE')] };
  const plan = reversePlan(lifecycleOf(kind, datasource.erp), before.status);
  if (!plan) throw new InvalidTransitionError(kind.type, docNo, before.status, 'void');
  const voided = (): CanonicalDocument => ({ ...before, status: 'VOID' });
  const program = typeof before.program === 'string' ? before.program : null;
  if (datasource.hasCustomized(kind, 'reverse', program)) {
    try {
      await datasource.executeCustomized(kind, 'reverse', { docNo, reference, program });
    } catch (error) {
      stopWith(error, [step(kind, datasource, 'reverse', docNo, 'FAILED', error, program)]);
    }
    return { document: await readBack(kind, datasource, docNo, voided), steps: [step(kind, datasource, 'reverse', docNo, 'DONE', undefined, program)] };
  }
  const steps: SagaStepReport[] = [];
  const stopped = await runPlan(kind, datasource, docNo, plan, steps, { done: 'DONE', failed: 'FAILED' });
  if (stopped) stopWith(stopped.error, steps);
  if (plan.at(-1) === 'delete') {
    // The ERP said yes to the delete; make sure it no longer holds the document before answering so.
    const [still] = await datasource.read(kind, [docNo]).catch(() => [null]);
    if (still) throw new OutcomeUnknownError(`${kind.type} ${docNo}: the ERP answered the delete but still holds the document`, steps);
    return { document: before, deleted: true, steps };
  }
  return { document: await readBack(kind, datasource, docNo, voided), steps };
}

/** createAndApprove / createAndPost. */
export async function runCreateComposite(
  kind: DocumentKind,
  datasource: ErpDatasource,
  composite: Exclude<Composite, 'reverse'>,
  args: { input: CanonicalInput; reference: string; retry: boolean },
): Promise<CompositeOutcome> {
  const { input, reference } = args;
  const target = composite === 'createAndPost' ? 'POSTED' : 'APPROVED';
  const program = typeof input.program === 'string' ? input.program : null;
  if (datasource.hasCustomized(kind, composite, program)) {
    if (args.retry && !datasource.idempotentCreates) {
      // An earlier attempt under this key got no answer: it may have landed. Look before sending again.
      const settled = await settleByReference(kind, datasource, composite, reference, target, undefined, program, input);
      if (settled) return settled;
    }
    try {
      const result = await datasource.executeCustomized(kind, composite, { input, reference });
      // Read back (§5.3): the reply names the documents, not the state they reached.
      // If reading back fails, what the call promised: the status its catalog row leads to.
      const document = await readBack(kind, datasource, result.docNo, () => composedDocument(input, { ...result, status: result.status ?? target }));
      const related = await readRelated(kind, datasource, result.related ?? [], document);
      return { document, steps: [step(kind, datasource, composite, result.docNo, 'DONE', undefined, program)], ...(related ? { related } : {}) };
    } catch (error) {
      if (error instanceof PartialCompositeError) {
        const failed = step(kind, datasource, composite, error.docNo || null, 'FAILED', error, program);
        if (!error.docNo && error.related.length === 0) stopWith(error.refusal, [failed]); // nothing persisted (§5.3 step 4)
        const created = error.related.length > 0 ? error.related : [{ type: kind.type, docNo: error.docNo }];
        return settleCreated(kind, datasource, composite, program, created, [failed], error);
      }
      if (error instanceof UpstreamUnavailableError) {
        // An ERP that recognises a resent reference answers the first document: the client's retry settles it.
        if (datasource.idempotentCreates) stopWith(error, [step(kind, datasource, composite, null, 'FAILED', error, program)]);
        return settleLostReply(kind, datasource, composite, reference, target, error, program, input);
      }
      throw error;
    }
  }

  // The saga: a settled create, then each step the document still needs, from the state the ERP really holds.
  const steps: SagaStepReport[] = [];
  let created: CanonicalDocument;
  try {
    created = await settledCreate(kind, datasource, input, reference, args.retry);
  } catch (error) {
    stopWith(error, [step(kind, datasource, 'create', null, 'FAILED', error)]);
  }
  const docNo = created.docNo;
  steps.push(step(kind, datasource, 'create', docNo, 'DONE'));
  const lifecycle = lifecycleOf(kind, datasource.erp);
  let status = created.status;
  for (const action of COMPOSITE_STEPS[composite].slice(1)) {
    const to = LIFECYCLES[lifecycle][action]?.to;
    // An earlier attempt under this key got this far already (found by its reference on a retry).
    if (!checkTransition(lifecycle, status, action).ok && reached(status, to)) {
      steps.push(step(kind, datasource, action, docNo, 'DONE'));
      continue;
    }
    try {
      await datasource.execute(kind, action, { docNo });
      status = to ?? status;
      steps.push(step(kind, datasource, action, docNo, 'DONE'));
    } catch (error) {
      // No reply: the step may have landed. Ask the ERP before undoing anything.
      if (error instanceof UpstreamUnavailableError) {
        const [now] = await datasource.read(kind, [docNo]).catch(() => [null]);
        if (now && now.status === to) {
          status = now.status;
          steps.push(step(kind, datasource, action, docNo, 'DONE'));
          continue;
        }
      }
      steps.push(step(kind, datasource, action, docNo, 'FAILED', error));
      return compensate(kind, datasource, docNo, steps, error);
    }
  }
  const document = await readBack(kind, datasource, docNo, () => ({ ...created, status }));
  return { document, steps };
}

/** Whether a document in `status` is already at, or past, the status an action leads to (forward order). */
function reached(status: DocumentStatus, to: DocumentStatus | null | undefined): boolean {
  const order: readonly DocumentStatus[] = ['UNAPPROVED', 'APPROVED', 'ISSUED', 'POSTED'];
  return to !== null && to !== undefined && order.includes(status) && order.indexOf(status) >= order.indexOf(to);
}

/**
 * A create that happens once (issue "never lose, never duplicate"): it carries the gateway reference, a retry looks
 * the reference up before sending, and an unanswered create is settled by the same lookup — one document found is
 * the answer, none means it did not land (the error stands, the key is released), several need an operator.
 */
export async function settledCreate(
  kind: DocumentKind,
  datasource: ErpDatasource,
  input: CanonicalInput,
  reference: string,
  retry: boolean,
): Promise<CanonicalDocument> {
  // An ERP that deduplicates creates by the reference (Sunlike REF_NO) is asked again rather than searched.
  if (retry && !datasource.idempotentCreates) {
    const found = await lookUp(kind, datasource, reference, input);
    if (found) return found;
  }
  try {
    const result = await datasource.execute(kind, 'create', { input, reference });
    return await readBack(kind, datasource, result.docNo, () => composedDocument(input, result));
  } catch (error) {
    if (!(error instanceof UpstreamUnavailableError) || datasource.idempotentCreates) throw error;
    let found: CanonicalDocument | undefined;
    try {
      found = await lookUp(kind, datasource, reference, input);
    } catch (lookupError) {
      if (lookupError instanceof UpstreamUnavailableError) throw error;
      throw lookupError;
    }
    if (found) return found;
    throw error;
  }
}

/** The one document of a kind carrying a reference, as the list answers it; undefined for none; OUTCOME_UNKNOWN for several. */
async function oneByReference(kind: DocumentKind, datasource: ErpDatasource, reference: string, input?: CanonicalInput): Promise<CanonicalDocument | undefined> {
  const found = await datasource.findByReference(kind, reference, input);
  if (found.length > 1) {
    const numbers = found.map((document) => document.docNo).join(', ');
    throw new OutcomeUnknownError(`${found.length} ${kind.type} documents carry reference ${reference} (${numbers}); an operator must decide`, [
      { ...step(kind, datasource, 'list', null, 'FAILED'), message: `several documents under ${reference}: ${numbers}` },
    ]);
  }
  return found[0];
}

/** The one document carrying a reference, read in full; undefined for none; OUTCOME_UNKNOWN for several. */
async function lookUp(kind: DocumentKind, datasource: ErpDatasource, reference: string, input?: CanonicalInput): Promise<CanonicalDocument | undefined> {
  const found = await oneByReference(kind, datasource, reference, input);
  if (!found) return undefined;
  const [full] = await datasource.read(kind, [found.docNo]);
  return full ?? found;
}

/**
 * The documents one customized call committed, settled: complete only if each reached the status its own row of
 * the API promises (success, every document answered); else all of them are compensated, last created first.
 */
async function settleCreated(
  kind: DocumentKind,
  datasource: ErpDatasource,
  composite: Exclude<Composite, 'reverse'>,
  program: string | null | undefined,
  created: readonly RelatedDocument[],
  done: SagaStepReport[],
  cause: unknown,
): Promise<CompositeOutcome> {
  const documents = created.map((entry) => ({ kind: documentKind(entry.type) ?? kind, docNo: entry.docNo }));
  const read = await readGrouped(datasource, documents);
  const states = documents.map((entry, index) => ({ ...entry, document: read[index] ?? undefined }));
  const api = operationFor(kind, datasource.erp, composite, { program })?.api ?? '';
  const complete = states.every((entry) => entry.document?.status === targetOf(entry.kind, datasource, composite, program ?? null, api));
  const own = states.find((entry) => entry.kind.type === kind.type && entry.document);
  if (complete && own?.document) {
    return {
      document: own.document,
      steps: [step(kind, datasource, composite, own.docNo, 'DONE', undefined, program)],
      ...(states.length > 1 ? { related: states.map((entry) => ({ kind: entry.kind, document: entry.document! })) } : {}),
    };
  }
  return compensate(kind, datasource, own?.docNo ?? documents[0].docNo, done, cause, documents);
}

/**
 * No reply to a customized create (timeout, dropped connection, garbage): never resend. Look for the document
 * by its reference: found and complete → success; found and partial → compensate; none → the call did not land.
 */
async function settleLostReply(
  kind: DocumentKind,
  datasource: ErpDatasource,
  composite: Composite,
  reference: string,
  target: 'POSTED' | 'APPROVED',
  cause: UpstreamUnavailableError,
  program: string | null,
  input?: CanonicalInput,
): Promise<CompositeOutcome> {
  let settled: CompositeOutcome | undefined;
  try {
    settled = await settleByReference(kind, datasource, composite, reference, target, cause, program, input);
  } catch (error) {
    if (error instanceof UpstreamUnavailableError) stopWith(cause, [step(kind, datasource, composite, null, 'FAILED', cause, program)]);
    throw error;
  }
  if (!settled) stopWith(cause, [step(kind, datasource, composite, null, 'FAILED', cause, program)]);
  return settled;
}

/** The document a composite left under its reference, settled to success or compensated; undefined if none. */
async function settleByReference(
  kind: DocumentKind,
  datasource: ErpDatasource,
  composite: Composite,
  reference: string,
  target: 'POSTED' | 'APPROVED',
  cause?: unknown,
  program?: string | null,
  /** What the create sent: ERPs with no column for the reference are searched by content (TIPTOP transfers). */
  input?: CanonicalInput,
): Promise<CompositeOutcome | undefined> {
  // A multi-document call left its documents under the same reference: look each kind up (§5.3 step 5).
  const row = composite === 'reverse' ? undefined : operationFor(kind, datasource.erp, composite, { program });
  const types = row?.shape.results?.map((result) => result.type) ?? [kind.type];
  const found: RelatedDocument[] = [];
  for (const type of types) {
    const match = await oneByReference(documentKind(type) ?? kind, datasource, reference, input);
    if (match) found.push({ type, docNo: match.docNo });
  }
  if (found.length === 0) return undefined;
  const landed = step(kind, datasource, composite, found.find((entry) => entry.type === kind.type)?.docNo ?? found[0].docNo, 'FAILED', undefined, program);
  return settleCreated(kind, datasource, composite as Exclude<Composite, 'reverse'>, program, found, [landed], cause ?? new Error(`an earlier attempt under ${reference} was left incomplete`));
}
