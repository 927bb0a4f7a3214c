import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = (): CircuitBreaker => new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000 }, () => now);
  beforeEach(() => {
    now = 0;
  });

  it('opens after the threshold of consecutive failures and then refuses calls', () => {
    const circuit = breaker();
    circuit.recordFailure();
    circuit.recordFailure();
    expect(circuit.state).toBe('closed');
    circuit.recordFailure();
    expect(circuit.state).toBe('open');
    expect(circuit.tryAcquire()).toBe(false);
    expect(circuit.retryAfterMs()).toBe(1000);
  });

  it('forgets failures after a success', () => {
    const circuit = breaker();
    circuit.recordFailure();
    circuit.recordFailure();
    circuit.recordSuccess();
    circuit.recordFailure();
    expect(circuit.state).toBe('closed');
  });

  it('lets exactly one trial through after the cooldown, closing on success', () => {
    const circuit = breaker();
    for (let index = 0; index < 3; index++) circuit.recordFailure();
    now = 1000;
    expect(circuit.state).toBe('half_open');
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    circuit.recordSuccess();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('opens again at once when the trial fails', () => {
    const circuit = breaker();
    for (let index = 0; index < 3; index++) circuit.recordFailure();
    now = 1500;
    expect(circuit.tryAcquire()).toBe(true);
    circuit.recordFailure();
    expect(circuit.state).toBe('open');
    expect(circuit.retryAfterMs()).toBe(1000);
  });
});
