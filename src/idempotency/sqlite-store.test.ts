import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CompensatedError, ErpRejectedError, IdempotencyConflictError } from '../errors';
import { runIdempotent } from './run';
import { SqliteIdempotencyStore } from './sqlite-store';

describe('SqliteIdempotencyStore with runIdempotent', () => {
  let store: SqliteIdempotencyStore;
  beforeEach(() => {
    store = new SqliteIdempotencyStore(mkdtempSync(path.join(tmpdir(), 'gw-idem-')));
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
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-idem-restart-'));
    const before = new SqliteIdempotencyStore(dir);
    expect(await before.claim('plain-create', 'f', new Date())).toEqual({ state: 'claimed', retry: false });
    expect(await before.claim('saga-key', 'f', new Date())).toEqual({ state: 'claimed', retry: false });
    await before.close(); // the process dies here, both keys in progress
    const after = new SqliteIdempotencyStore(dir);
    expect(after.releaseAbandoned(['saga-key'])).toBe(1);
    expect(await after.claim('plain-create', 'f', new Date())).toEqual({ state: 'claimed', retry: true });
    expect(await after.claim('saga-key', 'f', new Date())).toEqual({ state: 'in_progress' });
    await after.close();
  });

  it('prunes answered records past the retention, never a key in progress', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-idem-prune-'));
    const retained = new SqliteIdempotencyStore(dir, 24);
    const then = new Date('2026-11-01T00:00:00Z');
    await retained.claim('old-done', 'f', then);
    await retained.complete('old-done', { ok: true, value: 1 }, then);
    await retained.claim('old-running', 'f', then);
    await retained.claim('fresh-done', 'f', new Date('2026-11-01T23:00:00Z'));
    await retained.complete('fresh-done', { ok: true, value: 2 }, new Date('2026-11-01T23:00:00Z'));
    expect(retained.prune(new Date('2026-11-02T12:00:00Z'))).toBe(1);
    expect(await retained.claim('old-done', 'f', new Date('2026-11-02T12:00:00Z'))).toEqual({ state: 'claimed', retry: false });
    expect(await retained.claim('fresh-done', 'f', new Date('2026-11-02T12:00:00Z'))).toMatchObject({ state: 'completed' });
    await retained.close();
  });
});
