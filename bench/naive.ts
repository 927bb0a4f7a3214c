/**
 * The naive baseline of the bench: what a team writes in an afternoon — Apollo Server standalone, a small
 * hand-written schema of the same shape as the gateway's, resolvers that call the T100 sandbox's read APIs with
 * axios, one upstream call per field, no DataLoader, no cache across requests.
 *
 * `issuingNotes(first)` is one list call; the list carries heads only, so each note's `lines` is its detail read
 * (one per note), and each line's `workOrder` one work-order read (one per line). At 50 notes of one line each that
 * is 1 + 50 + 50 = 101 upstream calls per query. `stockIn(docNo)` is one read.
 *
 * Run directly (forked with IPC) with NAIVE_T100_URL set, it listens on an ephemeral port and sends
 * `{ type: 'ready', url }` (the GraphQL endpoint is `${url}/graphql`).
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import axios from 'axios';
import { forkServer, runForked, serveUntilStopped, stopChild } from './sandbox-process';

const typeDefs = `#graphql
  type Query {
    issuingNotes(first: Int): IssuingNoteConnection!
    stockIn(docNo: String!): StockIn
  }
  type IssuingNoteConnection { edges: [IssuingNoteEdge!]! }
  type IssuingNoteEdge { node: IssuingNote! }
  type IssuingNote { docNo: String! status: String! lines: [Line!]! }
  type StockIn { docNo: String! status: String! docDate: String lines: [Line!]! }
  type Line { itemNo: String quantity: Float warehouse: String workOrderNo: String workOrder: WorkOrder }
  type WorkOrder { docNo: String! status: String! itemNo: String }
`;

type WireRecord = Record<string, unknown>;

/** T100 stus codes → the gateway's canonical statuses (datasources/t100/status.ts), copied by hand. */
const STATUS: Record<string, string> = { N: 'UNAPPROVED', Y: 'APPROVED', F: 'ISSUED', S: 'POSTED', C: 'CLOSED', X: 'VOID' };

/** One T100 OpenAPI call: the std_data JSON envelope (JSON v1), written out by hand. */
async function callT100(baseUrl: string, api: string, parameter: WireRecord): Promise<WireRecord> {
  const envelope = {
    key: '',
    type: 'sync',
    host: { prod: 'NAIVE', ver: '1.0', ip: '127.0.0.1', id: '', lang: 'zh_TW', timezone: '+8', acct: 'tiptop', timestamp: '20261124101500123' },
    service: { prod: 'T100', name: api, ip: '', id: 'topprd' },
    datakey: { EntId: '99', CompanyId: 'DSCTC' },
    payload: { std_data: { parameter } },
  };
  const response = await axios.post<{ payload?: { std_data?: { execution?: { code?: string; description?: string }; parameter?: WireRecord } } }>(
    `${baseUrl}/ws/r/awsp920`,
    envelope,
  );
  const stdData = response.data.payload?.std_data;
  if (stdData?.execution?.code !== '0') throw new Error(`${api}: ${stdData?.execution?.code} ${stdData?.execution?.description ?? ''}`);
  return stdData.parameter ?? {};
}

async function readOne(baseUrl: string, api: string, recordSet: string, docNo: string): Promise<WireRecord | null> {
  const parameter = await callT100(baseUrl, api, { data_keys: [{ doc_no: docNo }] });
  return ((parameter[recordSet] as WireRecord[] | undefined) ?? [])[0] ?? null;
}

const trimmed = (value: unknown): string | null => (value === undefined || value === null ? null : String(value).trim());
const line = (row: WireRecord) => ({ itemNo: trimmed(row.item_no), quantity: Number(row.qty), warehouse: trimmed(row.warehouse_no), workOrderNo: trimmed(row.wo_no) });

interface NoteParent {
  docNo: string;
  status: string;
}

const isoDate = (value: unknown): string | null => {
  const text = trimmed(value);
  return text && /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : text;
};

function naiveResolvers(baseUrl: string) {
  return {
    Query: {
      issuingNotes: async (_: unknown, args: { first?: number }) => {
        const parameter = await callT100(baseUrl, 't100.oapi.issuing.list.data.query.get', { page_size: args.first ?? 20, page_no: 1 });
        const rows = (parameter.data as WireRecord[] | undefined) ?? [];
        return { edges: rows.map((row): { node: NoteParent } => ({ node: { docNo: trimmed(row.doc_no)!, status: STATUS[String(row.status)] ?? String(row.status) } })) };
      },
      stockIn: async (_: unknown, args: { docNo: string }) => {
        const record = await readOne(baseUrl, 't100.oapi.wo.stockin.details.data.read.get', 'wo_stockin_data', args.docNo);
        if (!record) return null;
        return {
          docNo: trimmed(record.doc_no),
          status: STATUS[String(record.status)] ?? String(record.status),
          docDate: isoDate(record.doc_date),
          lines: ((record.wo_stockin_detail as WireRecord[] | undefined) ?? []).map(line),
        };
      },
    },
    IssuingNote: {
      lines: async (note: NoteParent) => {
        const record = await readOne(baseUrl, 't100.oapi.issuing.details.data.read.get', 'issuing_data', note.docNo);
        return ((record?.issuing_detail as WireRecord[] | undefined) ?? []).map(line);
      },
    },
    Line: {
      workOrder: async (parent: { workOrderNo: string | null }) => {
        if (!parent.workOrderNo) return null;
        const record = await readOne(baseUrl, 't100.oapi.wo.details.data.read.get', 'wo_data', parent.workOrderNo);
        return record && { docNo: trimmed(record.doc_no), status: STATUS[String(record.status)] ?? String(record.status), itemNo: trimmed(record.item_no) };
      },
    },
  };
}

export async function startNaiveServer(options: { t100BaseUrl: string; port?: number }): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer({ typeDefs, resolvers: naiveResolvers(options.t100BaseUrl) });
  const { url } = await startStandaloneServer(server, { listen: { port: options.port ?? 0, host: '127.0.0.1' } });
  // startStandaloneServer answers at every path; the bench posts to `${url}/graphql` like everywhere else.
  return { url: url.replace(/\/$/, ''), stop: () => server.stop() };
}

/** The naive server in its own process, like the gateway: the sandbox, the server and the load generator apart. */
export async function startNaiveProcess(t100BaseUrl: string): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const { child, ready } = await forkServer(__filename, 'naive server', { NAIVE_T100_URL: t100BaseUrl });
  const url = ready.url;
  return { pid: child.pid!, url, stop: () => stopChild(child) };
}

async function main(): Promise<void> {
  const naive = await startNaiveServer({ t100BaseUrl: process.env.NAIVE_T100_URL! });
  serveUntilStopped(naive);
}

if (require.main === module) runForked(main);
