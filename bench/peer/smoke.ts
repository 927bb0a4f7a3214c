/**
 * Smoke run of the peer gateway: start the T100 sandbox ERP (`startT100Sandbox`, the server `startEmbedded` and
 * `npm run sandbox` start for T100; used directly for its call log), seed issuing notes on the T100 sandbox through its own create API until it holds 50, start
 * the Mesh / Hive Gateway peer in front of it, run PEER_NESTED_QUERY once, and print the result's shape and the
 * number of upstream HTTP calls (the sandbox's own call log, per read API).
 *
 *   node -r ts-node/register/transpile-only bench/peer/smoke.ts
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeReply, encodeRequest } from '../../datasources/common/digiwin/envelope';
import { startT100Sandbox } from '../../sandbox/t100/server';
import type { StdRecord } from '../../datasources/common/digiwin/envelope-types';
import { t100Request } from '../t100-request';
import { PEER_APIS, PEER_NESTED_QUERY, startPeerGateway } from './index';

const PARENTS = 50;
// The sample work orders that are issued (status F), so an issue against them is accepted.
const WORK_ORDERS = ['WO01-26110500012', 'WO01-26110500013'];

async function t100Call(baseUrl: string, api: string, parameter: Record<string, unknown>): Promise<Record<string, unknown>> {
  const encoded = encodeRequest('json', t100Request(api, parameter as StdRecord));
  const response = await fetch(`${baseUrl}/ws/r/awsp920`, { method: 'POST', headers: { 'content-type': encoded.contentType, ...encoded.headers }, body: encoded.body });
  const reply = decodeReply('json', await response.text());
  if (reply.srvcode !== '000' || (reply.execution && reply.execution.code !== '0')) throw new Error(`${api}: ${JSON.stringify(reply)}`);
  return reply.parameter as Record<string, unknown>;
}

/** Issuing notes on the T100 sandbox until it holds `count` (its samples count too), each with one line. */
async function seedIssuingNotes(baseUrl: string, count: number): Promise<number> {
  const listed = await t100Call(baseUrl, PEER_APIS.issuingList, { page_size: 1 });
  const have = Number(listed.total_result ?? 0);
  for (let index = have; index < count; index++) {
    await t100Call(baseUrl, 't100.oapi.issuing.data.create', {
      issuing_data: [{
        doc_type_no: 'IS01', doc_date: '20261124', prog_no: 'asft310', issue_type: '1', department_no: 'D100',
        issuing_detail: [{ seq: 1, wo_no: WORK_ORDERS[index % WORK_ORDERS.length], item_no: 'A001', unit_no: 'KG', qty: 1, warehouse_no: 'W01', location_no: ' ', lot_no: ' ' }],
      }],
    });
  }
  return Math.max(0, count - have);
}

/** The shape of a JSON value: objects by key, arrays as [length × shape of the first element], leaves by type. */
function shape(value: unknown, depth = 0): string {
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.length} × ${shape(value[0], depth)}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{\n${entries.map(([key, inner]) => `${pad}  ${key}: ${shape(inner, depth + 1)}`).join('\n')}\n${pad}}`;
  }
  return value === null ? 'null' : `${typeof value} (${JSON.stringify(value)})`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'peer-smoke-'));
  const t100 = await startT100Sandbox({ dataDir });
  let peer: Awaited<ReturnType<typeof startPeerGateway>> | undefined;
  try {
    const seeded = await seedIssuingNotes(t100.baseUrl, PARENTS);

    const composeStarted = Date.now();
    peer = await startPeerGateway({ sandboxUrl: t100.baseUrl });
    const startMs = Date.now() - composeStarted;

    const counts = (): Record<string, number> => Object.fromEntries(Object.entries(PEER_APIS).map(([name, api]) => [name, t100.callCount(api)]));
    const total = (): number => t100.callCount();
    const run = async (): Promise<{ ms: number; calls: number; byApi: Record<string, number>; body: { data?: unknown; errors?: unknown[] } }> => {
      const before = counts();
      const totalBefore = total();
      const started = process.hrtime.bigint();
      const response = await fetch(`${peer!.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PEER_NESTED_QUERY }) });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const after = counts();
      return { ms, calls: total() - totalBefore, byApi: Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - before[key]])), body };
    };

    const first = await run();
    if (first.body.errors) throw new Error(`peer errors: ${JSON.stringify(first.body.errors).slice(0, 2000)}`);
    const second = await run();

    type Note = { doc_no: string; status: string; details: { payload: { std_data: { parameter: { issuing_data: { issuing_detail: { item_no: string; qty: number }[]; workOrder: { payload: { std_data: { parameter: { wo_data: { doc_no: string; status: string; item_no: string }[] } } } } | null }[] } } } } };
    const notes = (first.body.data as { issuingList: { payload: { std_data: { parameter: { data: Note[] } } } } }).issuingList.payload.std_data.parameter.data;
    const withWorkOrder = notes.filter((note) => note.details.payload.std_data.parameter.issuing_data[0]?.workOrder?.payload.std_data.parameter.wo_data[0]?.doc_no);
    const sample = notes[0];

    process.stdout.write(
      [
        `T100 sandbox ${t100.baseUrl} (seeded ${seeded} issuing notes); peer gateway ${peer.url}/graphql, composed and listening in ${startMs} ms`,
        `notes: ${notes.length}; with lines: ${notes.filter((note) => note.details.payload.std_data.parameter.issuing_data[0]?.issuing_detail.length).length}; with a resolved work order: ${withWorkOrder.length}`,
        `upstream HTTP calls, first run: ${first.calls} ${JSON.stringify(first.byApi)} in ${first.ms.toFixed(1)} ms`,
        `upstream HTTP calls, second run: ${second.calls} ${JSON.stringify(second.byApi)} in ${second.ms.toFixed(1)} ms`,
        `first note: ${JSON.stringify(sample)}`,
        `result shape:\n${shape(first.body.data)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await peer?.stop();
    await t100.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
