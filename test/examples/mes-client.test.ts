/**
 * examples/mes-client: the typed client an MES copies, run against the embedded gateway and its sandbox ERPs.
 * A shift's flow (work order created → approved → issued, material issued, work reported, two stock-ins
 * created-and-posted, one reversed) is asserted in the T100 sandbox's own store, not only in the gateway's answers;
 * running it again under the same keys books nothing twice; a lost reply is retried under the same key; and the
 * hand-written types of examples/mes-client/operations.graphql are checked against codegen's plugin.
 * Time budget: under 15 s.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { GatewayClient, GraphQLRequestError, UserErrorsError } from '../../examples/mes-client/client';
import { main } from '../../examples/mes-client/main';
import { CreateAndPostStockIn, ReverseStockIn, StockIn, WorkOrder } from '../../examples/mes-client/operations';
import { runShift, SANDBOX_SHIFT, type ShiftResult } from '../../examples/mes-client/shift';
import { TestGateway } from '../support/gateway';

const EXAMPLE = path.join(__dirname, '../../examples/mes-client');

describe('examples/mes-client against the embedded gateway', () => {
  let gateway: TestGateway;
  let client: GatewayClient;
  let shift: ShiftResult;

  beforeAll(async () => {
    gateway = await TestGateway.start();
    client = new GatewayClient({ url: gateway.url, backoffMs: 10 });
    shift = await runShift(client, { shiftId: 'test-shift-1' });
  });
  afterAll(() => gateway.stop());

  const counts = async (): Promise<number[]> =>
    Promise.all(['WorkOrder', 'IssuingNote', 'WorkReport', 'StockIn'].map(async (type) => (await gateway.sandboxDocuments('t100', { type })).length));

  it('books every step of the shift, each document in its status', () => {
    expect(shift.steps.map((step) => [step.step, step.type, step.status, step.replayed])).toEqual([
      ['create-work-order', 'WorkOrder', 'UNAPPROVED', false],
      ['approve-work-order', 'WorkOrder', 'APPROVED', false],
      ['issue-work-order', 'WorkOrder', 'ISSUED', false],
      ['issue-material', 'IssuingNote', 'POSTED', false],
      ['report-work', 'WorkReport', 'APPROVED', false],
      ['stock-in-1', 'StockIn', 'POSTED', false],
      ['stock-in-2', 'StockIn', 'POSTED', false],
      ['reverse-stock-in-2', 'StockIn', 'VOID', false],
    ]);
    expect(shift.workOrderNo).toMatch(/^WO01-/);
    expect(shift.issuingNoteNo).toMatch(/^IS01-/);
    expect(shift.workReportNo).toMatch(/^WR30-/);
    expect(shift.stockIns.map((stockIn) => stockIn.status)).toEqual(['POSTED', 'VOID']);
    expect(shift.stockIns.map((stockIn) => stockIn.docNo)).toEqual([expect.stringMatching(/^SI01-/), shift.reversedStockInNo]);
    expect(new Set(shift.stockIns.map((stockIn) => stockIn.docNo)).size).toBe(2);
  });

  it('left the documents in the ERP in those statuses, linked to the work order', async () => {
    const [first, reversed] = shift.stockIns;
    const stored = {
      workOrder: await gateway.sandboxDocument('t100', 'WorkOrder', shift.workOrderNo),
      issuingNote: await gateway.sandboxDocument('t100', 'IssuingNote', shift.issuingNoteNo),
      workReport: await gateway.sandboxDocument('t100', 'WorkReport', shift.workReportNo),
      stockIn: await gateway.sandboxDocument('t100', 'StockIn', first.docNo),
      reversed: await gateway.sandboxDocument('t100', 'StockIn', reversed.docNo),
    };
    expect(Object.fromEntries(Object.entries(stored).map(([name, document]) => [name, document?.status]))).toEqual({
      workOrder: 'ISSUED',
      issuingNote: 'POSTED',
      workReport: 'APPROVED',
      stockIn: 'POSTED',
      reversed: 'VOID',
    });
    expect(String(stored.workOrder!.head.sfaa010).trim()).toBe(SANDBOX_SHIFT.product.itemNo);
    // The same, read back through the gateway with the codegen'd queries.
    const workOrder = await client.request(WorkOrder, { docNo: shift.workOrderNo });
    expect(workOrder.workOrder).toMatchObject({ docNo: shift.workOrderNo, status: 'ISSUED', itemNo: SANDBOX_SHIFT.product.itemNo });
    const stockIn = await client.request(StockIn, { docNo: first.docNo });
    expect(stockIn.stockIn).toMatchObject({ status: 'POSTED', workOrder: { docNo: shift.workOrderNo, status: 'ISSUED' } });
    expect(stockIn.stockIn!.lines).toEqual([expect.objectContaining({ itemNo: SANDBOX_SHIFT.product.itemNo, quantity: SANDBOX_SHIFT.pallets[0], warehouse: '1001' })]);
  });

  it('replays a step run again under the same idempotency key, without a second document', async () => {
    const before = await counts();
    const [first] = shift.stockIns;
    const again = await client.mutate(
      CreateAndPostStockIn,
      {
        input: {
          docType: SANDBOX_SHIFT.docTypes.stockIn,
          remark: 'MES shift test-shift-1 pallet 1',
          lines: [{ itemNo: SANDBOX_SHIFT.product.itemNo, quantity: SANDBOX_SHIFT.pallets[0], warehouse: '1001', location: '00', workOrderNo: shift.workOrderNo }],
        },
      },
      { idempotencyKey: 'test-shift-1:stock-in-1' },
    );
    expect(again.idempotency).toEqual({ key: 'test-shift-1:stock-in-1', replayed: true });
    expect(again.stockIn).toMatchObject({ docNo: first.docNo, status: 'POSTED' });
    expect(await counts()).toEqual(before);
  });

  it('resumes a whole shift run again under the same id: every step replayed, nothing booked twice', async () => {
    const before = await counts();
    const again = await runShift(client, { shiftId: 'test-shift-1' });
    expect(again.steps.map((step) => step.replayed)).toEqual(shift.steps.map(() => true));
    expect(again.steps.map((step) => [step.step, step.docNo, step.status])).toEqual(shift.steps.map((step) => [step.step, step.docNo, step.status]));
    expect(await counts()).toEqual(before);
    expect((await gateway.sandboxDocument('t100', 'StockIn', shift.reversedStockInNo))?.status).toBe('VOID');
  });

  it('retries a mutation whose reply was lost under the same key: the ERP holds one document', async () => {
    let calls = 0;
    const losing: typeof fetch = async (input, init) => {
      calls += 1;
      const response = await fetch(input, init);
      if (calls > 1) return response;
      await response.text(); // the gateway booked it; the reply never reaches the MES
      throw new TypeError('fetch failed: socket hang up');
    };
    const flaky = new GatewayClient({ url: gateway.url, backoffMs: 10, fetch: losing });
    const before = await counts();
    const booked = await flaky.mutate(
      CreateAndPostStockIn,
      { input: { docType: 'SI01', lines: [{ itemNo: SANDBOX_SHIFT.product.itemNo, quantity: '1', warehouse: '1001', location: '00', workOrderNo: shift.workOrderNo }] } },
      { idempotencyKey: 'test-lost-reply' },
    );
    expect(calls).toBe(2);
    expect(booked.idempotency).toEqual({ key: 'test-lost-reply', replayed: true });
    expect((await gateway.sandboxDocument('t100', 'StockIn', booked.stockIn!.docNo))?.status).toBe('POSTED');
    const after = await counts();
    expect(after[3]).toBe(before[3] + 1);
  });

  it('throws UserErrorsError with the typed codes when the gateway refuses, GraphQLRequestError when the request is refused', async () => {
    const refused = client.mutate(ReverseStockIn, { docNo: shift.reversedStockInNo }, { idempotencyKey: 'test-reverse-again' });
    await expect(refused).rejects.toBeInstanceOf(UserErrorsError);
    await expect(client.mutate(ReverseStockIn, { docNo: shift.reversedStockInNo })).rejects.toMatchObject({ codes: ['INVALID_TRANSITION'] });
    await expect(client.request({ name: 'Bad', document: '{ noSuchField }' })).rejects.toBeInstanceOf(GraphQLRequestError);
  });

  it('main() runs a shift from the environment and prints its summary', async () => {
    const lines: string[] = [];
    const result = await main({ GATEWAY_URL: gateway.url, SHIFT_ID: 'test-shift-main' }, (line) => lines.push(line));
    expect(result.steps).toHaveLength(8);
    expect(lines.join('\n')).toContain(`${result.reversedStockInNo}`);
    expect(lines.at(-1)).toBe(`work order ${result.workOrderNo}: material issued on ${result.issuingNoteNo}, work reported on ${result.workReportNo}, 1 stock-in(s) posted, ${result.reversedStockInNo} reversed`);
  });
});

describe('GatewayClient on the wire', () => {
  it('sends the API key as a Bearer token and the idempotency key, and resends the same body on a 503', async () => {
    const sent: { headers: Record<string, string>; body: string }[] = [];
    const fake: typeof fetch = async (_input, init) => {
      sent.push({ headers: init!.headers as Record<string, string>, body: String(init!.body) });
      if (sent.length === 1) return new Response('busy', { status: 503 });
      const payload = { stockIn: { docNo: 'SI01-1', status: 'VOID', erpStatus: 'X' }, userErrors: [], steps: [], idempotency: { key: 'k-1', replayed: false } };
      return Response.json({ data: { reverseStockIn: payload } });
    };
    const wire = new GatewayClient({ url: 'http://gateway.test/', apiKey: 'sk-mes', backoffMs: 1, fetch: fake });
    const answer = await wire.mutate(ReverseStockIn, { docNo: 'SI01-1' }, { idempotencyKey: 'k-1' });
    expect(answer.stockIn?.status).toBe('VOID');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0].headers).toMatchObject({ authorization: 'Bearer sk-mes', 'content-type': 'application/json' });
    expect(JSON.parse(sent[0].body)).toMatchObject({ operationName: 'ReverseStockIn', variables: { docNo: 'SI01-1', idempotencyKey: 'k-1' } });
  });

  it('puts the key in the Idempotency-Key header for a mutation document that declares no $idempotencyKey', async () => {
    const sent: Record<string, string>[] = [];
    const fake: typeof fetch = async (_input, init) => {
      sent.push(init!.headers as Record<string, string>);
      return Response.json({ data: { voidStockIn: { userErrors: [], idempotency: { key: 'k-2', replayed: true } } } });
    };
    const wire = new GatewayClient({ url: 'http://gateway.test', fetch: fake });
    const document = { name: 'Void', document: 'mutation Void($docNo: String!) { voidStockIn(docNo: $docNo) { userErrors { code message } idempotency { key replayed } } }' };
    await wire.mutate<{ voidStockIn: { userErrors: { code: string; message: string }[]; idempotency: { key: string; replayed: boolean } | null } | null }, { docNo: string }>(document, { docNo: 'SI01-2' }, { idempotencyKey: 'k-2' });
    expect(sent[0]['idempotency-key']).toBe('k-2');
    expect(sent[0].authorization).toBeUndefined();
  });
});

/**
 * What codegen's typescript-operations plugin (a devDependency) emits for a .graphql file, with codegen.yml's
 * config. Run in a child Node process: the plugin's dependencies are ES modules, which jest's CommonJS runtime
 * cannot load.
 */
function typescriptOperationsOf(file: string): string {
  const script = `
    import { readFileSync } from 'node:fs';
    import { buildSchema, parse } from 'graphql';
    import { plugin } from '@graphql-codegen/typescript-operations';
    import YAML from 'yaml';
    const [schemaFile, documentFile, codegenFile] = process.argv.slice(1);
    const { config } = YAML.parse(readFileSync(codegenFile, 'utf8'));
    const document = parse(readFileSync(documentFile, 'utf8'));
    const output = await plugin(buildSchema(readFileSync(schemaFile, 'utf8')), [{ document, location: documentFile }], config, { outputFile: 'test/generated/operations.ts' });
    process.stdout.write(typeof output === 'string' ? output : [...(output.prepend ?? []), output.content].join('\\n'));
  `;
  const root = path.join(__dirname, '../..');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, path.join(root, 'schema/schema.graphql'), file, path.join(root, 'codegen.yml')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (run.status !== 0) throw new Error(`typescript-operations failed: ${run.stderr || run.error?.message}`);
  return run.stdout;
}

describe('examples/mes-client/operations.graphql', () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));
  const document = parse(readFileSync(path.join(EXAMPLE, 'operations.graphql'), 'utf8'));

  it('is valid against schema/schema.graphql', () => {
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });

  it('is typed in operations.types.ts exactly as typescript-operations types it, with codegen.yml config', () => {
    const generated = typescriptOperationsOf(path.join(EXAMPLE, 'operations.graphql'));
    const declarations = (source: string): Map<string, string> => {
      const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '');
      // One chunk per `type X =` declaration, up to its final semicolon.
      const chunks = withoutComments.split(/^(?=(?:export )?type \w)/m).filter((chunk) => /^(?:export )?type \w/.test(chunk));
      return new Map(chunks.map((chunk) => [/type (\w+)/.exec(chunk)![1], chunk.slice(0, chunk.lastIndexOf(';') + 1).replace(/^export /, '').replace(/\s+/g, ' ').trim()]));
    };
    const expected = declarations(generated);
    const written = new Map([...declarations(readFileSync(path.join(__dirname, '../generated/operations.ts'), 'utf8')), ...declarations(readFileSync(path.join(EXAMPLE, 'operations.types.ts'), 'utf8'))]);
    expect(expected.size).toBeGreaterThan(4);
    for (const [name, declaration] of expected) expect([name, written.get(name)]).toEqual([name, declaration]);
    const exported = readFileSync(path.join(EXAMPLE, 'operations.types.ts'), 'utf8');
    for (const name of expected.keys()) if (name !== 'Exact' && name !== 'Incremental') expect([name, new RegExp(`\\b${name}\\b`).test(exported)]).toEqual([name, true]);
  });
});
