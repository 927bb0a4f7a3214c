/**
 * POST /graphql without Express, for the requests nearly every client sends: `Content-Type: application/json`
 * (UTF-8), a Content-Length within the body limit, no Content-Encoding. It does what the Express route does for
 * them — request id, body read and parsed as a JSON object or array, `cache-control: no-store`, the request's
 * context re-entered after the body, its span, Apollo, the answer written — without the router, body-parser and
 * the per-middleware promises around them: about a third of the gateway's CPU per read, measured against the
 * Express route in interleaved runs of the same code. Anything else (another media type or charset, a compressed or
 * chunked or empty or oversized body, a query string) is left to the Express route, which refuses or serves it as
 * before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import { httpRefusal } from '../errors';
import { requestIdFrom, runInRequest } from '../observability/request-context';
import { traceRequest } from '../observability/tracing';
import { rateSubject, type RateDecision } from './rate-limit';

export interface FastPathOptions<Context extends object, Identity extends { readonly subject: string } | null> {
  readonly apollo: ApolloServer<Context>;
  /** Who the request is, from its Authorization header (worked out once, for the rate limit and the context). */
  readonly identify: (authorization: string | undefined) => Promise<Identity>;
  /** The request's context, as the Express route builds it (its identity, the Idempotency-Key header). */
  readonly context: (identity: Identity, idempotencyKey: string | undefined) => Promise<Context>;
  /** The rate limit, where one is configured: counted before the body is read, as on the Express route. */
  readonly rateLimit?: (subject: string) => Promise<RateDecision>;
  /** The largest body served here, in bytes: the Express route's JSON limit. */
  readonly limitBytes: number;
  readonly logger: Logger;
}

/** UTF-8, a leading byte-order mark dropped (as body-parser's decoding drops it). */
const UTF8 = new TextDecoder('utf-8');

const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/**
 * The body as body-parser's strict JSON parser reads it, with its error messages: empty is `{}`; anything but an
 * object or array is refused with the message JSON.parse gives for its first character.
 */
function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = FIRST_NON_WHITESPACE.exec(text)?.[1] || undefined;
  if (first !== '{' && first !== '[') {
    const index = first === undefined ? -1 : text.indexOf(first);
    const partial = index === -1 ? '' : text.slice(0, index) + '#'.repeat(text.length - index);
    try {
      JSON.parse(partial);
    } catch (error) {
      throw new SyntaxError((error as Error).message.replace(/#+/g, (placeholder) => text.slice(index, index + placeholder.length)));
    }
    throw new SyntaxError('strict violation');
  }
  return JSON.parse(text);
}

/** `application/json`, optionally with a UTF-8 charset: what body-parser's JSON parser takes without converting. */
const PLAIN_JSON = /^application\/json[ \t]*(?:;[ \t]*charset=(?:utf-8|"utf-8")[ \t]*)?$/i;

/**
 * A handler that serves a request it can take and answers true, or answers false having touched nothing (the caller
 * passes the request on to Express).
 */
export function graphqlFastPath<Context extends object, Identity extends { readonly subject: string } | null>(
  options: FastPathOptions<Context, Identity>,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { apollo, logger, limitBytes } = options;

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
  };

  const fail = (res: ServerResponse, error: unknown): void => {
    logger.error({ err: { message: (error as Error)?.message ?? String(error) } }, 'unhandled request error');
    if (res.headersSent) res.destroy();
    else sendJson(res, 500, httpRefusal(500, 'Internal gateway error'));
  };

  const execute = async (req: IncomingMessage, res: ServerResponse, identity: Promise<Identity>, body: unknown): Promise<void> => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const idempotencyKey = req.headers['idempotency-key'];
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body },
      context: async () => options.context(await identity, Array.isArray(idempotencyKey) ? idempotencyKey.join(', ') : idempotencyKey),
    });
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') return false;
    const type = req.headers['content-type'];
    const encoding = req.headers['content-encoding'];
    const length = Number(req.headers['content-length']);
    if (!type || !PLAIN_JSON.test(type) || (encoding !== undefined && encoding.toLowerCase() !== 'identity')) return false;
    if (req.headers['transfer-encoding'] !== undefined || !Number.isInteger(length) || length <= 0 || length > limitBytes) return false;

    const requestId = requestIdFrom(req.headers['x-request-id'] as string | undefined);
    res.setHeader('x-request-id', requestId);
    const identity = options.identify(req.headers.authorization);
    identity.catch(() => undefined); // answered by whoever awaits it; never an unhandled rejection
    if (!options.rateLimit) readBody(req, res, requestId, identity);
    else {
      const limit = options.rateLimit;
      runInRequest(requestId, () => {
        rateSubject(identity, req.socket.remoteAddress)
          .then(limit)
          .then((decision) => {
            for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
            if (!decision.refusal) return readBody(req, res, requestId, identity);
            req.resume(); // the body is not wanted
            sendJson(res, decision.refusal.status, decision.refusal.body);
          })
          .catch((error: unknown) => fail(res, error));
      });
    }
    return true;
  };

  function readBody(req: IncomingMessage, res: ServerResponse, requestId: string, identity: Promise<Identity>): void {
    // The body arrives in the stream's own callbacks: the request's context is entered again once it is all there.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => req.destroy());
    req.on('end', () => {
      runInRequest(requestId, () => {
        let body: unknown;
        try {
          body = parseStrictJson(UTF8.decode(Buffer.concat(chunks)));
        } catch (error) {
          sendJson(res, 400, httpRefusal(400, (error as Error).message));
          return;
        }
        res.setHeader('cache-control', 'no-store');
        traceRequest({ method: 'POST', originalUrl: '/graphql', headers: req.headers }, res, () => {
          execute(req, res, identity, body).catch((error: unknown) => fail(res, error));
        });
      });
    });
  }
}
