/**
 * Sunlike's steps on the shared transport (protocols/others.md §3.1, §3.5): `POST {base}/MRPAG/{VERB}` with a JSON
 * body and the raw token in `Authorization` (no `Bearer`). The token comes from `/SYS/LOGIN` on first use; a reply
 * `{"code":401}` (HTTP 200) means the ERP did not run the call, so the gateway logs in again once and resends once
 * — the only resend, and safe for ADDDATA too. Everything else is answered as it came: the datasource turns codes
 * into typed errors (`refusal`). The password and the token are never put in a message.
 */
import { BadUserInputError, ErpRejectedError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { HttpTransport, type IncomingAnswer, type OutgoingRequest } from '../common/http-transport';
import type { SunlikeConnectionConfig } from './config';
import { fieldOfMessage } from './mapping';

export type SunlikeVerb = 'ADDDATA' | 'DELETEDATA' | 'GETDATA' | 'BATCHDATA';

interface SunlikeCall {
  readonly api: string;
  readonly read?: boolean;
  readonly url: string;
  readonly body: unknown;
  readonly token: string | null;
}

/** A reply as Sunlike writes it: `code` 0 success, else §3.5. */
export interface SunlikeReply {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
  readonly token?: string;
}

export class SunlikeTransport extends HttpTransport<SunlikeCall, SunlikeReply> {
  private token: Promise<string> | null = null;
  private tokenValue: string | null = null;

  constructor(
    private readonly config: SunlikeConnectionConfig,
    metrics: GatewayMetrics,
  ) {
    super(config, metrics);
  }

  protected build(call: SunlikeCall): OutgoingRequest {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (call.token !== null) headers.authorization = call.token;
    return { url: call.url, body: JSON.stringify(call.body), headers };
  }

  protected classify(call: SunlikeCall, answer: IncomingAnswer): { reply: SunlikeReply; outcome: 'ok' | 'erp_rejected' } {
    if (answer.status !== 200) throw new UpstreamUnavailableError('http_status', this.config.id, call.api, `HTTP ${answer.status}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch (error) {
      throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the reply is not JSON', { cause: error });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the reply is not a JSON object');
    }
    const body = parsed as Record<string, unknown>;
    const code = typeof body.code === 'number' ? body.code : typeof body.code === 'string' && /^\d+$/.test(body.code) ? Number(body.code) : NaN;
    if (!Number.isInteger(code)) throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the reply has no code');
    const reply: SunlikeReply = {
      code,
      message: typeof body.message === 'string' ? body.message : '',
      ...(Object.hasOwn(body, 'data') ? { data: body.data } : {}),
      ...(typeof body.token === 'string' ? { token: body.token } : {}),
    };
    return { reply, outcome: code === 0 ? 'ok' : 'erp_rejected' };
  }

  private async login(): Promise<string> {
    const { company, user, password, loginPath, baseUrl } = this.config;
    const reply = await this.send({ api: 'SYS/LOGIN', url: `${baseUrl}${loginPath}`, body: { comp_no: company, user_id: user, password }, token: null });
    if (reply.code !== 0 || !reply.token) {
      // The ERP's text only: it never carries the password.
      throw new ErpRejectedError({ code: String(reply.code), message: `login as ${user}@${company} refused: ${reply.message || 'no token'}` }, 'SYS/LOGIN', this.config.id);
    }
    return reply.token;
  }

  /** The current token, logging in once for all callers waiting at the same time. */
  private currentToken(): Promise<string> {
    if (!this.token) {
      const pending = this.login().then((token) => {
        this.tokenValue = token;
        return token;
      });
      this.token = pending;
      pending.catch(() => {
        if (this.token === pending) this.token = null;
      });
    }
    return this.token;
  }

  /** One MRPAG call, with one re-login and one resend on code 401. Codes other than 0 and 401 come back as they are. */
  async call(verb: SunlikeVerb, body: Record<string, unknown>): Promise<SunlikeReply> {
    const read = verb === 'GETDATA' || verb === 'BATCHDATA';
    const api = `MRPAG/${verb}`;
    const url = `${this.config.baseUrl}/MRPAG/${verb}`;
    const token = await this.currentToken();
    const first = await this.send({ api, read, url, body, token });
    if (first.code !== 401) return first;
    // Not executed (§3.1): a fresh token, unless another call already replaced the one that failed.
    if (this.tokenValue === token) {
      this.token = null;
      this.tokenValue = null;
    }
    const fresh = await this.currentToken();
    const second = await this.send({ api, read, url, body, token: fresh });
    if (second.code === 401) {
      this.token = null;
      this.tokenValue = null;
      throw new ErpRejectedError({ code: '401', message: second.message || 'token invalid after a fresh login' }, api, this.config.id);
    }
    return second;
  }

  /** §3.5: code 1 → BAD_USER_INPUT (field from the message), 2/5/6 and others → ERP_REJECTED. (4 and 3 the caller settles.) */
  refusal(reply: SunlikeReply, api: string): Error {
    if (reply.code === 1) return new BadUserInputError(fieldOfMessage(reply.message), `Sunlike refused ${api}: ${reply.message}`);
    return new ErpRejectedError({ code: String(reply.code), message: reply.message }, api, this.config.id);
  }
}
