import type { Pool } from 'pg';
import { openMigratedPool } from '../postgres';
import type { Claim, IdempotencyStore } from './store';

/**
 * Idempotency records in PostgreSQL (`pg`), for several gateway instances behind one load balancer: a claim is one
 * `INSERT … ON CONFLICT DO NOTHING` in a transaction that locks the row it finds (`FOR UPDATE`), so two instances
 * receiving one key at once cannot both win. The table is created at start (the migration is idempotent). With
 * several instances a key in progress may belong to a live one: only keys in progress for longer than
 * `abandonAfterMs` count as abandoned on start.
 */
export class PgIdempotencyStore implements IdempotencyStore {
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly ttlHours: number,
    private readonly abandonAfterMs: number,
  ) {
    this.table = `"${schema}".idempotency`;
  }

  static async open(options: { url: string; schema?: string; ttlHours?: number; abandonAfterMs?: number }): Promise<PgIdempotencyStore> {
    const schema = options.schema ?? 'gateway';
    const pool = await openMigratedPool(options.url, schema, [
      `CREATE TABLE IF NOT EXISTS "${schema}".idempotency (
        key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
        response JSONB, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`,
    ]);
    return new PgIdempotencyStore(pool, schema, options.ttlHours ?? 24, options.abandonAfterMs ?? 10 * 60_000);
  }

  async claim(key: string, fingerprint: string, now: Date): Promise<Claim> {
    const expired = new Date(now.getTime() - this.ttlHours * 3_600_000);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Only an answered record expires: a key in progress or released still guards a retry.
      await client.query(`DELETE FROM ${this.table} WHERE key = $1 AND state = 'completed' AND updated_at < $2`, [key, expired]);
      const inserted = await client.query(
        `INSERT INTO ${this.table} (key, fingerprint, state, created_at, updated_at) VALUES ($1, $2, 'in_progress', $3, $3) ON CONFLICT (key) DO NOTHING`,
        [key, fingerprint, now],
      );
      let claim: Claim;
      if (inserted.rowCount === 1) {
        claim = { state: 'claimed', retry: false };
      } else {
        const { rows } = await client.query<{ fingerprint: string; state: string; response: unknown }>(`SELECT fingerprint, state, response FROM ${this.table} WHERE key = $1 FOR UPDATE`, [key]);
        const row = rows[0];
        if (!row) claim = { state: 'in_progress' }; // deleted between the two statements by another claim: wait and ask again
        else if (row.fingerprint !== fingerprint) claim = { state: 'conflict' };
        else if (row.state === 'completed') claim = { state: 'completed', response: row.response };
        else if (row.state === 'released') {
          await client.query(`UPDATE ${this.table} SET state = 'in_progress', updated_at = $2 WHERE key = $1`, [key, now]);
          claim = { state: 'claimed', retry: true };
        } else claim = { state: 'in_progress' };
      }
      await client.query('COMMIT');
      return claim;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async complete(key: string, response: unknown, now: Date): Promise<void> {
    await this.pool.query(`UPDATE ${this.table} SET state = 'completed', response = $2, updated_at = $3 WHERE key = $1`, [key, JSON.stringify(response), now]);
  }

  async release(key: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.table} SET state = 'released', updated_at = now() WHERE key = $1 AND state = 'in_progress'`, [key]);
  }

  async releaseAbandoned(keep: readonly string[]): Promise<number> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET state = 'released', updated_at = now() WHERE state = 'in_progress' AND updated_at < $1 AND NOT (key = ANY($2::text[]))`,
      [new Date(Date.now() - this.abandonAfterMs), [...keep]],
    );
    return result.rowCount ?? 0;
  }

  async hold(key: string): Promise<boolean> {
    const result = await this.pool.query(`UPDATE ${this.table} SET state = 'in_progress', updated_at = now() WHERE key = $1 AND state = 'released'`, [key]);
    return result.rowCount === 1;
  }

  async prune(now: Date): Promise<number> {
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE state = 'completed' AND updated_at < $1`, [new Date(now.getTime() - this.ttlHours * 3_600_000)]);
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
