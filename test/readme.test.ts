import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TestGateway } from './support/gateway';

/** The README's GraphQL blocks, in order: the MES flow a new user copies into GraphiQL. */
const blocks = [...readFileSync(path.join(__dirname, '../README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);

describe('README', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('has the MES flow as GraphQL blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it('runs every GraphQL block without errors, each mutation acting on the document the previous one named', async () => {
    let docNo: string | undefined;
    const statuses: string[] = [];
    for (const block of blocks) {
      const result = await gateway.query<Record<string, { docNo?: string; status?: string } | unknown>>(block, block.includes('$docNo') ? { docNo } : undefined);
      expect(result.errors).toBeUndefined();
      for (const value of Object.values(result.data ?? {})) {
        const node = value as { docNo?: string; status?: string };
        if (node?.docNo) docNo = node.docNo;
        if (node?.status) statuses.push(node.status);
      }
    }
    expect(statuses).toEqual(['UNAPPROVED', 'APPROVED', 'POSTED', 'POSTED', 'VOID']);
    expect(await gateway.sandboxDocument('t100', 'StockIn', docNo!)).toMatchObject({ status: 'VOID' });
  });
});
