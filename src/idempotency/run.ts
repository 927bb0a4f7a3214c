/**
 * Runs a mutation at most once per idempotency key (design §2): the first request does the work, a retry with
 * the same key and the same arguments gets the recorded answer, a retry with other arguments gets
 * IDEMPOTENCY_CONFLICT. A failure that left nothing behind in the ERP releases the key so the client may retry.
 */
import { createHash } from 'node:crypto';
import { GatewayError, IdempotencyConflictError, type ErrorCode } from '../errors';
import { SagaTakenOverError } from '../saga/journal';
import type { IdempotencyStore } from './store';

/** Failures after which the ERP holds nothing from this request: safe to run again under the same key. */
const RETRYABLE = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'INVALID_TRANSITION', 'ERP_REJECTED', 'UPSTREAM_UNAVAILABLE', 'UNSUPPORTED_ACTION']);

export function fingerprint(field: string, args: unknown): string {
  return createHash('sha256').update(field).update('\u0000').update(JSON.stringify(args)).digest('hex');
}

/** A recorded final failure (COMPENSATED …), thrown again to a retry exactly as it was first answered. */
export class ReplayedError extends GatewayError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    private readonly recorded: Record<string, unknown>,
  ) {
    super(message);
  }
  override extensions(): Record<string, unknown> {
    return this.recorded;
  }
}

type Recorded = { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string; extensions: Record<string, unknown> };

export interface IdempotentOutcome<T> {
  readonly value: T;
  readonly replayed: boolean;
}

export async function runIdempotent<T>(
  store: IdempotencyStore,
  key: string,
  print: string,
  work: (attempt: { retry: boolean }) => Promise<T>,
  options: { now?: () => Date; waitMs?: number } = {},
): Promise<IdempotentOutcome<T>> {
  const now = options.now ?? (() => new Date());
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  let retry = false;
  for (;;) {
    const claim = await store.claim(key, print, now());
    if (claim.state === 'conflict') throw new IdempotencyConflictError(key);
    if (claim.state === 'completed') {
      const recorded = claim.response as Recorded;
      if (!recorded.ok) throw new ReplayedError(recorded.code, recorded.message, recorded.extensions);
      return { value: recorded.value as T, replayed: true };
    }
    if (claim.state === 'claimed') {
      retry = claim.retry;
      break;
    }
    // Another request with this key is running: wait for its answer rather than run twice.
    if (Date.now() > deadline) throw new IdempotencyConflictError(key);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let value: T;
  try {
    value = await work({ retry });
  } catch (error) {
    // Another instance took the saga over and releases the key once it has finished it: a retry waits for that.
    if (error instanceof SagaTakenOverError) throw error;
    if (error instanceof GatewayError && !RETRYABLE.has(error.code)) {
      const extensions = error.extensions();
      // Steps a composite ran before stopping are part of the answer a retry must see again.
      if (error.partialSteps && !('steps' in extensions)) extensions.steps = error.partialSteps;
      const recorded: Recorded = { ok: false, code: error.code, message: error.message, extensions };
      await store.complete(key, recorded, now());
    } else {
      await store.release(key);
    }
    throw error;
  }
  // The ERP holds the work now: if recording the answer fails, the key stays claimed (a retry waits and then
  // conflicts) rather than being released into a second run.
  await store.complete(key, { ok: true, value } satisfies Recorded, now());
  return { value, replayed: false };
}
