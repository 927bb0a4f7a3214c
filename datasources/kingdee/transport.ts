/**
 * Kingdee K3Cloud WebAPI on the shared transport (protocols/others.md §1.1–1.3): `POST
 * {ServerUrl}/Kingdee.BOS.WebApi.ServicesStub.{Service}.{Method}.common.kdsvc` with request encoding (1)
 * `{"formid":…,"data":{…}}`, authenticated either by signed headers on every call or by a session (lazy login,
 * cookie + `kdservice-sessionid` header; on MsgCode 1 one re-login and one resend — a lost session means the call
 * was not executed, so the resend cannot duplicate anything).
 *
 * Outcomes: HTTP other than 200/206, a `response_error:` body or unreadable JSON → UpstreamUnavailableError;
 * `IsSuccess:false` → the reply is handed back (`erp_rejected`) and `refusal()` turns it into ErpRejectedError
 * (or InvalidTransitionError when the MsgCode is in `transitionRefusalCodes` and the text matches the pattern).
 */
import { randomUUID } from 'node:crypto';
import { ErpRejectedError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { HttpTransport, type IncomingAnswer, type OutgoingRequest } from '../common/http-transport';
import type { KingdeeConnectionConfig } from './config';
import { loginSign, signedHeaders } from './signing';

export * from './signing';

export type KingdeeService = 'AuthService' | 'DynamicFormService';

export interface KingdeeCall {
  readonly api: string;
  readonly service: KingdeeService;
  /** The JSON body (already encoded). */
  readonly body: string;
  readonly read?: boolean;
  /** The session id to send (session mode). */
  readonly session?: string;
}

/** One ResponseStatus error, as Kingdee writes it. */
export interface KingdeeError {
  readonly FieldName?: string | null;
  readonly Message?: string | null;
  readonly DIndex?: number;
}

export interface KingdeeStatus {
  readonly IsSuccess: boolean;
  readonly MsgCode: number;
  readonly Errors: readonly KingdeeError[];
  readonly SuccessEntitys: readonly { readonly Id?: unknown; readonly Number?: unknown; readonly DIndex?: number }[];
}

export interface KingdeeReply {
  /** The parsed body: `{"Result":…}`, the rows of ExecuteBillQuery, or a login answer. */
  readonly body: unknown;
  /** The ResponseStatus (unwrapped from `[[{"Result":…}]]` for ExecuteBillQuery); null for rows and logins. */
  readonly status: KingdeeStatus | null;
  readonly setCookie?: string;
}

export const SESSION_LOST = 1;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The ResponseStatus of `{"Result":{"ResponseStatus":…}}`, `[[{"Result":…}]]`, or null when the body has none. */
export function responseStatus(body: unknown): KingdeeStatus | null {
  let envelope: unknown = body;
  if (Array.isArray(envelope) && envelope.length === 1 && Array.isArray(envelope[0]) && envelope[0].length === 1 && isRecord(envelope[0][0])) envelope = envelope[0][0];
  if (!isRecord(envelope) || !isRecord(envelope.Result)) return null;
  const raw = envelope.Result.ResponseStatus;
  if (!isRecord(raw)) return null;
  const errors = Array.isArray(raw.Errors) ? (raw.Errors.filter(isRecord) as KingdeeError[]) : [];
  const successes = Array.isArray(raw.SuccessEntitys) ? (raw.SuccessEntitys.filter(isRecord) as KingdeeStatus['SuccessEntitys'][number][]) : [];
  const isSuccess = raw.IsSuccess === true || raw.IsSuccess === 'true';
  const msgCode = Number(raw.MsgCode ?? 0);
  return { IsSuccess: isSuccess, MsgCode: Number.isFinite(msgCode) ? msgCode : 0, Errors: errors, SuccessEntitys: successes };
}

export class KingdeeTransport extends HttpTransport<KingdeeCall, KingdeeReply> {
  private sessionId: string | null = null;
  private loggingIn: Promise<string> | null = null;
  private readonly refusalPattern: RegExp;

  constructor(
    private readonly config: KingdeeConnectionConfig,
    metrics: GatewayMetrics,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super(config, metrics);
    this.refusalPattern = new RegExp(config.transitionRefusalPattern);
  }

  /** `{ServerUrl}/Kingdee.BOS.WebApi.ServicesStub.{Service}.{Method}.common.kdsvc` (baseUrl has no trailing slash). */
  url(service: KingdeeService, method: string): string {
    return `${this.config.baseUrl}/Kingdee.BOS.WebApi.ServicesStub.${service}.${method}.common.kdsvc`;
  }

  protected build(call: KingdeeCall): OutgoingRequest {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };
    if (call.session) {
      headers.cookie = `kdservice-sessionid=${call.session}`;
      headers['kdservice-sessionid'] = call.session;
    }
    return { url: this.url(call.service, call.api), body: call.body, headers };
  }

  protected override sign(request: OutgoingRequest): OutgoingRequest {
    if (this.config.auth !== 'signed') return request;
    const { appId, appSecret, acctId, username, lcid } = this.config;
    // ASSUMPTION: the .NET/Java SDKs' form (13-digit milliseconds, a GUID nonce); Appdata's org is 0 as in the SDKs.
    const timestamp = String(this.clock().getTime());
    const path = new URL(request.url).pathname;
    const headers = signedHeaders({ appId, appSecret, acctId, username, lcid, orgNum: '0', path, timestamp, nonce: randomUUID().replace(/-/g, '') });
    return { ...request, headers: { ...request.headers, ...headers } };
  }

  protected classify(call: KingdeeCall, answer: IncomingAnswer): { reply: KingdeeReply; outcome: 'ok' | 'erp_rejected' } {
    if (answer.status !== 200 && answer.status !== 206) throw new UpstreamUnavailableError('http_status', this.config.id, call.api, `HTTP ${answer.status}`);
    const text = answer.body.replace(/^\uFEFF/, '');
    if (text.startsWith('response_error:')) throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'response_error reply');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the reply is not JSON', { cause: error });
    }
    const status = responseStatus(body);
    const setCookie = answer.headers['set-cookie'];
    return { reply: { body, status, ...(setCookie ? { setCookie } : {}) }, outcome: status && !status.IsSuccess ? 'erp_rejected' : 'ok' };
  }

  /**
   * One DynamicFormService call: in session mode, logged in lazily; on MsgCode 1, one new login and one resend.
   * The reply comes back whatever the ERP said; `refusal()` names a refusal.
   */
  async call(method: string, data: unknown, options: { read?: boolean; formId?: string } = {}): Promise<KingdeeReply> {
    const body = JSON.stringify(options.formId === undefined ? { data } : { formid: options.formId, data });
    if (this.config.auth === 'signed') return this.send({ api: method, service: 'DynamicFormService', body, read: options.read });
    let session = await this.session();
    let reply = await this.send({ api: method, service: 'DynamicFormService', body, read: options.read, session });
    if (reply.status?.MsgCode === SESSION_LOST) {
      // §1.2: log in again once, resend once.
      if (this.sessionId === session) this.sessionId = null;
      session = await this.session();
      reply = await this.send({ api: method, service: 'DynamicFormService', body, read: options.read, session });
    }
    return reply;
  }

  private async session(): Promise<string> {
    if (this.sessionId) return this.sessionId;
    this.loggingIn ??= this.login().finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  /** ValidateUser, or LoginBySign when there is no password. Neither password nor secret goes into an error. */
  private async login(): Promise<string> {
    const { acctId, username, password, appId, appSecret, lcid, legacySha1 } = this.config;
    let api: string;
    let parameters: unknown[];
    if (password) {
      api = 'ValidateUser';
      parameters = [acctId, username, password, lcid];
    } else {
      api = 'LoginBySign';
      const timestamp = String(Math.floor(this.clock().getTime() / 1000));
      parameters = [acctId, username, appId, timestamp, loginSign(acctId, username, appId, appSecret, timestamp, legacySha1), lcid];
    }
    const reply = await this.send({ api, service: 'AuthService', body: JSON.stringify({ parameters }) });
    const body = isRecord(reply.body) ? reply.body : {};
    const result = Number(body.LoginResultType);
    if (result !== 1 && result !== -5) {
      const message = typeof body.Message === 'string' && body.Message ? body.Message : 'login refused';
      throw new ErpRejectedError({ code: `LoginResultType ${Number.isFinite(result) ? result : '?'}`, message: `${api} for ${username}@${acctId}: ${message}` }, api, this.config.id);
    }
    const fromBody = typeof body.KDSVCSessionId === 'string' ? body.KDSVCSessionId : '';
    const fromCookie = /kdservice-sessionid=([^;,\s]+)/i.exec(reply.setCookie ?? '')?.[1] ?? '';
    const id = fromBody || fromCookie;
    if (!id) throw new UpstreamUnavailableError('unreadable', this.config.id, api, 'login answered without a session id');
    this.sessionId = id;
    return id;
  }

  /** Forget the session (tests; Logout is not needed: sessions expire on their own). */
  dropSession(): void {
    this.sessionId = null;
  }

  /**
   * The refusal in a reply: ErpRejectedError with `erp: {code: MsgCode, message: first error's Message, fieldName}`.
   * `transition` gives the document, for INVALID_TRANSITION when the code and text say "illegal in this status".
   */
  refusal(reply: KingdeeReply, api: string, error?: KingdeeError): ErpRejectedError {
    const status = reply.status;
    const first = error ?? status?.Errors[0];
    const message = (first?.Message ?? '').toString() || `MsgCode ${status?.MsgCode ?? '?'}`;
    const erp = { code: String(status?.MsgCode ?? 0), message, ...(first?.FieldName ? { fieldName: String(first.FieldName) } : {}) };
    return new ErpRejectedError(erp, api, this.config.id);
  }

  /** Whether a refusal means "illegal in the bill's current status" (MsgCode 11 + 状态, by default). */
  isTransitionRefusal(error: ErpRejectedError): boolean {
    return this.config.transitionRefusalCodes.includes(error.erp.code ?? '') && this.refusalPattern.test(error.erp.message);
  }
}
