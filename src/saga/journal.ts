/**
 * The saga journal (design §2, issue 9): every composite run is a row, written before its first ERP call and after
 * every call, so a gateway that dies mid-way leaves a record the next start drives to its end. SQLite in the data
 * directory (better-sqlite3: synchronous and transactional, nothing to install), beside the idempotency records.
 */
import type Database from 'better-sqlite3';
import { openGatewayDatabase } from '../idempotency/sqlite-store';
import type { CanonicalInput } from '../catalog/canonical';
import type { Composite } from '../catalog/types';
import type { SagaStepReport } from '../errors';

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
}

interface Row {
  id: number;
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
  started_at: string;
  updated_at: string;
}

function toRecord(row: Row): SagaRecord {
  return {
    id: row.id,
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
  };
}

export interface SagaUpdate {
  readonly state?: SagaState;
  readonly steps?: readonly SagaStepReport[];
  readonly docNo?: string | null;
  readonly message?: string | null;
  readonly resolution?: SagaAction | null;
}

export class SqliteSagaJournal {
  private readonly db: Database.Database;

  constructor(dataDir: string, private readonly now: () => Date = () => new Date()) {
    this.db = openGatewayDatabase(dataDir);
    this.db.exec(`CREATE TABLE IF NOT EXISTS sagas (
      id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, connection TEXT NOT NULL, composite TEXT NOT NULL,
      reference TEXT NOT NULL, idempotency_key TEXT, input TEXT, doc_no TEXT, state TEXT NOT NULL,
      steps TEXT NOT NULL DEFAULT '[]', message TEXT, resolution TEXT, started_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS sagas_state ON sagas (state, id);`);
    // Journals written before store keys existed gain the column (migration).
    const columns = this.db.prepare('PRAGMA table_info(sagas)').all() as { name: string }[];
    if (!columns.some((column) => column.name === 'store_key')) this.db.exec('ALTER TABLE sagas ADD COLUMN store_key TEXT');
  }

  begin(start: SagaStart): SagaRecord {
    const stamp = this.now().toISOString();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO sagas (type, connection, composite, reference, idempotency_key, store_key, input, doc_no, state, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?)`,
      )
      .run(start.type, start.connection, start.composite, start.reference, start.idempotencyKey, start.storeKey, start.input === null ? null : JSON.stringify(start.input), start.docNo, stamp, stamp);
    return this.get(Number(lastInsertRowid))!;
  }

  update(id: number, update: SagaUpdate): void {
    const sets: string[] = ['updated_at = ?'];
    const values: unknown[] = [this.now().toISOString()];
    if (update.state !== undefined) sets.push('state = ?') && values.push(update.state);
    if (update.steps !== undefined) sets.push('steps = ?') && values.push(JSON.stringify(update.steps));
    if (update.docNo !== undefined) sets.push('doc_no = ?') && values.push(update.docNo);
    if (update.message !== undefined) sets.push('message = ?') && values.push(update.message);
    if (update.resolution !== undefined) sets.push('resolution = ?') && values.push(update.resolution);
    this.db.prepare(`UPDATE sagas SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  /**
   * Move a saga from one of `from` to `to` in one statement: of two callers (a restart's recovery and an operator)
   * only one wins, so a saga is never driven twice at once.
   */
  take(id: number, from: readonly SagaState[], to: SagaState, resolution?: SagaAction, message?: string): boolean {
    const marks = from.map(() => '?').join(', ');
    return (
      this.db
        .prepare(`UPDATE sagas SET state = ?, updated_at = ?, resolution = coalesce(?, resolution), message = coalesce(?, message) WHERE id = ? AND state IN (${marks})`)
        .run(to, this.now().toISOString(), resolution ?? null, message ?? null, id, ...from).changes === 1
    );
  }

  /**
   * A new run under the same reference (a client's retry with the same key) takes over from earlier runs that
   * stopped: they are SUPERSEDED, so no operator acts on a document the new run owns.
   */
  supersede(reference: string, by: number): number {
    return this.db
      .prepare(`UPDATE sagas SET state = 'SUPERSEDED', message = ?, updated_at = ? WHERE reference = ? AND id < ? AND state IN ('NEEDS_ATTENTION', 'FAILED')`)
      .run(`Taken over by saga ${by}, a retry under the same idempotency key`, this.now().toISOString(), reference, by).changes;
  }

  get(id: number): SagaRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sagas WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Newest first; `before` is the id of the last saga of the previous page. */
  list(state: SagaState | null, limit: number, before: number | null): SagaRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM sagas WHERE (? IS NULL OR state = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`)
      .all(state, state, before, before, limit) as Row[];
    return rows.map(toRecord);
  }

  /** Whether any saga under this reference sent `action` to the ERP (journaled PENDING, or answered DONE). */
  stepSent(reference: string, action: string): boolean {
    const rows = this.db.prepare(`SELECT steps FROM sagas WHERE reference = ?`).all(reference) as { steps: string }[];
    return rows.some((row) => (JSON.parse(row.steps) as { action: string; outcome: string }[]).some((step) => step.action === action && (step.outcome === 'PENDING' || step.outcome === 'DONE')));
  }

  /** Whether a saga of this idempotency record waits for an operator (its document may be half-done). */
  needsAttention(storeKey: string): boolean {
    return this.db.prepare(`SELECT 1 FROM sagas WHERE store_key = ? AND state = 'NEEDS_ATTENTION' LIMIT 1`).get(storeKey) !== undefined;
  }

  unfinished(): SagaRecord[] {
    return (this.db.prepare(`SELECT * FROM sagas WHERE state = 'RUNNING' ORDER BY id`).all() as Row[]).map(toRecord);
  }

  close(): void {
    this.db.close();
  }
}
