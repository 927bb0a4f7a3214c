/**
 * The saga journal (design §2, issue 9): every composite run is a row, written before its first ERP call and after
 * every call, so a gateway that dies mid-way leaves a record another run drives to its end. One interface, two
 * stores: SQLite in the data directory (src/saga/sqlite-journal.ts: one gateway per directory, nothing to install)
 * and PostgreSQL with DATABASE_URL (src/saga/pg-journal.ts: several instances share it and take over each other's
 * sagas).
 *
 * Ownership: each gateway process is an instance with its own id. A RUNNING saga names its owner and carries a
 * lease (`lease_until`) the owner renews while it runs the saga; a saga whose lease ran out belongs to no one
 * alive, and `claim` gives it to the instance that asks, atomically, so one saga is never driven by two instances.
 * Every write of a running saga is fenced by its owner: an instance that lost a saga stops before its next ERP call.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { CanonicalInput } from '../catalog/canonical';
import type { Composite } from '../catalog/types';
import { UpstreamUnavailableError, type SagaStepReport } from '../errors';

export const SAGA_STATES = ['RUNNING', 'COMPLETED', 'COMPENSATED', 'FAILED', 'NEEDS_ATTENTION', 'SUPERSEDED'] as const;
export type SagaState = (typeof SAGA_STATES)[number];

export const SAGA_ACTIONS = ['RETRY', 'COMPENSATE', 'MARK_RESOLVED'] as const;
export type SagaAction = (typeof SAGA_ACTIONS)[number];

/** The composite mutations a saga runs: the catalog's composites. */
export type SagaComposite = Composite;

export interface SagaStart {
  /** Document type (StockIn …). */
  readonly type: string;
  readonly connection: string;
  readonly composite: SagaComposite;
  /** The gateway reference the ERP stores with what the saga creates (source_no): how a restart finds it. */
  readonly reference: string;
  readonly idempotencyKey: string | null;
  /** The idempotency record's own key (the client's key scoped by who sent it): what recovery and operators hold and release. */
  readonly storeKey: string | null;
  /** The validated input of a create composite, to run it again after a crash. */
  readonly input: CanonicalInput | null;
  /** The document of a reverse, or the one a create made once it is known. */
  readonly docNo: string | null;
}

export interface SagaRecord extends SagaStart {
  readonly id: number;
  readonly state: SagaState;
  readonly steps: readonly SagaStepReport[];
  readonly message: string | null;
  /** The last operator action taken with resolveSaga. */
  readonly resolution: SagaAction | null;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  /** The instance that runs it (RUNNING), or the last one that did. */
  readonly owner: string | null;
  /** Until when its owner holds it (RUNNING only): past it, another instance may take it over. */
  readonly leaseUntil: Date | null;
  /** Recoveries put off because its ERP was unavailable (postpone), since it began or an operator last took it up. */
  readonly recoveryAttempts: number;
}

/** A journal row as both stores read it back (timestamps as ISO text in SQLite, as Date in PostgreSQL). */
export interface SagaRow {
  id: number | string;
  type: string;
  connection: string;
  composite: SagaComposite;
  reference: string;
  idempotency_key: string | null;
  store_key: string | null;
  input: string | null;
  doc_no: string | null;
  state: SagaState;
  steps: string;
  message: string | null;
  resolution: SagaAction | null;
  started_at: string | Date;
  updated_at: string | Date;
  owner: string | null;
  lease_until: string | Date | null;
  recovery_attempts: number | string;
}

export function toRecord(row: SagaRow): SagaRecord {
  return {
    id: Number(row.id),
    type: row.type,
    connection: row.connection,
    composite: row.composite,
    reference: row.reference,
    idempotencyKey: row.idempotency_key,
    storeKey: row.store_key,
    input: row.input === null ? null : (JSON.parse(row.input) as CanonicalInput),
    docNo: row.doc_no,
    state: row.state,
    steps: JSON.parse(row.steps) as SagaStepReport[],
    message: row.message,
    resolution: row.resolution,
    startedAt: new Date(row.started_at),
    updatedAt: new Date(row.updated_at),
    owner: row.owner,
    leaseUntil: row.lease_until === null ? null : new Date(row.lease_until),
    recoveryAttempts: Number(row.recovery_attempts ?? 0),
  };
}

/** A saga this instance claimed, and the instance that ran it before (null: none recorded, a journal from before owners). */
export interface ClaimedSaga extends SagaRecord {
  readonly previousOwner: string | null;
}

export interface SagaUpdate {
  readonly state?: SagaState;
  readonly steps?: readonly SagaStepReport[];
  readonly docNo?: string | null;
  readonly message?: string | null;
  readonly resolution?: SagaAction | null;
  readonly recoveryAttempts?: number;
}

/** The columns an update writes, and their values, in the order of SagaUpdate (both stores build their SET from it). */
export function updateColumns(update: SagaUpdate): [column: string, value: unknown][] {
  const columns: [string, unknown][] = [];
  if (update.state !== undefined) columns.push(['state', update.state]);
  if (update.steps !== undefined) columns.push(['steps', JSON.stringify(update.steps)]);
  if (update.docNo !== undefined) columns.push(['doc_no', update.docNo]);
  if (update.message !== undefined) columns.push(['message', update.message]);
  if (update.resolution !== undefined) columns.push(['resolution', update.resolution]);
  if (update.recoveryAttempts !== undefined) columns.push(['recovery_attempts', update.recoveryAttempts]);
  return columns;
}

/** Whether journaled steps show `action` sent to the ERP (journaled PENDING, or answered DONE). */
export function stepSentIn(steps: readonly Pick<SagaStepReport, 'action' | 'outcome'>[], action: string): boolean {
  return steps.some((step) => step.action === action && (step.outcome === 'PENDING' || step.outcome === 'DONE'));
}

/** The same, from a row's steps column as stored. */
export function stepsSent(steps: string, action: string): boolean {
  return stepSentIn(JSON.parse(steps) as SagaStepReport[], action);
}

export interface SagaJournalOptions {
  /** This gateway process (default: host, pid and a random suffix, so a restarted process is a new instance). */
  readonly instance?: string;
  /** How long a RUNNING saga's lease lasts past each renewal or write (config `sagaTakeoverSeconds`). */
  readonly leaseMs?: number;
  /** The clock of started_at / updated_at (tests). */
  readonly now?: () => Date;
}

export const DEFAULT_LEASE_MS = 30_000;

/** A new instance id per gateway process. */
export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** The journal every composite run writes to; one per gateway process (its instance). */
export interface SagaJournal {
  /** This gateway process: the owner of the sagas it begins, takes and claims. */
  readonly instance: string;
  /** A new RUNNING saga, owned by this instance under a fresh lease. */
  begin(start: SagaStart): Promise<SagaRecord>;
  /**
   * Record what a saga this instance owns did (and renew its lease while it stays RUNNING). False when the saga is
   * no longer this instance's: another took it over after the lease ran out, and this instance must stop.
   */
  update(id: number, update: SagaUpdate): Promise<boolean>;
  /**
   * Move a saga from one of `from` to `to` in one statement, this instance becoming its owner: of two callers (a
   * recovery and an operator, or two operators) only one wins, so a saga is never driven twice at once. Taken to
   * RUNNING (an operator's RETRY or COMPENSATE), its count of recovery attempts starts again.
   */
  take(id: number, from: readonly SagaState[], to: SagaState, resolution?: SagaAction, message?: string): Promise<boolean>;
  /**
   * A new run under the same reference (a client's retry with the same key) takes over from earlier runs that
   * stopped: they are SUPERSEDED, so no operator acts on a document the new run owns.
   */
  supersede(reference: string, by: number): Promise<number>;
  get(id: number): Promise<SagaRecord | undefined>;
  /** Newest first; `before` is the id of the last saga of the previous page. */
  list(state: SagaState | null, limit: number, before: number | null): Promise<SagaRecord[]>;
  /** Whether any saga under this reference sent `action` to the ERP (journaled PENDING, or answered DONE). */
  stepSent(reference: string, action: string): Promise<boolean>;
  /** Whether a saga of this idempotency record waits for an operator (its document may be half-done). */
  needsAttention(storeKey: string): Promise<boolean>;
  /** Every RUNNING saga, whoever runs it (their idempotency keys stay held at start). */
  unfinished(): Promise<SagaRecord[]>;
  /**
   * Up to `limit` RUNNING sagas whose lease ran out (their instance stopped), now owned by this one under a fresh
   * lease, oldest first: atomic, so two instances claiming at once never get the same saga. This instance's own are
   * claimed only when `driving` is given and does not hold them (a drive that ended without its last journal write);
   * without it, never (a saga it may still be driving must not be driven a second time beside it).
   */
  claim(limit: number, driving?: readonly number[]): Promise<ClaimedSaga[]>;
  /**
   * Put off a saga this instance owns whose recovery found its ERP unavailable: it stays RUNNING but is released
   * (owner null) with a lease that runs out in `delayMs`, so the first sweep after that, of any instance (this one
   * too), claims it again; one more recovery attempt is counted and `message` says why. False when the saga is no
   * longer this instance's.
   */
  postpone(id: number, delayMs: number, message: string): Promise<boolean>;
  /**
   * Renew the leases of the RUNNING sagas this instance owns (its heartbeat); how many. With `ids`, only those — the
   * sagas it is driving now — so a saga whose drive stopped without a journal write is not kept alive by a live process.
   */
  renewLeases(ids?: readonly number[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * This instance lost a saga it was running: its lease ran out (the instance stalled, or lost its database) and
 * another instance took it over. It sends nothing more for it; the new owner finishes it and releases the
 * idempotency key, so this one leaves the key as it is and its client retries later under the same key.
 */
export class SagaTakenOverError extends UpstreamUnavailableError {
  constructor(
    readonly saga: number,
    connection: string,
    api: string,
  ) {
    super('overloaded', connection, api, `saga ${saga} is no longer driven by this gateway instance (taken over, or its journal could not be written); retry with the same idempotency key`);
  }
}
