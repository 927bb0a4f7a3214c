/**
 * Prometheus metrics (design §3). One registry per gateway instance, so several gateways in one process
 * (tests, benchmarks) keep separate counts.
 */
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type UpstreamOutcome = 'ok' | 'erp_rejected' | 'platform' | 'timeout' | 'network' | 'http_status' | 'unreadable';

export class GatewayMetrics {
  readonly registry = new Registry();

  /** One count per HTTP call to an ERP. */
  readonly upstreamRequests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'HTTP calls from the gateway to ERPs, by connection, API name and outcome.',
    labelNames: ['connection', 'api', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_duration_seconds',
    help: 'Duration of HTTP calls from the gateway to ERPs.',
    labelNames: ['connection', 'api'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly graphqlOperations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations served, by operation type, operation name and whether they carried errors.',
    labelNames: ['type', 'operation', 'result'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'gateway_graphql_duration_seconds',
    help: 'Time to answer a GraphQL operation, by operation type and name.',
    labelNames: ['type', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly sagaOutcomes = new Counter({
    name: 'gateway_sagas_total',
    help: 'Composite runs (sagas) that ended, by document type, composite and the state they ended in.',
    labelNames: ['document', 'composite', 'state'] as const,
    registers: [this.registry],
  });

  /** Operation names come from clients: a bounded set of well-formed names, the rest counted together. */
  private readonly operationNames = new Set<string>();
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= 500) return 'other';
    this.operationNames.add(name);
    return name;
  }

  recordOperation(type: string, name: string | null | undefined, ok: boolean, seconds: number): void {
    const operation = this.operationLabel(name);
    this.graphqlOperations.inc({ type, operation, result: ok ? 'ok' : 'error' });
    this.graphqlDuration.observe({ type, operation }, seconds);
  }

  /** Read at scrape time from each connection's breaker: 0 closed, 1 half-open, 2 open. */
  watchCircuits(circuits: () => { connection: string; state: 'closed' | 'open' | 'half_open' }[]): void {
    const value = { closed: 0, half_open: 1, open: 2 } as const;
    new Gauge({
      name: 'gateway_circuit_state',
      help: 'Circuit breaker per connection: 0 closed, 1 half-open, 2 open.',
      labelNames: ['connection'] as const,
      registers: [this.registry],
      collect() {
        for (const circuit of circuits()) this.set({ connection: circuit.connection }, value[circuit.state]);
      },
    });
  }

  private readonly logger?: Logger;

  /** With a logger, every ERP call is also a log line: debug when it went well, warn when it did not. */
  constructor(options: { defaultMetrics?: boolean; logger?: Logger } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.logger = options.logger;
  }

  recordUpstream(connection: string, api: string, outcome: UpstreamOutcome, seconds: number): void {
    this.upstreamRequests.inc({ connection, api, outcome });
    this.upstreamDuration.observe({ connection, api }, seconds);
    if (!this.logger) return;
    const line = { connection, api, outcome, ms: Math.round(seconds * 1000) };
    if (outcome === 'ok' || outcome === 'erp_rejected') this.logger.debug(line, 'ERP call');
    else this.logger.warn(line, 'ERP call failed');
  }

  /** Sum of upstream calls for a connection (and API), any outcome: what tests and benchmarks count. */
  async upstreamCount(connection: string, api?: string): Promise<number> {
    const metric = await this.upstreamRequests.get();
    return metric.values
      .filter((value) => value.labels.connection === connection && (api === undefined || value.labels.api === api))
      .reduce((sum, value) => sum + value.value, 0);
  }
}
