/**
 * Starts a real gateway with its embedded sandbox ERPs on ephemeral loopback ports and a fresh data directory,
 * and talks to it over HTTP the way a client would. Every response body is read (an unread one stalls shutdown).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ApiKey } from '../../src/config';
import type { DocumentStatus } from '../../src/catalog/types';
import { startEmbedded, type EmbeddedGateway } from '../../src/embedded';
import type { SandboxDocumentView } from '../../sandbox/t100/server';
import type { TypedOperation } from './operations';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<TData> {
  status: number;
  data?: TData | null;
  errors?: GraphQLErrorShape[];
}

/** What the sandbox admin endpoint answers for a stored document. */
export type SandboxDocument = SandboxDocumentView;

/** A stock line the T100 sandbox accepts: the item of an issued sample work order, into warehouse 1001. */
export function stockLineFor(workOrder: SandboxDocument, quantity = '1'): { itemNo: string; quantity: string; warehouse: string; location: string; workOrderNo: string } {
  return { itemNo: String(workOrder.head.sfaa010).trim(), quantity, warehouse: '1001', location: '00', workOrderNo: workOrder.docNo.trim() };
}

/** The gateway_upstream_requests_total series of a /metrics text: each one's labels and count. */
export function upstreamCallSeries(metrics: string): { labels: Record<string, string>; count: number }[] {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('gateway_upstream_requests_total{'))
    .map((line) => ({ labels: Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]])), count: Number(line.split(' ').at(-1)) }));
}

/** ERP calls a gateway at `baseUrl` has made, read from its /metrics like an operator would, where `wanted` says. */
export async function upstreamCallsAt(baseUrl: string, wanted: (labels: Record<string, string>) => boolean): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  return upstreamCallSeries(metrics).reduce((sum, series) => sum + (wanted(series.labels) ? series.count : 0), 0);
}

export interface TestGatewayOptions {
  dataDir?: string;
  apiKeys?: ApiKey[];
  connections?: Record<string, Record<string, unknown>>;
  introspection?: boolean;
  graphiql?: boolean;
  rateLimit?: { requests: number; perSeconds: number };
  redisUrl?: string;
  jwt?: Record<string, unknown>;
  /** Where the gateway logs; silent unless a test captures the lines. */
  logger?: pino.Logger;
}

export class TestGateway {
  private constructor(
    readonly gateway: EmbeddedGateway,
    readonly dataDir: string,
  ) {}

  static async start(options: TestGatewayOptions = {}): Promise<TestGateway> {
    const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'gw-e2e-'));
    const gateway = await startEmbedded({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      apiKeys: options.apiKeys ?? [],
      logger: options.logger ?? pino({ level: 'silent' }),
      connections: options.connections,
      introspection: options.introspection,
      graphiql: options.graphiql,
      rateLimit: options.rateLimit,
      redisUrl: options.redisUrl,
      jwt: options.jwt,
    });
    return new TestGateway(gateway, dataDir);
  }

  get url(): string {
    return this.gateway.url;
  }

  stop(): Promise<void> {
    return this.gateway.close();
  }

  async graphql<TData, TVariables>(
    operation: TypedOperation<TData, TVariables>,
    variables?: TVariables,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<TData>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: operation.document, variables }),
    });
    const body = (await response.json()) as { data?: TData | null; errors?: GraphQLErrorShape[] };
    return { status: response.status, ...body };
  }

  /** A raw query string, for cases the typed operations do not cover (bad input, ad-hoc selections). */
  async query<TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<TData>> {
    return this.graphql<TData, Record<string, unknown>>({ name: 'adhoc', document: query }, variables, headers);
  }

  async get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string }> {
    const response = await fetch(`${this.url}${pathname}`, { headers });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  }

  async sandboxDocuments(id: string, query: { type?: string; docNo?: string; status?: DocumentStatus } = {}): Promise<SandboxDocument[]> {
    const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined) as [string, string][]);
    const { text } = await this.get(`/sandbox/${id}/documents?${search}`);
    return JSON.parse(text) as SandboxDocument[];
  }

  async sandboxDocument(id: string, type: string, docNo: string): Promise<SandboxDocument | undefined> {
    return (await this.sandboxDocuments(id, { type, docNo }))[0];
  }

  /** A sample document in a given status, from the sandbox's own store. */
  async sampleDocNo(id: string, type: string, status: DocumentStatus): Promise<string> {
    const found = await this.sandboxDocuments(id, { type, status });
    if (found.length === 0) throw new Error(`sandbox ${id} has no ${type} in ${status}`);
    return found[0].docNo.trim();
  }

  /** A stock line the sandbox accepts: the item of an issued sample work order, into warehouse 1001. */
  async sampleStockLine(id = 't100'): Promise<{ itemNo: string; quantity: string; warehouse: string; location: string; workOrderNo: string }> {
    const workOrderNo = await this.sampleDocNo(id, 'WorkOrder', 'ISSUED');
    const [workOrder] = await this.sandboxDocuments(id, { type: 'WorkOrder', docNo: workOrderNo });
    return stockLineFor(workOrder);
  }

  async injectFault(id: string, fault: { api: string; mode: string; count?: number; ms?: number }): Promise<void> {
    const response = await fetch(`${this.url}/sandbox/${id}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1, ...fault }),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`fault not accepted: ${response.status} ${text}`);
  }

  async clearFaults(id: string): Promise<void> {
    const response = await fetch(`${this.url}/sandbox/${id}/faults`, { method: 'DELETE' });
    await response.text();
  }

  /** gateway_upstream_requests_total for a connection (and API), read from /metrics like an operator would. */
  async upstreamCalls(connection: string, api?: string): Promise<number> {
    return upstreamCallsAt(this.url, (labels) => labels.connection === connection && (api === undefined || labels.api === api));
  }
}

/** The error codes of a response, in order. */
export function codesOf(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * A mutation's payload from a response: throws when the request itself was refused (top-level errors), which
 * for a mutation means a request-level problem, never the outcome of the operation.
 */
export function payload<TData, K extends keyof TData>(response: GraphQLResponse<TData>, field: K): NonNullable<TData[K]> {
  if (response.errors) throw new Error(`request refused: ${JSON.stringify(response.errors)}`);
  const value = response.data?.[field];
  if (value === null || value === undefined) throw new Error(`no payload for ${String(field)}`);
  return value as NonNullable<TData[K]>;
}

/** The codes of a payload's typed userErrors, in order. */
export function userErrorCodes(value: { userErrors: readonly { code: string }[] }): string[] {
  return value.userErrors.map((error) => error.code);
}
