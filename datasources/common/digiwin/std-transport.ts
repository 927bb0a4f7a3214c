/**
 * What every Digiwin product's transport does the same way with the integration-platform envelope
 * (protocols/digiwin.md §2.1–2.6): the request model for one call, and the reading of what came back — platform
 * first (srvcode), then business codes, which the caller classifies with `stdRefusal`.
 */
import { ErpRejectedError, InvalidTransitionError, UpstreamUnavailableError } from '../../../src/errors';
import type { Action } from '../../../src/catalog/types';
import type { IncomingAnswer } from '../http-transport';
import { decodeReply, UnreadableReplyError } from './envelope';
import type { StdEncoding, StdRecord, StdReply, StdRequest } from './envelope-types';

/** One std_data call: which API, whether it only reads, in which encoding, with which parameter. */
export interface StdCall {
  readonly api: string;
  readonly read?: boolean;
  readonly encoding: StdEncoding;
  readonly parameter: StdRecord;
}

/** What the generic OpenAPI datasource needs of a product's transport. */
export interface StdChannel {
  send(call: StdCall): Promise<StdReply>;
  refusal(reply: StdReply, api: string, context?: RefusalContext, perKey?: { message: string }): Error;
  readonly circuit: 'closed' | 'open' | 'half_open';
  close(): Promise<void>;
}

export interface RefusalContext {
  readonly typeName: string;
  readonly docNo: string;
  readonly action: Action;
}

/** `yyyyMMddHHmmssSSS` in local time, as host.timestamp wants it. */
export function hostTimestamp(now: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return (
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}${pad(now.getMilliseconds(), 3)}`
  );
}

/** The envelope model of one call (§2.1): host, service (§2.4 puts srvver in the XML service element only), datakey. */
export function stdRequest(
  identity: { prod: 'T100' | 'TIPTOP'; lang: string; user: string; instance: string; datakey: Readonly<Record<string, string>> },
  call: StdCall,
  now: Date,
): StdRequest {
  return {
    type: 'sync',
    host: { prod: 'GATEWAY', ver: '1.0', ip: '127.0.0.1', id: '', lang: identity.lang, timezone: '+8', acct: identity.user, timestamp: hostTimestamp(now) },
    service: { prod: identity.prod, name: call.api, ...(call.encoding === 'xml' ? { srvver: '1.0' } : {}), ip: '', id: identity.instance },
    datakey: { ...identity.datakey },
    parameter: call.parameter,
  };
}

/**
 * The decoded reply when the platform executed the call (srvcode 000); business codes are left to the caller,
 * which knows per-key rules. An unregistered service is a configuration problem the caller must see (§2.6).
 */
export function classifyStdAnswer(connection: string, call: StdCall, answer: IncomingAnswer): { reply: StdReply; outcome: 'ok' | 'erp_rejected' } {
  if (answer.status !== 200) throw new UpstreamUnavailableError('http_status', connection, call.api, `HTTP ${answer.status}`);
  let reply: StdReply;
  try {
    reply = decodeReply(call.encoding, answer.body, answer.headers);
  } catch (error) {
    if (!(error instanceof UnreadableReplyError)) throw error;
    throw new UpstreamUnavailableError('unreadable', connection, call.api, error.message, { cause: error });
  }
  if (reply.srvcode !== '000') {
    const message = reply.platformMessage ?? `srvcode ${reply.srvcode}`;
    if (/Service not found/i.test(message)) throw new ErpRejectedError({ code: `srvcode-${reply.srvcode}`, message }, call.api, connection);
    throw new UpstreamUnavailableError('platform', connection, call.api, message);
  }
  return { reply, outcome: (reply.execution?.code ?? '') === '0' ? 'ok' : 'erp_rejected' };
}

/**
 * The typed error for a business refusal. A per-key refusal (§4.2: `{message, data:{doc_no}}`) has no code: it
 * is passed on with none and its own text; the envelope's code serves only when no key says more. A code in
 * `transitionRefusalCodes`, or a per-key text matching a transition pattern, is INVALID_TRANSITION.
 */
export function stdRefusal(
  settings: { readonly id: string; readonly transitionRefusalCodes: readonly string[] },
  patterns: readonly RegExp[],
  reply: StdReply,
  api: string,
  context?: RefusalContext,
  perKey?: { message: string },
): Error {
  const code = perKey ? null : (reply.execution?.code ?? null);
  const erp = {
    code: code === '' ? null : code,
    message: perKey?.message ?? reply.execution?.description ?? '',
    ...(reply.execution?.sqlCode && reply.execution.sqlCode !== '0' ? { sqlCode: reply.execution.sqlCode } : {}),
  };
  const transition = erp.code !== null ? settings.transitionRefusalCodes.includes(erp.code) : patterns.some((pattern) => pattern.test(erp.message));
  if (context && transition) return new InvalidTransitionError(context.typeName, context.docNo, null, context.action, erp);
  return new ErpRejectedError(erp, api, settings.id);
}
