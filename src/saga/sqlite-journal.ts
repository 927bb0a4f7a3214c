/**
 * The saga journal in SQLite, in the data directory beside the idempotency records (better-sqlite3: synchronous
 * and transactional, nothing to install). One gateway per data directory: every saga RUNNING when the journal opens
 * belongs to a process that stopped, so opening expires their leases and the start's `claim` takes them all at once.
 */
import type Database from 'better-sqlite3';
import { openGatewayDatabase } from '../idempotency/sqlite-store';
import { DEFAULT_LEASE_MS, type ClaimedSaga, newInstanceId, stepsSent, toRecord, type SagaAction, type SagaJournal, type SagaJournalOptions, type SagaRecord, type SagaRow, type SagaStart, type SagaState, type SagaUpdate, updateColumns } from './journal';

export class SqliteSagaJournal implements SagaJournal {
  readonly instance: string;
  private readonly db: Database.Database;
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(dataDir: string, options: SagaJournalOptions = {}) {
    this.instance = options.instance ?? newInstanceId();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.now = options.now ?? (() => new Date());
    this.db = openGatewayDatabase(dataDir);
    this.db.exec(`CREATE TABLE IF NOT EXISTS sagas (
      id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, connection TEXT NOT NULL, composite TEXT NOT NULL,
      reference TEXT NOT NULL, idempotency_key TEXT, input TEXT, doc_no TEXT, state TEXT NOT NULL,
      steps TEXT NOT NULL DEFAULT '[]', message TEXT, resolution TEXT, started_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS sagas_state ON sagas (state, id);`);
    // Journals written before store keys, then before owners and leases, then before recovery attempts, gain the columns (migrations).
    const columns = new Set((this.db.prepare('PRAGMA table_info(sagas)').all() as { name: string }[]).map((column) => column.name));
    if (!columns.has('store_key')) this.db.exec('ALTER TABLE sagas ADD COLUMN store_key TEXT');
    if (!columns.has('owner')) this.db.exec('ALTER TABLE sagas ADD COLUMN owner TEXT');
    if (!columns.has('lease_until')) this.db.exec('ALTER TABLE sagas ADD COLUMN lease_until TEXT');
    if (!columns.has('recovery_attempts')) this.db.exec('ALTER TABLE sagas ADD COLUMN recovery_attempts INTEGER NOT NULL DEFAULT 0');
    this.db.exec(`CREATE INDEX IF NOT EXISTS sagas_reference ON sagas (reference);
      CREATE INDEX IF NOT EXISTS sagas_store_key ON sagas (store_key);`);
    this.db.prepare(`UPDATE sagas SET lease_until = NULL WHERE state = 'RUNNING'`).run();
  }

  private leaseFromNow(): string {
    return new Date(this.now().getTime() + this.leaseMs).toISOString();
  }

  async begin(start: SagaStart): Promise<SagaRecord> {
    const stamp = this.now().toISOString();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO sagas (type, connection, composite, reference, idempotency_key, store_key, input, doc_no, state, started_at, updated_at, owner, lease_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?)`,
      )
      .run(start.type, start.connection, start.composite, start.reference, start.idempotencyKey, start.storeKey, start.input === null ? null : JSON.stringify(start.input), start.docNo, stamp, stamp, this.instance, this.leaseFromNow());
    return (await this.get(Number(lastInsertRowid)))!;
  }

  async update(id: number, update: SagaUpdate): Promise<boolean> {
    const running = update.state === undefined || update.state === 'RUNNING';
    const sets: string[] = ['updated_at = ?', 'lease_until = ?'];
    const values: unknown[] = [this.now().toISOString(), running ? this.leaseFromNow() : null];
    for (const [column, value] of updateColumns(update)) {
      sets.push(`${column} = ?`);
      values.push(value);
    }
    return this.db.prepare(`UPDATE sagas SET ${sets.join(', ')} WHERE id = ? AND owner = ?`).run(...values, id, this.instance).changes === 1;
  }

  async take(id: number, from: readonly SagaState[], to: SagaState, resolution?: SagaAction, message?: string): Promise<boolean> {
    const marks = from.map(() => '?').join(', ');
    return (
      this.db
        .prepare(
          `UPDATE sagas SET state = ?, updated_at = ?, owner = ?, lease_until = ?, resolution = coalesce(?, resolution), message = coalesce(?, message),
             recovery_attempts = CASE WHEN ? THEN 0 ELSE recovery_attempts END
           WHERE id = ? AND state IN (${marks})`,
        )
        .run(to, this.now().toISOString(), this.instance, to === 'RUNNING' ? this.leaseFromNow() : null, resolution ?? null, message ?? null, to === 'RUNNING' ? 1 : 0, id, ...from).changes === 1
    );
  }

  async supersede(reference: string, by: number): Promise<number> {
    return this.db
      .prepare(`UPDATE sagas SET state = 'SUPERSEDED', message = ?, updated_at = ? WHERE reference = ? AND id < ? AND state IN ('NEEDS_ATTENTION', 'FAILED')`)
      .run(`Taken over by saga ${by}, a retry under the same idempotency key`, this.now().toISOString(), reference, by).changes;
  }

  async get(id: number): Promise<SagaRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM sagas WHERE id = ?').get(id) as SagaRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  async list(state: SagaState | null, limit: number, before: number | null): Promise<SagaRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM sagas WHERE (? IS NULL OR state = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`)
      .all(state, state, before, before, limit) as SagaRow[];
    return rows.map(toRecord);
  }

  async stepSent(reference: string, action: string): Promise<boolean> {
    const rows = this.db.prepare(`SELECT steps FROM sagas WHERE reference = ?`).all(reference) as { steps: string }[];
    return rows.some((row) => stepsSent(row.steps, action));
  }

  async needsAttention(storeKey: string): Promise<boolean> {
    return this.db.prepare(`SELECT 1 FROM sagas WHERE store_key = ? AND state = 'NEEDS_ATTENTION' LIMIT 1`).get(storeKey) !== undefined;
  }

  async unfinished(): Promise<SagaRecord[]> {
    return (this.db.prepare(`SELECT * FROM sagas WHERE state = 'RUNNING' ORDER BY id`).all() as SagaRow[]).map(toRecord);
  }

  async claim(limit: number, driving?: readonly number[]): Promise<ClaimedSaga[]> {
    const now = this.now().toISOString();
    // Its own only when not among those it drives (see the interface); ids are integers the journal gave out.
    // (An empty list is '1': `id NOT IN (NULL)` is never true, so nothing of its own would ever come back.)
    const own = driving === undefined ? '0' : driving.length === 0 ? '1' : `id NOT IN (${driving.map((id) => String(Math.trunc(id))).join(', ')})`;
    const pick = this.db.prepare(
      `SELECT id, owner FROM sagas WHERE state = 'RUNNING' AND (lease_until IS NULL OR lease_until < ?) AND (owner IS NULL OR owner <> ? OR ${own}) ORDER BY id LIMIT ?`,
    );
    const give = this.db.prepare(`UPDATE sagas SET owner = ?, lease_until = ?, updated_at = ? WHERE id = ? RETURNING *`);
    // One transaction: SQLite serialises writers, so two journals on one file never claim the same saga.
    return this.db.transaction(() =>
      (pick.all(now, this.instance, limit) as { id: number; owner: string | null }[]).map((picked) => ({
        ...toRecord(give.get(this.instance, this.leaseFromNow(), now, picked.id) as SagaRow),
        previousOwner: picked.owner,
      })),
    ).immediate();
  }

  async postpone(id: number, delayMs: number, message: string): Promise<boolean> {
    const now = this.now();
    return (
      this.db
        .prepare(
          `UPDATE sagas SET owner = NULL, lease_until = ?, updated_at = ?, message = ?, recovery_attempts = recovery_attempts + 1
           WHERE id = ? AND owner = ? AND state = 'RUNNING'`,
        )
        .run(new Date(now.getTime() + delayMs).toISOString(), now.toISOString(), message, id, this.instance).changes === 1
    );
  }

  async renewLeases(ids?: readonly number[]): Promise<number> {
    const only = ids === undefined ? '' : ` AND id IN (${ids.map((id) => String(Math.trunc(id))).join(', ') || 'NULL'})`;
    return this.db.prepare(`UPDATE sagas SET lease_until = ? WHERE owner = ? AND state = 'RUNNING'${only}`).run(this.leaseFromNow(), this.instance).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
