import { MAX_RECOVERY_DELAY_MS, recoveryDelayMs } from './journaled';

describe('recoveryDelayMs', () => {
  it('waits the takeover interval after the first failed attempt, then twice as long after each next', () => {
    expect([1, 2, 3, 4].map((attempt) => recoveryDelayMs(attempt, 30_000, 0.5))).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it('never waits more than 10 minutes, however many attempts failed', () => {
    expect(recoveryDelayMs(6, 30_000, 0.5)).toBe(MAX_RECOVERY_DELAY_MS);
    expect(recoveryDelayMs(1_000, 30_000, 0.999)).toBe(MAX_RECOVERY_DELAY_MS);
    expect(recoveryDelayMs(1, 3_600_000, 0)).toBeLessThanOrEqual(MAX_RECOVERY_DELAY_MS);
  });

  it('spreads each wait by at most 20 % either way', () => {
    expect(recoveryDelayMs(2, 1_000, 0)).toBe(1_600);
    expect(recoveryDelayMs(2, 1_000, 0.999_999)).toBe(2_400);
  });
});
