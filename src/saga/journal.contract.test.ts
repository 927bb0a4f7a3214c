import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { CanonicalInput } from '../catalog/canonical';
import { openGatewayDatabase } from '../idempotency/sqlite-store';
import type { SagaJournal, SagaStart } from './journal';
import { PgSagaJournal } from './pg-journal';
import { SqliteSagaJournal } from './sqlite-journal';

/**
 * One contract, both journals (issue 9 §3, §4): SQLite in a fresh data directory, and PostgreSQL at DATABASE_URL
 * (default the project machines' 127.0.0.1:5432/test) in a fresh schema dropped afterwards. `open` is another
 * gateway instance on the same directory or schema (in SQLite, one that starts after the others: a restart).
 * Leases are 300 ms, so the expiry and postponement tests wait a little. Time budget: under 10 s (PostgreSQL connections and lease waits).
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LEASE_MS = 300;
const schemas: string[] = [];

type Open = (instance: string) => Promise<SagaJournal>;

interface Backend {
  /** A fresh place; the journals opened on it share it. */
  place(): Open;
  /** Whether a journal opened after a stop claims the stopped one's sagas at once (one gateway per directory). */
  readonly restartClaimsAtOnce: boolean;
}

const BACKENDS: [string, Backend][] = [
  [
    'SQLite',
    {
      place() {
        const dir = mkdtempSync(path.join(tmpdir(), 'gw-journal-'));
        return async (instance) => new SqliteSagaJournal(dir, { instance, leaseMs: LEASE_MS });
      },
      restartClaimsAtOnce: true,
    },
  ],
  [
    'PostgreSQL',
    {
      place() {
        const schema = `gw_journal_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
        schemas.push(schema);
        return (instance) => PgSagaJournal.open({ url: DATABASE_URL, schema, instance, leaseMs: LEASE_MS });
      },
      restartClaimsAtOnce: false,
    },
  ],
];

afterAll(async () => {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function start(reference: string, overrides: Partial<SagaStart> = {}): SagaStart {
  const input: CanonicalInput = { docType: 'SI01', remark: '入庫 <&>', lines: [{ itemNo: 'A-1', quantity: '2', warehouse: '1001' }] };
  return { type: 'StockIn', connection: 't100', composite: 'createAndApprove', reference, idempotencyKey: `key-${reference}`, storeKey: `client/key-${reference}`, input, docNo: null, ...overrides };
}

describe.each(BACKENDS)('%s saga journal', (_name, backend) => {
  let open: Open;
  const opened = new Set<SagaJournal>();
  const instance = async (name: string): Promise<SagaJournal> => {
    const journal = await open(name);
    opened.add(journal);
    return journal;
  };
  const stop = async (journal: SagaJournal): Promise<void> => {
    opened.delete(journal);
    await journal.close();
  };
  beforeEach(() => {
    open = backend.place();
  });
  afterEach(async () => {
    await Promise.all([...opened].map((journal) => journal.close()));
    opened.clear();
  });

  it('begins a saga RUNNING under this instance with a lease, and reads it back as written', async () => {
    const journal = await instance('a');
    const before = Date.now();
    const saga = await journal.begin(start('r1'));
    expect(saga).toMatchObject({ ...start('r1'), state: 'RUNNING', steps: [], message: null, resolution: null, owner: 'a' });
    expect(saga.leaseUntil!.getTime()).toBeGreaterThanOrEqual(before + LEASE_MS - 1_000);
    expect(await journal.get(saga.id)).toEqual(saga);
    expect(await journal.get(saga.id + 1000)).toBeUndefined();
  });

  it('records steps, the document and the end of a saga; an ended saga holds no lease', async () => {
    const journal = await instance('a');
    const { id } = await journal.begin(start('r2'));
    expect(await journal.update(id, { steps: [{ action: 'create', api: 'create-api', docNo: null, outcome: 'PENDING' }] })).toBe(true);
    expect(await journal.update(id, { steps: [{ action: 'create', api: 'create-api', docNo: 'SI01-1', outcome: 'DONE' }], docNo: 'SI01-1' })).toBe(true);
    expect(await journal.stepSent('r2', 'create')).toBe(true);
    expect(await journal.stepSent('r2', 'approve')).toBe(false);
    expect(await journal.update(id, { state: 'COMPLETED', message: null })).toBe(true);
    expect(await journal.get(id)).toMatchObject({ state: 'COMPLETED', docNo: 'SI01-1', leaseUntil: null, steps: [{ action: 'create', outcome: 'DONE', docNo: 'SI01-1' }] });
    expect(await journal.unfinished()).toEqual([]);
  });

  it('lists newest first, by state, a page at a time', async () => {
    const journal = await instance('a');
    const ids: number[] = [];
    for (const reference of ['l1', 'l2', 'l3']) ids.push((await journal.begin(start(reference))).id);
    await journal.update(ids[1], { state: 'NEEDS_ATTENTION', message: 'half-done' });
    expect((await journal.list(null, 2, null)).map((saga) => saga.id)).toEqual([ids[2], ids[1]]);
    expect((await journal.list(null, 2, ids[1])).map((saga) => saga.id)).toEqual([ids[0]]);
    expect((await journal.list('NEEDS_ATTENTION', 10, null)).map((saga) => saga.id)).toEqual([ids[1]]);
    expect(await journal.needsAttention('client/key-l2')).toBe(true);
    expect(await journal.needsAttention('client/key-l1')).toBe(false);
    expect((await journal.unfinished()).map((saga) => saga.id)).toEqual([ids[0], ids[2]]);
  });

  it('supersedes stopped runs under the same reference, never a finished or running one', async () => {
    const journal = await instance('a');
    const failed = await journal.begin(start('s1'));
    await journal.update(failed.id, { state: 'NEEDS_ATTENTION' });
    const done = await journal.begin(start('s1'));
    await journal.update(done.id, { state: 'COMPLETED' });
    const other = await journal.begin(start('s2'));
    await journal.update(other.id, { state: 'FAILED' });
    const retry = await journal.begin(start('s1'));
    expect(await journal.supersede('s1', retry.id)).toBe(1);
    expect((await journal.get(failed.id))?.state).toBe('SUPERSEDED');
    expect((await journal.get(done.id))?.state).toBe('COMPLETED');
    expect((await journal.get(other.id))?.state).toBe('FAILED');
    expect((await journal.get(retry.id))?.state).toBe('RUNNING');
  });

  it('lets one of two instances take a saga that needs attention, which then owns it', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const { id } = await a.begin(start('t1'));
    await a.update(id, { state: 'NEEDS_ATTENTION' });
    const taken = await Promise.all([a.take(id, ['NEEDS_ATTENTION'], 'RUNNING', 'RETRY'), b.take(id, ['NEEDS_ATTENTION'], 'RUNNING', 'COMPENSATE')]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const winner = taken[0] ? a : b;
    const loser = taken[0] ? b : a;
    expect(await winner.get(id)).toMatchObject({ state: 'RUNNING', owner: winner.instance, resolution: taken[0] ? 'RETRY' : 'COMPENSATE' });
    expect(await loser.update(id, { state: 'COMPLETED' })).toBe(false);
    expect(await winner.take(id, ['NEEDS_ATTENTION'], 'COMPLETED', 'MARK_RESOLVED')).toBe(false);
  });

  it('refuses a write from an instance that does not own the saga', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const { id } = await a.begin(start('f1'));
    expect(await b.update(id, { steps: [{ action: 'approve', api: 'approve-api', docNo: 'SI01-9', outcome: 'PENDING' }] })).toBe(false);
    expect(await b.update(id, { state: 'NEEDS_ATTENTION' })).toBe(false);
    expect(await a.get(id)).toMatchObject({ state: 'RUNNING', steps: [], owner: 'a' });
  });

  it('does not claim a saga whose lease is live, and its owner keeps it live by renewing', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const { id } = await a.begin(start('live'));
    expect(await b.claim(10)).toEqual([]);
    await sleep(LEASE_MS * 0.6);
    expect(await a.renewLeases()).toBe(1);
    await sleep(LEASE_MS * 0.6); // past the first lease, within the renewed one
    expect(await b.claim(10)).toEqual([]);
    expect(await a.get(id)).toMatchObject({ state: 'RUNNING', owner: 'a' });
    await sleep(LEASE_MS + 100); // past its lease: still not its own owner's to claim
    expect(await a.claim(10)).toEqual([]);
    expect(await a.update(id, { state: 'COMPLETED' })).toBe(true);
  });

  it('renews only the sagas its instance is driving, and lets its instance take back one it stopped driving', async () => {
    const a = await instance('a');
    const driven = await a.begin(start('driven'));
    const dropped = await a.begin(start('dropped')); // a drive that ended without its last journal write
    await sleep(LEASE_MS * 0.6);
    expect(await a.renewLeases([driven.id])).toBe(1);
    await sleep(LEASE_MS * 0.6); // past the first lease: the dropped saga's ran out, the driven one's was renewed
    expect(await a.claim(10)).toEqual([]); // without `driving`, never its own
    const taken = await a.claim(10, [driven.id]);
    expect(taken.map((saga) => saga.id)).toEqual([dropped.id]);
    expect(taken[0]).toMatchObject({ owner: 'a', previousOwner: 'a' });
    expect(await a.renewLeases([])).toBe(0);
  });

  it('takes back its own saga when it drives none at all (an empty driving list)', async () => {
    const a = await instance('a');
    const dropped = await a.begin(start('dropped-alone'));
    await sleep(LEASE_MS + 100);
    const taken = await a.claim(10, []);
    expect(taken.map((saga) => saga.id)).toEqual([dropped.id]);
    expect(taken[0]).toMatchObject({ owner: 'a', previousOwner: 'a' });
  });

  it('gives a saga whose lease ran out to exactly one of two instances claiming it at once; its old owner is fenced off', async () => {
    const [a, b, c] = [await instance('a'), await instance('b'), await instance('c')];
    const { id } = await a.begin(start('expired'));
    await sleep(LEASE_MS + 100); // a stalls: no renewal, no write
    const claims = await Promise.all([b.claim(1), c.claim(1)]);
    const won = claims.flat();
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ id, state: 'RUNNING', reference: 'expired', previousOwner: 'a' });
    const winner = claims[0].length === 1 ? b : c;
    expect(won[0].owner).toBe(winner.instance);
    expect(won[0].leaseUntil!.getTime()).toBeGreaterThan(Date.now());
    // Claimed and live again: nobody else gets it, and the stalled owner may write nothing more. An instance never
    // claims its own saga, even past its lease (it may still be driving it).
    expect(await a.claim(1)).toEqual([]);
    expect([...(await b.claim(1)), ...(await c.claim(1))]).toEqual([]);
    expect(await a.update(id, { steps: [{ action: 'approve', api: 'approve-api', docNo: 'SI01-1', outcome: 'PENDING' }] })).toBe(false);
    expect(await a.renewLeases()).toBe(0);
    expect(await winner.update(id, { state: 'COMPLETED' })).toBe(true);
  });

  it('shares many expired sagas between instances claiming concurrently, each saga to one of them', async () => {
    const [a, b, c] = [await instance('a'), await instance('b'), await instance('c')];
    const ids: number[] = [];
    for (let index = 0; index < 12; index++) ids.push((await a.begin(start(`many-${index}`))).id);
    await stop(a); // a crashes
    await sleep(LEASE_MS + 100);
    const claimed: number[][] = [[], []];
    await Promise.all(
      [b, c].map(async (journal, index) => {
        for (;;) {
          const [saga] = await journal.claim(1);
          if (!saga) return;
          claimed[index].push(saga.id);
        }
      }),
    );
    expect([...claimed[0], ...claimed[1]].sort((x, y) => x - y)).toEqual(ids);
    expect(claimed[0].filter((id) => claimed[1].includes(id))).toEqual([]);
  });

  it('puts off a saga: released, not claimable before its backoff, then claimable by any instance (the one that put it off too), attempts counted', async () => {
    // Both open before the postponement: a SQLite journal opened later would count as a restart and claim it at once.
    const [a, b] = [await instance('a'), await instance('b')];
    const { id } = await a.begin(start('postponed'));
    expect((await a.get(id))?.recoveryAttempts).toBe(0);
    const before = Date.now();
    expect(await a.postpone(id, LEASE_MS * 2, 'ERP down (attempt 1)')).toBe(true);
    const postponed = await a.get(id);
    expect(postponed).toMatchObject({ state: 'RUNNING', owner: null, recoveryAttempts: 1, message: 'ERP down (attempt 1)' });
    expect(postponed!.leaseUntil!.getTime()).toBeGreaterThanOrEqual(before + LEASE_MS * 2 - 1_000);
    // Released: its last owner may write nothing more for it, nor renew it.
    expect(await a.update(id, { steps: [{ action: 'approve', api: 'approve-api', docNo: null, outcome: 'PENDING' }] })).toBe(false);
    expect(await a.renewLeases()).toBe(0);
    await sleep(LEASE_MS + 50); // past an ordinary lease, within the backoff
    expect(await b.claim(5)).toEqual([]);
    expect(await a.claim(5)).toEqual([]);
    await sleep(LEASE_MS + 100); // past the backoff: the instance that put it off may claim it itself
    const [mine, ...none] = await a.claim(5);
    expect(none).toEqual([]);
    expect(mine).toMatchObject({ id, owner: 'a', previousOwner: null, recoveryAttempts: 1 });
    expect(await b.claim(5)).toEqual([]);

    // Put off again, and claimed by another instance this time; only the owner may put it off.
    expect(await b.postpone(id, 0, 'not mine')).toBe(false);
    expect(await a.postpone(id, 50, 'ERP down (attempt 2)')).toBe(true);
    expect(await a.postpone(id, 50, 'twice')).toBe(false);
    await sleep(150);
    const [theirs] = await b.claim(5);
    expect(theirs).toMatchObject({ id, owner: 'b', previousOwner: null, recoveryAttempts: 2, message: 'ERP down (attempt 2)' });

    // Out of attempts: it needs attention, the count written with it; an ended saga is never put off.
    expect(await b.update(id, { state: 'NEEDS_ATTENTION', message: 'gave up', recoveryAttempts: 3 })).toBe(true);
    expect(await b.get(id)).toMatchObject({ state: 'NEEDS_ATTENTION', recoveryAttempts: 3, leaseUntil: null });
    expect(await b.postpone(id, 0, 'ended')).toBe(false);
    expect((await b.get(id))?.state).toBe('NEEDS_ATTENTION');
    // An operator's decision starts a new count.
    expect(await a.take(id, ['NEEDS_ATTENTION'], 'RUNNING', 'RETRY')).toBe(true);
    expect(await a.get(id)).toMatchObject({ state: 'RUNNING', owner: 'a', recoveryAttempts: 0 });
  });

  it(`lets a restarted instance take over what a stopped one left RUNNING (${backend.restartClaimsAtOnce ? 'at once: one gateway per directory' : 'once its lease ran out'})`, async () => {
    const a = await instance('a');
    const { id, storeKey } = await a.begin(start('restart'));
    await a.update(id, { steps: [{ action: 'create', api: 'create-api', docNo: 'SI01-5', outcome: 'DONE' }], docNo: 'SI01-5' });
    await stop(a); // the process dies
    const again = await instance('a2');
    expect((await again.unfinished()).map((saga) => saga.storeKey)).toEqual([storeKey]);
    if (!backend.restartClaimsAtOnce) {
      expect(await again.claim(5)).toEqual([]);
      await sleep(LEASE_MS + 100);
    }
    const [saga, ...more] = await again.claim(5);
    expect(more).toEqual([]);
    expect(saga).toMatchObject({ id, owner: 'a2', docNo: 'SI01-5', steps: [{ action: 'create', outcome: 'DONE' }], input: start('restart').input });
  });
});

describe('saga journal migrations', () => {
  const OLD_TABLE = `(id INTEGER PRIMARY KEY, type TEXT NOT NULL, connection TEXT NOT NULL, composite TEXT NOT NULL,
    reference TEXT NOT NULL, idempotency_key TEXT, store_key TEXT, input TEXT, doc_no TEXT, state TEXT NOT NULL,
    steps TEXT NOT NULL DEFAULT '[]', message TEXT, resolution TEXT, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, owner TEXT, lease_until TEXT)`;
  const OLD_ROW = `(type, connection, composite, reference, state, started_at, updated_at, owner) VALUES ('StockIn', 't100', 'createAndApprove', 'old', 'RUNNING', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 'gone')`;

  /** The old row reads as a saga with no recovery attempts, whose attempts are then counted. */
  async function expectMigrated(journal: SagaJournal): Promise<void> {
    try {
      const [saga] = await journal.claim(1);
      expect(saga).toMatchObject({ reference: 'old', recoveryAttempts: 0, previousOwner: 'gone' });
      expect(await journal.postpone(saga.id, 0, 'ERP down')).toBe(true);
      expect((await journal.get(saga.id))?.recoveryAttempts).toBe(1);
    } finally {
      await journal.close();
    }
  }

  it('gives a SQLite journal written before recovery attempts were counted the column, at zero', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-journal-old-'));
    const db = openGatewayDatabase(dir);
    db.exec(`CREATE TABLE sagas ${OLD_TABLE}; INSERT INTO sagas ${OLD_ROW}`);
    db.close();
    const journal = new SqliteSagaJournal(dir, { instance: 'new', leaseMs: LEASE_MS });
    await expectMigrated(journal);
  });

  it('opens a SQLite journal as the last landed release wrote it (no owner, lease or attempts) and recovers its RUNNING saga', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-journal-landed-'));
    const db = openGatewayDatabase(dir);
    // The table as the SQLite journal created it before owners and leases (a4b4d82), with its store_key migration.
    db.exec(`CREATE TABLE sagas (
      id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, connection TEXT NOT NULL, composite TEXT NOT NULL,
      reference TEXT NOT NULL, idempotency_key TEXT, input TEXT, doc_no TEXT, state TEXT NOT NULL,
      steps TEXT NOT NULL DEFAULT '[]', message TEXT, resolution TEXT, started_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE INDEX sagas_state ON sagas (state, id);
      ALTER TABLE sagas ADD COLUMN store_key TEXT;
      INSERT INTO sagas (type, connection, composite, reference, state, started_at, updated_at)
        VALUES ('StockIn', 't100', 'createAndApprove', 'landed', 'RUNNING', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');`);
    db.close();
    const journal = new SqliteSagaJournal(dir, { instance: 'new', leaseMs: LEASE_MS });
    try {
      const [saga] = await journal.claim(1);
      expect(saga).toMatchObject({ reference: 'landed', state: 'RUNNING', owner: 'new', recoveryAttempts: 0, previousOwner: null });
      expect(await journal.update(saga.id, { state: 'COMPLETED' })).toBe(true);
    } finally {
      await journal.close();
    }
  });

  it('gives a PostgreSQL journal written before recovery attempts were counted the column, at zero', async () => {
    const schema = `gw_journal_old_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    schemas.push(schema);
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`CREATE TABLE "${schema}".sagas ${OLD_TABLE.replace('id INTEGER PRIMARY KEY', 'id BIGSERIAL PRIMARY KEY').replace(/(started_at|updated_at|lease_until) TEXT/g, '$1 TIMESTAMPTZ')}`);
    await client.query(`INSERT INTO "${schema}".sagas ${OLD_ROW}`);
    await client.end();
    const journal = await PgSagaJournal.open({ url: DATABASE_URL, schema, instance: 'new', leaseMs: LEASE_MS });
    await expectMigrated(journal);
  });
});
