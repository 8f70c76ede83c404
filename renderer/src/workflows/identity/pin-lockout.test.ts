import { describe, expect, it } from 'vitest';
import {
  afterWrongPin,
  attemptsLeft,
  lockRemainingMs,
  MAX_PIN_ATTEMPTS,
  NO_ATTEMPTS,
  PIN_LOCK_MS,
} from './pin-lockout';

describe('PIN lockout', () => {
  it('allows 5 attempts, then locks the badge for 60 s', () => {
    expect(MAX_PIN_ATTEMPTS).toBe(5);
    expect(PIN_LOCK_MS).toBe(60_000);
    let attempts = NO_ATTEMPTS;
    for (let i = 1; i < MAX_PIN_ATTEMPTS; i++) {
      attempts = afterWrongPin(attempts, 1_000);
      expect(lockRemainingMs(attempts, 1_000)).toBe(0);
      expect(attemptsLeft(attempts, 1_000)).toBe(MAX_PIN_ATTEMPTS - i);
    }
    attempts = afterWrongPin(attempts, 2_000);
    expect(attempts.lockedUntil).toBe(62_000);
    expect(lockRemainingMs(attempts, 2_000)).toBe(60_000);
    expect(lockRemainingMs(attempts, 61_999)).toBe(1);
    expect(attemptsLeft(attempts, 30_000)).toBe(0);
  });

  it('gives 5 fresh attempts once the lock is over, and locks again after 5 more', () => {
    let attempts = NO_ATTEMPTS;
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) attempts = afterWrongPin(attempts, 0);
    expect(lockRemainingMs(attempts, 60_000)).toBe(0);
    expect(attemptsLeft(attempts, 60_000)).toBe(MAX_PIN_ATTEMPTS);
    attempts = afterWrongPin(attempts, 60_000);
    expect(attempts).toEqual({ failures: 1, lockedUntil: null });
    for (let i = 1; i < MAX_PIN_ATTEMPTS; i++) attempts = afterWrongPin(attempts, 61_000);
    expect(attempts.lockedUntil).toBe(121_000);
  });
});
