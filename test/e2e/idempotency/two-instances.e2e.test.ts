/**
 * Several instances (issue 9 §4): two gateways share one PostgreSQL (a fresh schema at DATABASE_URL, dropped
 * afterwards) and one sandbox ERP. Twenty concurrent retries of one mutation under one key, split between them,
 * make exactly one document; every answer names it. Time budget: under 5 s.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { t100Family } from '../../../datasources/t100/family';
import { parseConfig } from '../../../src/config';
import { startGateway, type RunningGateway } from '../../../src/server';
import type { SandboxHandle } from '../../../src/server/sandbox-admin';
import { stockLineFor, type SandboxDocument } from '../../support/gateway';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('two gateway instances on one PostgreSQL', () => {
  const schema = `gw_two_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  let sandbox: SandboxHandle;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gw-two-'));
    const started = await t100Family.startSandbox!({ dataDir: path.join(dir, 'sandbox'), id: 't100' });
    sandbox = started.handle;
    for (const name of ['a', 'b']) {
      const config = parseConfig(
        { port: 0, host: '127.0.0.1', dataDir: path.join(dir, name), connections: { t100: started.connection } },
        { DATABASE_URL, DATABASE_SCHEMA: schema },
      );
      gateways.push(await startGateway({ config, logger: pino({ level: 'silent' }) }));
    }
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await sandbox.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('makes one document of twenty concurrent same-key requests split across both', async () => {
    const workOrder = (sandbox.documents({ type: 'WorkOrder', status: 'ISSUED' }) as SandboxDocument[])[0];
    const input = { docType: 'SI01', remark: 'two-instances', lines: [stockLineFor(workOrder)] };
    const query = 'mutation($input: StockInInput!) { createAndPostStockIn(input: $input, idempotencyKey: "mes-two-instances-1") { stockIn { docNo status } userErrors { code } idempotency { replayed } } }';
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const response = await fetch(`${gateways[index % 2].url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { input } }) });
        return ((await response.json()) as { data: { createAndPostStockIn: { stockIn: { docNo: string; status: string } | null; userErrors: unknown[]; idempotency: { replayed: boolean } } } }).data.createAndPostStockIn;
      }),
    );
    const made = (sandbox.documents({ type: 'StockIn' }) as { docNo: string; head: Record<string, unknown>; status: string }[]).filter((doc) => JSON.stringify(doc.head).includes('two-instances'));
    expect(made.map((doc) => doc.status)).toEqual(['POSTED']);
    expect(answers.every((answer) => answer.userErrors.length === 0 && answer.stockIn?.docNo === made[0].docNo.trim())).toBe(true);
    expect(answers.filter((answer) => !answer.idempotency.replayed)).toHaveLength(1);
  });
});
