/**
 * The sync ledger (protocols/others.md §5 step 3, first layer): one row per source record carried to a target,
 * claimed with a lease before anything is sent and marked DONE with the target's number after. A DONE row, or a
 * claim whose lease has not run out, means "someone has it": a re-run or a concurrent run skips it. Retention
 * never prunes it (design §2). SQLite, in the gateway's own file; a claim is one transaction, so two runs in this
 * process (or two processes on one data directory's file) cannot both win one key.
 */
import type Database from 'better-sqlite3';
import { openGatewayDatabase } from '../idempotency/sqlite-store';

export interface LedgerKey {
  /** Target connection, target form (STK_MisDelivery), source connection, source record id (io_id). */
  readonly target: string;
  readonly form: string;
  readonly source: string;
  readonly sourceId: string;
}

export interface SyncLedger {
  /** Claims what it can: the keys now held by this run (a DONE key or a live claim of another run is not). */
  claim(keys: readonly LedgerKey[], owner: string, now: Date, leaseMs: number): LedgerKey[];
  done(key: LedgerKey, docNo: string, now: Date): void;
  /** Gives a claim back (the record was refused or could not be sent): the next run takes it again. */
  release(key: LedgerKey, owner: string): void;
  get(key: LedgerKey): { state: 'CLAIMED' | 'DONE'; docNo: string | null } | undefined;
  close(): void;
}

export class SqliteSyncLedger implements SyncLedger {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = openGatewayDatabase(dataDir);
    this.db.exec(`CREATE TABLE IF NOT EXISTS sync_ledger (
      target TEXT NOT NULL, form TEXT NOT NULL, source TEXT NOT NULL, source_id TEXT NOT NULL,
      state TEXT NOT NULL, owner TEXT, lease_until TEXT, doc_no TEXT, updated_at TEXT NOT NULL,
      PRIMARY KEY (target, form, source, source_id))`);
  }

  claim(keys: readonly LedgerKey[], owner: string, now: Date, leaseMs: number): LedgerKey[] {
    const stamp = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO sync_ledger (target, form, source, source_id, state, owner, lease_until, updated_at) VALUES (?, ?, ?, ?, 'CLAIMED', ?, ?, ?)`,
    );
    // A claim whose lease ran out (its run died) is taken over; a DONE row never is.
    const takeOver = this.db.prepare(
      `UPDATE sync_ledger SET owner = ?, lease_until = ?, updated_at = ? WHERE target = ? AND form = ? AND source = ? AND source_id = ? AND state = 'CLAIMED' AND lease_until < ?`,
    );
    return this.db.transaction((): LedgerKey[] =>
      keys.filter((key) => {
        const args = [key.target, key.form, key.source, key.sourceId] as const;
        if (insert.run(...args, owner, until, stamp).changes === 1) return true;
        return takeOver.run(owner, until, stamp, ...args, stamp).changes === 1;
      }),
    )();
  }

  done(key: LedgerKey, docNo: string, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO sync_ledger (target, form, source, source_id, state, doc_no, updated_at) VALUES (?, ?, ?, ?, 'DONE', ?, ?)
         ON CONFLICT (target, form, source, source_id) DO UPDATE SET state = 'DONE', doc_no = excluded.doc_no, owner = NULL, lease_until = NULL, updated_at = excluded.updated_at`,
      )
      .run(key.target, key.form, key.source, key.sourceId, docNo, now.toISOString());
  }

  release(key: LedgerKey, owner: string): void {
    this.db
      .prepare(`DELETE FROM sync_ledger WHERE target = ? AND form = ? AND source = ? AND source_id = ? AND state = 'CLAIMED' AND owner = ?`)
      .run(key.target, key.form, key.source, key.sourceId, owner);
  }

  get(key: LedgerKey): { state: 'CLAIMED' | 'DONE'; docNo: string | null } | undefined {
    const row = this.db
      .prepare(`SELECT state, doc_no FROM sync_ledger WHERE target = ? AND form = ? AND source = ? AND source_id = ?`)
      .get(key.target, key.form, key.source, key.sourceId) as { state: 'CLAIMED' | 'DONE'; doc_no: string | null } | undefined;
    return row ? { state: row.state, docNo: row.doc_no } : undefined;
  }

  close(): void {
    this.db.close();
  }
}
