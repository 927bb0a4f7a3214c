/**
 * The policy every ERP transport shares, in one base class: a keep-alive agent, a per-connection timeout, the
 * circuit breaker, metrics (one count per HTTP call) and a request id. An ERP family adds only its own named
 * steps — build the envelope, sign it, classify what came back — in `datasources/<erp>/transport.ts`.
 * Mutations are never retried here: for an ERP that does not deduplicate, a resend is a second document.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosError, type AxiosInstance } from 'axios';
import { bulkhead, BulkheadRejectedError, ExponentialBackoff, handleWhen, retry, type BulkheadPolicy, type RetryPolicy } from 'cockatiel';
import { ErpRejectedError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics, UpstreamOutcome } from '../../src/observability/metrics';
import { CircuitBreaker, type CircuitState } from '../../src/resilience/circuit-breaker';
import { currentRequestId } from '../../src/observability/request-context';
import { traceErpCall } from '../../src/observability/tracing';

/** The transport settings every connection has, whatever its ERP. */
export interface TransportPolicy {
  readonly id: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxSockets: number;
  readonly breakerThreshold: number;
  readonly breakerCooldownMs: number;
  /** Calls in flight at once against this ERP (bulkhead); more wait in a queue of `maxQueued`. */
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  /** How often a read is tried again after an outage, with jittered backoff; writes never are. */
  readonly readRetries: number;
}

/** One HTTP request as an ERP family builds it. */
export interface OutgoingRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The whole answer, body read as text so the codec sees the bytes. */
export interface IncomingAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** What a call is, for metrics and errors: the ERP's own name of the API, and whether it only reads. */
export interface TransportCall {
  readonly api: string;
  /** A read changes nothing in the ERP, so it may be sent again after an outage. */
  readonly read?: boolean;
}

/** The ERP's header names are untrusted: they go into a null-prototype record, lower-cased, values as text. */
function answerHeaders(headers: object): Readonly<Record<string, string | undefined>> {
  const record: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) record[name.toLowerCase()] = value === undefined || value === null ? undefined : String(value);
  return record;
}

/** Whether the environment names an HTTP proxy (axios reads these per call unless told `proxy: false`). */
function proxyConfigured(): boolean {
  return ['http_proxy', 'https_proxy', 'all_proxy'].some((name) => Boolean(process.env[name] || process.env[name.toUpperCase()]));
}

export abstract class HttpTransport<Call extends TransportCall, Reply> {
  private readonly client: AxiosInstance;
  private readonly agent: http.Agent;
  private readonly breaker: CircuitBreaker;
  private readonly bulkhead: BulkheadPolicy;
  private readonly readRetry: RetryPolicy;

  protected constructor(
    protected readonly policy: TransportPolicy,
    private readonly metrics: GatewayMetrics,
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: policy.breakerThreshold, cooldownMs: policy.breakerCooldownMs });
    // cockatiel: the ERP, not the gateway, is the scarce resource; and a read lost to an outage is asked again.
    this.bulkhead = bulkhead(policy.maxConcurrent, policy.maxQueued);
    this.readRetry = retry(
      handleWhen((error) => error instanceof UpstreamUnavailableError && error.reason !== 'circuit_open' && error.reason !== 'overloaded'),
      { maxAttempts: policy.readRetries, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }) },
    );
    const secure = policy.baseUrl.startsWith('https:');
    this.agent = secure
      ? new https.Agent({ keepAlive: true, maxSockets: policy.maxSockets })
      : new http.Agent({ keepAlive: true, maxSockets: policy.maxSockets });
    this.client = axios.create({
      timeout: policy.timeoutMs,
      ...(secure ? { httpsAgent: this.agent } : { httpAgent: this.agent }),
      // Every status is classified by the ERP family, and bodies are read as text for its codec.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // The codec's bytes go out as they are: axios's default parses a JSON body again to check it before sending.
      transformRequest: [(data: unknown) => data],
      maxRedirects: 0,
      // Without a proxy in the environment, axios need not look for one on every call (as it does by default).
      ...(proxyConfigured() ? {} : { proxy: false as const }),
    });
  }

  get connection(): string {
    return this.policy.id;
  }

  get circuit(): CircuitState {
    return this.breaker.state;
  }

  /** Step 1: the ERP's envelope for one call (URL, body, content headers). */
  protected abstract build(call: Call, requestId: string): OutgoingRequest;

  /** Step 2: authentication that depends on the final bytes (signatures, tokens). Default: none. */
  protected sign(request: OutgoingRequest): OutgoingRequest {
    return request;
  }

  /**
   * Step 3: what came back. Return the decoded reply and whether the ERP said yes; throw
   * UpstreamUnavailableError for an outage (unreadable body, platform down) or ErpRejectedError for a
   * configuration "no" the caller must see.
   */
  protected abstract classify(call: Call, answer: IncomingAnswer): { reply: Reply; outcome: 'ok' | 'erp_rejected' };

  /**
   * Send one call. Outages become UpstreamUnavailableError and count against the circuit; an ERP that answers
   * (yes or no) is up.
   */
  async send(call: Call): Promise<Reply> {
    const once = (): Promise<Reply> => this.sendOnce(call);
    try {
      return await (call.read && this.policy.readRetries > 0 ? this.readRetry.execute(() => this.bulkhead.execute(once)) : this.bulkhead.execute(once));
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        throw new UpstreamUnavailableError('overloaded', this.policy.id, call.api, `${this.policy.maxConcurrent} calls in flight and ${this.policy.maxQueued} queued`);
      }
      throw error;
    }
  }

  private async sendOnce(call: Call): Promise<Reply> {
    if (!this.breaker.tryAcquire()) {
      // Fail fast: no HTTP call goes out, so nothing is counted as an upstream request.
      throw new UpstreamUnavailableError('circuit_open', this.policy.id, call.api, `circuit open; next trial in ${this.breaker.retryAfterMs()} ms`);
    }
    try {
      const reply = await this.exchange(call);
      this.breaker.recordSuccess();
      return reply;
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) this.breaker.recordFailure();
      else this.breaker.recordSuccess();
      throw error;
    }
  }

  private async exchange(call: Call): Promise<Reply> {
    // The MES request this call serves, where there is one (the ERP's log can then be matched with the gateway's).
    const requestId = currentRequestId() ?? randomUUID();
    const request = this.sign(this.build(call, requestId));
    // A CLIENT span beneath the request's (OpenTelemetry; a no-op unless tracing is on), its traceparent sent along.
    const traceHeaders: Record<string, string> = {};
    return traceErpCall(this.policy.id, call.api, traceHeaders, async (span) => {
      const started = process.hrtime.bigint();
      const record = (outcome: UpstreamOutcome): void => {
        span.setAttribute('erp.outcome', outcome);
        this.metrics.recordUpstream(this.policy.id, call.api, outcome, Number(process.hrtime.bigint() - started) / 1e9);
      };
      let answer: IncomingAnswer;
      try {
        const response = await this.client.post<string>(request.url, request.body, { headers: { 'x-request-id': requestId, ...traceHeaders, ...request.headers } });
        answer = {
          status: response.status,
          body: typeof response.data === 'string' ? response.data : '',
          headers: answerHeaders(response.headers),
        };
      } catch (error) {
        const axiosError = error as AxiosError;
        const timedOut = axiosError.code === 'ECONNABORTED' || axiosError.code === 'ETIMEDOUT';
        record(timedOut ? 'timeout' : 'network');
        throw new UpstreamUnavailableError(
          timedOut ? 'timeout' : 'network',
          this.policy.id,
          call.api,
          timedOut ? `no reply within ${this.policy.timeoutMs} ms` : (axiosError.code ?? 'connection failed'),
          // Not the axios error itself: it holds the request (tokens, signatures, passwords in bodies).
          { cause: new Error(`${axiosError.code ?? 'ERR'}: ${axiosError.message}`) },
        );
      }
      try {
        const { reply, outcome } = this.classify(call, answer);
        record(outcome);
        return reply;
      } catch (error) {
        if (error instanceof UpstreamUnavailableError && error.reason !== 'circuit_open' && error.reason !== 'overloaded') record(error.reason);
        else if (error instanceof ErpRejectedError) record('platform');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
