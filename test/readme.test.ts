import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigFile } from '../src/config';
import { TestGateway } from './support/gateway';

/** The README's GraphQL blocks, in order: the MES flow a new user copies into GraphiQL. */
const blocks = [...readFileSync(path.join(__dirname, '../README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);

interface Doc {
  docNo?: string;
  status?: string;
}
interface MutationPayload {
  userErrors?: unknown[];
  stockIn?: Doc | null;
  results?: MutationPayload[];
}

describe('README', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('has the MES flow as GraphQL blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
  });

  it('runs every GraphQL block without errors, each mutation acting on the document the previous one named', async () => {
    let docNo: string | undefined;
    const statuses: string[] = [];
    for (const block of blocks) {
      const result = await gateway.query<Record<string, MutationPayload>>(block, block.includes('$docNo') ? { docNo } : undefined);
      expect(result.errors).toBeUndefined();
      if (!block.trimStart().startsWith('mutation')) continue;
      for (const value of Object.values(result.data ?? {})) {
        for (const answer of value.results ?? [value]) {
          expect(answer.userErrors).toEqual([]);
          if (answer.stockIn?.docNo) docNo = answer.stockIn.docNo;
          if (answer.stockIn?.status) statuses.push(answer.stockIn.status);
        }
      }
    }
    expect(statuses).toEqual(['UNAPPROVED', 'APPROVED', 'POSTED', 'POSTED', 'VOID', 'POSTED', 'POSTED']);
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo!)).toMatchObject({ status: 'POSTED' });
  });
});

describe('README configuration', () => {
  it('is a configuration the gateway accepts, with every key it shows', () => {
    const yamlBlocks = [...readFileSync(path.join(__dirname, '../README.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gw-readme-')), 'gateway.yaml');
    writeFileSync(file, yamlBlocks[0]);
    const config = loadConfigFile(file, {
      MES_API_KEY: 'sk-readme',
      T100_USER: 'tiptop',
      TIPTOP_USER: 'tiptop',
      TIPTOP_PASSWORD: 'secret',
      SUNLIKE_USER: 'ADMIN',
      SUNLIKE_PASSWORD: 'pw',
      KINGDEE_APP_ID: '224477_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY',
      KINGDEE_APP_SECRET: '0123456789abcdef0123456789abcdef',
      JST_APP_KEY: 'k',
      JST_APP_SECRET: 's',
      JST_ACCESS_TOKEN: 't',
      JST_REFRESH_TOKEN: 'r',
      WMS_TOKEN: 'wms-token-0001',
    });
    expect(config.rateLimit).toEqual({ requests: 600, perSeconds: 60 });
    expect(config.idempotencyRetentionHours).toBe(24);
    expect(config.connections[0]).toMatchObject({ id: 'plant1', readRetries: 2, maxConcurrent: 16, maxQueued: 1000 });
    expect(config.connections[1]).toMatchObject({ id: 'plant2', erp: 'tiptop', format: 'xml', plant: 'DSCTC', password: 'secret', application: 'GATEWAY' });
    // plant1 (T100) is the default; TIPTOP's documents go to plant2 without a routing entry.
    expect(config.routing).toMatchObject({ StockIn: 'plant1', MiscIssue: 'plant2', Transfer: 'plant2' });
    expect(config.connections.map((connection) => connection.erp)).toEqual(['t100', 'tiptop', 'sunlike', 'kingdee', 'jushuitan', 'aiwms']);
    expect(config.inventorySync).toMatchObject({ source: 'shop', target: 'finance', department: 'BM000001', approve: false });
    expect(config.inventorySync.warehouses.get('10186:4')).toBe('CK002');
  });
});
