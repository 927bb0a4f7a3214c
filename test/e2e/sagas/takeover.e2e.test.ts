/**
 * Takeover between instances (issue 9 §4): two gateways share one PostgreSQL schema (a fresh one at DATABASE_URL,
 * dropped afterwards) and one sandbox ERP. Instance A, a process of its own, is killed with SIGKILL while a
 * createAndApprove saga waits in its approve (the sandbox's `delay` fault holds it); instance B, running in this
 * test process all along and never restarted, finds A's lease run out within its takeover interval (0.6 s here),
 * claims the saga and drives it to its end from what the ERP holds. The sandbox then holds one document, approved,
 * and a same-key retry answers it. And the fence: B, whose saga another instance took over while B's create waited,
 * sends nothing more for it and leaves its key to that instance. Time budget: under 20 s (A's process start, and the
 * held approve waited out).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import pino from 'pino';
import { t100Family } from '../../../datasources/t100/family';
import { stockIn } from '../../../src/catalog/documents/stock-in';
import { parseConfig } from '../../../src/config';
import { startGateway, type RunningGateway } from '../../../src/server';
import type { SandboxHandle } from '../../../src/server/sandbox-admin';
import { stockLineFor, upstreamCallSeries, upstreamCallsAt, type SandboxDocument } from '../../support/gateway';
import { graphql, startGatewayProcess, until, type GatewayProcess } from '../../support/gateway-process';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TAKEOVER_SECONDS = 0.6;
const HOLD_MS = 4_000;


describe('two gateway instances on one PostgreSQL, one killed mid-saga', () => {
  const schema = `gw_takeover_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const env = { DATABASE_URL, DATABASE_SCHEMA: schema };
  let sandbox: SandboxHandle;
  let a: GatewayProcess;
  let b: RunningGateway;
  const logged: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-takeover-'));
    const started = await t100Family.startSandbox!({ dataDir: path.join(dir, 'sandbox'), id: 't100' });
    sandbox = started.handle;
    const connections = { t100: { ...started.connection, timeoutMs: 20_000 } };
    const configFile = path.join(dir, 'a.json');
    writeFileSync(configFile, JSON.stringify({ port: 0, host: '127.0.0.1', dataDir: path.join(dir, 'a'), connections, sagaTakeoverSeconds: TAKEOVER_SECONDS }));
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = parseConfig({ port: 0, host: '127.0.0.1', dataDir: path.join(dir, 'b'), connections, sagaTakeoverSeconds: TAKEOVER_SECONDS }, env);
    // B first, so A's start finds the schema migrated (they would also wait for each other's migrations).
    b = await startGateway({ config, logger: pino({ level: 'info' }, stream) });
    a = await startGatewayProcess(configFile, env);
  }, 30_000);
  afterAll(async () => {
    if (a?.process.exitCode === null) a.process.kill('SIGKILL');
    await b?.close();
    await sandbox?.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('lets the live instance take the saga over within its interval and finish it: one document, APPROVED', async () => {
    const workOrder = (sandbox.documents({ type: 'WorkOrder', status: 'ISSUED' }) as SandboxDocument[])[0];
    const input = { docType: 'SI01', remark: 'takeover-mid-saga', lines: [stockLineFor(workOrder, '3')] };
    const mutation = 'mutation($input: StockInInput!) { createAndApproveStockIn(input: $input, idempotencyKey: "mes-takeover-1") { stockIn { docNo status } userErrors { code } } }';
    const mine = (): SandboxDocument[] => (sandbox.documents({ type: 'StockIn' }) as SandboxDocument[]).filter((doc) => JSON.stringify(doc.head).includes('takeover-mid-saga'));

    // A's approve waits in the ERP; A is killed while it waits, its lease still live.
    const held = Date.now();
    sandbox.faults.add({ api: 't100.oapi.wo.stockin.data.approve', mode: 'delay', ms: HOLD_MS, count: 1 });
    const pending = fetch(`${a.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: mutation, variables: { input } }) }).catch(() => 'connection lost');
    const created = await until('the create step', () => mine()[0]);
    const docNo = created.docNo.trim();
    await new Promise((resolve) => setTimeout(resolve, 150));
    a.process.kill('SIGKILL');
    const killed = Date.now();
    expect(await pending).toBe('connection lost');
    expect(mine().map((doc) => doc.status)).toEqual(['UNAPPROVED']);

    // B, untouched, claims the saga once A's lease has run out and drives it to its end.
    const sagas = '{ sagas(first: 5) { edges { node { state docNo idempotencyKey steps { action outcome } } } } }';
    type Node = { state: string; docNo: string; idempotencyKey: string; steps: { action: string; outcome: string }[] };
    const saga = await until('B to finish the saga', async () => {
      const node = (await graphql<{ sagas: { edges: { node: Node }[] } }>(`${b.url}/graphql`, sagas)).sagas.edges[0]?.node;
      return node && node.state !== 'RUNNING' ? node : undefined;
    });
    const finishedAfter = Date.now() - killed;
    expect(saga).toMatchObject({ state: 'COMPLETED', docNo, idempotencyKey: 'mes-takeover-1' });
    // A's journal (its approve PENDING when it died), then B's run that finished it.
    expect(saga.steps).toEqual(expect.arrayContaining([{ action: 'approve', outcome: 'PENDING' }, { action: 'approve', outcome: 'DONE' }]));
    // Within the takeover interval (lease ≤ 0.6 s left, sweeps every 0.2 s), plus the approve itself and a busy machine's slack;
    // long before the held approve (4 s) could have finished it.
    expect(finishedAfter).toBeLessThan(TAKEOVER_SECONDS * 1000 + 2_500);
    expect(Date.now() - held).toBeLessThan(HOLD_MS);
    expect(mine().map((doc) => doc.status)).toEqual(['APPROVED']);

    // The journal names B as the owner now, and B's log says whose saga it took over.
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ owner: string; state: string }>(`SELECT owner, state FROM "${schema}".sagas`);
    await client.end();
    expect(rows).toEqual([{ owner: b.runtime.journal.instance, state: 'COMPLETED' }]);
    expect(a.instance).not.toBe(b.runtime.journal.instance);
    const takeover = logged.map((line) => JSON.parse(line) as { msg: string; from?: string }).find((line) => line.msg.startsWith('unfinished saga completed'));
    expect(takeover).toMatchObject({ from: a.instance });
    // B sent the approve itself, once.
    expect(await upstreamCallsAt(b.url, (labels) => labels.api === 't100.oapi.wo.stockin.data.approve')).toBe(1);

    // B released A's key: the client's retry (to B) answers the one document.
    const retried = await graphql<{ createAndApproveStockIn: { stockIn: { docNo: string; status: string }; userErrors: unknown[] } }>(`${b.url}/graphql`, mutation, { input });
    expect(retried.createAndApproveStockIn).toMatchObject({ stockIn: { docNo, status: 'APPROVED' }, userErrors: [] });

    // Let the held approve of the dead instance run (the ERP refuses it: already approved), then count again.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, held + HOLD_MS + 300 - Date.now())));
    expect(mine().map((doc) => [doc.docNo.trim(), doc.status])).toEqual([[docNo, 'APPROVED']]);
  }, 30_000);

  it('stops an instance whose saga was taken over before its next ERP call, leaving the key to the new owner', async () => {
    const workOrder = (sandbox.documents({ type: 'WorkOrder', status: 'ISSUED' }) as SandboxDocument[])[0];
    const input = { docType: 'SI01', remark: 'fenced-off-saga', lines: [stockLineFor(workOrder)] };
    const mutation = 'mutation($input: StockInInput!) { createAndApproveStockIn(input: $input, idempotencyKey: "mes-fenced-1") { stockIn { docNo status } userErrors { code } } }';
    const mine = (): SandboxDocument[] => (sandbox.documents({ type: 'StockIn' }) as SandboxDocument[]).filter((doc) => JSON.stringify(doc.head).includes('fenced-off-saga'));
    /** B's ERP calls so far, per stock-in API. */
    const calls = async (): Promise<Map<string, number>> => {
      const counts = new Map<string, number>();
      for (const { labels, count } of upstreamCallSeries(await (await fetch(`${b.url}/metrics`)).text())) {
        if (labels.api?.includes('stockin')) counts.set(labels.api, (counts.get(labels.api) ?? 0) + count);
      }
      return counts;
    };
    const before = await calls();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      // B's create waits in the ERP; meanwhile another instance (played here by the test) holds B's saga, as one
      // would that claimed it after B stalled past its lease.
      sandbox.faults.add({ api: 't100.oapi.wo.stockin.data.create', mode: 'delay', ms: 1_000, count: 1 });
      const answer = graphql<{ createAndApproveStockIn: { stockIn: unknown; userErrors: { code: string }[] } }>(`${b.url}/graphql`, mutation, { input });
      const id = await until('B to journal the saga', async () => {
        const { rows } = await client.query<{ id: string }>(`SELECT id FROM "${schema}".sagas WHERE idempotency_key = 'mes-fenced-1' AND state = 'RUNNING'`);
        return rows[0]?.id;
      });
      await client.query(`UPDATE "${schema}".sagas SET owner = 'another-instance', lease_until = now() + interval '1 hour' WHERE id = $1`, [id]);

      // The create lands; B finds the saga is no longer its own and sends nothing more: no approve, no compensation.
      expect((await answer).createAndApproveStockIn).toMatchObject({ stockIn: null, userErrors: [{ code: 'UPSTREAM_UNAVAILABLE' }] });
      expect(mine().map((doc) => doc.status)).toEqual(['UNAPPROVED']);
      const api = (operation: 'create' | 'read' | 'list'): string | undefined => stockIn.erps.t100.operations[operation]?.api;
      const harmless = new Set([api('create'), api('read'), api('list')]);
      const grew = [...(await calls())].filter(([name, count]) => count > (before.get(name) ?? 0)).map(([name]) => name);
      expect(grew).toContain(api('create'));
      expect(grew.filter((api) => !harmless.has(api))).toEqual([]);
      const { rows: sagaRows } = await client.query(`SELECT owner, state FROM "${schema}".sagas WHERE id = $1`, [id]);
      expect(sagaRows).toEqual([{ owner: 'another-instance', state: 'RUNNING' }]);
      // The key stays in progress for the new owner to release: a retry now would wait, not run beside it.
      const { rows: keyRows } = await client.query(`SELECT state FROM "${schema}".idempotency WHERE key LIKE '%mes-fenced-1'`);
      expect(keyRows).toEqual([{ state: 'in_progress' }]);

      // That instance dies too: B takes the saga over in turn, finishes it, and the retry answers the one document.
      await client.query(`UPDATE "${schema}".sagas SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]);
      await until('B to take the saga back and finish it', async () => {
        const { rows } = await client.query<{ state: string }>(`SELECT state FROM "${schema}".sagas WHERE id = $1`, [id]);
        return rows[0]?.state === 'COMPLETED' ? true : undefined;
      }, 5_000);
      const retried = await graphql<{ createAndApproveStockIn: { stockIn: { docNo: string; status: string }; userErrors: unknown[] } }>(`${b.url}/graphql`, mutation, { input });
      expect(retried.createAndApproveStockIn).toMatchObject({ stockIn: { docNo: mine()[0].docNo.trim(), status: 'APPROVED' }, userErrors: [] });
      expect(mine().map((doc) => doc.status)).toEqual(['APPROVED']);
    } finally {
      await client.end();
    }
  }, 20_000);
});
