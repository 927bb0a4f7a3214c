/**
 * A per-connection circuit breaker: the ERP, not the gateway, is the scarce resource (design §4). After
 * `failureThreshold` consecutive transport failures the circuit opens and calls fail fast; after `cooldownMs`
 * one trial call is let through (half-open): success closes the circuit, failure opens it again.
 * Business refusals are successes here: an ERP that says "no" is up. Pure: the clock is injected.
 */
export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: CircuitState = 'closed';
  private trialInFlight = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) this.current = 'half_open';
    return this.current;
  }

  /** Whether a call may go out now; in half-open, only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'half_open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  /** Milliseconds until a trial call is allowed (0 when closed or half-open). */
  retryAfterMs(): number {
    return this.state === 'open' ? Math.max(0, this.options.cooldownMs - (this.now() - this.openedAt)) : 0;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.current = 'closed';
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.current === 'half_open' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.now();
    }
  }
}
