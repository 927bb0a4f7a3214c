/**
 * Crash recovery (issue 9 §2, §7): a gateway process is killed with SIGKILL while a saga waits between its steps
 * (the sandbox's `delay` fault holds the approve), a new process starts on the same data directory, drives the
 * saga to its end from what the ERP holds, and a same-key retry answers the one document. The ERP is a sandbox
 * running in this test process, so it outlives the gateways, as a real ERP would. Time budget: under 25 s (the held approve is waited out).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { t100Family } from '../../../datasources/t100/family';
import type { SandboxHandle } from '../../../src/server/sandbox-admin';
import { stockLineFor, upstreamCallsAt, type SandboxDocument } from '../../support/gateway';
import { graphql, startGatewayProcess, until } from '../../support/gateway-process';

describe('a gateway killed between two steps of a saga', () => {
  let sandbox: SandboxHandle;
  let configFile: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-crash-'));
    const started = await t100Family.startSandbox!({ dataDir: path.join(dir, 'sandbox'), id: 't100' });
    sandbox = started.handle;
    configFile = path.join(dir, 'gateway.json');
    writeFileSync(configFile, JSON.stringify({ port: 0, host: '127.0.0.1', dataDir: path.join(dir, 'gateway'), connections: { t100: { ...started.connection, timeoutMs: 20_000 } } }));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await sandbox.close();
  });

  it('is driven to its end by the next process on start: one document, APPROVED, and a same-key retry answers it', async () => {
    const first = await startGatewayProcess(configFile);
    children.push(first.process);
    const workOrder = (sandbox.documents({ type: 'WorkOrder', status: 'ISSUED' }) as SandboxDocument[])[0];
    const input = { docType: 'SI01', remark: 'crash-between-steps', lines: [stockLineFor(workOrder, '2')] };
    const mutation = 'mutation($input: StockInInput!) { createAndApproveStockIn(input: $input, idempotencyKey: "mes-crash-1") { stockIn { docNo status } userErrors { code } } }';
    // The approve waits 12 s in the ERP; the gateway is killed while it waits, and the next one is up long before
    // (a restart takes a few seconds on a busy 2-core machine running the other suites).
    const held = Date.now();
    const HOLD_MS = 12_000;
    sandbox.faults.add({ api: 't100.oapi.wo.stockin.data.approve', mode: 'delay', ms: HOLD_MS, count: 1 });
    const pending = fetch(first.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: mutation, variables: { input } }) }).catch(() => 'connection lost');
    const created = await until('the create step', () => (sandbox.documents({ type: 'StockIn' }) as SandboxDocument[]).find((doc) => JSON.stringify(doc.head).includes('crash-between-steps')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.process.kill('SIGKILL');
    expect(await pending).toBe('connection lost');
    expect((sandbox.documents({ type: 'StockIn', docNo: created.docNo.trim() })[0] as { status: string }).status).toBe('UNAPPROVED');

    const second = await startGatewayProcess(configFile);
    children.push(second.process);
    const saga = await until('the saga to finish', async () => {
      const { sagas } = await graphql<{ sagas: { edges: { node: { state: string; docNo: string; steps: { action: string; outcome: string }[] } }[] } }>(
        second.url,
        '{ sagas(first: 5) { edges { node { state docNo steps { action outcome } } } } }',
      );
      const node = sagas.edges[0]?.node;
      return node && node.state !== 'RUNNING' ? node : undefined;
    });
    expect(saga).toMatchObject({ state: 'COMPLETED', docNo: created.docNo.trim() });
    // The dead run's journal (its approve PENDING), then the run that finished it.
    expect(saga.steps).toEqual(expect.arrayContaining([{ action: 'approve', outcome: 'PENDING' }, { action: 'approve', outcome: 'DONE' }]));
    expect(second.lines.join('\n')).toContain('unfinished saga completed after a restart');
    // The restarted gateway sent the approve itself (the held one had not run yet).
    expect(await upstreamCallsAt(second.url.replace(/\/graphql$/, ''), (labels) => labels.api === 't100.oapi.wo.stockin.data.approve')).toBe(1);

    const retried = await graphql<{ createAndApproveStockIn: { stockIn: { docNo: string; status: string }; userErrors: unknown[] } }>(second.url, mutation, { input });
    expect(retried.createAndApproveStockIn).toMatchObject({ stockIn: { docNo: created.docNo.trim(), status: 'APPROVED' }, userErrors: [] });
    // Let the held approve run (the ERP refuses it: already approved) before counting what the ERP holds.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, held + HOLD_MS + 500 - Date.now())));
    const mine = (sandbox.documents({ type: 'StockIn' }) as SandboxDocument[]).filter((doc) => JSON.stringify(doc.head).includes('crash-between-steps'));
    expect(mine.map((doc) => doc.status)).toEqual(['APPROVED']);
    second.process.kill('SIGTERM');
  }, 60_000);
});
