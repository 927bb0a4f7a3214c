/**
 * The Jushuitan (聚水潭) sandbox as a real HTTP server (protocols/others.md §2.4): the form-encoded count query and
 * the two token routes, the sign recomputed, clock skew, static and issued tokens, per-app rate limits, every §2.2
 * rule, paging and filtering over sample counts kept in SQLite, and faults. Every platform outcome is HTTP 200 with
 * `{code, msg, data}` — except where a fault says otherwise.
 *
 * Order of checks (ASSUMPTION): fault → form body (10) → app_key known and sign (10) → timestamp skew (140) → rate
 * limit (199 per second, 200 per minute) → path granted (190) → token (100) → biz rules (130).
 * Rate limits count accepted calls per app_key on the real monotonic clock (not the sandbox's data clock, which tests
 * freeze); they are off unless `rateLimit` is given.
 * Secrets are never logged and never echoed: the call log keeps the path and the code only.
 */
import { performance } from 'node:perf_hooks';
import express, { type Request, type Response } from 'express';
import { sameSign, jushuitanSign } from '../../datasources/jushuitan/sign';
import { isJsonObject, JUSHUITAN_STATUS } from '../../datasources/jushuitan/wire';
import type { InventoryCountStatus } from '../../src/catalog/inventory-count';
import { FaultInjector, type Fault } from '../common/faults';
import { afterDelay, closer, HTML_500, listen, mountAdminRoutes, timeoutOrHttp500 } from '../common/http';
import { OK_MSG, queryCounts, ruleBroken, type PlatformAnswer } from './engine';
import { sampleCounts, SANDBOX_UTC_OFFSET } from './sample-data';
import { JushuitanState } from './state';

export const COUNT_PATH = '/open/inventory/count/query';
export const INIT_TOKEN_PATH = '/openWeb/auth/getInitToken';
export const REFRESH_TOKEN_PATH = '/openWeb/auth/refreshToken';

/**
 * The Jushuitan sandbox's fault modes (protocols/others.md preamble and §2.3), on the shared FaultInjector
 * (sandbox/common/faults.ts: `{api, mode, count, ms?}`), `api` being the path (`/open/inventory/count/query`) or `*`:
 * - `error` → code 130 (`参数不符合规范：sandbox fault`), `rate_limit` → 199, `token_expired` → 100;
 * - `http500` (HTML 500), `timeout` (never answers), `garbage` (HTTP 200, half a JSON body), `delay` (waits `ms`,
 *   then answers normally), `lost_reply` (answers nothing after running: for a read, the same as a dropped line).
 */
export const JUSHUITAN_FAULT_MODES = ['error', 'rate_limit', 'token_expired', 'http500', 'timeout', 'garbage', 'delay', 'lost_reply'] as const;
export type JushuitanFaultMode = (typeof JUSHUITAN_FAULT_MODES)[number];

/** An app registered with the sandbox: its key, its secret, and static tokens that never expire. */
export interface SandboxApp {
  readonly appKey: string;
  readonly appSecret: string;
  readonly staticTokens?: readonly string[];
}

/** The app the embedded gateway's connection uses (not a secret: a sandbox's). */
export const SANDBOX_APP = {
  appKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  appSecret: '0f9e8d7c6b5a49382716f5e4d3c2b1a0',
  staticTokens: ['5ad0b0c1d2e3f405162738495a6b7c8d'],
} as const satisfies SandboxApp;

/** The protocol notes' vector app (§2.1), so its request example passes byte for byte. */
export const VECTOR_APP = {
  appKey: '5b53060f23d84ddf9703056e84fa5a2d',
  appSecret: 'e9c5ca33fecb404b8e6cdbd0ef4a6d25',
  staticTokens: ['d7b01bf0842a4742a9450e21ffd95f60'],
} as const satisfies SandboxApp;

export interface JushuitanSandboxOptions {
  readonly dataDir: string;
  readonly id?: string;
  readonly host?: string;
  readonly port?: number;
  /** The platform's clock: timestamps, token expiry, and (at first start) the sample data. */
  readonly clock?: () => Date;
  /** Issued tokens' lifetime (default 30 days, §2.1). */
  readonly tokenTtlSeconds?: number;
  /** Per app_key; off when absent (§2.1's are 5/s and 100/min). */
  readonly rateLimit?: { readonly perSecond: number; readonly perMinute: number };
  /** Clock skew allowed, seconds (default 900, §2.1). */
  readonly maxSkewSeconds?: number;
  /** Registered apps (default: SANDBOX_APP and VECTOR_APP). */
  readonly apps?: readonly SandboxApp[];
}

export interface JushuitanCountView {
  readonly type: 'InventoryCount';
  readonly docNo: string;
  readonly status: InventoryCountStatus;
  readonly rawStatus: string;
  readonly modified: string;
  readonly record: Record<string, unknown>;
}

export interface RunningJushuitanSandbox {
  readonly id: string;
  readonly erp: 'jushuitan';
  readonly baseUrl: string;
  readonly faults: FaultInjector<JushuitanFaultMode>;
  /** The counts, for the admin route (type 'InventoryCount'; status canonical or Jushuitan's). */
  documents(query?: { type?: string; docNo?: string; status?: string }): JushuitanCountView[];
  /** HTTP calls the platform routes received (any outcome), by path (all when omitted). */
  callCount(path?: string): number;
  close(): Promise<void>;
}

const MESSAGES = {
  10: '签名错误或非表单请求',
  100: 'access_token 无效或已过期',
  140: 'timestamp 与服务器时间相差超过15分钟',
  190: '该接口未授权',
  199: '请求过于频繁，每秒最多调用次数已超出',
  200: '请求过于频繁，每分钟最多调用次数已超出',
} as const;

function answer(code: keyof typeof MESSAGES): PlatformAnswer {
  return { code, msg: MESSAGES[code], data: null };
}

/** The form as sent; undefined when it is not a form (a duplicate key counts as not a form: which one was signed?). */
function parseForm(req: Request): Map<string, string> | undefined {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const body = typeof req.body === 'string' ? req.body : '';
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body)) {
    if (fields.has(key)) return undefined;
    fields.set(key, value);
  }
  return fields;
}

export async function startJushuitanSandbox(options: JushuitanSandboxOptions): Promise<RunningJushuitanSandbox> {
  const id = options.id ?? 'jushuitan';
  const clock = options.clock ?? (() => new Date());
  const ttl = options.tokenTtlSeconds ?? 2_592_000;
  const maxSkew = options.maxSkewSeconds ?? 900;
  const apps = new Map((options.apps ?? [SANDBOX_APP, VECTOR_APP]).map((app) => [app.appKey, { secret: app.appSecret, tokens: new Set(app.staticTokens ?? []) }]));
  const state = new JushuitanState(options.dataDir, `${id}.sqlite`);
  state.seedIfEmpty(() => sampleCounts(clock()), clock());
  const faults = new FaultInjector(JUSHUITAN_FAULT_MODES, { apiNoun: 'a path' });
  const held = new Set<Response>();
  const delayed = new Set<NodeJS.Timeout>();
  /** Accepted calls' monotonic times, per app_key (last minute only). */
  const recent = new Map<string, number[]>();

  const limited = (appKey: string): 199 | 200 | undefined => {
    if (!options.rateLimit) return undefined;
    const now = performance.now();
    const times = (recent.get(appKey) ?? []).filter((at) => now - at < 60_000);
    recent.set(appKey, times);
    if (times.filter((at) => now - at < 1000).length >= options.rateLimit.perSecond) return 199;
    if (times.length >= options.rateLimit.perMinute) return 200;
    times.push(now);
    return undefined;
  };

  /** Checks shared by every route; an answer when the call stops here. */
  const gate = (fields: Map<string, string> | undefined): { answer: PlatformAnswer } | { appKey: string; fields: Map<string, string> } => {
    if (!fields) return { answer: answer(10) };
    const appKey = fields.get('app_key') ?? '';
    const app = apps.get(appKey);
    const sign = fields.get('sign') ?? '';
    // An unknown app has no secret to check against: the same 10 as a bad sign (ASSUMPTION).
    if (!app || sign === '' || !sameSign(jushuitanSign(app.secret, fields), sign)) return { answer: answer(10) };
    const timestamp = fields.get('timestamp') ?? '';
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(clock().getTime() / 1000 - Number(timestamp)) > maxSkew) return { answer: answer(140) };
    const limit = limited(appKey);
    if (limit) return { answer: answer(limit) };
    return { appKey, fields };
  };

  const issued = (token: { accessToken: string; refreshToken: string }): PlatformAnswer => ({
    code: 0,
    msg: OK_MSG,
    data: { access_token: token.accessToken, expires_in: ttl, refresh_token: token.refreshToken, scope: 'all' },
  });

  const routes = new Map<string, (appKey: string, fields: Map<string, string>) => PlatformAnswer>([
    [
      COUNT_PATH,
      (appKey, fields) => {
        const token = fields.get('access_token') ?? '';
        if (token === '' || !(apps.get(appKey)!.tokens.has(token) || state.tokenValid(appKey, token, clock()))) return answer(100);
        return queryCounts(state, fields.get('biz') ?? '{}', SANDBOX_UTC_OFFSET);
      },
    ],
    [
      INIT_TOKEN_PATH,
      (appKey, fields) => {
        if (fields.get('grant_type') !== 'authorization_code') return ruleBroken('grant_type 须为 authorization_code');
        if ([...(fields.get('code') ?? '')].length !== 6) return ruleBroken('code 须为6位');
        return issued(state.issueToken(appKey, ttl, clock()));
      },
    ],
    [
      REFRESH_TOKEN_PATH,
      (appKey, fields) => {
        if (fields.get('grant_type') !== 'refresh_token') return ruleBroken('grant_type 须为 refresh_token');
        const rotated = state.rotate(appKey, fields.get('refresh_token') ?? '', ttl, clock());
        return rotated ? issued(rotated) : answer(100);
      },
    ],
  ]);

  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '2mb' }));

  const reply = (res: Response, body: PlatformAnswer): void => {
    res.status(200).type('application/json; charset=utf-8').send(JSON.stringify(body));
  };

  const platform = (req: Request, res: Response): void => {
    const path = req.path;
    const log = (code: string): void => state.logCall(path, code, clock());
    const run = (fault: Fault<JushuitanFaultMode> | undefined): void => {
      if (timeoutOrHttp500(fault?.mode, res, log, held)) return;
      switch (fault?.mode) {
        case 'garbage': {
          log('garbage');
          const whole = JSON.stringify({ code: 0, msg: OK_MSG, data: { page_size: 50, page_index: 1, data_count: 0, page_count: 0, has_next: false, datas: [] } });
          res.status(200).type('application/json; charset=utf-8').send(whole.slice(0, Math.floor(whole.length / 2)));
          return;
        }
        case 'error':
          log('130');
          reply(res, ruleBroken('sandbox fault'));
          return;
        case 'rate_limit':
          log('199');
          reply(res, answer(199));
          return;
        case 'token_expired':
          log('100');
          reply(res, answer(100));
          return;
        default:
          break;
      }
      const passed = gate(parseForm(req));
      let out: PlatformAnswer;
      if ('answer' in passed) out = passed.answer;
      else {
        const route = routes.get(path);
        out = route ? route(passed.appKey, passed.fields) : answer(190);
      }
      log(String(out.code));
      if (fault?.mode === 'lost_reply') {
        req.socket.destroy();
        return;
      }
      reply(res, out);
    };
    const fault = faults.take(path);
    if (fault?.mode === 'delay') {
      afterDelay(delayed, fault.ms ?? 0, () => run(undefined), () => {
        if (!res.headersSent) res.status(500).type('html').send(HTML_500);
      });
      return;
    }
    run(fault);
  };

  const documents = (query: { type?: string; docNo?: string; status?: string } = {}): JushuitanCountView[] => {
    if (query.type !== undefined && query.type !== 'InventoryCount') return [];
    return state
      .allCounts()
      .map((count): JushuitanCountView => ({
        type: 'InventoryCount',
        docNo: String(count.ioId),
        status: JUSHUITAN_STATUS.get(count.status)!,
        rawStatus: count.status,
        modified: count.modified,
        record: count.record,
      }))
      .filter((view) => (query.docNo === undefined || view.docNo === query.docNo) && (query.status === undefined || view.status === query.status || view.rawStatus === query.status));
  };

  mountAdminRoutes(app, {
    documents: (pick) => documents({ type: pick('type'), docNo: pick('docNo'), status: pick('status') }),
    faults,
    faultSpec: (spec) => {
      if (!isJsonObject(spec)) throw new Error('a fault is a JSON object {api, mode, count, ms}');
      return { api: spec.api, mode: spec.mode, count: spec.count, ms: spec.ms };
    },
  });
  app.post(/^\/(open|openWeb)\//, platform);
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: express.NextFunction) => {
    if (res.headersSent) return;
    // A body express could not read (too large, bad encoding): Jushuitan's "not a form"; anything else a 500.
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) reply(res, answer(10));
    else res.status(500).type('html').send(HTML_500);
  });

  const { server, port } = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);

  return {
    id,
    erp: 'jushuitan',
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${port}`,
    faults,
    documents,
    callCount: (path?: string) => state.callCount(path),
    close: closer({ server, held, delayed, state }),
  };
}
