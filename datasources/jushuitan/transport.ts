/**
 * Jushuitan's steps on the shared transport (datasources/common/http-transport.ts; protocols/others.md §2.1):
 * every call is a form-encoded POST `{app_key, access_token, timestamp, charset=utf-8, version=2, biz, sign}`;
 * `biz` is serialised once and signed exactly as sent; the reply is `{code, msg, data}` with HTTP 200 whatever the
 * outcome (§2.3).
 *
 * On top of one HTTP call (`send`, which the base class may repeat for a read after an outage), `request` applies
 * the platform's own codes:
 * - 0 → data;
 * - 100 (bad or expired token) → renew the token once (refreshToken when there is one, else getInitToken with the
 *   authCode) and send again once;
 * - 199 / 200 (rate limit) → a read waits `rateLimitBackoffMs × 2^n` and is sent again, at most `rateLimitRetries`
 *   times; then UpstreamUnavailableError('overloaded'). A write is never resent;
 * - anything else (10 sign, 130 rule, 140 clock, 190 not granted …) → ErpRejectedError with the code and message.
 * Non-JSON bodies and HTTP statuses other than 200 → UpstreamUnavailableError.
 * Secrets never appear in an error: a message that echoes one has it masked.
 */
import { ErpRejectedError, UpstreamUnavailableError } from '../../src/errors';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { HttpTransport, type IncomingAnswer, type OutgoingRequest } from '../common/http-transport';
import type { JushuitanConnectionConfig } from './config';
import { jushuitanSign } from './sign';
import { isJsonObject, own, parseUntrustedJson } from './wire';

export const TOKEN_INIT_PATH = '/openWeb/auth/getInitToken';
export const TOKEN_REFRESH_PATH = '/openWeb/auth/refreshToken';

/** One HTTP call: the path, the fields besides app_key/timestamp/charset/sign, and whether it only reads. */
export interface JushuitanCall {
  readonly api: string;
  readonly read?: boolean;
  /** Ordered form fields (access_token, version, biz … or grant_type, code …). */
  readonly fields: readonly (readonly [string, string])[];
}

/** The platform's answer: `{code, msg, data}` (data is null-prototype JSON). */
export interface JushuitanReply {
  readonly code: number;
  readonly msg: string;
  readonly data: unknown;
}

const RATE_LIMITED = new Set([199, 200]);
const TOKEN_INVALID = 100;

interface TokenState {
  accessToken?: string;
  refreshToken?: string;
  /** When an issued token runs out (ms since epoch); unknown for a static one. */
  expiresAt?: number;
}

export interface JushuitanTransportOptions {
  readonly clock?: () => Date;
  /** How a backoff waits (tests may make it instant). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export class JushuitanTransport extends HttpTransport<JushuitanCall, JushuitanReply> {
  private readonly clock: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly tokens: TokenState;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly config: JushuitanConnectionConfig,
    metrics: GatewayMetrics,
    options: JushuitanTransportOptions = {},
  ) {
    super(config, metrics);
    this.clock = options.clock ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.tokens = { accessToken: config.accessToken, refreshToken: config.refreshToken };
  }

  /** Seconds since the epoch, from the injectable clock (§2.1 `timestamp`). */
  private timestamp(): string {
    return String(Math.floor(this.clock().getTime() / 1000));
  }

  protected build(call: JushuitanCall): OutgoingRequest {
    const fields = new Map<string, string>([['app_key', this.config.appKey]]);
    fields.set('timestamp', this.timestamp());
    fields.set('charset', 'utf-8');
    for (const [key, value] of call.fields) if (value !== '') fields.set(key, value);
    fields.set('sign', jushuitanSign(this.config.appSecret, fields));
    const body = new URLSearchParams([...fields]).toString();
    return { url: `${this.config.baseUrl}${call.api}`, body, headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' } };
  }

  protected classify(call: JushuitanCall, answer: IncomingAnswer): { reply: JushuitanReply; outcome: 'ok' | 'erp_rejected' } {
    if (answer.status !== 200) throw new UpstreamUnavailableError('http_status', this.config.id, call.api, `HTTP ${answer.status}`);
    let parsed: unknown;
    try {
      parsed = parseUntrustedJson(answer.body);
    } catch {
      throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the reply is not JSON');
    }
    if (!isJsonObject(parsed)) throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the reply is not a JSON object');
    const rawCode = own(parsed, 'code');
    const code = typeof rawCode === 'number' ? rawCode : typeof rawCode === 'string' && /^-?\d+$/.test(rawCode.trim()) ? Number(rawCode) : NaN;
    if (!Number.isInteger(code)) throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the reply has no numeric code');
    const msg = own(parsed, 'msg');
    const reply = { code, msg: typeof msg === 'string' ? msg : msg === undefined || msg === null ? '' : String(msg), data: own(parsed, 'data') ?? null };
    return { reply, outcome: code === 0 ? 'ok' : 'erp_rejected' };
  }

  /** Masks any secret the platform echoes back, so none reaches an error message or a log. */
  private masked(text: string): string {
    let out = text;
    for (const secret of [this.config.appSecret, this.tokens.accessToken, this.tokens.refreshToken, this.config.accessToken, this.config.refreshToken, this.config.authCode]) {
      if (secret && secret.length >= 4) out = out.split(secret).join('***');
    }
    return out;
  }

  private rejected(reply: JushuitanReply, api: string): ErpRejectedError {
    return new ErpRejectedError({ code: String(reply.code), message: this.masked(reply.msg) }, api, this.config.id);
  }

  /** Whether the connection holds a usable token now (a known expiry counts; a static token is trusted until 100). */
  private hasLiveToken(): boolean {
    if (!this.tokens.accessToken) return false;
    return this.tokens.expiresAt === undefined || this.tokens.expiresAt > this.clock().getTime();
  }

  /** getInitToken (authCode) or refreshToken, once at a time however many calls wait on it. */
  private renew(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    let call: JushuitanCall;
    if (this.tokens.refreshToken) {
      call = { api: TOKEN_REFRESH_PATH, fields: [['grant_type', 'refresh_token'], ['refresh_token', this.tokens.refreshToken], ['scope', 'all']] };
    } else if (this.config.authCode) {
      call = { api: TOKEN_INIT_PATH, fields: [['grant_type', 'authorization_code'], ['code', this.config.authCode]] };
    } else {
      throw new ErpRejectedError({ code: String(TOKEN_INVALID), message: 'the access token was refused and the connection has no refreshToken or authCode to renew it' }, 'token', this.config.id);
    }
    const reply = await this.send(call);
    if (RATE_LIMITED.has(reply.code)) throw new UpstreamUnavailableError('overloaded', this.config.id, call.api, `rate limited by Jushuitan (code ${reply.code})`);
    if (reply.code !== 0) throw this.rejected(reply, call.api);
    const data = reply.data;
    const access = isJsonObject(data) ? own(data, 'access_token') : undefined;
    if (typeof access !== 'string' || access === '') throw new UpstreamUnavailableError('unreadable', this.config.id, call.api, 'the token reply has no access_token');
    const refresh = own(data as Record<string, unknown>, 'refresh_token');
    const expiresIn = Number(own(data as Record<string, unknown>, 'expires_in'));
    this.tokens.accessToken = access;
    if (typeof refresh === 'string' && refresh !== '') this.tokens.refreshToken = refresh;
    // Renew a minute early rather than be refused mid-sync.
    this.tokens.expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? this.clock().getTime() + Math.max(0, expiresIn - 60) * 1000 : undefined;
  }

  /**
   * One API call with the platform's codes applied (see the file header). `biz` is the JSON text, made once by the
   * caller and sent and signed as is on every attempt.
   */
  async request(api: string, biz: string, options: { read: boolean }): Promise<unknown> {
    let renewed = false;
    let limited = 0;
    if (!this.hasLiveToken()) {
      await this.renew();
      renewed = true;
    }
    for (;;) {
      const used = this.tokens.accessToken ?? '';
      const reply = await this.send({ api, read: options.read, fields: [['access_token', used], ['version', '2'], ['biz', biz]] });
      if (reply.code === 0) return reply.data;
      if (reply.code === TOKEN_INVALID && !renewed && (this.tokens.refreshToken || this.config.authCode)) {
        renewed = true;
        // Another call may have renewed it meanwhile: then the new token is tried, not rotated again.
        if ((this.tokens.accessToken ?? '') === used) await this.renew();
        continue;
      }
      if (RATE_LIMITED.has(reply.code)) {
        if (options.read && limited < this.config.rateLimitRetries) {
          await this.sleep(this.config.rateLimitBackoffMs * 2 ** limited);
          limited += 1;
          continue;
        }
        throw new UpstreamUnavailableError('overloaded', this.config.id, api, `rate limited by Jushuitan (code ${reply.code}: ${this.masked(reply.msg)}) after ${limited} retries`);
      }
      throw this.rejected(reply, api);
    }
  }

  /** Where the token stands (tests, diagnostics): never the token itself. */
  tokenInfo(): { hasAccessToken: boolean; hasRefreshToken: boolean; expiresAt: Date | null } {
    return { hasAccessToken: Boolean(this.tokens.accessToken), hasRefreshToken: Boolean(this.tokens.refreshToken), expiresAt: this.tokens.expiresAt === undefined ? null : new Date(this.tokens.expiresAt) };
  }
}
