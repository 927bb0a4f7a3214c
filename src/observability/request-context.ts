/**
 * The request a piece of work belongs to, without threading it through every call: an AsyncLocalStorage set by
 * the server for each HTTP request. Log lines carry its id (`requestIdMixin`), and ERP calls send it upstream as
 * `x-request-id`, so one MES request can be followed from the gateway's log into the ERP's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<{ readonly requestId: string }>();

/** A caller's own id is kept when it is a plain token; anything else gets a fresh one. */
export function requestIdFrom(header: string | undefined): string {
  return header && /^[A-Za-z0-9._:-]{1,64}$/.test(header) ? header : randomUUID();
}

export function runInRequest<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** pino `mixin`: every log line written while serving a request names it. */
export function requestIdMixin(): Record<string, string> {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}

/**
 * Express middleware that enters the request's context again: a body parser finishes in the stream's own callbacks,
 * outside the context the first middleware set, so route handlers after a parser call this first.
 */
export function reenterRequest(_req: unknown, res: { get(name: string): string | undefined }, next: () => void): void {
  const requestId = res.get('x-request-id');
  if (requestId) runInRequest(requestId, next);
  else next();
}
