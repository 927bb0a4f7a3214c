/**
 * The one place T100 HTTP happens for a connection: keep-alive agent, per-connection timeout, metrics, and
 * classification of what came back (protocols/digiwin.md §2.6), in the named steps
 * build → send → read whole body → classify. Mutations are never retried here: a resend is a second document.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import type { T100ConnectionConfig } from '../../src/config';
import { ErpRejectedError, InvalidTransitionError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics, UpstreamOutcome } from '../../src/observability/metrics';
import { CircuitBreaker, type CircuitState } from '../../src/resilience/circuit-breaker';
import { decodeReply, encodeRequest, UnreadableReplyError } from './envelope';
import type { Action } from '../../src/catalog/types';
import type { StdEncoding, StdRecord, StdReply, StdRequest } from './envelope-types';

/** `yyyyMMddHHmmssSSS` in local time, as host.timestamp wants it. */
export function hostTimestamp(now: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return (
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}${pad(now.getMilliseconds(), 3)}`
  );
}

export interface T100Call {
  readonly api: string;
  readonly encoding: StdEncoding;
  readonly parameter: StdRecord;
}

export class T100Transport {
  private readonly client: AxiosInstance;
  private readonly agent: http.Agent;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly config: T100ConnectionConfig,
    private readonly metrics: GatewayMetrics,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: config.breakerThreshold, cooldownMs: config.breakerCooldownMs });
    const secure = config.baseUrl.startsWith('https:');
    this.agent = secure
      ? new https.Agent({ keepAlive: true, maxSockets: config.maxSockets })
      : new http.Agent({ keepAlive: true, maxSockets: config.maxSockets });
    this.client = axios.create({
      timeout: config.timeoutMs,
      ...(secure ? { httpsAgent: this.agent } : { httpAgent: this.agent }),
      // We classify every status ourselves, and read bodies as text so the codec sees the bytes.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
    });
  }

  get connection(): string {
    return this.config.id;
  }

  get circuit(): CircuitState {
    return this.breaker.state;
  }

  /** Build the envelope for one API call (pure apart from the clock). */
  buildRequest(call: T100Call): StdRequest {
    return {
      type: 'sync',
      host: {
        prod: 'GATEWAY',
        ver: '1.0',
        ip: '127.0.0.1',
        id: '',
        lang: this.config.lang,
        timezone: '+8',
        acct: this.config.user,
        timestamp: hostTimestamp(this.clock()),
      },
      service: { prod: 'T100', name: call.api, ip: '', id: this.config.instance },
      datakey: { EntId: this.config.enterprise, CompanyId: this.config.site },
      parameter: call.parameter,
    };
  }

  private urlFor(encoding: StdEncoding): string {
    // JSON v1 → awsp920; XML in SOAP invokeSrv → awsp900; v2 goes through ESP (protocols §1, §2.3).
    if (encoding === 'xml') return `${this.config.baseUrl}/ws/r/awsp900`;
    if (encoding === 'json-v2') return `${new URL(this.config.baseUrl).origin}/CROSS/RESTful`;
    return `${this.config.baseUrl}/ws/r/awsp920`;
  }

  /**
   * Send one call and return the decoded reply when the platform executed it (srvcode 000).
   * Transport and platform failures become UpstreamUnavailableError (or ErpRejectedError for an unknown
   * service: configuration, not retried). Business codes are left to the caller, which knows per-key rules.
   */
  async send(call: T100Call): Promise<StdReply> {
    if (!this.breaker.tryAcquire()) {
      // Fail fast: no HTTP call goes out, so nothing is counted as an upstream request.
      throw new UpstreamUnavailableError('circuit_open', this.config.id, call.api, `circuit open; next trial in ${this.breaker.retryAfterMs()} ms`);
    }
    try {
      const reply = await this.exchange(call);
      this.breaker.recordSuccess();
      return reply;
    } catch (error) {
      // A business or configuration "no" means the ERP is up; only transport and platform failures count.
      if (error instanceof UpstreamUnavailableError) this.breaker.recordFailure();
      else this.breaker.recordSuccess();
      throw error;
    }
  }

  private async exchange(call: T100Call): Promise<StdReply> {
    const encoded = encodeRequest(call.encoding, this.buildRequest(call));
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    let status: number;
    let body: string;
    let headers: Record<string, string | undefined>;
    try {
      const response = await this.client.post<string>(this.urlFor(call.encoding), encoded.body, {
        headers: { 'content-type': encoded.contentType, ...encoded.headers },
      });
      status = response.status;
      body = typeof response.data === 'string' ? response.data : '';
      headers = Object.fromEntries(
        Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value === undefined ? undefined : String(value)]),
      );
    } catch (error) {
      const axiosError = error as AxiosError;
      const timedOut = axiosError.code === 'ECONNABORTED' || axiosError.code === 'ETIMEDOUT';
      const outcome: UpstreamOutcome = timedOut ? 'timeout' : 'network';
      this.metrics.recordUpstream(this.config.id, call.api, outcome, seconds());
      throw new UpstreamUnavailableError(
        outcome,
        this.config.id,
        call.api,
        timedOut ? `no reply within ${this.config.timeoutMs} ms` : (axiosError.code ?? 'connection failed'),
        { cause: error },
      );
    }
    if (status !== 200) {
      this.metrics.recordUpstream(this.config.id, call.api, 'http_status', seconds());
      throw new UpstreamUnavailableError('http_status', this.config.id, call.api, `HTTP ${status}`);
    }
    let reply: StdReply;
    try {
      reply = decodeReply(call.encoding, body, headers);
    } catch (error) {
      if (!(error instanceof UnreadableReplyError)) throw error;
      this.metrics.recordUpstream(this.config.id, call.api, 'unreadable', seconds());
      throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, (error as Error).message, { cause: error });
    }
    if (reply.srvcode !== '000') {
      this.metrics.recordUpstream(this.config.id, call.api, 'platform', seconds());
      const message = reply.platformMessage ?? `srvcode ${reply.srvcode}`;
      // An unregistered service is a configuration problem the caller must see, not an outage (§2.6).
      if (/Service not found/i.test(message)) {
        throw new ErpRejectedError({ code: `srvcode-${reply.srvcode}`, message }, call.api, this.config.id);
      }
      throw new UpstreamUnavailableError('platform', this.config.id, call.api, message);
    }
    const code = reply.execution?.code ?? '';
    this.metrics.recordUpstream(this.config.id, call.api, code === '0' ? 'ok' : 'erp_rejected', seconds());
    return reply;
  }

  /** The typed error for a business refusal: INVALID_TRANSITION for the connection's status-refusal codes. */
  refusal(
    reply: StdReply,
    api: string,
    context?: { typeName: string; docNo: string; action: Action },
    perKey?: { code: string; message: string },
  ): Error {
    const erp = {
      code: perKey?.code ?? reply.execution?.code ?? '',
      message: perKey?.message ?? reply.execution?.description ?? '',
      ...(reply.execution?.sqlCode && reply.execution.sqlCode !== '0' ? { sqlCode: reply.execution.sqlCode } : {}),
    };
    if (context && this.config.transitionRefusalCodes.includes(erp.code)) {
      return new InvalidTransitionError(context.typeName, context.docNo, null, context.action, erp);
    }
    return new ErpRejectedError(erp, api, this.config.id);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
