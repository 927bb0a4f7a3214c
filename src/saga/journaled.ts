/**
 * Composite runs under the saga journal: every ERP call a saga makes is journaled before it is sent (PENDING) and
 * after it is answered (DONE / FAILED), through a datasource that records as it forwards. A saga ends COMPLETED,
 * COMPENSATED, FAILED (stopped before the ERP changed anything), NEEDS_ATTENTION (something may be half-done) or
 * SUPERSEDED (a same-key retry took over).
 * On start, and then every third of the lease (superviseSagas), every saga still RUNNING whose lease ran out — its
 * gateway died mid-way — is claimed and driven again from what the ERP holds (settled by its reference); one whose
 * ERP is unavailable is put off and tried again on a schedule (recoveryDelayMs), and operators act on the ones that
 * need attention with resolveSaga.
 */
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/metrics';
import { documentKind } from '../catalog';
import type { CanonicalInput } from '../catalog/canonical';
import type { Action, Composite, DocumentKind } from '../catalog/types';
import { BadUserInputError, CompensatedError, CompensationFailedError, GatewayError, OutcomeUnknownError, UpstreamUnavailableError, type SagaStepReport } from '../errors';
import type { IdempotencyStore } from '../idempotency/store';
import type { ErpDatasource } from '../../datasources/types';
import { apiOf, messageOf, runCreateComposite, runReverse, type CompositeOutcome } from './composite';
import { DEFAULT_LEASE_MS, SagaTakenOverError, stepSentIn, type ClaimedSaga, type SagaAction, type SagaJournal, type SagaRecord, type SagaStart, type SagaState } from './journal';

/** What the journal (read by operators through the API) keeps of an error: a gateway error's own words, nothing internal. */
function journalMessage(error: unknown, logger: Logger, saga: number): string {
  if (error instanceof GatewayError) return error.message;
  logger.error({ saga, err: { message: messageOf(error), name: (error as Error)?.name } }, 'unexpected error in a saga');
  return 'Internal gateway error; it has been logged.';
}

/** Whether this instance still owns the saga it drives; once lost (another instance took it over), it stays lost. */
interface Ownership {
  lost: boolean;
  /** The call this instance was about to send, or had sent, when it found out. */
  api: string;
}

/**
 * A datasource that journals each write call of one saga before and after it reaches the ERP. The PENDING write is
 * awaited before the call is sent: a call the journal does not know of is never sent, and an instance whose saga
 * was taken over (the write is refused) sends nothing more for it.
 */
function journaling(datasource: ErpDatasource, journal: SagaJournal, id: number, calls: SagaStepReport[], logger: Logger, ownership: Ownership): ErpDatasource {
  const record = async <T extends { docNo?: string }>(
    kind: DocumentKind,
    action: Action | Composite,
    args: { docNo?: string; program?: string | null; input?: CanonicalInput },
    call: () => Promise<T>,
  ): Promise<T> => {
    // Named as the payload's steps name it: the row of the document's program, where rows differ per program.
    const program = args.program ?? (typeof args.input?.program === 'string' ? args.input.program : null);
    const api = apiOf(kind, datasource, action, program);
    const docNo = args.docNo ?? null;
    // A write the journal refuses (another instance owns the saga) or cannot take (its database is down) stops this
    // run before its next ERP call: nothing is sent that the journal does not know of, and a call the ERP already
    // answered is not taken for a failure (which the composite would undo). Recovery settles it from the ERP.
    const write = async (update: Parameters<SagaJournal['update']>[1]): Promise<boolean> => {
      let written = false;
      try {
        written = await journal.update(id, update);
      } catch (error) {
        logger.error({ saga: id, err: { message: messageOf(error) } }, 'the saga journal could not be written; the saga stops before its next ERP call');
      }
      if (!written && !ownership.lost) Object.assign(ownership, { lost: true, api });
      return written;
    };
    if (ownership.lost) throw new SagaTakenOverError(id, datasource.connection, api);
    const index = calls.push({ action, api, docNo, outcome: 'PENDING' }) - 1;
    if (!(await write({ steps: calls }))) throw new SagaTakenOverError(id, datasource.connection, api);
    let result: T;
    try {
      result = await call();
    } catch (error) {
      calls[index] = { action, api, docNo, outcome: 'FAILED', message: journalMessage(error, logger, id) };
      await write({ steps: calls });
      throw error;
    }
    calls[index] = { action, api, docNo: result.docNo || docNo, outcome: 'DONE' };
    await write({ steps: calls, ...(result.docNo ? { docNo: result.docNo } : {}) });
    return result;
  };
  const proxy = Object.create(datasource) as ErpDatasource;
  Object.defineProperty(proxy, 'execute', {
    value: (kind: DocumentKind, action: Parameters<ErpDatasource['execute']>[1], args: Parameters<ErpDatasource['execute']>[2]) =>
      record(kind, action, args, () => datasource.execute(kind, action, args)),
  });
  Object.defineProperty(proxy, 'executeCustomized', {
    value: (kind: DocumentKind, composite: Parameters<ErpDatasource['executeCustomized']>[1], args: Parameters<ErpDatasource['executeCustomized']>[2]) =>
      record(kind, composite, args, () => datasource.executeCustomized(kind, composite, args)),
  });
  return proxy;
}

/** Where a saga that threw stands: rolled back, stopped cleanly, or possibly half-done. */
function stateAfter(error: unknown, calls: readonly SagaStepReport[], thisRun: readonly SagaStepReport[]): { state: SagaState; steps: readonly SagaStepReport[] } {
  if (error instanceof CompensatedError) return { state: 'COMPENSATED', steps: error.steps };
  const reported = error instanceof GatewayError && error.partialSteps ? error.partialSteps : thisRun;
  if (error instanceof CompensationFailedError || error instanceof OutcomeUnknownError) return { state: 'NEEDS_ATTENTION', steps: reported };
  // A call that may have landed (no answer), or one that did land before the stop: the ERP may hold half the work.
  const changed = calls.some((call) => call.outcome === 'DONE');
  const unanswered = error instanceof UpstreamUnavailableError && calls.some((call) => call.outcome === 'FAILED');
  return { state: changed || unanswered ? 'NEEDS_ATTENTION' : 'FAILED', steps: reported };
}

/** How recovery retries a saga whose ERP is unavailable (config `sagaTakeoverSeconds`, `sagaRecoveryAttempts`). */
export interface SagaRecoveryPolicy {
  /** The wait after the first failed attempt (the takeover interval); doubled after each further one. */
  readonly retryAfterMs: number;
  /** Attempts before the saga is left to an operator (NEEDS_ATTENTION). */
  readonly attempts: number;
}

export const DEFAULT_RECOVERY: SagaRecoveryPolicy = { retryAfterMs: DEFAULT_LEASE_MS, attempts: 10 };

/** The longest wait between two recovery attempts, however many failed. */
export const MAX_RECOVERY_DELAY_MS = 600_000;

/**
 * The wait after failed recovery attempt `attempt` (1, 2, …): `retryAfterMs × 2^(attempt-1)`, at most 10 minutes,
 * then spread by ±20 % (`jitter` in [0, 1)) so that sagas an outage stopped together are not all tried again at once.
 */
export function recoveryDelayMs(attempt: number, retryAfterMs: number, jitter: number): number {
  const base = Math.min(MAX_RECOVERY_DELAY_MS, retryAfterMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(Math.min(MAX_RECOVERY_DELAY_MS, base * (0.8 + 0.4 * jitter)));
}

/**
 * An outage (no answer, a timeout, an open circuit), which a later attempt may get past: recovery settles by the
 * saga's reference, so trying again never sends twice. Not a takeover (the saga is another instance's), not an ERP's
 * "no" or a failed compensation (an operator must look).
 */
function outage(error: unknown): error is UpstreamUnavailableError {
  return error instanceof UpstreamUnavailableError && !(error instanceof SagaTakenOverError);
}

/** The saga journal and what a saga run needs from the gateway. */
export interface SagaRuntime {
  readonly journal: SagaJournal;
  /** Saga outcomes are counted here (gateway_sagas_total), where there is one. */
  readonly metrics?: GatewayMetrics;
  readonly datasources: ReadonlyMap<string, ErpDatasource>;
  readonly idempotency: IdempotencyStore;
  readonly logger: Logger;
  /** How recovery retries a saga whose ERP is unavailable (default DEFAULT_RECOVERY). */
  readonly recovery?: SagaRecoveryPolicy;
}

/**
 * Run a saga through the journaling datasource and journal its end. `recovering`: an outage does not end it — its
 * steps are journaled and it stays RUNNING for recoverSaga to put off (or, out of attempts, leave to an operator).
 */
async function drive(
  runtime: SagaRuntime,
  saga: SagaRecord,
  datasource: ErpDatasource,
  run: (datasource: ErpDatasource) => Promise<CompositeOutcome>,
  done: SagaState = 'COMPLETED',
  recovering = false,
): Promise<CompositeOutcome> {
  const { journal } = runtime;
  const calls: SagaStepReport[] = [...saga.steps];
  const ownership: Ownership = { lost: false, api: '' };
  const driving = drivingBy(journal);
  driving.enter(saga.id);
  try {
    const outcome = await run(journaling(datasource, journal, saga.id, calls, runtime.logger, ownership));
    // A saga taken up again keeps the journal of its earlier run (PENDING where that run died) before this one's.
    const written = await journal
      .update(saga.id, { state: done, steps: [...saga.steps, ...outcome.steps], docNo: outcome.document.docNo, message: null })
      .catch(() => false);
    if (!written) {
      // Taken over (or the journal down) after its last call: the ERP holds what this run did, and whoever drives the
      // saga next settles the same from it — and answers the client's same-key retry, and releases the key.
      runtime.logger.warn({ saga: saga.id, instance: journal.instance }, 'saga finished, but its end could not be journaled by this instance');
      throw new SagaTakenOverError(saga.id, datasource.connection, ownership.api || 'journal');
    }
    runtime.metrics?.sagaOutcomes.inc({ document: saga.type, composite: saga.composite, state: done });
    return outcome;
  } catch (error) {
    if (error instanceof SagaTakenOverError) throw error;
    // Whatever the composite made of the refused call, the saga is another instance's now: it journals the end.
    if (ownership.lost) {
      runtime.logger.warn({ saga: saga.id, instance: journal.instance }, 'saga taken over by another instance; this one stopped before its next ERP call');
      throw new SagaTakenOverError(saga.id, datasource.connection, ownership.api);
    }
    if (recovering && outage(error)) {
      const reported = error.partialSteps ?? calls.slice(saga.steps.length);
      const kept = await journal.update(saga.id, { steps: [...saga.steps, ...reported], message: journalMessage(error, runtime.logger, saga.id) }).catch(() => false);
      if (!kept) throw new SagaTakenOverError(saga.id, datasource.connection, ownership.api || 'journal');
      throw error;
    }
    const { state, steps } = stateAfter(error, calls, calls.slice(saga.steps.length));
    // The document a failed run left (a customized call that created it and then failed), where the error names it.
    const detail = error instanceof GatewayError ? error.extensions() : {};
    const docNo = typeof detail.docNo === 'string' && detail.docNo ? detail.docNo : (steps.find((step) => step.docNo)?.docNo ?? undefined);
    const ended = await journal
      .update(saga.id, { state, steps: [...saga.steps, ...steps], message: journalMessage(error, runtime.logger, saga.id), ...(docNo && !saga.docNo ? { docNo } : {}) })
      .catch(() => false);
    // Not journaled by this instance: the saga is another's (or waits for recovery), which answers for its key.
    if (!ended) throw new SagaTakenOverError(saga.id, datasource.connection, ownership.api || 'journal');
    runtime.metrics?.sagaOutcomes.inc({ document: saga.type, composite: saga.composite, state });
    throw error;
  } finally {
    driving.leave(saga.id);
  }
}

/**
 * The sagas each journal's instance is driving right now — an operator's decision from the moment it takes the saga,
 * a run from its first step: its heartbeat renews only these, and its own sweep never claims them. Counted, so one
 * run ending does not unmark a saga another part of the same instance still holds.
 */
class Driving {
  private readonly counts = new Map<number, number>();

  enter(id: number): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  leave(id: number): void {
    const count = (this.counts.get(id) ?? 0) - 1;
    if (count > 0) this.counts.set(id, count);
    else this.counts.delete(id);
  }

  get size(): number {
    return this.counts.size;
  }

  ids(): number[] {
    return [...this.counts.keys()];
  }
}

const drivingSets = new WeakMap<SagaJournal, Driving>();

function drivingBy(journal: SagaJournal): Driving {
  let driving = drivingSets.get(journal);
  if (!driving) drivingSets.set(journal, (driving = new Driving()));
  return driving;
}

/** Run a composite as a journaled saga. */
export async function runSaga(runtime: SagaRuntime, start: SagaStart, datasource: ErpDatasource, run: (datasource: ErpDatasource) => Promise<CompositeOutcome>): Promise<CompositeOutcome> {
  const saga = await runtime.journal.begin(start);
  await runtime.journal.supersede(start.reference, saga.id);
  return drive(runtime, saga, datasource, run);
}

/**
 * The run that compensates a saga: reverse its document, as a retry (a delete its journal shows sent, on an ERP
 * without void, counts as done when the document is gone).
 */
function compensation(saga: SagaRecord, kind: DocumentKind, docNo: string): (datasource: ErpDatasource) => Promise<CompositeOutcome> {
  return (datasource) => runReverse(kind, datasource, docNo, saga.reference, { retry: true, deleteSent: stepSentIn(saga.steps, 'delete') });
}

/** The run that takes a saga up again: from the ERP's state, found by the saga's reference (a retry). */
function again(saga: SagaRecord, kind: DocumentKind): (datasource: ErpDatasource) => Promise<CompositeOutcome> {
  if (saga.composite === 'reverse') return compensation(saga, kind, saga.docNo ?? '');
  const composite = saga.composite;
  return (datasource) => runCreateComposite(kind, datasource, composite, { input: saga.input ?? {}, reference: saga.reference, retry: true });
}

function partsOf(runtime: SagaRuntime, saga: SagaRecord): { kind: DocumentKind; datasource: ErpDatasource } {
  const kind = documentKind(saga.type);
  const datasource = runtime.datasources.get(saga.connection);
  if (!kind || !datasource) throw new BadUserInputError('id', `Saga ${saga.id}: connection ${saga.connection} or type ${saga.type} is no longer configured`);
  return { kind, datasource };
}

/**
 * Drive one claimed saga to its end, then release its key — unless another instance took it over meanwhile (that one
 * releases it). An ERP outage puts the saga off instead: released to every instance with a lease that runs out after
 * the backoff, its key still held (a client's same-key retry waits rather than running it beside the schedule);
 * after `attempts` of them, it needs attention.
 */
async function recoverSaga(runtime: SagaRuntime, saga: ClaimedSaga): Promise<void> {
  const { journal, logger } = runtime;
  const policy = runtime.recovery ?? DEFAULT_RECOVERY;
  const about = { saga: saga.id, type: saga.type, composite: saga.composite, ...(saga.previousOwner && saga.previousOwner !== journal.instance ? { from: saga.previousOwner } : {}) };
  try {
    const { kind, datasource } = partsOf(runtime, saga);
    // An operator's COMPENSATE the stopped gateway was carrying out is finished as a compensation, not run forwards.
    if (saga.resolution === 'COMPENSATE' && saga.docNo) {
      await drive(runtime, saga, datasource, compensation(saga, kind, saga.docNo), 'COMPENSATED', true);
    } else {
      await drive(runtime, saga, datasource, again(saga, kind), 'COMPLETED', true);
    }
    logger.info(about, 'unfinished saga completed after a restart or a takeover');
  } catch (error) {
    if (error instanceof SagaTakenOverError) return;
    const attempt = saga.recoveryAttempts + 1;
    const unfinished = (await journal.get(saga.id))?.state === 'RUNNING';
    if (outage(error) && unfinished && attempt < policy.attempts) {
      const delayMs = recoveryDelayMs(attempt, policy.retryAfterMs, Math.random());
      const message = `${error.message} (recovery attempt ${attempt} of ${policy.attempts}; the next in ${(delayMs / 1000).toFixed(1)} s)`;
      // Not put off: another instance holds the saga now, and releases the key when it is done with it.
      if (!(await journal.postpone(saga.id, delayMs, message))) return;
      logger.warn({ ...about, attempt, retryInMs: delayMs, err: { message: error.message } }, 'unfinished saga put off: its ERP is unavailable');
      return;
    }
    if (unfinished) {
      const message = outage(error)
        ? `Recovery gave up after ${attempt} attempts with the ERP unavailable; the last: ${error.message}`
        : journalMessage(error, logger, saga.id);
      if (await journal.update(saga.id, { state: 'NEEDS_ATTENTION', message, ...(outage(error) ? { recoveryAttempts: attempt } : {}) })) {
        runtime.metrics?.sagaOutcomes.inc({ document: saga.type, composite: saga.composite, state: 'NEEDS_ATTENTION' });
      } else {
        return; // another instance holds the saga now, and releases the key when it is done with it
      }
    }
    logger.warn({ ...about, err: { message: messageOf(error) } }, 'unfinished saga could not be finished after a restart or a takeover');
  }
  // The client's retry now settles by reference; a retry that finds the saga unfinished supersedes it.
  if (saga.storeKey) await runtime.idempotency.release(saga.storeKey);
}

/**
 * Every saga left RUNNING by a gateway that stopped mid-way (its lease ran out; in SQLite, any left by the previous
 * process) is claimed, one at a time, and driven to its end from what the ERP holds; then its idempotency key is
 * released, so the client's retry settles by reference and answers what happened. Answers how many it took up.
 */
export async function recoverSagas(runtime: SagaRuntime, stop: { readonly stopped: boolean } = { stopped: false }): Promise<number> {
  let taken = 0;
  // One at a time: a saga is claimed when this instance is ready to drive it, never hoarded while others wait.
  // A gateway shutting down stops taking sagas up; the rest are taken over once their leases run out.
  while (!stop.stopped) {
    const [saga] = await runtime.journal.claim(1, drivingBy(runtime.journal).ids());
    if (!saga) break;
    taken += 1;
    await recoverSaga(runtime, saga);
  }
  return taken;
}

/**
 * While the gateway runs: renew the leases of the sagas this instance runs, and take over sagas whose instance
 * stopped, every `everyMs` (a third of the lease, so a crashed instance's sagas are taken up within one lease).
 * `stop()` ends both and waits for a takeover in hand.
 */
export function superviseSagas(runtime: SagaRuntime, everyMs: number, first: Promise<number>): { stopSweeping(): Promise<void>; stop(): Promise<void> } {
  const stop = { stopped: false };
  let sweeping: Promise<unknown> = first;
  let busy = true;
  void first
    .catch(() => 0)
    .finally(() => {
      busy = false;
    });
  const warn = (what: string) => (error: Error) => runtime.logger.warn({ err: { message: error.message } }, what);
  const heartbeat = setInterval(() => {
    const driving = drivingBy(runtime.journal);
    if (driving.size > 0) runtime.journal.renewLeases(driving.ids()).catch(warn('renewing saga leases failed'));
  }, everyMs);
  const sweeper = setInterval(() => {
    if (busy || stop.stopped) return;
    busy = true;
    sweeping = recoverSagas(runtime, stop)
      .catch(warn('taking over sagas failed'))
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  heartbeat.unref();
  sweeper.unref();
  const stopSweeping = async (): Promise<void> => {
    stop.stopped = true;
    clearInterval(sweeper);
    await sweeping.catch(() => undefined);
  };
  return {
    stopSweeping,
    async stop() {
      await stopSweeping();
      clearInterval(heartbeat);
    },
  };
}

/** resolveSaga: an operator's decision on a saga that needs attention. Answers the saga as it stands after it. */
export async function resolveSaga(runtime: SagaRuntime, id: number, action: SagaAction): Promise<{ saga: SagaRecord; error?: GatewayError }> {
  const { journal } = runtime;
  const saga = await journal.get(id);
  if (!saga) throw new BadUserInputError('id', `No saga ${id}`);
  const refuse = async (): Promise<never> => {
    throw new BadUserInputError('id', `Saga ${id} is ${(await journal.get(id))?.state ?? saga.state}; only a saga that needs attention can be resolved`);
  };
  if (action === 'MARK_RESOLVED') {
    // One statement: a crash cannot leave it half-decided.
    const message = `Marked resolved by an operator (was: ${saga.message ?? 'needs attention'})`;
    if (!(await journal.take(id, ['NEEDS_ATTENTION'], 'COMPLETED', 'MARK_RESOLVED', message))) await refuse();
    return { saga: (await journal.get(id))! };
  }
  // The decision is journaled with the state change, so a restart finishes it the way the operator chose.
  if (!(await journal.take(id, ['NEEDS_ATTENTION'], 'RUNNING', action))) await refuse();
  // Driven from here on: its lease is renewed while the lookup below runs, and this instance's sweep leaves it alone.
  const driving = drivingBy(journal);
  driving.enter(id);
  let held = false;
  let takenOver = false;
  try {
    // A client's retry under the same key waits while the operator's decision runs, rather than running beside it.
    held = saga.storeKey ? await runtime.idempotency.hold(saga.storeKey) : false;
    const { kind, datasource } = partsOf(runtime, saga);
    if (action === 'RETRY') {
      await drive(runtime, saga, datasource, again(saga, kind));
    } else {
      const found = saga.docNo ? [] : await datasource.findByReference(kind, saga.reference, saga.input ?? undefined);
      if (found.length > 1) {
        throw new BadUserInputError('action', `Saga ${id}: ${found.length} documents match its reference (${found.map((document) => document.docNo).join(', ')}); check them in the ERP, then MARK_RESOLVED`);
      }
      const docNo = saga.docNo ?? found[0]?.docNo;
      if (!docNo) throw new BadUserInputError('action', `Saga ${id} left no document to compensate`);
      if (!(await journal.update(id, { docNo }))) throw new SagaTakenOverError(id, datasource.connection, 'journal');
      await drive(runtime, { ...saga, docNo }, datasource, compensation(saga, kind, docNo), 'COMPENSATED');
    }
    return { saga: (await journal.get(id))! };
  } catch (error) {
    takenOver = error instanceof SagaTakenOverError;
    // The decision did not finish it: it still needs attention (whatever a failed run alone would have called it).
    const now = (await journal.get(id))?.state;
    if (now !== 'COMPLETED' && now !== 'COMPENSATED') await journal.update(id, { state: 'NEEDS_ATTENTION', message: journalMessage(error, runtime.logger, id) });
    if (error instanceof GatewayError) return { saga: (await journal.get(id))!, error };
    throw error;
  } finally {
    driving.leave(id);
    // A saga another instance took over is that instance's to release.
    if (held && saga.storeKey && !takenOver) await runtime.idempotency.release(saga.storeKey);
  }
}
