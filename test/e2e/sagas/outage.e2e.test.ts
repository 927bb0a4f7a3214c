/**
 * Recovery through an ERP outage (issue 9 §2): a saga whose gateway stopped mid-way is claimed while the ERP is
 * unavailable, put off (RUNNING, released to every instance, its lease run out after a backoff) and tried again on
 * schedule until it ends, with no operator. The stopped gateway is played without a process of its own, as in
 * takeover.e2e: while the saga's create waits in the ERP (the sandbox's `delay` fault), the test hands the saga to
 * an instance that "dies" (its journal row), so the live gateway sends nothing more for it and keeps its key; once
 * the sandbox answers HTTP 500 to the next calls (`http500`, with `count`), the lease is let run out. Takeover every
 * 0.3 s, so backoffs of 0.3, 0.6, 1.2 s … (±20 %); at most 4 attempts. SQLite journal, gateway in this process.
 * Time budget: under 15 s (two outages of about 2 s each, the held creates 0.6 s each, a gateway start).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { t100Family } from '../../../datasources/t100/family';
import { parseConfig } from '../../../src/config';
import { startGateway, type RunningGateway } from '../../../src/server';
import type { SandboxHandle } from '../../../src/server/sandbox-admin';
import { stockLineFor, type SandboxDocument } from '../../support/gateway';
import { graphql, until } from '../../support/gateway-process';

const TAKEOVER_SECONDS = 0.3;
const ATTEMPTS = 4;

type SagaRow = { id: number; state: string; owner: string | null; recovery_attempts: number; message: string | null; resolution: string | null; steps: string };
type Answer = { createAndApproveStockIn: { stockIn: { docNo: string; status: string } | null; userErrors: { code: string }[] } };

describe('saga recovery while the ERP is unavailable', () => {
  let sandbox: SandboxHandle;
  let gateway: RunningGateway;
  let db: Database.Database;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-outage-'));
    const started = await t100Family.startSandbox!({ dataDir: path.join(dir, 'sandbox'), id: 't100' });
    sandbox = started.handle;
    // No read retries: each recovery attempt meets the outage in exactly one call (the lookup by reference).
    const connections = { t100: { ...started.connection, timeoutMs: 5_000, readRetries: 0 } };
    const dataDir = path.join(dir, 'gateway');
    const config = parseConfig({ port: 0, host: '127.0.0.1', dataDir, connections, sagaTakeoverSeconds: TAKEOVER_SECONDS, sagaRecoveryAttempts: ATTEMPTS }, {});
    gateway = await startGateway({ config, logger: pino({ level: 'silent' }) });
    db = new Database(path.join(dataDir, 'gateway.sqlite'));
  }, 20_000);
  afterAll(async () => {
    db?.close();
    await gateway?.close();
    await sandbox?.close();
  });

  const saga = (key: string): SagaRow | undefined => db.prepare(`SELECT * FROM sagas WHERE idempotency_key = ? ORDER BY id LIMIT 1`).get(key) as SagaRow | undefined;
  const keyState = (key: string): string | undefined => (db.prepare(`SELECT state FROM idempotency WHERE key LIKE ?`).get(`%${key}`) as { state: string } | undefined)?.state;
  const mutation = (key: string): string =>
    `mutation($input: StockInInput!) { createAndApproveStockIn(input: $input, idempotencyKey: "${key}") { stockIn { docNo status } userErrors { code } } }`;

  /**
   * A createAndApprove whose gateway "died" after its create: the saga RUNNING under a dead instance, its create in
   * the ERP, its key in progress. Answers the input and the document the create made.
   */
  async function stoppedAfterCreate(key: string, remark: string): Promise<{ input: Record<string, unknown>; docNo: string; id: number }> {
    const workOrder = (sandbox.documents({ type: 'WorkOrder', status: 'ISSUED' }) as SandboxDocument[])[0];
    const input = { docType: 'SI01', remark, lines: [stockLineFor(workOrder, '2')] };
    sandbox.faults.add({ api: 't100.oapi.wo.stockin.data.create', mode: 'delay', ms: 600, count: 1 });
    const answer = graphql<Answer>(`${gateway.url}/graphql`, mutation(key), { input });
    const id = await until('the saga to be journaled', () => saga(key)?.id);
    db.prepare(`UPDATE sagas SET owner = 'dead-instance', lease_until = ? WHERE id = ?`).run(new Date(Date.now() + 3_600_000).toISOString(), id);
    // The create lands; the gateway finds the saga is not its own any more and stops before the approve.
    expect((await answer).createAndApproveStockIn).toMatchObject({ stockIn: null, userErrors: [{ code: 'UPSTREAM_UNAVAILABLE' }] });
    const mine = (sandbox.documents({ type: 'StockIn' }) as SandboxDocument[]).filter((doc) => JSON.stringify(doc.head).includes(remark));
    expect(mine.map((doc) => doc.status)).toEqual(['UNAPPROVED']);
    expect(keyState(key)).toBe('in_progress');
    return { input, docNo: mine[0].docNo.trim(), id };
  }

  /** The dead instance's lease runs out now: the live gateway's next sweep claims the saga. */
  const leaseRunsOut = (id: number): void => {
    db.prepare(`UPDATE sagas SET lease_until = ? WHERE id = ?`).run(new Date(Date.now() - 1_000).toISOString(), id);
  };

  it('retries on schedule through a short outage and completes it: one document, and the waiting same-key retry answers it', async () => {
    const key = 'mes-outage-short';
    const remark = 'outage-during-recovery';
    const { input, docNo, id } = await stoppedAfterCreate(key, remark);

    // The ERP answers its next three calls with HTTP 500: the first three recovery attempts fail.
    sandbox.faults.add({ api: '*', mode: 'http500', count: 3 });
    const outage = Date.now();
    leaseRunsOut(id);

    // Put off, not handed to an operator: RUNNING, released to every instance, the attempt counted, the key held.
    const postponed = await until('the first attempt to be put off', () => {
      const row = saga(key);
      return row && row.recovery_attempts >= 1 ? row : undefined;
    });
    expect(postponed).toMatchObject({ state: 'RUNNING', resolution: null });
    expect(postponed.message).toMatch(/unavailable.*recovery attempt \d of 4/);
    expect(keyState(key)).toBe('in_progress');

    // The client retries meanwhile under the same key: it waits for the schedule rather than running beside it.
    const retried = graphql<Answer>(`${gateway.url}/graphql`, mutation(key), { input });
    const ended = await until('the saga to end', () => {
      const row = saga(key);
      return row && row.state !== 'RUNNING' ? row : undefined;
    }, 10_000);
    const took = Date.now() - outage;
    expect(ended).toMatchObject({ state: 'COMPLETED', recovery_attempts: 3, resolution: null, message: null });
    expect(JSON.parse(ended.steps)).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'approve', outcome: 'DONE' })]));
    // Three backoffs waited (0.3 + 0.6 + 1.2 s, each at least 80 %), not more than a few sweeps beyond them.
    expect(took).toBeGreaterThanOrEqual(0.8 * 2_100);
    expect(took).toBeLessThan(6_000);
    expect(sandbox.faults.list()).toEqual([]);

    expect((await retried).createAndApproveStockIn).toMatchObject({ stockIn: { docNo, status: 'APPROVED' }, userErrors: [] });
    const mine = (sandbox.documents({ type: 'StockIn' }) as SandboxDocument[]).filter((doc) => JSON.stringify(doc.head).includes(remark));
    expect(mine.map((doc) => [doc.docNo.trim(), doc.status])).toEqual([[docNo, 'APPROVED']]);
    // The retry ran only once the recovered saga had ended (and settled by reference: no second create).
    const runs = db.prepare(`SELECT state, started_at, updated_at FROM sagas WHERE idempotency_key = ? ORDER BY id`).all(key) as { state: string; started_at: string; updated_at: string }[];
    expect(runs.map((run) => run.state)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(runs[1].started_at >= runs[0].updated_at).toBe(true);
  }, 15_000);

  it('leaves a saga whose outage outlasts sagaRecoveryAttempts NEEDS_ATTENTION, naming the attempts and the last error', async () => {
    const key = 'mes-outage-long';
    const remark = 'outage-outlasts-recovery';
    const { id } = await stoppedAfterCreate(key, remark);
    sandbox.faults.add({ api: '*', mode: 'http500', count: 1_000 });
    try {
      leaseRunsOut(id);
      const ended = await until('the saga to need attention', () => {
        const row = saga(key);
        return row && row.state !== 'RUNNING' ? row : undefined;
      }, 10_000);
      expect(ended).toMatchObject({ state: 'NEEDS_ATTENTION', recovery_attempts: ATTEMPTS, resolution: null });
      expect(ended.message).toMatch(/^Recovery gave up after 4 attempts with the ERP unavailable; the last: t100 is unavailable/);
      // One ERP call per attempt, the lookup each began with; nothing was sent after the last.
      expect(sandbox.faults.list()).toEqual([expect.objectContaining({ api: '*', mode: 'http500', count: 1_000 - ATTEMPTS })]);
    } finally {
      sandbox.faults.clear();
    }
    // Left to an operator: the key is released and the half-done document stays as it was.
    expect(keyState(key)).toBe('released');
    const mine = (sandbox.documents({ type: 'StockIn' }) as SandboxDocument[]).filter((doc) => JSON.stringify(doc.head).includes(remark));
    expect(mine.map((doc) => doc.status)).toEqual(['UNAPPROVED']);
  }, 15_000);
});
