import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Claim, IdempotencyStore } from './store';

/**
 * The gateway's own SQLite file under the data directory (idempotency records and the saga journal share it), in
 * WAL mode with synchronous = NORMAL: a commit survives the process dying (what recovery is for); only a power cut
 * may lose the last ones.
 */
export function openGatewayDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'gateway.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * better-sqlite3: synchronous, transactional, nothing to install. A claim is one INSERT OR IGNORE, so two
 * concurrent requests with one key cannot both win (SQLite serialises writers).
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;

  constructor(dataDir: string, private readonly ttlHours = 24) {
    this.db = openGatewayDatabase(dataDir);
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
      response TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  }

  async claim(key: string, fingerprint: string, now: Date): Promise<Claim> {
    const stamp = now.toISOString();
    const expired = new Date(now.getTime() - this.ttlHours * 3_600_000).toISOString();
    return this.db.transaction((): Claim => {
      // Only an answered record expires: a key in progress or released still guards a retry (it may have reached the ERP).
      this.db.prepare(`DELETE FROM idempotency WHERE key = ? AND state = 'completed' AND updated_at < ?`).run(key, expired);
      const inserted = this.db
        .prepare(`INSERT OR IGNORE INTO idempotency (key, fingerprint, state, created_at, updated_at) VALUES (?, ?, 'in_progress', ?, ?)`)
        .run(key, fingerprint, stamp, stamp);
      if (inserted.changes === 1) return { state: 'claimed', retry: false };
      const row = this.db.prepare('SELECT fingerprint, state, response FROM idempotency WHERE key = ?').get(key) as {
        fingerprint: string;
        state: string;
        response: string | null;
      };
      if (row.fingerprint !== fingerprint) return { state: 'conflict' };
      if (row.state === 'completed') return { state: 'completed', response: JSON.parse(row.response ?? 'null') };
      if (row.state === 'released') {
        this.db.prepare(`UPDATE idempotency SET state = 'in_progress', updated_at = ? WHERE key = ?`).run(stamp, key);
        return { state: 'claimed', retry: true };
      }
      return { state: 'in_progress' };
    })();
  }

  async complete(key: string, response: unknown, now: Date): Promise<void> {
    this.db
      .prepare(`UPDATE idempotency SET state = 'completed', response = ?, updated_at = ? WHERE key = ?`)
      .run(JSON.stringify(response), now.toISOString(), key);
  }

  async release(key: string): Promise<void> {
    // Kept, not deleted: a retry must know an earlier attempt may have reached the ERP.
    this.db.prepare(`UPDATE idempotency SET state = 'released', updated_at = ? WHERE key = ? AND state = 'in_progress'`).run(new Date().toISOString(), key);
  }

  /**
   * On start: keys left in progress belong to a process that stopped (one gateway per data directory), so they are
   * released — the client's retry then settles by reference — except `keep`, the keys of sagas recovery still
   * drives (it releases them when done, so a retry cannot race it).
   */
  async releaseAbandoned(keep: readonly string[]): Promise<number> {
    const kept = new Set(keep);
    const abandoned = (this.db.prepare(`SELECT key FROM idempotency WHERE state = 'in_progress'`).all() as { key: string }[]).filter((row) => !kept.has(row.key));
    const release = this.db.prepare(`UPDATE idempotency SET state = 'released', updated_at = ? WHERE key = ? AND state = 'in_progress'`);
    const stamp = new Date().toISOString();
    this.db.transaction(() => abandoned.forEach((row) => release.run(stamp, row.key)))();
    return abandoned.length;
  }

  async hold(key: string): Promise<boolean> {
    return this.db.prepare(`UPDATE idempotency SET state = 'in_progress', updated_at = ? WHERE key = ? AND state = 'released'`).run(new Date().toISOString(), key).changes === 1;
  }

  /**
   * Drop answered records older than the retention. A key in progress or released is kept whatever its age: its
   * retry must still look the reference up rather than send the create again.
   */
  async prune(now: Date): Promise<number> {
    const expired = new Date(now.getTime() - this.ttlHours * 3_600_000).toISOString();
    return this.db.prepare(`DELETE FROM idempotency WHERE state = 'completed' AND updated_at < ?`).run(expired).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
