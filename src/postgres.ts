/**
 * What the gateway's PostgreSQL stores (idempotency records, saga journal) share: the schema-name rule, and a pool
 * opened on a schema whose tables are created or brought up to date first, one instance at a time.
 */
import { Pool } from 'pg';

/** The schema name is spliced into SQL, so it must be a plain lower-case SQL name (config checks it with this too). */
export const SQL_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A pool on `url` once `statements` (idempotent DDL) have run in one transaction, after the schema is created. The
 * transaction holds an advisory lock per schema, so two instances starting together do not race on the catalog. A
 * broken idle connection never crashes the process (the next query reports it); a failed migration ends the pool.
 */
export async function openMigratedPool(url: string, schema: string, statements: readonly string[]): Promise<Pool> {
  if (!SQL_SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  const pool = new Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`erp-gateway migrations ${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      for (const statement of statements) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}
