/**
 * T100's steps on the shared transport (datasources/common/http-transport.ts): build the integration-platform
 * envelope (JSON v1, v2 or XML in SOAP) and read what came back with the Digiwin rules both products share
 * (datasources/common/digiwin/std-transport.ts, protocols/digiwin.md §2.6).
 */
import type { T100ConnectionConfig } from './config';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { HttpTransport, type IncomingAnswer, type OutgoingRequest } from '../common/http-transport';
import { encodeRequest } from '../common/digiwin/envelope';
import type { StdEncoding, StdReply, StdRequest } from '../common/digiwin/envelope-types';
import { classifyStdAnswer, stdRefusal, stdRequest, type RefusalContext, type StdCall, type StdChannel } from '../common/digiwin/std-transport';

export type T100Call = StdCall;

export class T100Transport extends HttpTransport<StdCall, StdReply> implements StdChannel {
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
  buildRequest(call: StdCall): StdRequest {
    const { lang, user, instance, enterprise, site } = this.config;
    return stdRequest({ prod: 'T100', lang, user, instance, datakey: { EntId: enterprise, CompanyId: site } }, call, this.clock());
  }

  private urlFor(encoding: StdEncoding): string {
    // JSON v1 → awsp920; XML in SOAP invokeSrv → awsp900; v2 goes through ESP (protocols §1, §2.3).
    if (encoding === 'xml') return `${this.config.baseUrl}/ws/r/awsp900`;
    if (encoding === 'json-v2') return `${new URL(this.config.baseUrl).origin}/CROSS/RESTful`;
    return `${this.config.baseUrl}/ws/r/awsp920`;
  }

  protected build(call: StdCall): OutgoingRequest {
    const encoded = encodeRequest(call.encoding, this.buildRequest(call));
    return { url: this.urlFor(call.encoding), body: encoded.body, headers: { 'content-type': encoded.contentType, ...encoded.headers } };
  }

  protected classify(call: StdCall, answer: IncomingAnswer): { reply: StdReply; outcome: 'ok' | 'erp_rejected' } {
    return classifyStdAnswer(this.config.id, call, answer);
  }

  refusal(reply: StdReply, api: string, context?: RefusalContext, perKey?: { message: string }): Error {
    return stdRefusal(this.config, this.refusalPatterns, reply, api, context, perKey);
  }
}
