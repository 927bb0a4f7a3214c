/**
 * Idempotency records: a mutation sent twice with the same key runs once; the second gets the first answer.
 * One interface, one store per backend: SQLite embedded (one gateway per data directory), PostgreSQL with
 * DATABASE_URL (several gateway instances share it).
 */

/** What a claim finds. */
export type Claim =
  /** `retry`: an earlier attempt under this key failed without an answer; the ERP may hold its work. */
  | { readonly state: 'claimed'; readonly retry: boolean }
  | { readonly state: 'completed'; readonly response: unknown }
  | { readonly state: 'in_progress' }
  | { readonly state: 'conflict' };

export interface IdempotencyStore {
  /** Claim `key` for a request with this fingerprint (hash of the operation and its arguments). */
  claim(key: string, fingerprint: string, now: Date): Promise<Claim>;
  /** Record the answer to replay. */
  complete(key: string, response: unknown, now: Date): Promise<void>;
  /** Give the key back (the request failed in a way that is safe to retry); the next claim is marked a retry. */
  release(key: string): Promise<void>;
  /**
   * On start: release keys left in progress by a gateway that stopped (they may have reached the ERP, so the next
   * claim is a retry that settles by reference), except `keep` (keys recovery still drives).
   */
  releaseAbandoned(keep: readonly string[]): Promise<number>;
  /**
   * An operator acts on a saga of this key (resolveSaga): hold a released key in progress so a client's retry waits
   * for the decision instead of running beside it. False when the key is not released (answered, or running).
   */
  hold(key: string): Promise<boolean>;
  /** Drop answered and released records older than the retention. */
  prune(now: Date): Promise<number>;
  close(): Promise<void>;
}
