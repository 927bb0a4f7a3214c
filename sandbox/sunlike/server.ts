/**
 * The Sunlike ERP / Online ERP sandbox as a real HTTP server (protocols/others.md §3.6): `/ERP_API/SYS/LOGIN` issues
 * raw tokens (a `Bearer` prefix is refused with 401), `/ERP_API/MRPAG/{VERB}` and the `/ERP_API/{PGM}/{VERB}` alias
 * for the six programs, every answer HTTP 200 `{code, message, data?}` unless a fault says otherwise. Faults (the
 * shared FaultInjector with Sunlike's own modes): `error` → code 1 `模拟错误`, `token_expired` drops every token (the
 * call answers 401), `http500`, `timeout` (never answers), `garbage` (half a JSON body), `lost_reply` (commits, then
 * destroys the socket), `delay` (waits `ms`, then runs). `api` is the verb (ADDDATA …, LOGIN) or `*`.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { DocumentStatus } from '../../src/catalog/types';
import { FaultInjector } from '../common/faults';
import { afterDelay, closer, HTML_500, html500WithMessage, htmlErrorHandler, listen, mountAdminRoutes, timeoutOrHttp500 } from '../common/http';
import { SunlikeEngine, programOf, type Reply } from './engine';
import { SunlikeState } from './state';

export const SUNLIKE_SANDBOX_LOGIN = { comp_no: 'PLUS', user_id: 'ADMIN', password: 'sunlike' } as const;

export const SUNLIKE_FAULT_MODES = ['error', 'token_expired', 'http500', 'timeout', 'garbage', 'lost_reply', 'delay'] as const;
export type SunlikeFaultMode = (typeof SUNLIKE_FAULT_MODES)[number];

export interface SunlikeSandboxOptions {
  readonly dataDir: string;
  readonly id?: string;
  readonly host?: string;
  readonly port?: number;
  readonly clock?: () => Date;
  readonly tokenTtlMinutes?: number;
  readonly numbering?: 'auto' | 'manual';
}

export interface RunningSunlikeSandbox {
  readonly id: string;
  readonly erp: 'sunlike';
  /** …/ERP_API */
  readonly baseUrl: string;
  readonly faults: FaultInjector<SunlikeFaultMode>;
  documents(query?: { type?: string; docNo?: string; status?: DocumentStatus; pgm?: string }): Record<string, unknown>[];
  /** Requests that reached a route, by verb (`LOGIN`, `ADDDATA` …; all when omitted). */
  callCount(api?: string): number;
  /** Stock on hand in main units. */
  stock(item: string, warehouse: string): number;
  /** Drops every token (as the `token_expired` fault does). */
  expireTokens(): void;
  close(): Promise<void>;
}

const VERBS = new Set(['ADDDATA', 'DELETEDATA', 'GETDATA', 'BATCHDATA', 'UPDATEDATA']);

export async function startSunlikeSandbox(options: SunlikeSandboxOptions): Promise<RunningSunlikeSandbox> {
  const id = options.id ?? 'sunlike';
  const clock = options.clock ?? (() => new Date());
  const ttlMs = (options.tokenTtlMinutes ?? 120) * 60_000;
  const state = new SunlikeState(options.dataDir, `${id}.sqlite`);
  const engine = new SunlikeEngine(state, { numbering: options.numbering ?? 'auto', clock });
  engine.seedIfEmpty();
  const faults = new FaultInjector(SUNLIKE_FAULT_MODES, {
    apiNoun: 'a verb',
    // The verb (ADDDATA) or the route the gateway's catalog names it by (MRPAG/ADDDATA, protocols/others.md faults).
    matches: (faultApi, api) => faultApi === api || faultApi === `MRPAG/${api}`,
  });
  const tokens = new Map<string, number>();
  const held = new Set<Response>();
  const delayed = new Set<NodeJS.Timeout>();

  const app = express();
  app.disable('x-powered-by');
  app.use(express.text({ type: () => true, limit: '10mb' }));

  const json = (res: Response, reply: unknown): void => {
    res.status(200).type('application/json; charset=utf-8').send(JSON.stringify(reply));
  };

  /** Runs `answer` now or after a delay fault, unless the fault answers by itself (`lost` set for lost_reply). */
  const withFault = (api: string, req: Request, res: Response, answer: (lost: boolean) => void): void => {
    const fault = faults.take(api);
    const run = (): void => {
      if (timeoutOrHttp500(fault?.mode, res, (code) => state.logCall(api, code, clock()), held)) return;
      switch (fault?.mode) {
        case 'garbage': {
          state.logCall(api, 'garbage', clock());
          const whole = JSON.stringify({ code: 0, message: '查询成功', data: { MF_ML: [], TF_ML: [] } });
          res.status(200).type('application/json').send(whole.slice(0, Math.floor(whole.length / 2)));
          return;
        }
        case 'error':
          state.logCall(api, '1', clock());
          json(res, { code: 1, message: '模拟错误' });
          return;
        case 'token_expired':
          tokens.clear();
          answer(false);
          return;
        default:
          answer(fault?.mode === 'lost_reply');
      }
    };
    const failed = (error: unknown): void => {
      if (!res.headersSent) res.status(500).type('html').send(html500WithMessage(HTML_500, error));
    };
    if (fault?.mode === 'delay') {
      afterDelay(delayed, fault.ms ?? 0, run, failed);
      return;
    }
    try {
      run();
    } catch (error) {
      failed(error);
    }
  };

  const parse = (req: Request): unknown => {
    try {
      return JSON.parse(typeof req.body === 'string' && req.body !== '' ? req.body : 'null') as unknown;
    } catch {
      return undefined;
    }
  };

  app.post(/^\/ERP_API\/SYS\/LOGIN$/i, (req, res) => {
    withFault('LOGIN', req, res, () => {
      const body = parse(req);
      const record = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
      const field = (key: string): unknown => (record && Object.hasOwn(record, key) ? record[key] : undefined);
      if (field('comp_no') !== SUNLIKE_SANDBOX_LOGIN.comp_no || field('user_id') !== SUNLIKE_SANDBOX_LOGIN.user_id || field('password') !== SUNLIKE_SANDBOX_LOGIN.password) {
        state.logCall('LOGIN', '1', clock());
        json(res, { code: 1, message: '用户名或密码错误', token: '' });
        return;
      }
      const token = randomUUID();
      tokens.set(token, clock().getTime() + ttlMs);
      state.logCall('LOGIN', '0', clock());
      json(res, { code: 0, message: '登录成功', token });
    });
  });

  app.post('/ERP_API/:family/:verb', (req, res, next) => {
    const family = String(req.params.family);
    const verb = String(req.params.verb).toUpperCase();
    const routeProgram = family === 'MRPAG' ? null : programOf(family)?.pgm;
    if (routeProgram === undefined || !VERBS.has(verb)) {
      next();
      return;
    }
    withFault(verb, req, res, (lost) => {
      // Only the raw token (§3.1): `Bearer …`, a missing or an expired one answer 401.
      const token = req.headers.authorization ?? '';
      const expires = tokens.get(token);
      if (expires === undefined || expires <= clock().getTime()) {
        if (expires !== undefined) tokens.delete(token);
        state.logCall(verb, '401', clock());
        json(res, { code: 401, message: 'token无效或已过期' });
        return;
      }
      const body = parse(req);
      const reply: Reply = body === undefined ? { code: 1, message: 'JSON格式错误' } : engine.handle(verb, body, routeProgram);
      state.logCall(verb, String(reply.code), clock());
      if (lost) {
        // Committed; the caller never hears about it.
        req.socket.destroy();
        return;
      }
      json(res, reply);
    });
  });

  const documents = (query: { type?: string; docNo?: string; status?: DocumentStatus; pgm?: string } = {}): Record<string, unknown>[] =>
    engine.view(query).filter((document) => !query.status || document.status === query.status);
  mountAdminRoutes(app, {
    documents: (pick) => documents({ type: pick('type'), docNo: pick('docNo'), status: pick('status') as DocumentStatus | undefined, pgm: pick('pgm') }),
    faults,
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).type('html').send('<html><body><h1>404 Not Found</h1></body></html>');
  });
  app.use(htmlErrorHandler());

  const { server, port } = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);

  return {
    id,
    erp: 'sunlike',
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${port}/ERP_API`,
    faults,
    documents,
    callCount: (api?: string) => state.callCount(api),
    stock: (item, warehouse) => state.stock(item, warehouse),
    expireTokens: () => tokens.clear(),
    close: closer({ server, held, delayed, state }),
  };
}
