/**
 * TIPTOP GP's steps on the shared transport (datasources/common/http-transport.ts), one endpoint for both of its
 * message standards (protocols/digiwin.md §2.5): `tt.oapi` calls in the integration-platform envelope (XML in
 * invokeSrv on aws_ttsrv2, or JSON v2 through an ESP) and the customized DOC-style operations with their
 * `Request`/`Response` XML. One circuit and one bulkhead for the connection, whichever standard a call uses.
 */
import { ErpRejectedError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { HttpTransport, type IncomingAnswer, type OutgoingRequest } from '../common/http-transport';
import { encodeRequest } from '../common/digiwin/envelope';
import type { StdReply, StdRequest } from '../common/digiwin/envelope-types';
import { classifyStdAnswer, stdRefusal, stdRequest, type RefusalContext, type StdCall, type StdChannel } from '../common/digiwin/std-transport';
import type { TiptopConnectionConfig } from './config';
import { decodeDocResponse, encodeDocRequest, type DocRecord, type DocRecordSet, type DocResponse } from './doc-style';

/** A customized call: the operation (CreateMISCIssueData …), its parameter record and record sets. */
export interface DocCall {
  readonly api: string;
  readonly read?: false;
  readonly doc: { readonly parameter: DocRecord; readonly recordSets: readonly DocRecordSet[] };
}

type TiptopCall = StdCall | DocCall;
type TiptopReply = StdReply | DocResponse;

function isDoc(call: TiptopCall): call is DocCall {
  return 'doc' in call;
}

export class TiptopTransport extends HttpTransport<TiptopCall, TiptopReply> implements StdChannel {
  private readonly refusalPatterns: readonly RegExp[];

  constructor(
    private readonly config: TiptopConnectionConfig,
    metrics: GatewayMetrics,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super(config, metrics);
    this.refusalPatterns = config.transitionRefusalPatterns.map((pattern) => new RegExp(pattern));
  }

  /** The integration-platform envelope of one tt.oapi call: service/@prod TIPTOP, datakey the instance and plant. */
  buildRequest(call: StdCall): StdRequest {
    const { user, instance, plant, language } = this.config;
    const lang = `${language.slice(0, 2)}_${language.slice(3).toUpperCase()}`;
    return stdRequest({ prod: 'TIPTOP', lang, user, instance, datakey: { EntId: instance, CompanyId: plant } }, call, this.clock());
  }

  protected build(call: TiptopCall): OutgoingRequest {
    const endpoint = `${this.config.baseUrl}/ws/r/aws_ttsrv2`;
    if (isDoc(call)) {
      const { user, password, application, plant, language } = this.config;
      const encoded = encodeDocRequest(call.api, {
        access: { user, password, application, source: '127.0.0.1', organization: plant, language },
        parameter: call.doc.parameter,
        recordSets: call.doc.recordSets,
      });
      return { url: endpoint, body: encoded.body, headers: { 'content-type': encoded.contentType, ...encoded.headers } };
    }
    const encoded = encodeRequest(call.encoding, this.buildRequest(call));
    // §1: tt.oapi as XML in invokeSrv on aws_ttsrv2; JSON only through an ESP's /CROSS/RESTful (§2.3).
    const url = call.encoding === 'json-v2' ? `${new URL(this.config.baseUrl).origin}/CROSS/RESTful` : endpoint;
    return { url, body: encoded.body, headers: { 'content-type': encoded.contentType, ...encoded.headers } };
  }

  protected classify(call: TiptopCall, answer: IncomingAnswer): { reply: TiptopReply; outcome: 'ok' | 'erp_rejected' } {
    if (!isDoc(call)) return classifyStdAnswer(this.config.id, call, answer);
    // A SOAP Fault comes as HTTP 500 (§2.6): the platform did not run the service.
    if (answer.status !== 200) throw new UpstreamUnavailableError('http_status', this.config.id, call.api, `HTTP ${answer.status}`);
    let reply: DocResponse;
    try {
      reply = decodeDocResponse(call.api, answer.body);
    } catch (error) {
      throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, (error as Error).message, { cause: error });
    }
    return { reply, outcome: reply.code === '0' ? 'ok' : 'erp_rejected' };
  }

  override async send(call: StdCall): Promise<StdReply>;
  override async send(call: DocCall): Promise<DocResponse>;
  override async send(call: TiptopCall): Promise<TiptopReply> {
    return super.send(call);
  }

  /**
   * As T100's (§2.6), except that a per-key refusal whose text starts with a TIPTOP message id (`mfg3471: …`,
   * ASSUMPTION: the tt.oapi error entry has no code field) passes that id on as the code.
   */
  refusal(reply: StdReply, api: string, context?: RefusalContext, perKey?: { message: string }): Error {
    const code = perKey ? /^([A-Za-z]{0,4}-?\d{3,5}|sbx-\d{5}):\s/.exec(perKey.message)?.[1] : undefined;
    if (code === undefined) return stdRefusal(this.config, this.refusalPatterns, reply, api, context, perKey);
    const execution = { code, sqlCode: reply.execution?.sqlCode ?? '0', description: perKey!.message };
    return stdRefusal(this.config, this.refusalPatterns, { ...reply, execution }, api, context);
  }

  /** A customized API's refusal: its code and text as TIPTOP wrote them. */
  docRefusal(reply: DocResponse, api: string): ErpRejectedError {
    return new ErpRejectedError({ code: reply.code || null, message: reply.description, ...(reply.sqlcode && reply.sqlcode !== '0' ? { sqlCode: reply.sqlcode } : {}) }, api, this.config.id);
  }
}
