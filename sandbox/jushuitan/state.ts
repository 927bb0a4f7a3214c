/**
 * The Jushuitan sandbox's persistent state in SQLite (better-sqlite3, WAL): the inventory counts (each the full
 * wire record, plus the columns the query filters and sorts on), issued tokens, and a log of every call.
 */
import { randomBytes } from 'node:crypto';
import { SandboxStore, type CallLogColumns } from '../common/sqlite';

/** A count as stored: the wire record (JSON numbers), its filter columns. */
export interface StoredCount {
  readonly ioId: number;
  readonly status: string;
  /** `yyyy-MM-dd HH:mm:ss`, the sandbox's local time: sorts as text. */
  readonly modified: string;
  readonly record: Record<string, unknown>;
}

export interface CountFilter {
  readonly status?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly ioIds?: readonly number[];
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: number;
}

const CALLS: CallLogColumns = { name: 'path' };

export class JushuitanState extends SandboxStore {
  constructor(dataDir: string, file: string) {
    super(
      dataDir,
      file,
      `
      CREATE TABLE IF NOT EXISTS counts (io_id INTEGER PRIMARY KEY, status TEXT NOT NULL, modified TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS counts_modified ON counts (modified, io_id);
      CREATE TABLE IF NOT EXISTS tokens (access_token TEXT PRIMARY KEY, refresh_token TEXT NOT NULL UNIQUE, app_key TEXT NOT NULL, expires_at INTEGER NOT NULL);
    `,
      CALLS,
    );
  }

  /** Seeds once: the first start's counts stay, whatever the clock says later. */
  seedIfEmpty(make: () => readonly StoredCount[], at: Date): boolean {
    if (this.sql('SELECT value FROM meta WHERE name = ?').get('seeded_at')) return false;
    const insert = this.sql('INSERT OR REPLACE INTO counts (io_id, status, modified, record) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const count of make()) insert.run(count.ioId, count.status, count.modified, JSON.stringify(count.record));
      this.sql('INSERT INTO meta (name, value) VALUES (?, ?)').run('seeded_at', at.toISOString());
    })();
    return true;
  }

  private where(filter: CountFilter): { clause: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (filter.status !== undefined) {
      parts.push('status = ?');
      params.push(filter.status);
    }
    if (filter.begin !== undefined && filter.end !== undefined) {
      parts.push('modified >= ? AND modified <= ?');
      params.push(filter.begin, filter.end);
    }
    if (filter.ioIds !== undefined) {
      parts.push(`io_id IN (${filter.ioIds.map(() => '?').join(',') || 'NULL'})`);
      params.push(...filter.ioIds);
    }
    return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  /** One page, sorted by modified then io_id (stable), and the total that matches. */
  queryCounts(filter: CountFilter, offset: number, limit: number): { total: number; rows: StoredCount[] } {
    const { clause, params } = this.where(filter);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM counts ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT io_id, status, modified, record FROM counts ${clause} ORDER BY modified, io_id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as { io_id: number; status: string; modified: string; record: string }[];
    return { total, rows: rows.map((row) => ({ ioId: row.io_id, status: row.status, modified: row.modified, record: JSON.parse(row.record) as Record<string, unknown> })) };
  }

  allCounts(): StoredCount[] {
    return this.queryCounts({}, 0, 1_000_000).rows;
  }

  issueToken(appKey: string, ttlSeconds: number, now: Date): IssuedToken {
    const token: IssuedToken = { accessToken: randomBytes(16).toString('hex'), refreshToken: randomBytes(16).toString('hex'), expiresAt: now.getTime() + ttlSeconds * 1000 };
    this.sql('INSERT INTO tokens (access_token, refresh_token, app_key, expires_at) VALUES (?, ?, ?, ?)').run(token.accessToken, token.refreshToken, appKey, token.expiresAt);
    return token;
  }

  /** An issued token of this app, still live. */
  tokenValid(appKey: string, accessToken: string, now: Date): boolean {
    const row = this.sql('SELECT expires_at FROM tokens WHERE access_token = ? AND app_key = ?').get(accessToken, appKey) as { expires_at: number } | undefined;
    return row !== undefined && row.expires_at > now.getTime();
  }

  /** A refresh rotates both tokens: the old pair stops working. Undefined when the refresh token is unknown. */
  rotate(appKey: string, refreshToken: string, ttlSeconds: number, now: Date): IssuedToken | undefined {
    return this.db.transaction(() => {
      const gone = this.sql('DELETE FROM tokens WHERE refresh_token = ? AND app_key = ?').run(refreshToken, appKey);
      return gone.changes === 1 ? this.issueToken(appKey, ttlSeconds, now) : undefined;
    })();
  }

  logCall(pathName: string, code: string, at: Date): void {
    this.calls.log(pathName, code, at);
  }

  /** Calls answered by a route (any outcome), by path (all when omitted). */
  callCount(pathName?: string): number {
    return this.calls.count(pathName);
  }
}
