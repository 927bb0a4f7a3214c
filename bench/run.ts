/**
 * `npm run bench`: speed and memory of the gateway as ratios against baselines measured in the same run.
 *
 * Processes: the sandbox ERPs run in their own process exactly as `npm run sandbox` starts them (SANDBOX_PORT=0,
 * a fresh SANDBOX_DATA_DIR, no added latency); the gateway runs in its own process with GATEWAY_CONFIG naming a
 * config file whose `connections` are the block `npm run sandbox` printed (bench/gateway-process.ts); the naive
 * baseline (bench/naive.ts) and the peer gateway (bench/peer/, when built) run in their own processes too; this
 * process only generates load (autocannon) and samples the servers' RSS from /proc.
 *
 * 1. single read: `stockIn(docNo)` through the gateway vs the same T100 read API called directly on the sandbox
 *    vs the naive server; added latency and CPU per read (1/rps − 1/rps(direct)), the servers' measured CPU per
 *    read at full load, and at a fixed unsaturated rate (interleaved rounds, median).
 * 2. nested: 50 issuing notes with lines and head work order, through the gateway vs the naive server (Apollo +
 *    axios, one upstream call per field) vs the peer gateway; upstream calls per query from the sandbox's call log.
 * 3. batching: a page of 20 stock-ins with lines and work orders through the gateway (DataLoader: 3 ERP calls)
 *    vs the same data fetched as one list call + one read per document + one read per work order.
 * 4. memory: heap (after forced GCs in the gateway process) and RSS growth across a warmed-up read run.
 * 5. batch booking: 20 stock-ins booked as 20 sequential createAndPostStockIn requests vs one
 *    createAndPostStockInBatch request (items run 4 at a time per connection), in ms per stock-in.
 * 6. envelope codec: a 5,000-line std_data document encoded and decoded as JSON and as XML (MB/s of wire text).
 * 7. one customized call vs a saga: TIPTOP createAndPostMiscIssue (CreateMISCIssueData, one call) vs
 *    createAndPostMiscReceipt (create → approve → post over tt.oapi, journaled), the same tables, in ms each.
 * 8. soak: the single read at fixed concurrency for BENCH_SOAK_SECONDS (default 120): RSS growth, errors.
 * 9. start-up: `npm start`'s compiled entry point in a child process until it serves /readyz, and its RSS when idle.
 *
 * Results are printed and written to bench/results/latest.md. Each gateway request carries its own Authorization
 * header so no layer can deduplicate identical requests. BENCH_QUICK=1: 1 s runs and a 5 s soak (a smoke run);
 * BENCH_SECONDS, BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS and BENCH_SOAK_SECONDS override durations and concurrency;
 * BENCH_CPU_PROF_DIR=<dir> has every server process write a V8 CPU profile there when it stops (node --cpu-prof).
 * `npm run bench` builds first (tsconfig.bench.json, into dist-bench/) and runs dist-bench/bench/run.js, so every
 * server runs compiled, as `npm start` does.
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { decodeReply, decodeRequest, encodeReply, encodeRequest } from '../datasources/common/digiwin/envelope';
import { t100Request } from './t100-request';
import type { StdEncoding, StdRecord } from '../datasources/common/digiwin/envelope-types';
import { CONNECTIONS, DURATION_SECONDS, graphqlOk, load, QUICK, rssOf, type Run } from './load';
import { COMPILED, REPO_ROOT, startSandboxProcess, type SandboxProcess } from './sandbox-process';
import { startGatewayProcess } from './gateway-process';
import { startNaiveProcess } from './naive';
import { peerBuilt, startPeerProcess } from './peer-process';
import { soak, SOAK_SECONDS } from './soak';

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

function t100Body(api: string, parameter: StdRecord): { body: string; contentType: string; headers: Record<string, string> } {
  return encodeRequest('json', t100Request(api, parameter));
}

/** MB/s of wire text for `work`, over enough repetitions to take about a second (0.2 s with BENCH_QUICK). */
function throughput(bytes: number, work: () => void): number {
  work();
  let repetitions = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < (QUICK ? 2e8 : 1e9)) {
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
  const request = t100Request('t100.oapi.wo.stockin.data.create', parameter);
  const answer = { srvcode: '000', execution: { code: '0', sqlCode: '0', description: '' }, parameter };
  return (['json', 'xml'] as const).map((encoding) => {
    const encoded = encodeRequest(encoding, request);
    const reply = encodeReply({ encoding, soap: encoding === 'xml' }, answer);
    const bytes = Buffer.byteLength(encoded.body) + Buffer.byteLength(reply.body);
    const encode = throughput(bytes, () => {
      encodeRequest(encoding, request);
      encodeReply({ encoding, soap: encoding === 'xml' }, answer);
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
async function startUp(): Promise<{ readyMs: number; idleRssMiB: number; rebuilt: boolean }> {
  // A smoke run starts the existing build when there is one: the incremental build alone can take half a minute.
  const rebuilt = !(QUICK && existsSync(path.join(REPO_ROOT, 'dist/src/main.js')));
  if (rebuilt) {
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(REPO_ROOT, 'tsconfig.build.json')], { stdio: 'ignore' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-start-'));
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/main.js')], {
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
    const idleRssMiB = rssOf(child.pid!).rssMiB;
    return { readyMs, idleRssMiB, rebuilt };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * The nested workload: a page of 50 issuing notes, each with its lines and their work order (list → lines → work
 * order). The work order is asked on the lines: the gateway's head `IssuingNote.workOrder` is null on T100, whose
 * issuing-note head (sfda_t) carries no work order — the lines (sfdc001) do. Every seeded note has one line.
 */
const NESTED_QUERY = '{ issuingNotes(first: 50) { edges { node { docNo status lines { itemNo quantity workOrder { docNo status itemNo } } } } } }';
const NESTED_NOTES = 50;
/** Unmeasured load before each measured run (none in a smoke run). */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? (QUICK ? 0 : 2));
const READ_QUERY = 'query($d:String!){ stockIn(docNo:$d){ docNo status docDate lines { itemNo quantity warehouse } } }';
const JSON_HEADERS = { 'content-type': 'application/json' };
/** The fixed rate at which CPU per read is measured unsaturated (well under what either server answers). */
const FIXED_RATE = 300;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}

/**
 * Issuing notes created through the gateway until the T100 sandbox holds NESTED_NOTES of them: the sample input of
 * test/support/inputs.ts, against the two released sample work orders in turn (so the page names both).
 */
async function seedIssuingNotes(gatewayUrl: string): Promise<number> {
  const existing = ((await graphql(gatewayUrl, '{ issuingNotes(first: 100) { edges { node { docNo } } } }')) as { issuingNotes: { edges: unknown[] } }).issuingNotes.edges.length;
  const create = 'mutation($input: IssuingNoteInput!) { createIssuingNote(input: $input) { issuingNote { docNo } userErrors { code message } } }';
  for (let index = existing; index < NESTED_NOTES; index++) {
    const workOrderNo = index % 2 === 0 ? 'WO01-26110500012' : 'WO01-26110500013';
    const data = (await graphql(gatewayUrl, create, { input: { docType: 'IS01', kind: 'ISSUE', lines: [{ itemNo: 'A001', quantity: 1, warehouse: 'W01', workOrderNo }] } })) as {
      createIssuingNote: { userErrors: unknown[] };
    };
    if (data.createIssuingNote.userErrors.length > 0) throw new Error(`seeding issuing notes: ${JSON.stringify(data.createIssuingNote.userErrors)}`);
  }
  return NESTED_NOTES - Math.min(existing, NESTED_NOTES);
}

/** The nested answer has the whole shape: 50 notes, each with lines, each line with its work order. */
function checkNested(server: string, data: Record<string, unknown>): void {
  type Line = { workOrder?: { docNo?: string } | null };
  const edges = (data as { issuingNotes?: { edges?: { node: { lines?: Line[] } }[] } }).issuingNotes?.edges ?? [];
  const whole = edges.filter((edge) => (edge.node.lines?.length ?? 0) > 0 && edge.node.lines!.every((line) => line.workOrder?.docNo)).length;
  if (edges.length !== NESTED_NOTES || whole !== NESTED_NOTES) throw new Error(`${server}: nested answer has ${edges.length} notes, ${whole} with lines and work order`);
}

interface UpstreamCalls {
  readonly perQuery: number;
  readonly byApi: Record<string, number>;
}

/**
 * Until the T100 sandbox's call log has been still for 300 ms: a server keeps answering the requests in flight when
 * autocannon stops, and their upstream calls must not be counted for the next server.
 */
async function settle(sandbox: SandboxProcess): Promise<void> {
  let last = sandbox.t100Calls.mark();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = sandbox.t100Calls.mark();
    if (now === last) return;
    last = now;
  }
}

/** Upstream calls one query makes, from the T100 sandbox's call log over a few sequential queries. */
async function upstreamCalls(sandbox: SandboxProcess, run: () => Promise<void>, times = 3): Promise<UpstreamCalls> {
  await settle(sandbox);
  await run(); // warm-up (and the nested check)
  const mark = sandbox.t100Calls.mark();
  for (let index = 0; index < times; index++) await run();
  const counted = sandbox.t100Calls.since(mark);
  const byApi = Object.fromEntries(Object.entries(counted).map(([api, count]) => [api, count / times]));
  return { perQuery: Object.values(byApi).reduce((sum, count) => sum + count, 0), byApi };
}

const API_SHORT: Record<string, string> = {
  't100.oapi.issuing.list.data.query.get': 'list',
  't100.oapi.issuing.details.data.read.get': 'note read',
  't100.oapi.wo.details.data.read.get': 'work-order read',
  't100.oapi.wo.list.data.query.get': 'work-order list',
  't100.oapi.wo.stockin.details.data.read.get': 'read',
};

function describeCalls(calls: UpstreamCalls | undefined): string {
  if (!calls) return '—';
  const parts = Object.entries(calls.byApi)
    .sort(([, a], [, b]) => a - b)
    .map(([api, count]) => `${Number(count.toFixed(2))} ${API_SHORT[api] ?? api}`);
  return `${Number(calls.perQuery.toFixed(2))} (${parts.join(' + ')})`;
}

interface LoadRow {
  readonly scenario: string;
  readonly server: string;
  readonly run: Run;
  readonly calls?: UpstreamCalls;
}

const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const ratio = (value: number): string => (Number.isFinite(value) && value > 0 ? `${value.toFixed(2)}×` : '—');

async function main(): Promise<void> {
  const started = Date.now();
  const notes: string[] = [];
  const progress = (step: string): void => {
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)} s] ${step}\n`);
  };
  const sandbox = await startSandboxProcess();
  progress(`sandbox process up (${sandbox.t100BaseUrl})`);
  /**
   * A load run once the previous server has finished what it had in flight, after a warm-up run of WARMUP_SECONDS
   * (JIT, lazily built caches, pooled sockets): a cold 5 s run measured the gateway at a quarter of its warm rate.
   */
  const measure = async (options: Parameters<typeof load>[0]): Promise<Run> => {
    await settle(sandbox);
    if (WARMUP_SECONDS > 0) {
      await load({ ...options, seconds: WARMUP_SECONDS });
      await settle(sandbox);
    }
    return load(options);
  };
  const stops: (() => Promise<void>)[] = [() => sandbox.stop()];
  try {
    // Started side by side (start-up is not measured here): the gateway, the naive server, the peer when built.
    const peerStarting = peerBuilt() ? startPeerProcess(sandbox.t100BaseUrl) : undefined;
    // A failed peer start is reported in its row, never an unhandled rejection.
    peerStarting?.catch(() => undefined);
    const [gateway, naive] = await Promise.all([startGatewayProcess(sandbox.connections), startNaiveProcess(sandbox.t100BaseUrl)]);
    stops.unshift(() => gateway.stop(), () => naive.stop());
    progress('gateway and naive processes up');

    const docNo = ((await graphql(gateway.url, '{ stockIns(first: 1, filter: { status: POSTED }) { edges { node { docNo } } } }')) as {
      stockIns: { edges: { node: { docNo: string } }[] };
    }).stockIns.edges[0].node.docNo;
    const seeded = await seedIssuingNotes(gateway.url);

    // 1. single read: direct, naive, gateway (each server's own RSS sampled).
    const direct = t100Body('t100.oapi.wo.stockin.details.data.read.get', { data_keys: [{ doc_no: docNo }] });
    const directRun = await measure({
      url: `${sandbox.t100BaseUrl}/ws/r/awsp920`,
      body: direct.body,
      headers: { 'content-type': direct.contentType, ...direct.headers },
      verify: (body) => body.includes('"code":"0"'),
      pid: sandbox.pid,
    });
    const readBody = JSON.stringify({ query: READ_QUERY, variables: { d: docNo } });
    const readLoad = (url: string, pid: number) => ({ url: `${url}/graphql`, body: readBody, headers: JSON_HEADERS, perRequestKey: true, verify: graphqlOk, pid });
    const readCalls = async (url: string): Promise<UpstreamCalls> =>
      upstreamCalls(sandbox, async () => {
        await graphql(url, READ_QUERY, { d: docNo });
      });
    const naiveReadCalls = await readCalls(naive.url);
    const naiveReadRun = await measure(readLoad(naive.url, naive.pid));
    const gatewayReadCalls = await readCalls(gateway.url);
    const gatewayRun = await measure(readLoad(gateway.url, gateway.pid));
    // Heap growth across a second, warmed-up run, after forced GCs in the gateway process: what a long-running
    // gateway keeps, not JIT warm-up.
    const heapBefore = await gateway.memoryAfterGc();
    const rssBefore = rssOf(gateway.pid).rssMiB;
    const steadyRun = await measure(readLoad(gateway.url, gateway.pid));
    const heapAfter = await gateway.memoryAfterGc();
    const rssAfter = rssOf(gateway.pid).rssMiB;

    // CPU per read without saturation: both servers at the same fixed rate, in interleaved rounds (the median of
    // each), so neither waits on the shared cores nor takes the other's JIT or GC state for its own.
    const fixedRate = async (url: string, pid: number): Promise<number> => {
      const run = await load({ ...readLoad(url, pid), rate: FIXED_RATE, seconds: QUICK ? 1 : 4 });
      return run.cpuMsPerRequest ?? NaN;
    };
    const fixedNaive: number[] = [];
    const fixedGateway: number[] = [];
    for (let round = 0; round < (QUICK ? 1 : 3); round++) {
      await settle(sandbox);
      fixedNaive.push(await fixedRate(naive.url, naive.pid));
      await settle(sandbox);
      fixedGateway.push(await fixedRate(gateway.url, gateway.pid));
    }

    progress('single read measured');
    // 2. nested: naive, gateway, peer (3 s runs at least: a naive answer takes 101 upstream calls).
    const nestedBody = JSON.stringify({ query: NESTED_QUERY });
    const nestedLoad = (url: string, pid: number) => ({
      url: `${url}/graphql`,
      body: nestedBody,
      headers: JSON_HEADERS,
      perRequestKey: true,
      verify: graphqlOk,
      pid,
      seconds: Math.max(DURATION_SECONDS, 3),
    });
    const nestedCalls = (server: string, url: string, query = NESTED_QUERY): Promise<UpstreamCalls> =>
      upstreamCalls(sandbox, async () => {
        const data = await graphql(url, query);
        if (query === NESTED_QUERY) checkNested(server, data);
      });
    const naiveNestedCalls = await nestedCalls('naive', naive.url);
    const naiveNestedRun = await measure(nestedLoad(naive.url, naive.pid));
    const gatewayNestedCalls = await nestedCalls('gateway', gateway.url);
    const gatewayNestedRun = await measure(nestedLoad(gateway.url, gateway.pid));

    // ── Peer gateway hook ───────────────────────────────────────────────────────────────────────────────────
    // bench/peer/index.ts (GraphQL Mesh / Hive Gateway, built separately) exports
    // startPeerGateway({ sandboxUrl }) → { url, stop() }, answering the nested query at `${url}/graphql` — in its own
    // text (PEER_NESTED_QUERY, the wire names Mesh generates) when it exports one. It runs in its own process
    // (bench/peer-process.ts) with the T100 sandbox's base URL; when the folder is absent the row says so.
    let peerRow: LoadRow | undefined;
    let peerStatus: string;
    if (!peerBuilt()) {
      peerStatus = 'peer gateway: not built';
    } else {
      try {
        const peer = await peerStarting!;
        stops.unshift(() => peer.stop());
        const peerQuery = peer.nestedQuery ?? NESTED_QUERY;
        const peerCalls = await nestedCalls('peer', peer.url, peerQuery);
        const peerRun = await measure({ ...nestedLoad(peer.url, peer.pid), body: JSON.stringify({ query: peerQuery }) });
        peerRow = { scenario: `nested: ${NESTED_NOTES} issuing notes + lines + work order`, server: 'peer gateway (bench/peer: Mesh + Hive Gateway)', run: peerRun, calls: peerCalls };
        peerStatus = 'peer gateway: measured';
      } catch (error) {
        peerStatus = `peer gateway: failed (${(error as Error).message.slice(0, 300)})`;
      }
    }
    process.stdout.write(`${peerStatus}\n`);
    progress('nested measured');
    // ────────────────────────────────────────────────────────────────────────────────────────────────────────

    // 3. batching
    const pageQuery = '{ stockIns(first: 20) { edges { node { docNo lines { itemNo quantity workOrder { docNo status itemNo } } } } } }';
    const pageTimes = QUICK ? 5 : 20;
    const batchedMs = await timeSequential(pageTimes, async () => {
      await graphql(gateway.url, pageQuery);
    });
    const unbatchedMs = await timeSequential(pageTimes, async () => {
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

    // 5. batch booking
    const workOrderNo = 'WO01-26110500012';
    const item = (key: string) => ({
      idempotencyKey: key,
      input: { docType: 'SI01', lines: [{ itemNo: '3-BJ900-03006-J02', quantity: '1', warehouse: '1001', location: '00', workOrderNo }] },
    });
    let run = 0;
    const BOOKED = 20;
    const single = 'mutation($input: StockInInput!, $key: String) { createAndPostStockIn(input: $input, idempotencyKey: $key) { stockIn { docNo } userErrors { code } } }';
    const sequentialMs =
      (await timeSequential(QUICK ? 1 : 3, async () => {
        run++;
        for (let index = 0; index < BOOKED; index++) {
          const { input, idempotencyKey } = item(`seq-${run}-${index}`);
          await graphql(gateway.url, single, { input, key: idempotencyKey });
        }
      })) / BOOKED;
    const batch = 'mutation($items: [StockInBatchItem!]!) { createAndPostStockInBatch(items: $items) { results { stockIn { docNo } userErrors { code } } } }';
    const batchMs =
      (await timeSequential(QUICK ? 1 : 3, async () => {
        run++;
        await graphql(gateway.url, batch, { items: Array.from({ length: BOOKED }, (_, index) => item(`batch-${run}-${index}`)) });
      })) / BOOKED;

    // 7. one customized call vs a saga (TIPTOP: the same ina_file/inb_file documents).
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
    const sagaMs = await timeSequential(QUICK ? 5 : 20, misc('MiscReceipt', 'MR01'));
    const customizedMs = await timeSequential(QUICK ? 5 : 20, misc('MiscIssue', 'MI01'));

    progress('batching, booking and saga measured');
    // 8. soak: the single read through the gateway, fixed concurrency.
    await settle(sandbox);
    const soaked = await soak({ url: `${gateway.url}/graphql`, body: readBody, headers: JSON_HEADERS, pid: gateway.pid, memoryAfterGc: () => gateway.memoryAfterGc() });

    // 6. envelope codec (this process); 9. start-up (a separate process).
    progress('soak done');
    const codec = codecThroughput();
    let startRow: string;
    try {
      const start = await startUp();
      startRow = `| start-up of \`npm start\` (compiled JavaScript, five embedded sandbox ERPs) to /readyz, and idle RSS${start.rebuilt ? '' : ' (existing dist/, not rebuilt: BENCH_QUICK)'} | — | ${start.readyMs} ms | ${start.idleRssMiB.toFixed(0)} MiB idle |`;
    } catch (error) {
      startRow = `| start-up of \`npm start\` to /readyz, and idle RSS | — | not measured | ${(error as Error).message.slice(0, 200).replace(/\|/g, '/').replace(/\s+/g, ' ')} |`;
    }

    progress('codec and start-up measured');
    const nestedScenario = `nested: ${NESTED_NOTES} issuing notes + lines + work order`;
    const loadRows: LoadRow[] = [
      { scenario: 'single read `stockIn(docNo)`', server: 'direct: T100 read API on the sandbox', run: directRun },
      { scenario: 'single read `stockIn(docNo)`', server: 'naive (Apollo standalone + axios)', run: naiveReadRun, calls: naiveReadCalls },
      { scenario: 'single read `stockIn(docNo)`', server: 'gateway', run: gatewayRun, calls: gatewayReadCalls },
      { scenario: nestedScenario, server: 'naive (Apollo standalone + axios)', run: naiveNestedRun, calls: naiveNestedCalls },
      { scenario: nestedScenario, server: 'gateway', run: gatewayNestedRun, calls: gatewayNestedCalls },
      ...(peerRow ? [peerRow] : []),
    ];
    const cpuPerRead = (run: Run): number => 1000 / run.requestsPerSecond - 1000 / directRun.requestsPerSecond;
    const perThousand = (bytes: number): string => `${((bytes / Math.max(steadyRun.requests, 1)) * 1000 / 1024).toFixed(1)} KiB`;
    const peerRatioRow = peerRow
      ? `| nested query (req/s): peer gateway vs gateway | ${fixed(peerRow.run.requestsPerSecond)} | ${fixed(gatewayNestedRun.requestsPerSecond)} | ${ratio(gatewayNestedRun.requestsPerSecond / peerRow.run.requestsPerSecond)} |`
      : `| nested query (req/s): peer gateway vs gateway | ${peerStatus} | ${fixed(gatewayNestedRun.requestsPerSecond)} | — |`;
    const lines = [
      `# Benchmark results`,
      ``,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
        `autocannon ${CONNECTIONS} connections × ${DURATION_SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up${QUICK ? ' (BENCH_QUICK=1: a smoke run, figures not comparable)' : ''}; ` +
        `everything shares the machine's cores.`,
      `Command: \`${QUICK ? 'BENCH_QUICK=1 ' : ''}npm run bench\` (${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s).`,
      ``,
      `Processes: sandbox ERPs in their own process as \`npm run sandbox\` starts them (src/sandbox-main; SANDBOX_PORT=0, ` +
        `a fresh SANDBOX_DATA_DIR; **no added latency** — the sandbox has no fixed-latency option, and its \`delay\` fault is per call ` +
        `and counted, so it is not used). Gateway in its own process (bench/gateway-process.ts: loadConfigFile + startGateway, logging off) ` +
        `with **GATEWAY_CONFIG** = a JSON config whose \`connections\` are the block \`npm run sandbox\` printed (defaultConnection t100). ` +
        `The naive server and the peer gateway run in their own processes too; this process only generates load. ` +
        (COMPILED
          ? `Every server runs compiled JavaScript (dist-bench/, built by the bench's first step from the same sources), as \`npm start\` runs; NODE_ENV=production. `
          : `Every server runs under ts-node transpile-only (started from TypeScript; its hook loads node:domain, which slows every event emit); NODE_ENV=production. `) +
        `Peak RSS is the server's own (VmRSS sampled every 50 ms during the run; the sandbox's for the direct row). ` +
        `Upstream calls per query come from the T100 sandbox's call log over 3 sequential queries.`,
      ``,
      `| scenario | server | req/s | p50 / p99 (ms) | peak RSS (MiB) | upstream calls / query | errors |`,
      `| --- | --- | --- | --- | --- | --- | --- |`,
      ...loadRows.map(
        (row) =>
          `| ${row.scenario} | ${row.server} | ${fixed(row.run.requestsPerSecond)} | ${row.run.p50} / ${row.run.p99} | ${fixed(row.run.peakRssMiB ?? NaN)} | ${describeCalls(row.calls)} | ${row.run.errors} |`,
      ),
      `| soak: single read, ${soaked.connections} connections × ${soaked.seconds} s | gateway | ${fixed(soaked.requestsPerSecond)} | ${soaked.p50} / ${soaked.p99} | ${fixed(soaked.peakRssMiB)} | — | ${soaked.errors} |`,
      ``,
      `| measure | baseline | gateway | ratio |`,
      `| --- | --- | --- | --- |`,
      `| read throughput (req/s): sandbox read API direct vs \`stockIn(docNo)\` | ${fixed(directRun.requestsPerSecond)} | ${fixed(gatewayRun.requestsPerSecond)} | ${ratio(gatewayRun.requestsPerSecond / directRun.requestsPerSecond)} |`,
      `| read latency p50 / p99 (ms): direct vs gateway | ${directRun.p50} / ${directRun.p99} | ${gatewayRun.p50} / ${gatewayRun.p99} | +${fixed(gatewayRun.p50 - directRun.p50, 2)} ms p50 |`,
      `| read throughput (req/s): naive server vs gateway | ${fixed(naiveReadRun.requestsPerSecond)} | ${fixed(gatewayRun.requestsPerSecond)} | ${ratio(gatewayRun.requestsPerSecond / naiveReadRun.requestsPerSecond)} |`,
      `| read latency p50 / p99 (ms): naive server vs gateway | ${naiveReadRun.p50} / ${naiveReadRun.p99} | ${gatewayRun.p50} / ${gatewayRun.p99} | ${ratio(gatewayRun.p50 / Math.max(naiveReadRun.p50, 1))} p50 |`,
      `| server cost per read (ms of the shared CPU): 1/rps − 1/rps(direct), naive vs gateway | ${fixed(cpuPerRead(naiveReadRun), 2)} | ${fixed(cpuPerRead(gatewayRun), 2)} | a real T100 answers in tens to hundreds of ms |`,
      `| server CPU per read at a fixed ${FIXED_RATE} req/s (ms of user + system time / requests; median of ${fixedNaive.length} interleaved 4 s rounds): naive vs gateway | ${fixed(median(fixedNaive), 2)} | ${fixed(median(fixedGateway), 2)} | ${fixed(median(fixedGateway) / median(fixedNaive), 2)}× the naive server's |`,
      `| server CPU per read, measured (ms of the server process's user + system time / requests): naive vs gateway (the sandbox: ${fixed(directRun.cpuMsPerRequest ?? NaN, 2)}) | ${fixed(naiveReadRun.cpuMsPerRequest ?? NaN, 2)} | ${fixed(gatewayRun.cpuMsPerRequest ?? NaN, 2)} | ${fixed((gatewayRun.cpuMsPerRequest ?? NaN) / (naiveReadRun.cpuMsPerRequest ?? NaN), 2)}× the naive server's |`,
      `| nested query (req/s): naive server vs gateway | ${fixed(naiveNestedRun.requestsPerSecond, 1)} | ${fixed(gatewayNestedRun.requestsPerSecond, 1)} | ${ratio(gatewayNestedRun.requestsPerSecond / naiveNestedRun.requestsPerSecond)} |`,
      `| nested query latency p50 / p99 (ms): naive vs gateway | ${naiveNestedRun.p50} / ${naiveNestedRun.p99} | ${gatewayNestedRun.p50} / ${gatewayNestedRun.p99} | ${ratio(naiveNestedRun.p50 / Math.max(gatewayNestedRun.p50, 1))} faster p50 |`,
      `| nested query upstream calls per query: naive vs gateway | ${describeCalls(naiveNestedCalls)} | ${describeCalls(gatewayNestedCalls)} | ${ratio(naiveNestedCalls.perQuery / gatewayNestedCalls.perQuery)} fewer |`,
      peerRatioRow,
      `| 20 stock-ins + lines + work orders (ms per page): one call per document vs batched | ${unbatchedMs.toFixed(1)} | ${batchedMs.toFixed(1)} | ${(unbatchedMs / batchedMs).toFixed(1)}× faster |`,
      `| booking 20 stock-ins (ms per stock-in): 20 sequential \`createAndPostStockIn\` vs one \`createAndPostStockInBatch\` | ${sequentialMs.toFixed(2)} | ${batchMs.toFixed(2)} | ${(sequentialMs / batchMs).toFixed(1)}× faster |`,
      `| heap growth per 1,000 gateway requests (after forced GCs in the gateway process) | — | ${perThousand(heapAfter.heapUsed - heapBefore.heapUsed)} | RSS ${(rssAfter - rssBefore).toFixed(1)} MiB over ${steadyRun.requests} requests (second run) |`,
      `| soak (${soaked.seconds} s, ${soaked.connections} connections, ${soaked.requests} reads): gateway RSS start → end, peak; errors | ${soaked.rssStartMiB.toFixed(1)} MiB | ${soaked.rssEndMiB.toFixed(1)} MiB (peak ${soaked.peakRssMiB.toFixed(1)}) | ${soaked.rssGrowthPercent >= 0 ? '+' : ''}${soaked.rssGrowthPercent.toFixed(1)} % RSS${soaked.heapAfterGcMiB ? `, heap after GC ${soaked.heapAfterGcMiB.start.toFixed(1)} → ${soaked.heapAfterGcMiB.end.toFixed(1)} MiB` : ''}; ${soaked.errors} errors |`,
      `| createAndPost (ms each, TIPTOP): a saga of 3 tt.oapi calls (misc receipt) vs one CreateMISCIssueData (misc issue) | ${sagaMs.toFixed(2)} | ${customizedMs.toFixed(2)} | ${(sagaMs / customizedMs).toFixed(1)}× faster |`,
      ...codec.map(
        (entry) =>
          `| envelope codec, ${entry.encoding.toUpperCase()}, 5,000-line document (${(entry.bytes / 2 ** 20).toFixed(1)} MiB request + reply): encode / decode (MB/s) | — | ${entry.encode.toFixed(1)} / ${entry.decode.toFixed(1)} | |`,
      ),
      startRow,
      ``,
      `${peerStatus}. Issuing notes seeded through the gateway (createIssuingNote): ${seeded}. The gateway and naive paths have two loopback ` +
        `HTTP hops (client → server → sandbox) where the direct baseline has one. Errors count socket errors, timeouts, non-2xx answers ` +
        `and answers with GraphQL \`errors\`. Nested query: \`${NESTED_QUERY}\` (the work order asked on the lines: the gateway's ` +
        `head \`IssuingNote.workOrder\` is null on T100, whose issuing-note head carries no work order); the naive server answers it ` +
        `with 1 list + ${NESTED_NOTES} note reads (lines) + ${NESTED_NOTES} work-order reads (one per line), no DataLoader; the peer gateway ` +
        `answers its own text of it (Mesh keeps the wire names and envelope; head work order from the first line).`,
      ...notes,
    ];
    const report = lines.join('\n');
    process.stdout.write(report + '\n');
    mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(REPO_ROOT, 'bench', 'results', 'latest.md'), report + '\n');
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  // Exiting stops every server still running (bench/sandbox-process.ts tracks them).
  process.exit(1);
});
