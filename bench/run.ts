/**
 * `npm run bench`: speed and memory of the gateway as ratios against baselines measured in the same run.
 *
 * 1. read overhead: `stockIn(docNo)` through the gateway vs the same T100 read API called directly on the
 *    sandbox (same encoding, same loopback), with autocannon at fixed concurrency.
 * 2. batching: a page of 20 stock-ins with lines and work orders through the gateway (DataLoader: 3 ERP calls)
 *    vs the same data fetched as one list call + one read per document + one read per work order.
 * 3. memory: heap and RSS growth across the read-overhead run, per 1,000 requests.
 * 4. batch booking: 20 stock-ins booked as 20 sequential createAndPostStockIn requests vs one
 *    createAndPostStockInBatch request (items run 4 at a time per connection), in ms per stock-in.
 * 5. envelope codec: a 5,000-line std_data document encoded and decoded as JSON and as XML (MB/s of wire text).
 * 6. one customized call vs a saga: TIPTOP createAndPostMiscIssue (CreateMISCIssueData, one call) vs
 *    createAndPostMiscReceipt (create → approve → post over tt.oapi, journaled), the same tables, in ms each.
 * 7. start-up: `npm start`'s compiled entry point in a child process until it serves /readyz, and its RSS when idle.
 *
 * Results are printed and written to bench/results/latest.md. Each request carries its own Authorization
 * header so no layer can deduplicate identical requests.
 */
import 'reflect-metadata';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { decodeReply, decodeRequest, encodeReply, encodeRequest } from '../datasources/common/digiwin/envelope';
import type { StdEncoding, StdRecord } from '../datasources/common/digiwin/envelope-types';
import { startEmbedded } from '../src/embedded';

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Run {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
}

async function load(options: { url: string; body: string; headers: Record<string, string>; perRequestKey?: boolean }): Promise<Run> {
  let counter = 0;
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    headers: options.headers,
    body: options.body,
    requests: options.perRequestKey
      ? [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer bench-${counter++}` } }) }]
      : undefined,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

async function timeSequential(times: number, run: () => Promise<void>): Promise<number> {
  await run(); // warm-up
  const started = process.hrtime.bigint();
  for (let index = 0; index < times; index++) await run();
  return Number(process.hrtime.bigint() - started) / 1e6 / times;
}

async function graphql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

function t100Body(api: string, parameter: Record<string, unknown>): { body: string; contentType: string; headers: Record<string, string> } {
  const request = {
    type: 'sync',
    host: { prod: 'BENCH', ver: '1.0', ip: '127.0.0.1', id: '', lang: 'zh_TW', timezone: '+8', acct: 'tiptop', timestamp: '20261124101500123' },
    service: { prod: 'T100', name: api, ip: '', id: 'topprd' },
    datakey: { EntId: '99', CompanyId: 'DSCTC' },
    parameter: parameter as never,
  };
  return encodeRequest('json', request);
}

/** MB/s of wire text for `work`, over enough repetitions to take about a second. */
function throughput(bytes: number, work: () => void): number {
  work();
  let repetitions = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1e9) {
    work();
    repetitions += 1;
    elapsed = Number(process.hrtime.bigint() - started);
  }
  return (bytes * repetitions) / 2 ** 20 / (elapsed / 1e9);
}

/** Encode and decode throughput of a 5,000-line document, request and reply, per encoding. */
function codecThroughput(): { encoding: StdEncoding; encode: number; decode: number; bytes: number }[] {
  const lines: StdRecord[] = Array.from({ length: 5000 }, (_, index) => ({
    seq: index + 1, wo_no: 'WO01-26110500012', item_no: `3-BJ900-${String(index).padStart(5, '0')}`, qty: 12.5, unit_no: 'PCS', warehouse_no: '1001', location_no: '00', lot_no: 'L20261124',
  }));
  const parameter: StdRecord = { wo_stockin_data: [{ doc_type_no: 'SI01', doc_date: '20261124', remark: 'bench', wo_stockin_detail: lines }] };
  const request = {
    type: 'sync',
    host: { prod: 'BENCH', ver: '1.0', ip: '127.0.0.1', id: '', lang: 'zh_TW', timezone: '+8', acct: 'tiptop', timestamp: '20261124101500123' },
    service: { prod: 'T100', name: 't100.oapi.wo.stockin.data.create', ip: '', id: 'topprd' },
    datakey: { EntId: '99', CompanyId: 'DSCTC' },
    parameter,
  };
  return (['json', 'xml'] as const).map((encoding) => {
    const encoded = encodeRequest(encoding, request);
    const reply = encodeReply({ encoding, soap: encoding === 'xml' }, { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter });
    const bytes = Buffer.byteLength(encoded.body) + Buffer.byteLength(reply.body);
    const encode = throughput(bytes, () => {
      encodeRequest(encoding, request);
      encodeReply({ encoding, soap: encoding === 'xml' }, { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter });
    });
    const decode = throughput(bytes, () => {
      decodeRequest(encoded.body, { 'content-type': encoded.contentType, ...encoded.headers });
      decodeReply(encoding, reply.body);
    });
    return { encoding, encode, decode, bytes };
  });
}

/**
 * `npm start` after its (incremental) prestart build: the compiled entry point in a child process, ms until /readyz
 * answers, and its RSS when idle.
 */
async function startUp(): Promise<{ readyMs: number; idleRssMiB: number }> {
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(__dirname, '../tsconfig.build.json')], { stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-start-'));
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(__dirname, '../dist/src/main.js')], {
    env: { ...process.env, PORT: '0', GATEWAY_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const found = /GraphiQL at (http:\/\/[^\s"]+)\/graphql/.exec(output);
        if (found) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${output.slice(-500)}`)));
    });
    for (;;) {
      const ready = await fetch(`${url}/readyz`).then((response) => response.status, () => 0);
      if (ready === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyMs = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const idleRssMiB = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    return { readyMs, idleRssMiB };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-'));
  const gateway = await startEmbedded({ port: 0, dataDir, logger: pino({ level: 'silent' }) });
  const sandbox = gateway.sandboxes[0];
  try {
    const docNo = ((await graphql(gateway.url, '{ stockIns(first: 1, filter: { status: POSTED }) { edges { node { docNo } } } }')) as {
      stockIns: { edges: { node: { docNo: string } }[] };
    }).stockIns.edges[0].node.docNo;

    // 1. read overhead
    const direct = t100Body('t100.oapi.wo.stockin.details.data.read.get', { data_keys: [{ doc_no: docNo }] });
    const directRun = await load({ url: `${sandbox.baseUrl}/ws/r/awsp920`, body: direct.body, headers: { 'content-type': direct.contentType, ...direct.headers } });
    const gatewayLoad = {
      url: `${gateway.url}/graphql`,
      body: JSON.stringify({ query: 'query($d:String!){ stockIn(docNo:$d){ docNo status docDate lines { itemNo quantity warehouse } } }', variables: { d: docNo } }),
      headers: { 'content-type': 'application/json' },
      perRequestKey: true,
    };
    const gatewayRun = await load(gatewayLoad);
    // Heap growth across a second, warmed-up run, after forced GCs: what a long-running gateway keeps, not JIT warm-up.
    global.gc?.();
    const heapBefore = process.memoryUsage();
    const steadyRun = await load(gatewayLoad);
    global.gc?.();
    const heapAfter = process.memoryUsage();

    // 2. batching
    const pageQuery = '{ stockIns(first: 20) { edges { node { docNo lines { itemNo quantity workOrder { docNo status itemNo } } } } } }';
    const batchedMs = await timeSequential(20, async () => {
      await graphql(gateway.url, pageQuery);
    });
    const unbatchedMs = await timeSequential(20, async () => {
      const page = (await graphql(gateway.url, '{ stockIns(first: 20) { edges { node { docNo } } } }')) as { stockIns: { edges: { node: { docNo: string } }[] } };
      for (const edge of page.stockIns.edges) {
        const one = (await graphql(gateway.url, 'query($d:String!){ stockIn(docNo:$d){ lines { itemNo quantity workOrderNo } } }', { d: edge.node.docNo })) as {
          stockIn: { lines: { workOrderNo: string | null }[] };
        };
        for (const line of one.stockIn.lines) {
          if (line.workOrderNo) await graphql(gateway.url, 'query($d:String!){ workOrder(docNo:$d){ docNo status itemNo } }', { d: line.workOrderNo });
        }
      }
    });

    // 4. batch booking
    const workOrderNo = 'WO01-26110500012';
    const item = (key: string) => ({
      idempotencyKey: key,
      input: { docType: 'SI01', lines: [{ itemNo: '3-BJ900-03006-J02', quantity: '1', warehouse: '1001', location: '00', workOrderNo }] },
    });
    let run = 0;
    const BOOKED = 20;
    const single = 'mutation($input: StockInInput!, $key: String) { createAndPostStockIn(input: $input, idempotencyKey: $key) { stockIn { docNo } userErrors { code } } }';
    const sequentialMs =
      (await timeSequential(3, async () => {
        run++;
        for (let index = 0; index < BOOKED; index++) {
          const { input, idempotencyKey } = item(`seq-${run}-${index}`);
          await graphql(gateway.url, single, { input, key: idempotencyKey });
        }
      })) / BOOKED;
    const batch = 'mutation($items: [StockInBatchItem!]!) { createAndPostStockInBatch(items: $items) { results { stockIn { docNo } userErrors { code } } } }';
    const batchMs =
      (await timeSequential(3, async () => {
        run++;
        await graphql(gateway.url, batch, { items: Array.from({ length: BOOKED }, (_, index) => item(`batch-${run}-${index}`)) });
      })) / BOOKED;

    // 6. one customized call vs a saga (TIPTOP: the same ina_file/inb_file documents).
    const misc = (type: 'MiscIssue' | 'MiscReceipt', slip: string) => async () => {
      run++;
      const field = `createAndPost${type}`;
      const data = (await graphql(gateway.url, `mutation($input: ${type}Input!, $key: String) { ${field}(connection: "tiptop", input: $input, idempotencyKey: $key) { userErrors { code message } } }`, {
        input: { docType: slip, lines: [{ itemNo: 'A002', quantity: '0.5', warehouse: 'W02' }] },
        key: `${field}-${run}`,
      })) as Record<string, { userErrors: unknown[] }>;
      if (data[field].userErrors.length > 0) throw new Error(JSON.stringify(data[field].userErrors));
    };
    // Receipts first, so the issues have stock to take.
    const sagaMs = await timeSequential(20, misc('MiscReceipt', 'MR01'));
    const customizedMs = await timeSequential(20, misc('MiscIssue', 'MI01'));

    // 5. envelope codec; 7. start-up (a separate process).
    const codec = codecThroughput();
    const start = await startUp();

    const perThousand = (bytes: number): string => `${((bytes / Math.max(steadyRun.requests, 1)) * 1000 / 1024).toFixed(1)} KiB`;
    const lines = [
      `# Benchmark results`,
      ``,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
        `autocannon ${CONNECTIONS} connections × ${DURATION_SECONDS} s; gateway, sandbox and load generator share the machine.`,
      `Command: \`npm run bench\` (${new Date().toISOString().slice(0, 10)}).`,
      ``,
      `| measure | baseline | gateway | ratio |`,
      `| --- | --- | --- | --- |`,
      `| read throughput (req/s): sandbox read API direct vs \`stockIn(docNo)\` | ${directRun.requestsPerSecond.toFixed(0)} | ${gatewayRun.requestsPerSecond.toFixed(0)} | ${(gatewayRun.requestsPerSecond / directRun.requestsPerSecond).toFixed(2)}× |`,
      `| read latency p50 / p99 (ms) | ${directRun.p50} / ${directRun.p99} | ${gatewayRun.p50} / ${gatewayRun.p99} | ${(gatewayRun.p50 / Math.max(directRun.p50, 1)).toFixed(2)}× p50 |`,
      `| 20 stock-ins + lines + work orders (ms per page): one call per document vs batched | ${unbatchedMs.toFixed(1)} | ${batchedMs.toFixed(1)} | ${(unbatchedMs / batchedMs).toFixed(1)}× faster |`,
      `| gateway cost per read (ms of the shared CPU): 1/gateway − 1/direct | — | ${(1000 / gatewayRun.requestsPerSecond - 1000 / directRun.requestsPerSecond).toFixed(2)} | a real T100 answers in tens to hundreds of ms |`,
      `| booking 20 stock-ins (ms per stock-in): 20 sequential \`createAndPostStockIn\` vs one \`createAndPostStockInBatch\` | ${sequentialMs.toFixed(2)} | ${batchMs.toFixed(2)} | ${(sequentialMs / batchMs).toFixed(1)}× faster |`,
      `| heap growth per 1,000 gateway requests | — | ${perThousand(heapAfter.heapUsed - heapBefore.heapUsed)} | RSS ${((heapAfter.rss - heapBefore.rss) / 2 ** 20).toFixed(1)} MiB over ${steadyRun.requests} requests (second run) |`,
      `| createAndPost (ms each, TIPTOP): a saga of 3 tt.oapi calls (misc receipt) vs one CreateMISCIssueData (misc issue) | ${sagaMs.toFixed(2)} | ${customizedMs.toFixed(2)} | ${(sagaMs / customizedMs).toFixed(1)}× faster |`,
      ...codec.map(
        (entry) =>
          `| envelope codec, ${entry.encoding.toUpperCase()}, 5,000-line document (${(entry.bytes / 2 ** 20).toFixed(1)} MiB request + reply): encode / decode (MB/s) | — | ${entry.encode.toFixed(1)} / ${entry.decode.toFixed(1)} | |`,
      ),
      `| start-up of \`npm start\` (compiled JavaScript, five embedded sandbox ERPs) to /readyz, and idle RSS | — | ${start.readyMs} ms | ${start.idleRssMiB.toFixed(0)} MiB idle |`,
      ``,
      `Errors: direct ${directRun.errors}, gateway ${gatewayRun.errors}. The gateway path has two loopback HTTP hops (client → gateway → sandbox)`,
      `where the baseline has one, and everything (load generator, gateway, sandbox) shares one Node process and 2 cores; heap growth`,
      `is measured after a forced GC.`,
    ];
    const report = lines.join('\n');
    process.stdout.write(report + '\n');
    mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    writeFileSync(path.join(__dirname, 'results', 'latest.md'), report + '\n');
  } finally {
    await gateway.close();
  }
}

void main();
