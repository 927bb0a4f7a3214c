/**
 * Composite mutations: createAndApprove, createAndPost and reverse. With a customized ERP API: one upstream call
 * for the work, and on a partial failure or a lost reply, settle by the document's real state. Without one: a
 * saga of single actions, compensated backwards when a later step fails. Every step is reported, with its API
 * and document, in the answer and in every error.
 */
import type { CanonicalDocument, CanonicalInput } from '../catalog/canonical';
import { lifecycleOf, operationFor } from '../catalog';
import { COMPOSITE_STEPS, reversePlan } from '../catalog/lifecycle';
import type { Action, Composite, DocumentKind } from '../catalog/types';
import {
  CompensatedError,
  CompensationFailedError,
  ErpRejectedError,
  GatewayError,
  InvalidTransitionError,
  OutcomeUnknownError,
  UpstreamUnavailableError,
  type ErpMessage,
  type SagaStepReport,
} from '../errors';
import { composedDocument, currentDocument, readBack } from '../../datasources/documents';
import { PartialCompositeError, type ErpDatasource } from '../../datasources/types';

export interface CompositeOutcome {
  readonly document: CanonicalDocument;
  readonly steps: SagaStepReport[];
}

function erpMessageOf(error: unknown): ErpMessage | undefined {
  if (error instanceof ErpRejectedError) return error.erp;
  if (error instanceof InvalidTransitionError) return error.erp;
  if (error instanceof PartialCompositeError) return erpMessageOf(error.refusal);
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The ERP API a step calls, for step reports operators can act on. */
function apiOf(kind: DocumentKind, datasource: ErpDatasource, operation: Action | Composite | 'read' | 'list', program?: string | null): string {
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
 * Back a document out to VOID from whatever state it is really in (protocols §5.3 step 3), then report
 * COMPENSATED; a failing step leaves COMPENSATION_FAILED with what is left.
 */
async function compensate(kind: DocumentKind, datasource: ErpDatasource, docNo: string, done: SagaStepReport[], cause: unknown): Promise<never> {
  const steps = [...done];
  let document: CanonicalDocument | null;
  try {
    [document] = await datasource.read(kind, [docNo]);
  } catch (error) {
    steps.push(step(kind, datasource, 'read', docNo, 'COMPENSATION_FAILED', error));
    throw new CompensationFailedError(`${kind.type} ${docNo}: could not read its state to compensate`, steps, docNo);
  }
  if (document && document.status !== 'VOID') {
    const plan = reversePlan(lifecycleOf(kind, datasource.erp), document.status) ?? [];
    const stopped = await runPlan(kind, datasource, docNo, plan, steps, { done: 'COMPENSATED', failed: 'COMPENSATION_FAILED' });
    if (stopped) throw new CompensationFailedError(`${kind.type} ${docNo}: compensation stopped at ${stopped.action}`, steps, docNo);
  }
  throw new CompensatedError(`${kind.type} ${docNo} was rolled back to VOID after: ${messageOf(cause)}`, steps, erpMessageOf(cause), docNo);
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

/** Attach the steps so far to an error that ends a composite without compensation, and rethrow it. */
function stopWith(error: unknown, steps: SagaStepReport[]): never {
  if (error instanceof GatewayError && !error.partialSteps) error.partialSteps = steps;
  throw error;
}

/** `reverse`: one customized call where the ERP has one, else the backward steps the document's status needs. */
export async function runReverse(kind: DocumentKind, datasource: ErpDatasource, docNo: string, reference: string): Promise<CompositeOutcome> {
  const before = await currentDocument(kind, datasource, docNo);
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
    if (args.retry) {
      // An earlier attempt under this key got no answer: it may have landed. Look before sending again.
      const settled = await settleByReference(kind, datasource, composite, reference, target, undefined, program);
      if (settled) return settled;
    }
    try {
      const result = await datasource.executeCustomized(kind, composite, { input, reference });
      // Read back (§5.3): the reply names the document, not the state it reached.
      const document = await readBack(kind, datasource, result.docNo, () => composedDocument(input, result));
      return { document, steps: [step(kind, datasource, composite, result.docNo, 'DONE', undefined, program)] };
    } catch (error) {
      if (error instanceof PartialCompositeError) {
        const failed = step(kind, datasource, composite, error.docNo || null, 'FAILED', error, program);
        if (!error.docNo) stopWith(error.refusal, [failed]); // nothing persisted (§5.3 step 4)
        const [document] = await datasource.read(kind, [error.docNo]);
        if (document?.status === target) return { document, steps: [step(kind, datasource, composite, error.docNo, 'DONE', undefined, program)] };
        return compensate(kind, datasource, error.docNo, [failed], error);
      }
      if (error instanceof UpstreamUnavailableError) return settleLostReply(kind, datasource, composite, reference, target, error, program);
      throw error;
    }
  }

  const steps: SagaStepReport[] = [];
  let docNo = '';
  for (const action of COMPOSITE_STEPS[composite]) {
    try {
      const result = await datasource.execute(kind, action, action === 'create' ? { input, reference } : { docNo });
      docNo = result.docNo;
      steps.push(step(kind, datasource, action, docNo, 'DONE'));
    } catch (error) {
      steps.push(step(kind, datasource, action, docNo || null, 'FAILED', error));
      if (action === 'create') stopWith(error, steps);
      return compensate(kind, datasource, docNo, steps, error);
    }
  }
  const document = await readBack(kind, datasource, docNo, () => ({ ...composedDocument(input, { docNo, status: target, rawStatus: null }) }));
  return { document, steps };
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
): Promise<CompositeOutcome> {
  let settled: CompositeOutcome | undefined;
  try {
    settled = await settleByReference(kind, datasource, composite, reference, target, cause, program);
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
): Promise<CompositeOutcome | undefined> {
  const found = await datasource.findByReference(kind, reference);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    const numbers = found.map((document) => document.docNo).join(', ');
    throw new OutcomeUnknownError(`${found.length} ${kind.type} documents carry reference ${reference} (${numbers}); an operator must decide`, [
      { ...step(kind, datasource, 'list', null, 'FAILED'), message: `several documents under ${reference}: ${numbers}` },
    ]);
  }
  const [document] = found;
  const landed = step(kind, datasource, composite, document.docNo, document.status === target ? 'DONE' : 'FAILED', undefined, program);
  if (document.status === target) {
    const [full] = await datasource.read(kind, [document.docNo]);
    return { document: full ?? document, steps: [landed] };
  }
  return compensate(kind, datasource, document.docNo, [landed], cause ?? new Error(`an earlier attempt left ${document.docNo} in ${document.status}`));
}
