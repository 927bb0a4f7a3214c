/**
 * HTTP plumbing shared by the sandbox servers: the admin routes (`/sandbox/documents`, `GET|POST|DELETE
 * /sandbox/faults`), the HTML 500 an unexpected error answers, the delay fault's timer, listening, and close()
 * (held responses destroyed, delayed calls dropped, connections closed, then the state).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';

/** The 500 page of the Java/PHP hosts (T100, TIPTOP, Sunlike, Jushuitan); Kingdee's IIS page is its own. */
export const HTML_500 = '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>';

/** The page, with the error's text in an HTML comment (`--` broken so the comment cannot end early). */
export function html500WithMessage(page: string, error: unknown): string {
  return `${page}<!-- ${(error as Error).message.replace(/--/g, '- -')} -->`;
}

/** What the admin routes need of a sandbox's fault list. */
export interface AdminFaults {
  list(): unknown;
  add(spec: { api?: unknown; mode?: unknown; count?: unknown; ms?: unknown }): unknown;
  clear(): void;
}

export interface AdminRoutes {
  /** The documents for a query; `pick` reads one string query parameter (undefined when absent or repeated). */
  readonly documents: (pick: (name: string) => string | undefined) => unknown;
  readonly faults: AdminFaults;
  /** The fault spec from the parsed POST body (default: the body as it is); throw to answer 400. */
  readonly faultSpec?: (body: unknown) => { api?: unknown; mode?: unknown; count?: unknown; ms?: unknown };
}

/** `/sandbox/documents` and `GET|POST|DELETE /sandbox/faults` (bodies read as text by the sandbox's express.text). */
export function mountAdminRoutes(app: express.Express, routes: AdminRoutes): void {
  const faultSpec = routes.faultSpec ?? ((body: unknown) => body as Record<string, unknown>);
  app.get('/sandbox/documents', (req, res) => {
    const pick = (name: string): string | undefined => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined);
    res.json(routes.documents(pick));
  });
  app.get('/sandbox/faults', (_req, res) => {
    res.json(routes.faults.list());
  });
  app.post('/sandbox/faults', (req, res) => {
    try {
      res.status(201).json(routes.faults.add(faultSpec(JSON.parse(String(req.body || '{}')))));
    } catch (error) {
      res.status(400).json({ error: (error as Error).message });
    }
  });
  app.delete('/sandbox/faults', (_req, res) => {
    routes.faults.clear();
    res.json({ cleared: true });
  });
}

/** The last error handler: an HTML 500 (`page`), with the error's text in a comment unless `withMessage` is false. */
export function htmlErrorHandler(page: string = HTML_500, withMessage = true): express.ErrorRequestHandler {
  return (error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).type('html').send(withMessage ? html500WithMessage(page, error) : page);
  };
}

/**
 * Runs `work` after `ms` (the delay fault), even if the caller has gone meanwhile, as an ERP would. Outside express's
 * error handling: `onError` answers an unexpected error rather than letting it end the process.
 */
export function afterDelay(delayed: Set<NodeJS.Timeout>, ms: number, work: () => void, onError: (error: unknown) => void): void {
  const timer = setTimeout(() => {
    delayed.delete(timer);
    try {
      work();
    } catch (error) {
      onError(error);
    }
  }, ms);
  delayed.add(timer);
}

/** Listens on host:port (port 0: any free one). */
export async function listen(app: express.Express, host: string, port: number): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** close(): held (timeout) responses destroyed, delayed calls dropped, every connection closed, then the state. */
export function closer(parts: { server: http.Server; held: Set<Response>; delayed: Set<NodeJS.Timeout>; state: { close(): void } }): () => Promise<void> {
  const { server, held, delayed, state } = parts;
  return async () => {
    for (const res of held) res.socket?.destroy();
    held.clear();
    for (const timer of delayed) clearTimeout(timer);
    delayed.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    state.close();
  };
}

/**
 * The two fault answers every sandbox gives alike; true when `mode` was one of them. `timeout`: never answer and
 * change nothing (close() ends the held request); `http500`: the host's HTML 500 (`page`).
 */
export function timeoutOrHttp500(mode: string | undefined, res: Response, log: (code: string) => void, held: Set<Response>, page: string = HTML_500): boolean {
  if (mode === 'timeout') {
    log('timeout');
    held.add(res);
    return true;
  }
  if (mode === 'http500') {
    log('http500');
    res.status(500).type('html').send(page);
    return true;
  }
  return false;
}
