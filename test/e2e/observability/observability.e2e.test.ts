/**
 * Operators' view (issue 15 §1): GraphQL operations by name and outcome with their latency, saga outcomes beside the
 * upstream series in /metrics, and one request id — the caller's or a fresh one — in the answer's header, in every
 * log line written while serving it, and sent to the ERP; OpenTelemetry spans per operation and per ERP call.
 * Budget: < 6 s.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import pino from 'pino';
import { requestIdMixin } from '../../../src/observability/request-context';
import { TestGateway } from '../../support/gateway';

describe('observability', () => {
  const lines: Record<string, unknown>[] = [];
  let gateway: TestGateway;

  beforeAll(async () => {
    const logger = pino({ level: 'debug', mixin: requestIdMixin }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    gateway = await TestGateway.start({ logger });
  });
  afterAll(() => gateway.stop());

  async function post(query: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    await response.text();
    return response;
  }

  it('keeps the caller’s request id (or makes one) and writes it on every log line of the request, ERP calls included', async () => {
    const docNo = await gateway.sampleDocNo('t100', 'StockIn', 'APPROVED');
    const mine = await post(`query ReadOne { stockIn(docNo: "${docNo}") { docNo } }`, { 'x-request-id': 'mes-req-42' });
    expect(mine.headers.get('x-request-id')).toBe('mes-req-42');
    const calls = lines.filter((line) => line.msg === 'ERP call' && line.requestId === 'mes-req-42');
    expect(calls.length).toBeGreaterThanOrEqual(1);
    const fresh = await post('query Other { apiCatalog(erp: T100) { apiName } }', { 'x-request-id': 'not a token!' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts GraphQL operations by name and outcome, with their latency, and saga outcomes', async () => {
    await post('query Dashboard { workOrders(first: 1) { totalCount } }');
    await post('query Broken { workOrder(docNo: "") { docNo } }');
    const line = await gateway.sampleStockLine();
    await post(`mutation Book { createAndApproveStockIn(input: { docType: "SI01", lines: [{ itemNo: "${line.itemNo}", quantity: 1, warehouse: "1001", location: "00", workOrderNo: "${line.workOrderNo}" }] }) { stockIn { docNo } userErrors { code } } }`);
    const { text } = await gateway.get('/metrics');
    expect(text).toMatch(/gateway_graphql_operations_total\{type="query",operation="Dashboard",result="ok"\} 1/);
    expect(text).toMatch(/gateway_graphql_operations_total\{type="query",operation="Broken",result="error"\} 1/);
    expect(text).toMatch(/gateway_graphql_duration_seconds_count\{type="query",operation="Dashboard"\} 1/);
    expect(text).toMatch(/gateway_sagas_total\{document="StockIn",composite="createAndApprove",state="COMPLETED"\} 1/);
    expect(text).toContain('gateway_circuit_state{connection="t100"} 0');
  });
});

describe('the request id sent upstream', () => {
  it('reaches the ERP as x-request-id', async () => {
    const seen: (string | undefined)[] = [];
    // A stand-in ERP that answers nothing useful: only the header it received matters here.
    const erp = http.createServer((req, res) => {
      seen.push(req.headers['x-request-id'] as string | undefined);
      req.resume();
      req.on('end', () => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => erp.listen(0, '127.0.0.1', resolve));
    const port = (erp.address() as AddressInfo).port;
    const gateway = await TestGateway.start({ connections: { t100: { baseUrl: `http://127.0.0.1:${port}/wtopprd`, readRetries: 0 } } });
    try {
      await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'mes-req-77' }, body: JSON.stringify({ query: '{ stockIn(docNo: "SI01-1") { docNo } }' }) }).then((response) => response.text());
      expect(seen).toContain('mes-req-77');
    } finally {
      await gateway.stop();
      await new Promise<void>((resolve) => erp.close(() => resolve()));
    }
  });
});

describe('the Grafana dashboard (docs/grafana/erp-gateway-dashboard.json)', () => {
  it('charts only series the gateway exports, and every series it exports', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(__dirname, '../../../docs/grafana/erp-gateway-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const charted = new Set(dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => [...target.expr.matchAll(/\bgateway_[a-z_]+/g)].map((match) => match[0].replace(/_(bucket|count|sum)$/, '')))));
    const gateway = await TestGateway.start();
    try {
      // One operation and one ERP call, so every series has a sample.
      await gateway.query('query Warm { workOrders(first: 1) { totalCount } }');
      const { text } = await gateway.get('/metrics');
      const exported = new Set([...text.matchAll(/^# TYPE (gateway_[a-z_]+) /gm)].map((match) => match[1]));
      expect([...charted].sort()).toEqual([...exported].sort());
    } finally {
      await gateway.stop();
    }
  });
});

describe('OpenTelemetry traces', () => {
  it('has one SERVER span per request, named for its operation, with a CLIENT span per ERP call beneath it whose traceparent reaches the ERP', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
    const seen: (string | undefined)[] = [];
    const erp = http.createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      req.resume();
      req.on('end', () => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => erp.listen(0, '127.0.0.1', resolve));
    const gateway = await TestGateway.start({ connections: { t100: { baseUrl: `http://127.0.0.1:${(erp.address() as AddressInfo).port}/wtopprd`, readRetries: 0 } } });
    try {
      await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Traced { stockIn(docNo: "SI01-1") { docNo } }' }) }).then((response) => response.text());
      const spans = exporter.getFinishedSpans();
      const server = spans.find((span) => span.name === 'graphql query Traced');
      expect(server).toBeDefined();
      expect(server!.kind).toBe(SpanKind.SERVER);
      const calls = spans.filter((span) => span.name.startsWith('ERP t100 '));
      expect(calls.length).toBeGreaterThanOrEqual(1);
      for (const call of calls) {
        expect(call.kind).toBe(SpanKind.CLIENT);
        expect(call.parentSpanId).toBe(server!.spanContext().spanId);
        expect(call.spanContext().traceId).toBe(server!.spanContext().traceId);
        expect(call.attributes['erp.outcome']).toBe('http_status');
      }
      expect(seen[0]).toMatch(new RegExp(`^00-${server!.spanContext().traceId}-[0-9a-f]{16}-01$`));
    } finally {
      await gateway.stop();
      await new Promise<void>((resolve) => erp.close(() => resolve()));
      await provider.shutdown();
    }
  });
});
