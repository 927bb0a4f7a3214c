/**
 * The Kingdee K3Cloud sandbox ERP as a real HTTP server (protocols/others.md §1.8): the WebAPI route
 * `…/Kingdee.BOS.WebApi.ServicesStub.{Service}.{Method}.common.kdsvc` under any prefix (method names
 * case-insensitive, anything else 404), the four request encodings, session logins (ValidateUser, LoginBySign,
 * LoginByAppSecret, Logout) and signed headers, MsgCode envelopes (wrapped twice on ExecuteBillQuery), faults, and the
 * admin routes /sandbox/documents and /sandbox/faults. State in SQLite under dataDir (sandbox/kingdee/state.ts).
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { DocumentStatus } from '../../src/catalog/types';
import { apiSignature, appDataText, kdSignature, loginSign } from '../../datasources/kingdee/signing';
import { FaultInjector } from '../common/faults';
import { afterDelay, closer, htmlErrorHandler, listen, mountAdminRoutes, timeoutOrHttp500 } from '../common/http';
import { failure, FORM_ID, KingdeeEngine, param, SESSION_LOST_MESSAGE, type BillView } from './engine';
import { KingdeeState } from './state';

/** The §1.2 vector credentials, registered in every sandbox. */
export const SANDBOX_ACCT_ID = '65f1a2b3c4d5e6';
export const SANDBOX_USER = 'integrator';
export const SANDBOX_PASSWORD = 'integrator-pw';
export const SANDBOX_APP_ID = '224477_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY';
export const SANDBOX_APP_SECRET = '0123456789abcdef0123456789abcdef';
const USER_ID = 100008;

/**
 * The Kingdee sandbox's faults: sandbox/common/faults.ts's `{api, mode, count, ms}` contract, with the Kingdee modes
 * of protocols/others.md (preamble, §1.8 item 10) that the shared list does not have: `session_lost` (drops
 * every session) and `partial` (BatchSave models with an odd DIndex fail with MsgCode 11). `api` is the Kingdee
 * method (`BatchSave`, `ExecuteBillQuery` …, case-insensitive) or `*`.
 */
export const KINGDEE_FAULT_MODES = ['error', 'http500', 'timeout', 'garbage', 'empty', 'lost_reply', 'session_lost', 'partial', 'delay'] as const;
export type KingdeeFaultMode = (typeof KINGDEE_FAULT_MODES)[number];

export interface KingdeeSandboxOptions {
  readonly dataDir: string;
  readonly id?: string;
  readonly host?: string;
  readonly port?: number;
  readonly clock?: () => Date;
  /** Idle minutes before a session is lost (20, §1.2). */
  readonly sessionIdleMinutes?: number;
  readonly allowNegativeStock?: boolean;
  /** LoginBySign checks SHA-1 (servers before 8.0.0.202205) instead of SHA-256. */
  readonly legacy?: boolean;
  /** The virtual directory of ServerUrl (`k3cloud`). */
  readonly area?: string;
}

export interface RunningKingdeeSandbox {
  readonly id: string;
  readonly erp: 'kingdee';
  /** ServerUrl without its trailing slash: `http://127.0.0.1:port/k3cloud`. */
  readonly baseUrl: string;
  readonly faults: FaultInjector<KingdeeFaultMode>;
  documents(query?: { type?: string; docNo?: string; status?: DocumentStatus }): BillView[];
  /** Stock on hand of a material in a stock, `''` for no lot. */
  stock(material: string, stockNumber: string, lot: string): number;
  /** Calls that reached the route, by method (case-insensitive; all when omitted). */
  callCount(method?: string): number;
  /** Live sessions (tests). */
  sessionCount(): number;
  close(): Promise<void>;
}

const SERVICES: ReadonlyMap<string, { name: string; methods: ReadonlyMap<string, string> }> = new Map(
  (
    [
      ['AuthService', ['ValidateUser', 'LoginBySign', 'LoginByAppSecret', 'Logout']],
      ['DynamicFormService', ['Save', 'BatchSave', 'Draft', 'Submit', 'CancelAssign', 'Audit', 'UnAudit', 'Delete', 'View', 'ExecuteBillQuery', 'BillQuery']],
    ] as const
  ).map(([service, methods]) => [service.toLowerCase(), { name: service, methods: new Map(methods.map((method) => [method.toLowerCase(), method])) }]),
);

const ROUTE = /\/Kingdee\.BOS\.WebApi\.ServicesStub\.([A-Za-z]+)\.([A-Za-z]+)\.common\.kdsvc$/i;
const HTML_500 =
  '<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in \'/k3cloud\' Application.</h1><h2><i>Runtime Error</i></h2></body></html>';
const SKEW_MS = 10 * 60_000;

interface Session {
  readonly acct: string;
  readonly user: string;
  lastSeen: number;
}

/** A decoded request: named parameters (ValidateUser), or positional ones, or formid + data. */
interface Decoded {
  readonly named?: Record<string, unknown>;
  readonly params?: unknown[];
  readonly formId?: string;
  readonly data?: unknown;
}

class BadRequest extends Error {}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('请求参数不是合法的JSON');
  }
}

/** §1.3: the four encodings. */
function decodeBody(body: string): Decoded {
  const parsed = parseJson(body.replace(/^\uFEFF/, ''));
  if (Array.isArray(parsed)) return { params: parsed };
  if (typeof parsed !== 'object' || parsed === null) throw new BadRequest('请求参数格式错误');
  const parameters = param(parsed, 'parameters');
  if (parameters !== undefined) {
    const list = parseJson(parameters);
    if (!Array.isArray(list)) throw new BadRequest('parameters 必须是数组');
    return { params: list };
  }
  const formId = param(parsed, 'formid');
  const data = param(parsed, 'data');
  if (formId !== undefined || data !== undefined) return { formId: formId === undefined ? undefined : String(formId), data: parseJson(data) };
  return { named: parsed as Record<string, unknown> };
}

/** formid + data of a DynamicFormService call, whatever the encoding. */
function formCall(method: string, decoded: Decoded): { formId: string; data: unknown } {
  let formId = decoded.formId;
  let data = decoded.data;
  if (decoded.params) {
    if (decoded.params.length === 1) data = parseJson(decoded.params[0]);
    else {
      formId = String(decoded.params[0] ?? '');
      data = parseJson(decoded.params[1]);
    }
  } else if (decoded.named) {
    data = decoded.named;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadRequest('data 必须是对象');
  if (method === 'ExecuteBillQuery' || method === 'BillQuery') formId = String(param(data, 'FormId') ?? formId ?? '');
  return { formId: formId ?? '', data };
}

function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function cookieOf(req: Request, name: string): string | undefined {
  const header = headerOf(req, 'cookie') ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export async function startKingdeeSandbox(options: KingdeeSandboxOptions): Promise<RunningKingdeeSandbox> {
  const id = options.id ?? 'kingdee';
  const clock = options.clock ?? (() => new Date());
  const idleMs = (options.sessionIdleMinutes ?? 20) * 60_000;
  const state = new KingdeeState(options.dataDir, `${id}.sqlite`);
  const engine = new KingdeeEngine(state, { clock, allowNegativeStock: options.allowNegativeStock ?? false });
  engine.seedIfEmpty();
  const faults = new FaultInjector(KINGDEE_FAULT_MODES, { apiNoun: 'a method', matches: (faultApi, api) => faultApi.toLowerCase() === api.toLowerCase() });
  const sessions = new Map<string, Session>();
  const apps = new Map<string, string>([[SANDBOX_APP_ID, SANDBOX_APP_SECRET]]);
  const users = new Map<string, Map<string, string>>([[SANDBOX_ACCT_ID, new Map([[SANDBOX_USER, SANDBOX_PASSWORD]])]]);
  const held = new Set<Response>();
  const delayed = new Set<NodeJS.Timeout>();
  let garbageCount = 0;

  const userExists = (acct: string, user: string): boolean => users.get(acct)?.has(user) ?? false;
  const within = (timestamp: string): boolean => {
    if (!/^(\d{10}|\d{13})$/.test(timestamp)) return false;
    const ms = timestamp.length === 10 ? Number(timestamp) * 1000 : Number(timestamp);
    return Math.abs(clock().getTime() - ms) <= SKEW_MS;
  };

  // ── AuthService (§1.2 a) ───────────────────────────────────────────────────────────────────────────
  const loginReply = (res: Response, acct: string, user: string, lcid: unknown): unknown => {
    const sessionId = randomUUID().replace(/-/g, '');
    sessions.set(sessionId, { acct, user, lastSeen: clock().getTime() });
    res.setHeader('Set-Cookie', `kdservice-sessionid=${sessionId}; path=/; HttpOnly`);
    return { Message: null, MessageCode: '', LoginResultType: 1, Context: { UserId: USER_ID, UserName: user, DBid: acct }, KDSVCSessionId: sessionId, IsSuccessByAPI: true, Lcid: Number(lcid ?? 2052) || 2052 };
  };
  const loginRefused = (type: number, message: string): unknown => ({ Message: message, MessageCode: '', LoginResultType: type, Context: null, KDSVCSessionId: null, IsSuccessByAPI: false });

  const auth = (req: Request, res: Response, method: string, decoded: Decoded): unknown => {
    const positional = decoded.params ?? [];
    const named = decoded.named;
    const arg = (index: number, name: string): string => String((named ? param(named, name) : positional[index]) ?? '');
    switch (method) {
      case 'ValidateUser': {
        const [acct, user, password, lcid] = [arg(0, 'acctID'), arg(1, 'username'), arg(2, 'password'), named ? param(named, 'lcid') : positional[3]];
        if (!users.has(acct)) return loginRefused(-1, `数据中心“${acct}”不存在`);
        if (users.get(acct)!.get(user) !== password) return loginRefused(0, '用户名或密码错误');
        return loginReply(res, acct, user, lcid);
      }
      case 'LoginBySign': {
        const [acct, user, appId, timestamp, sign] = [arg(0, 'acctID'), arg(1, 'username'), arg(2, 'appId'), arg(3, 'timestamp'), arg(4, 'sign')];
        if (!users.has(acct)) return loginRefused(-1, `数据中心“${acct}”不存在`);
        const secret = apps.get(appId);
        if (!secret || !userExists(acct, user)) return loginRefused(0, '第三方应用或用户不存在');
        if (!within(timestamp)) return loginRefused(-1, '时间戳已过期');
        if (loginSign(acct, user, appId, secret, timestamp, options.legacy ?? false) !== sign.toLowerCase()) return loginRefused(0, '签名验证失败');
        return loginReply(res, acct, user, named ? param(named, 'lcid') : positional[5]);
      }
      case 'LoginByAppSecret': {
        const [acct, user, appId, appSecret] = [arg(0, 'acctID'), arg(1, 'username'), arg(2, 'appId'), arg(3, 'appSecret')];
        if (!users.has(acct)) return loginRefused(-1, `数据中心“${acct}”不存在`);
        if (apps.get(appId) !== appSecret || !userExists(acct, user)) return loginRefused(0, '应用密钥错误');
        return loginReply(res, acct, user, named ? param(named, 'lcid') : positional[4]);
      }
      default: {
        const sessionId = cookieOf(req, 'kdservice-sessionid') ?? headerOf(req, 'kdservice-sessionid');
        if (sessionId) sessions.delete(sessionId);
        return true;
      }
    }
  };

  // ── who is calling (§1.2, §1.8 items 3–4) ──────────────────────────────────────────────────────────
  const authenticated = (req: Request): boolean => {
    const appId = headerOf(req, 'x-kd-appkey');
    if (appId) {
      const secret = apps.get(appId);
      const timestamp = headerOf(req, 'x-api-timestamp') ?? '';
      const nonce = headerOf(req, 'x-api-nonce') ?? '';
      if (!secret || !within(timestamp)) return false;
      const path = req.originalUrl.split('?')[0];
      if (apiSignature(appId, path, timestamp, nonce) !== headerOf(req, 'x-api-signature')) return false;
      const appData = Buffer.from(headerOf(req, 'x-kd-appdata') ?? '', 'base64').toString('utf8');
      const [acct, user, lcid, org] = appData.split(',');
      if (!acct || !user || !userExists(acct, user)) return false;
      return kdSignature(appId, secret, appDataText(acct, user, lcid ?? '', org ?? '')) === headerOf(req, 'x-kd-signature');
    }
    const sessionId = cookieOf(req, 'kdservice-sessionid') ?? headerOf(req, 'kdservice-sessionid');
    const session = sessionId ? sessions.get(sessionId) : undefined;
    if (!session) return false;
    const now = clock().getTime();
    if (now - session.lastSeen > idleMs) {
      sessions.delete(sessionId!);
      return false;
    }
    session.lastSeen = now;
    return true;
  };

  const wrap = (method: string, envelope: unknown): unknown => (method === 'ExecuteBillQuery' ? [[envelope]] : envelope);

  // ── DynamicFormService ───────────────────────────────────────────────────────────────────────────────
  const dynamicForm = (method: string, decoded: Decoded, fault: KingdeeFaultMode | undefined): unknown => {
    let call;
    try {
      call = formCall(method, decoded);
    } catch (error) {
      if (error instanceof BadRequest) return wrap(method, failure(8, error.message));
      throw error;
    }
    const { formId, data } = call;
    if (formId === '') return wrap(method, failure(5, 'FormId不能为空'));
    if (formId.toLowerCase() !== FORM_ID.toLowerCase()) return wrap(method, failure(5, `业务对象“${formId}”不存在`));
    switch (method) {
      case 'Save':
      case 'BatchSave':
      case 'Draft':
        return engine.save(method, data, { partial: fault === 'partial' });
      case 'View':
        return engine.view(data);
      case 'ExecuteBillQuery':
      case 'BillQuery':
        try {
          const { rows, keys } = engine.query(data);
          if (method === 'ExecuteBillQuery') return rows;
          return rows.map((row) => {
            const object = Object.create(null) as Record<string, unknown>;
            keys.forEach((key, index) => (object[key] = row[index]));
            return object;
          });
        } catch (error) {
          if (!engine.isRefusal(error)) throw error;
          return wrap(method, failure(error.error.code, error.error.message, error.error.fieldName ?? null));
        }
      default:
        return engine.operate(method, data);
    }
  };

  const codeOf = (reply: unknown): string => {
    let envelope = reply;
    if (Array.isArray(envelope) && Array.isArray(envelope[0]) && envelope[0].length === 1 && typeof envelope[0][0] === 'object') envelope = envelope[0][0];
    const status = (envelope as { Result?: { ResponseStatus?: { MsgCode?: unknown } } } | null)?.Result?.ResponseStatus;
    return status ? String(status.MsgCode ?? 0) : '0';
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '10mb' }));

  const documents = (query: { type?: string; docNo?: string; status?: DocumentStatus } = {}): BillView[] => engine.documents(query);
  mountAdminRoutes(app, {
    documents: (pick) => documents({ type: pick('type'), docNo: pick('docNo'), status: pick('status') as DocumentStatus | undefined }),
    faults,
  });

  app.post(/.*/, (req, res) => {
    const match = ROUTE.exec(req.path);
    const service = match ? SERVICES.get(match[1].toLowerCase()) : undefined;
    const method = service?.methods.get(match![2].toLowerCase());
    if (!service || !method) {
      res.status(404).type('html').send('<html><body><h1>404 - File or directory not found.</h1></body></html>');
      return;
    }
    const body = typeof req.body === 'string' ? req.body : '';
    const taken = faults.take(method, (mode) => mode !== 'partial' || method === 'BatchSave');
    const send = (reply: unknown): void => {
      res.status(200).type('application/json; charset=utf-8').send(JSON.stringify(reply));
    };
    const answer = (fault: KingdeeFaultMode | undefined): void => {
      const log = (code: string): void => state.logCall(method, code, clock());
      if (timeoutOrHttp500(fault, res, log, held, HTML_500)) return;
      switch (fault) {
        case 'garbage':
          log('garbage');
          garbageCount += 1;
          if (garbageCount % 2 === 1) res.status(200).type('text/plain').send('response_error:Kingdee.BOS.ServiceFacade.KDServiceFx.KDServiceException: sandbox fault garbage');
          else res.status(200).type('application/json').send('{"Result":{"ResponseStatus":{"IsSuccess":tr');
          return;
        case 'empty':
          log('empty');
          res.status(200).type('application/json').send('');
          return;
        case 'error':
          log('4');
          send(wrap(method, failure(4, '模拟异常 (sandbox fault: error)')));
          return;
        case 'session_lost':
          sessions.clear();
          break;
        default:
      }
      let reply: unknown;
      let decoded: Decoded;
      try {
        decoded = decodeBody(body);
      } catch (error) {
        if (!(error instanceof BadRequest)) throw error;
        reply = service.name === 'AuthService' ? loginRefused(-1, error.message) : wrap(method, failure(8, error.message));
        log(codeOf(reply));
        send(reply);
        return;
      }
      if (service.name === 'AuthService') reply = auth(req, res, method, decoded);
      else if (!authenticated(req)) reply = wrap(method, failure(1, SESSION_LOST_MESSAGE));
      else reply = dynamicForm(method, decoded, fault);
      log(codeOf(reply));
      if (fault === 'lost_reply') {
        // Committed; the caller never hears about it.
        req.socket.destroy();
        return;
      }
      send(reply);
    };
    if (taken?.mode === 'delay') {
      afterDelay(delayed, taken.ms ?? 0, () => answer(undefined), () => {
        if (!res.headersSent) res.status(500).type('html').send(HTML_500);
      });
      return;
    }
    answer(taken?.mode);
  });
  app.use((req: Request, res: Response) => {
    res.status(404).type('html').send('<html><body><h1>404 - File or directory not found.</h1></body></html>');
    void req;
  });
  app.use(htmlErrorHandler(HTML_500, false));

  const { server, port } = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  const area = (options.area ?? 'k3cloud').replace(/^\/+|\/+$/g, '');

  return {
    id,
    erp: 'kingdee',
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${port}/${area}`,
    faults,
    documents,
    stock: (material, stockNumber, lot) => state.stockOf(material, stockNumber, lot ?? ''),
    callCount: (method?: string) => state.callCount(method),
    sessionCount: () => sessions.size,
    close: closer({ server, held, delayed, state }),
  };
}
