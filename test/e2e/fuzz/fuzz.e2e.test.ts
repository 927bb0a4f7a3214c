/**
 * Property-based fuzzing (fast-check) at both edges: hostile GraphQL variables from clients, and hostile answers from
 * an ERP. Whatever arrives, the gateway answers a typed error — never a 5xx, never INTERNAL_SERVER_ERROR, never a
 * crash — and is healthy afterwards. Case count: FUZZ_RUNS (default 60 per property). Time budget: under 20 s.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { parseConfig } from '../../../src/config';
import { startGateway, type RunningGateway } from '../../../src/server';
import { TestGateway } from '../../support/gateway';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** Each property's time allowance grows with the case count (about 10 ms a case against a local ERP). */
const ALLOWANCE = Math.max(30_000, RUNS * 20);

/** Strings a hostile client or ERP likes: prototype names, markup, entities, huge and odd numbers, unicode. */
const nasty = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'prototype', '<!DOCTYPE x [<!ENTITY a "b">]>', '&#0;', '&amp;', ']]>', '\u0000', '💥', 'ｱ', '1e309', '-0', 'NaN'),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 3 }),
    fc.dictionary(nasty, tie('any'), { maxKeys: 4 }),
  ),
})).any;

function expectTyped(status: number, body: { errors?: { extensions?: { code?: string } }[]; data?: unknown }): void {
  expect(status).toBeLessThan(500);
  for (const error of body.errors ?? []) {
    expect(typeof error.extensions?.code).toBe('string');
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  }
}

describe('fuzzed clients', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await TestGateway.start();
  });
  afterAll(() => gateway.stop());

  it('answers any input to createStockIn and any filter to stockIns with typed errors or data, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(value, value, async (input, filter) => {
        const created = await gateway.query('mutation($input: StockInInput!) { createStockIn(input: $input) { stockIn { docNo } userErrors { code field } } }', {
          input: input as Record<string, unknown>,
        });
        expectTyped(created.status, created);
        const listed = await gateway.query('query($f: StockInFilter, $a: String) { stockIns(filter: $f, after: $a, first: 3) { totalCount } }', {
          f: filter,
          a: typeof filter === 'string' ? filter : undefined,
        });
        expectTyped(listed.status, listed);
      }),
      { numRuns: RUNS },
    );
    expect((await gateway.get('/healthz')).status).toBe(200);
  }, ALLOWANCE);

  it('answers a valid stock-in with any one field made hostile with data or typed userErrors, never a 5xx', async () => {
    const line = await gateway.sampleStockLine();
    const base = { docType: 'SI01', lines: [{ itemNo: line.itemNo, quantity: '1', warehouse: line.warehouse, location: line.location, workOrderNo: line.workOrderNo }] };
    const headFields = fc.constantFrom('docType', 'docDate', 'remark', 'department', 'supplier', 'workOrderNo', 'erpFields');
    const lineFields = fc.constantFrom('itemNo', 'quantity', 'warehouse', 'location', 'lot', 'unit', 'workOrderNo', 'erpFields', 'remark');
    const hostile = fc.oneof(nasty, fc.string({ maxLength: 300 }), fc.constantFrom('9'.repeat(40), '1e-30', '-1', '0.0000001', '2026-02-30', '9999-99-99'), fc.dictionary(nasty, value, { maxKeys: 3 }));
    await fc.assert(
      fc.asyncProperty(fc.boolean(), headFields, lineFields, hostile, async (onLine, headField, lineField, bad) => {
        const input = JSON.parse(JSON.stringify(base)) as { lines: Record<string, unknown>[] } & Record<string, unknown>;
        if (onLine) input.lines[0][lineField] = bad;
        else input[headField] = bad;
        const created = await gateway.query<{ createStockIn: { userErrors: { code: string }[] } | null }>(
          'mutation($input: StockInInput!) { createStockIn(input: $input) { stockIn { docNo } userErrors { code field } } }',
          { input },
        );
        expectTyped(created.status, created);
      }),
      { numRuns: RUNS },
    );
  }, ALLOWANCE);

  it('answers TIPTOP documents made hostile one field at a time (both customized APIs, and the tt.oapi create) with typed errors', async () => {
    const misc = { docType: 'MI01', reason: 'R01', lines: [{ itemNo: 'A001', quantity: '1', warehouse: 'W01' }] };
    const transfer = { docType: 'TR01', lines: [{ itemNo: 'A001', quantity: '1', warehouse: 'W01', toWarehouse: 'W02' }] };
    const headFields = fc.constantFrom('docType', 'docDate', 'remark', 'department', 'applicant', 'reason', 'erpFields');
    const lineFields = fc.constantFrom('itemNo', 'quantity', 'warehouse', 'location', 'lot', 'unit', 'toWarehouse', 'toLocation', 'toLot', 'erpFields');
    const hostile = fc.oneof(nasty, fc.string({ maxLength: 300 }), fc.constantFrom('9'.repeat(40), '1e-30', '-1', '2026-02-30'), fc.dictionary(nasty, value, { maxKeys: 3 }));
    const mutations = fc.constantFrom<[string, string, string, Record<string, unknown>]>(
      ['createAndPostMiscIssue', 'MiscIssueInput', 'miscIssue', misc],
      ['createMiscReceipt', 'MiscReceiptInput', 'miscReceipt', { ...misc, docType: 'MR01' }],
      ['createAndPostTransfer', 'TransferInput', 'transfer', transfer],
    );
    await fc.assert(
      fc.asyncProperty(mutations, fc.boolean(), headFields, lineFields, hostile, async ([field, inputType, documentField, base], onLine, headField, lineField, bad) => {
        const input = JSON.parse(JSON.stringify(base)) as { lines: Record<string, unknown>[] } & Record<string, unknown>;
        if (onLine) input.lines[0][lineField] = bad;
        else input[headField] = bad;
        const created = await gateway.query(`mutation($input: ${inputType}!) { ${field}(connection: "tiptop", input: $input) { ${documentField} { docNo } userErrors { code field } } }`, { input });
        expectTyped(created.status, created);
      }),
      { numRuns: RUNS },
    );
    expect((await gateway.get('/healthz')).status).toBe(200);
  }, ALLOWANCE);

  it('answers any push to the AI-WMS endpoints with HTTP 200 and a code, never a 5xx (inbound fuzzing)', async () => {
    const pushes = fc.oneof(
      fc.string({ maxLength: 200 }),
      value.map((any) => JSON.stringify(any) ?? 'null'),
      fc.record({ entry_order: fc.dictionary(fc.constantFrom('ref_id', 'entry_code', 'entry_date', 'order_type', 'operate_time', 'owner_code', 'department', 'operator_code', '__proto__', 'total_order_lines'), value), order_lines: fc.array(fc.dictionary(nasty, value, { maxKeys: 5 }), { maxLength: 3 }) }).map((body) => JSON.stringify(body)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('CreateEntryConfirmation', 'CreateDeliveryConfirmation', 'LOGIN'), pushes, async (method, body) => {
        const response = await fetch(`${gateway.url}/wms/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = (await response.json()) as { code?: unknown };
        expect(response.status).toBe(200);
        expect(typeof answer.code).toBe('number');
      }),
      { numRuns: RUNS },
    );
    expect((await gateway.get('/healthz')).status).toBe(200);
  }, ALLOWANCE);

  it('answers any id, document number and raw body with typed errors, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, fc.string({ maxLength: 200 }), async (text, body) => {
        const node = await gateway.query('query($id: ID!, $d: String!) { node(id: $id) { id } workOrder(docNo: $d) { docNo } }', { id: text, d: text });
        expectTyped(node.status, node);
        const raw = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = await raw.text();
        expect(raw.status).toBeLessThan(500);
        expect(answer).not.toContain('INTERNAL_SERVER_ERROR');
      }),
      { numRuns: RUNS },
    );
  }, ALLOWANCE);
});

describe('a fuzzing ERP', () => {
  let upstream: http.Server;
  let gateway: RunningGateway;
  let next: { status: number; body: string; type: string } = { status: 200, body: '', type: 'application/json' };

  beforeAll(async () => {
    // Answers whatever the property under test sets, to every call.
    upstream = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(next.status, { 'content-type': next.type }).end(next.body));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    const config = parseConfig(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir: mkdtempSync(path.join(tmpdir(), 'gw-fuzz-')),
        connections: { t100: { erp: 't100', baseUrl: `http://127.0.0.1:${port}/wtopprd`, enterprise: '99', site: 'DSCTC', user: 'tiptop', readRetries: 0, breakerThreshold: 1000, timeoutMs: 2000 } },
      },
      {},
    );
    gateway = await startGateway({ config, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const replies = fc.oneof(
    fc.string({ maxLength: 300 }).map((body) => ({ status: 200, body, type: 'application/json' })),
    value.map((json) => ({ status: 200, body: JSON.stringify(json), type: 'application/json' })),
    value.map((json) => ({ status: 200, body: JSON.stringify({ srvver: '1.0', srvcode: '000', payload: { std_data: json } }), type: 'application/json' })),
    fc.record({ code: nasty, parameter: value }).map(({ code, parameter }) => ({
      status: 200,
      body: JSON.stringify({ srvver: '1.0', srvcode: '000', payload: { std_data: { execution: { code, sqlcode: '0', description: code }, parameter } } }),
      type: 'application/json',
    })),
    // Well-formed successes carrying hostile records where the datasource expects stock-ins, lists and results.
    fc
      .record({
        records: fc.array(fc.dictionary(fc.constantFrom('doc_no', 'status', 'doc_date', 'qty', 'wo_stockin_detail', 'modify_date', 'source_no', '__proto__', 'constructor'), value, { maxKeys: 6 }), { maxLength: 3 }),
        total: value,
      })
      .map(({ records, total }) => ({
        status: 200,
        body: JSON.stringify({
          srvver: '1.0',
          srvcode: '000',
          payload: { std_data: { execution: { code: '0', sqlcode: '0', description: '' }, parameter: { wo_stockin_data: records, data: records, total_result: total, result: { success: records, error: records } } } },
        }),
        type: 'application/json',
      })),
    fc.string({ maxLength: 200 }).map((text) => ({ status: 200, body: `<response><srvcode>000</srvcode><payload>${text}</payload></response>`, type: 'text/xml' })),
    fc.integer({ min: 100, max: 599 }).filter((status) => status >= 200).map((status) => ({ status, body: '<html>oops</html>', type: 'text/html' })),
  );

  it('turns any answer into data or a typed error for reads and writes, never a 5xx or a crash', async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (reply) => {
        next = reply;
        for (const query of [
          '{ stockIn(docNo: "SI01-1") { docNo status lines { quantity } } }',
          '{ stockIns(first: 2) { totalCount edges { node { docNo } } } }',
          'mutation { approveStockIn(docNo: "SI01-1") { stockIn { status } userErrors { code } } }',
          'mutation { createStockIn(input: { docType: "SI01", lines: [{ itemNo: "A001", quantity: 1 }] }) { stockIn { docNo } userErrors { code } } }',
        ]) {
          const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
          expectTyped(response.status, (await response.json()) as { errors?: { extensions?: { code?: string } }[] });
        }
      }),
      { numRuns: RUNS },
    );
    const health = await fetch(`${gateway.url}/healthz`);
    expect(health.status).toBe(200);
    await health.text();
  }, ALLOWANCE);
});
