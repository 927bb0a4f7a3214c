import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CompensatedError, ErpRejectedError, IdempotencyConflictError } from '../errors';
import { runIdempotent } from './run';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PgIdempotencyStore } from './pg-store';
import { SqliteIdempotencyStore } from './sqlite-store';
import type { IdempotencyStore } from './store';

/**
 * One contract, both stores (issue 9 §3): SQLite in a fresh data directory, and PostgreSQL at DATABASE_URL (default
 * the project machines' 127.0.0.1:5432/test) in a fresh schema dropped afterwards. `reopen` is what a restarted
 * gateway sees: the same directory, or the same schema. Time budget: under 3 s.
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];

interface Backend {
  open(ttlHours?: number): Promise<{ store: IdempotencyStore; reopen(): Promise<IdempotencyStore> }>;
}

const BACKENDS: [string, Backend][] = [
  [
    'SQLite',
    {
      async open(ttlHours = 24) {
        const dir = mkdtempSync(path.join(tmpdir(), 'gw-idem-'));
        return { store: new SqliteIdempotencyStore(dir, ttlHours), reopen: async () => new SqliteIdempotencyStore(dir, ttlHours) };
      },
    },
  ],
  [
    'PostgreSQL',
    {
      async open(ttlHours = 24) {
        const schema = `gw_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
        schemas.push(schema);
        // abandonAfterMs 0: in a test, every key in progress at "restart" belongs to the stopped instance.
        const open = () => PgIdempotencyStore.open({ url: DATABASE_URL, schema, ttlHours, abandonAfterMs: 0 });
        return { store: await open(), reopen: open };
      },
    },
  ],
];

afterAll(async () => {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe.each(BACKENDS)('%s idempotency store with runIdempotent', (_name, backend) => {
  let store: IdempotencyStore;
  let reopen: () => Promise<IdempotencyStore>;
  beforeEach(async () => {
    ({ store, reopen } = await backend.open());
  });
  afterEach(() => store.close());

  it('runs the work once and replays its answer for the same key and fingerprint', async () => {
    let runs = 0;
    const work = async () => ({ docNo: `SI01-${++runs}` });
    expect(await runIdempotent(store, 'k1', 'f1', work)).toEqual({ value: { docNo: 'SI01-1' }, replayed: false });
    expect(await runIdempotent(store, 'k1', 'f1', work)).toEqual({ value: { docNo: 'SI01-1' }, replayed: true });
    expect(runs).toBe(1);
  });

  it('refuses the same key with a different fingerprint', async () => {
    await runIdempotent(store, 'k2', 'f1', async () => 1);
    await expect(runIdempotent(store, 'k2', 'f2', async () => 2)).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('lets concurrent requests with one key run the work once, the others waiting for its answer', async () => {
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'done';
    };
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => runIdempotent(store, 'k3', 'f', work)));
    expect(runs).toBe(1);
    expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(1);
    expect(outcomes.every((outcome) => outcome.value === 'done')).toBe(true);
  });

  it('releases the key after a retry-safe failure, and tells the retry that an earlier attempt happened', async () => {
    await expect(
      runIdempotent(store, 'k4', 'f', async () => {
        throw new ErpRejectedError({ code: 'x', message: 'no' }, 'api', 't100');
      }),
    ).rejects.toBeInstanceOf(ErpRejectedError);
    const attempts: boolean[] = [];
    const second = await runIdempotent(store, 'k4', 'f', async ({ retry }) => {
      attempts.push(retry);
      return 'second';
    });
    expect(second).toEqual({ value: 'second', replayed: false });
    expect(attempts).toEqual([true]);
  });

  it('replays a final failure (COMPENSATED) with the same code instead of running again', async () => {
    let runs = 0;
    const work = async (): Promise<string> => {
      runs++;
      throw new CompensatedError('rolled back', [{ action: 'void', api: 'void', outcome: 'COMPENSATED' }]);
    };
    await expect(runIdempotent(store, 'k5', 'f', work)).rejects.toMatchObject({ code: 'COMPENSATED' });
    await expect(runIdempotent(store, 'k5', 'f', work)).rejects.toMatchObject({ code: 'COMPENSATED', message: 'rolled back' });
    expect(runs).toBe(1);
  });

  it('releases keys a stopped process left in progress, except those recovery still drives; the retry is marked a retry', async () => {
    expect(await store.claim('plain-create', 'f', new Date())).toEqual({ state: 'claimed', retry: false });
    expect(await store.claim('saga-key', 'f', new Date())).toEqual({ state: 'claimed', retry: false });
    await store.close(); // the process dies here, both keys in progress
    store = await reopen();
    expect(await store.releaseAbandoned(['saga-key'])).toBe(1);
    expect(await store.claim('plain-create', 'f', new Date())).toEqual({ state: 'claimed', retry: true });
    expect(await store.claim('saga-key', 'f', new Date())).toEqual({ state: 'in_progress' });
  });

  it('prunes answered records past the retention, never a key in progress or released', async () => {
    const then = new Date('2026-11-01T00:00:00Z');
    await store.claim('old-done', 'f', then);
    await store.complete('old-done', { ok: true, value: 1 }, then);
    await store.claim('old-running', 'f', then);
    await store.claim('old-released', 'f', then);
    await store.release('old-released');
    await store.claim('fresh-done', 'f', new Date('2026-11-01T23:00:00Z'));
    await store.complete('fresh-done', { ok: true, value: 2 }, new Date('2026-11-01T23:00:00Z'));
    expect(await store.prune(new Date('2026-11-02T12:00:00Z'))).toBe(1);
    expect(await store.claim('old-done', 'f', new Date('2026-11-02T12:00:00Z'))).toEqual({ state: 'claimed', retry: false });
    expect(await store.claim('fresh-done', 'f', new Date('2026-11-02T12:00:00Z'))).toMatchObject({ state: 'completed' });
    // Past the retention, a key in progress still holds, and a released one still tells its retry to look first.
    expect(await store.claim('old-running', 'f', new Date('2026-11-02T12:00:00Z'))).toEqual({ state: 'in_progress' });
    expect(await store.claim('old-released', 'f', new Date('2026-11-02T12:00:00Z'))).toEqual({ state: 'claimed', retry: true });
  });

  it('holds a released key for an operator: a retry waits, and is a retry once the key is released again', async () => {
    await store.claim('held', 'f', new Date());
    expect(await store.hold('held')).toBe(false); // running: nothing to hold
    await store.release('held');
    expect(await store.hold('held')).toBe(true);
    expect(await store.claim('held', 'f', new Date())).toEqual({ state: 'in_progress' });
    await store.release('held');
    expect(await store.claim('held', 'f', new Date())).toEqual({ state: 'claimed', retry: true });
  });

  it('lets twenty concurrent claims of one key through only once', async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim('race', 'f', new Date())));
    expect(claims.filter((claim) => claim.state === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.state === 'in_progress')).toHaveLength(19);
  });
});
