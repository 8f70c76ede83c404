import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('starts at 1 s and doubles, with jitter in the upper half of each step', () => {
    expect(backoffDelay(1, () => 0)).toBe(1_000);
    expect(backoffDelay(1, () => 0.999)).toBe(1_000);
    for (const [attempt, low, high] of [
      [2, 1_000, 2_000],
      [3, 2_000, 4_000],
      [4, 4_000, 8_000],
      [6, 16_000, 32_000],
    ] as const) {
      expect(backoffDelay(attempt, () => 0)).toBe(low);
      expect(backoffDelay(attempt, () => 0.99999)).toBe(high);
    }
  });

  it('never goes below 1 s or above 60 s, however many attempts', () => {
    for (let attempt = -3; attempt <= 10_000; attempt += attempt < 100 ? 1 : 997) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.99999]) {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(1_000);
        expect(delay).toBeLessThanOrEqual(60_000);
      }
    }
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, () => 0.5)).toBe(45_000);
  });

  it('spreads terminals that fail at the same moment', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(8, random)));
    expect(delays.size).toBeGreaterThan(40);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(30_000);
  });
});
