/**
 * Per-key rate limiting (issue 10 §1) with rate-limiter-flexible: `requests` per `perSeconds` for each API key
 * (each client address when the gateway is open). With REDIS_URL set the counts live in Redis, so every gateway
 * instance behind a load balancer shares them; while Redis cannot be reached an in-memory limiter of the same
 * size stands in (the library's insurance limiter), so a Redis outage neither stops traffic nor lifts the limit.
 * A refused request answers 429 with `Retry-After` and `extensions.code` RATE_LIMITED.
 */
import type { NextFunction, Request, Response } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config';

/** What the limit says of one request: headers to answer with, and a refusal when it is over. */
export interface RateDecision {
  readonly headers: Readonly<Record<string, string>>;
  readonly refusal?: { readonly status: 429; readonly body: unknown };
}

export interface RateLimiter {
  readonly middleware: (req: Request, res: Response, next: NextFunction) => void;
  /** The decision for one request counted against `subject` (a key or token, else `addr:<address>`). */
  decide(subject: string): Promise<RateDecision>;
  /** Where the counts live: 'memory', or 'redis' when shared. */
  readonly store: 'memory' | 'redis';
  close(): Promise<void>;
}

/**
 * Whom a request counts against, on either route: a key or token the gateway accepts (its identity's subject: a
 * hashed key, or the JWT's issuer and subject, so neither Redis nor a log holds a secret); anything else — no key, a
 * made-up one, an identity that could not be worked out — its client address, so inventing keys neither escapes the
 * limit nor grows the counters.
 */
export function rateSubject(identity: Promise<{ readonly subject: string } | null>, address: string | undefined): Promise<string> {
  return identity.then(
    (known) => known?.subject ?? `addr:${address ?? 'unknown'}`,
    () => `addr:${address ?? 'unknown'}`,
  );
}

export function createRateLimiter(
  config: RateLimitConfig,
  redisUrl: string | undefined,
  logger: Logger,
  identify: (req: Request) => Promise<{ readonly subject: string } | null>,
): RateLimiter {
  const size = { points: config.requests, duration: config.perSeconds, keyPrefix: 'gw-rate' };
  const memory = new RateLimiterMemory(size);
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract = memory;
  if (redisUrl) {
    // No offline queue: while Redis is away a call fails at once and the in-memory insurance limiter answers.
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    // Said once per outage (ioredis reports every reconnect attempt), and once when Redis is back.
    let down = false;
    redis.on('error', (error: Error) => {
      if (down) return;
      down = true;
      logger.warn({ err: { message: error.message } }, 'rate-limit store unavailable; counting in memory');
    });
    redis.on('ready', () => {
      if (down) logger.info('rate-limit store available again');
      down = false;
    });
    limiter = new RateLimiterRedis({ ...size, storeClient: redis, insuranceLimiter: new RateLimiterMemory(size) });
  }

  const refusal = (retryAfterMs: number): RateDecision => {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      refusal: {
        status: 429,
        body: {
          errors: [
            {
              message: `Rate limit exceeded: ${config.requests} requests per ${config.perSeconds} s for this API key; retry after ${retryAfterSeconds} s`,
              extensions: { code: 'RATE_LIMITED', limit: config.requests, perSeconds: config.perSeconds, retryAfterSeconds },
            },
          ],
        },
      },
    };
  };

  const decide = (subject: string): Promise<RateDecision> =>
    limiter.consume(subject).then(
      (state: RateLimiterRes) => ({ headers: { 'RateLimit-Limit': String(config.requests), 'RateLimit-Remaining': String(state.remainingPoints) } }),
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return refusal(rejection.msBeforeNext);
        // Neither store answered (cannot happen with the insurance limiter, but never a 500 for it): let it pass.
        logger.warn({ err: { message: (rejection as Error)?.message } }, 'rate limiter failed; request let through');
        return { headers: {} };
      },
    );

  return {
    store: redis ? 'redis' : 'memory',
    decide,
    middleware(req, res, next) {
      rateSubject(identify(req), req.ip ?? req.socket.remoteAddress)
        .then(decide)
        .then((decision) => {
          res.set(decision.headers);
          if (decision.refusal) res.status(decision.refusal.status).json(decision.refusal.body);
          else next();
        }, next);
    },
    async close() {
      if (!redis) return;
      if (redis.status === 'ready') await redis.quit().catch(() => undefined);
      redis.disconnect(); // also stops the reconnect loop of a client that never reached Redis
    },
  };
}
