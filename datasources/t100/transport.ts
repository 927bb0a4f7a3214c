/**
 * T100's steps on the shared transport (datasources/common/http-transport.ts): build the integration-platform
 * envelope (JSON v1, v2 or XML in SOAP), and classify what came back (protocols/digiwin.md §2.6).
 */
import type { T100ConnectionConfig } from './config';
import { ErpRejectedError, InvalidTransitionError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { HttpTransport, type IncomingAnswer, type OutgoingRequest } from '../common/http-transport';
import { decodeReply, encodeRequest, UnreadableReplyError } from './envelope';
import type { Action } from '../../src/catalog/types';
import type { StdEncoding, StdRecord, StdReply, StdRequest } from './envelope-types';

/** `yyyyMMddHHmmssSSS` in local time, as host.timestamp wants it. */
function hostTimestamp(now: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return (
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}${pad(now.getMilliseconds(), 3)}`
  );
}

export interface T100Call {
  readonly api: string;
  readonly read?: boolean;
  readonly encoding: StdEncoding;
  readonly parameter: StdRecord;
}

export class T100Transport extends HttpTransport<T100Call, StdReply> {
  /** transitionRefusalPatterns, compiled once (config validated each one). */
  private readonly refusalPatterns: readonly RegExp[];

  constructor(
    private readonly config: T100ConnectionConfig,
    metrics: GatewayMetrics,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super(config, metrics);
    this.refusalPatterns = config.transitionRefusalPatterns.map((pattern) => new RegExp(pattern));
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
      // §2.4 puts srvver in the XML service element; the JSON forms (§2.2, §2.3) have none.
      service: { prod: 'T100', name: call.api, ...(call.encoding === 'xml' ? { srvver: '1.0' } : {}), ip: '', id: this.config.instance },
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

  protected build(call: T100Call): OutgoingRequest {
    const encoded = encodeRequest(call.encoding, this.buildRequest(call));
    return { url: this.urlFor(call.encoding), body: encoded.body, headers: { 'content-type': encoded.contentType, ...encoded.headers } };
  }

  /**
   * The decoded reply when the platform executed the call (srvcode 000); business codes are left to the caller,
   * which knows per-key rules. An unregistered service is a configuration problem the caller must see (§2.6).
   */
  protected classify(call: T100Call, answer: IncomingAnswer): { reply: StdReply; outcome: 'ok' | 'erp_rejected' } {
    if (answer.status !== 200) throw new UpstreamUnavailableError('http_status', this.config.id, call.api, `HTTP ${answer.status}`);
    let reply: StdReply;
    try {
      reply = decodeReply(call.encoding, answer.body, answer.headers);
    } catch (error) {
      if (!(error instanceof UnreadableReplyError)) throw error;
      throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, error.message, { cause: error });
    }
    if (reply.srvcode !== '000') {
      const message = reply.platformMessage ?? `srvcode ${reply.srvcode}`;
      if (/Service not found/i.test(message)) throw new ErpRejectedError({ code: `srvcode-${reply.srvcode}`, message }, call.api, this.config.id);
      throw new UpstreamUnavailableError('platform', this.config.id, call.api, message);
    }
    return { reply, outcome: (reply.execution?.code ?? '') === '0' ? 'ok' : 'erp_rejected' };
  }

  /**
   * The typed error for a business refusal. A per-key refusal (§4.2: `{message, data:{doc_no}}`) has no code: it
   * is passed on with none and its own text; the envelope's code serves only when no key says more. A code in
   * `transitionRefusalCodes`, or a per-key text matching `transitionRefusalPatterns`, is INVALID_TRANSITION.
   */
  refusal(reply: StdReply, api: string, context?: { typeName: string; docNo: string; action: Action }, perKey?: { message: string }): Error {
    const code = perKey ? null : (reply.execution?.code ?? null);
    const erp = {
      code: code === '' ? null : code,
      message: perKey?.message ?? reply.execution?.description ?? '',
      ...(reply.execution?.sqlCode && reply.execution.sqlCode !== '0' ? { sqlCode: reply.execution.sqlCode } : {}),
    };
    const transition = erp.code !== null ? this.config.transitionRefusalCodes.includes(erp.code) : this.refusalPatterns.some((pattern) => pattern.test(erp.message));
    if (context && transition) return new InvalidTransitionError(context.typeName, context.docNo, null, context.action, erp);
    return new ErpRejectedError(erp, api, this.config.id);
  }
}
