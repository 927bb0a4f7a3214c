/**
 * The saga journal in PostgreSQL (`pg`), shared by several gateway instances (DATABASE_URL, in the schema of the
 * idempotency records). Leases are reckoned on the database's clock, so instances with skewed clocks agree when one
 * ran out. A claim is one statement, `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`: two instances claiming at once
 * lock different rows (or none), and the lease is checked again on the row as locked, so only one gets a saga.
 */
import type { Pool } from 'pg';
import { openMigratedPool } from '../postgres';
import { DEFAULT_LEASE_MS, type ClaimedSaga, newInstanceId, stepsSent, toRecord, type SagaAction, type SagaJournal, type SagaJournalOptions, type SagaRecord, type SagaRow, type SagaStart, type SagaState, type SagaUpdate, updateColumns } from './journal';

/** `clock_timestamp() + <lease>`: the lease as the database reckons it ($n is the lease in milliseconds). */
const leaseFrom = (parameter: number): string => `clock_timestamp() + $${parameter}::float8 * interval '1 millisecond'`;

export class PgSagaJournal implements SagaJournal {
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
    readonly instance: string,
    private readonly leaseMs: number,
    private readonly now: () => Date,
  ) {
    this.table = `"${schema}".sagas`;
  }

  static async open(options: SagaJournalOptions & { url: string; schema?: string }): Promise<PgSagaJournal> {
    const schema = options.schema ?? 'gateway';
    const table = `"${schema}".sagas`;
    const pool = await openMigratedPool(options.url, schema, [
      `CREATE TABLE IF NOT EXISTS ${table} (
        id BIGSERIAL PRIMARY KEY, type TEXT NOT NULL, connection TEXT NOT NULL, composite TEXT NOT NULL,
        reference TEXT NOT NULL, idempotency_key TEXT, store_key TEXT, input TEXT, doc_no TEXT, state TEXT NOT NULL,
        steps TEXT NOT NULL DEFAULT '[]', message TEXT, resolution TEXT,
        started_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, owner TEXT, lease_until TIMESTAMPTZ)`,
      // Journals written before recovery attempts were counted gain the column.
      `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS recovery_attempts INTEGER NOT NULL DEFAULT 0`,
      `CREATE INDEX IF NOT EXISTS sagas_state ON ${table} (state, id)`,
      `CREATE INDEX IF NOT EXISTS sagas_reference ON ${table} (reference)`,
      `CREATE INDEX IF NOT EXISTS sagas_store_key ON ${table} (store_key)`,
    ]);
    return new PgSagaJournal(pool, schema, options.instance ?? newInstanceId(), options.leaseMs ?? DEFAULT_LEASE_MS, options.now ?? (() => new Date()));
  }

  async begin(start: SagaStart): Promise<SagaRecord> {
    const { rows } = await this.pool.query<SagaRow>(
      `INSERT INTO ${this.table} (type, connection, composite, reference, idempotency_key, store_key, input, doc_no, state, started_at, updated_at, owner, lease_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'RUNNING', $9, $9, $10, ${leaseFrom(11)}) RETURNING *`,
      [start.type, start.connection, start.composite, start.reference, start.idempotencyKey, start.storeKey, start.input === null ? null : JSON.stringify(start.input), start.docNo, this.now(), this.instance, this.leaseMs],
    );
    return toRecord(rows[0]);
  }

  async update(id: number, update: SagaUpdate): Promise<boolean> {
    const running = update.state === undefined || update.state === 'RUNNING';
    const values: unknown[] = [id, this.instance, this.now()];
    const sets: string[] = ['updated_at = $3'];
    const set = (column: string, value: unknown): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    // A write renews the lease of a saga that goes on running; a saga that ends holds none.
    if (running) {
      values.push(this.leaseMs);
      sets.push(`lease_until = ${leaseFrom(values.length)}`);
    } else sets.push('lease_until = NULL');
    for (const [column, value] of updateColumns(update)) set(column, value);
    const result = await this.pool.query(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = $1 AND owner = $2`, values);
    return result.rowCount === 1;
  }

  async take(id: number, from: readonly SagaState[], to: SagaState, resolution?: SagaAction, message?: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET state = $1, updated_at = $2, owner = $3, lease_until = CASE WHEN $1 = 'RUNNING' THEN ${leaseFrom(4)} END,
         resolution = coalesce($5, resolution), message = coalesce($6, message),
         recovery_attempts = CASE WHEN $1 = 'RUNNING' THEN 0 ELSE recovery_attempts END
       WHERE id = $7 AND state = ANY($8::text[])`,
      [to, this.now(), this.instance, this.leaseMs, resolution ?? null, message ?? null, id, [...from]],
    );
    return result.rowCount === 1;
  }

  async supersede(reference: string, by: number): Promise<number> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET state = 'SUPERSEDED', message = $1, updated_at = $2 WHERE reference = $3 AND id < $4 AND state IN ('NEEDS_ATTENTION', 'FAILED')`,
      [`Taken over by saga ${by}, a retry under the same idempotency key`, this.now(), reference, by],
    );
    return result.rowCount ?? 0;
  }

  async get(id: number): Promise<SagaRecord | undefined> {
    const { rows } = await this.pool.query<SagaRow>(`SELECT * FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(state: SagaState | null, limit: number, before: number | null): Promise<SagaRecord[]> {
    const { rows } = await this.pool.query<SagaRow>(
      `SELECT * FROM ${this.table} WHERE ($1::text IS NULL OR state = $1) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [state, before, limit],
    );
    return rows.map(toRecord);
  }

  async stepSent(reference: string, action: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ steps: string }>(`SELECT steps FROM ${this.table} WHERE reference = $1`, [reference]);
    return rows.some((row) => stepsSent(row.steps, action));
  }

  async needsAttention(storeKey: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM ${this.table} WHERE store_key = $1 AND state = 'NEEDS_ATTENTION' LIMIT 1`, [storeKey]);
    return (rowCount ?? 0) > 0;
  }

  async unfinished(): Promise<SagaRecord[]> {
    const { rows } = await this.pool.query<SagaRow>(`SELECT * FROM ${this.table} WHERE state = 'RUNNING' ORDER BY id`);
    return rows.map(toRecord);
  }

  async claim(limit: number, driving?: readonly number[]): Promise<ClaimedSaga[]> {
    // The rows are picked (and locked) once, in a materialised CTE: as `id IN (SELECT … LIMIT n)` the planner may
    // run the volatile subquery again per row and hand out more than `limit`. FOR UPDATE checks the lease again on
    // the row as another claim left it; SKIP LOCKED passes over rows a concurrent claim holds. Its own only when it is
    // not among `driving`: a saga this instance still drives (its heartbeat late) must not be driven a second time.
    const { rows } = await this.pool.query<SagaRow & { previous_owner: string | null }>(
      `WITH picked AS MATERIALIZED (
         SELECT id, owner AS previous_owner FROM ${this.table}
         WHERE state = 'RUNNING' AND (lease_until IS NULL OR lease_until < clock_timestamp())
           AND (owner IS DISTINCT FROM $1 OR ($5::bigint[] IS NOT NULL AND NOT (id = ANY($5::bigint[]))))
         ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE ${this.table} AS saga SET owner = $1, lease_until = ${leaseFrom(2)}, updated_at = $3
       FROM picked WHERE saga.id = picked.id
       RETURNING saga.*, picked.previous_owner`,
      [this.instance, this.leaseMs, this.now(), limit, driving === undefined ? null : [...driving]],
    );
    return rows.map((row) => ({ ...toRecord(row), previousOwner: row.previous_owner })).sort((a, b) => a.id - b.id);
  }

  async postpone(id: number, delayMs: number, message: string): Promise<boolean> {
    // The new lease on the database's clock, as every lease: the instance that claims it next reckons by it too.
    const result = await this.pool.query(
      `UPDATE ${this.table} SET owner = NULL, lease_until = ${leaseFrom(3)}, updated_at = $4, message = $5, recovery_attempts = recovery_attempts + 1
       WHERE id = $1 AND owner = $2 AND state = 'RUNNING'`,
      [id, this.instance, delayMs, this.now(), message],
    );
    return result.rowCount === 1;
  }

  async renewLeases(ids?: readonly number[]): Promise<number> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET lease_until = ${leaseFrom(2)} WHERE owner = $1 AND state = 'RUNNING' AND ($3::bigint[] IS NULL OR id = ANY($3::bigint[]))`,
      [this.instance, this.leaseMs, ids === undefined ? null : [...ids]],
    );
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
