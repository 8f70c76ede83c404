// Offline PIN checks need a brake: without one, anyone at the terminal could try all 10,000 four-digit PINs.
// After MAX_PIN_ATTEMPTS wrong PINs for one badge at one station, that badge is locked for PIN_LOCK_MS. The
// counter lives in the terminal's local data, so a reload does not reset it.

export const MAX_PIN_ATTEMPTS = 5;
export const PIN_LOCK_MS = 60_000;

export interface PinAttempts {
  /** Wrong PINs in a row since the last success or the end of the last lock. */
  failures: number;
  lockedUntil: number | null;
}

export const NO_ATTEMPTS: PinAttempts = { failures: 0, lockedUntil: null };

/** Milliseconds until the badge may try again; 0 when it may try now. */
export function lockRemainingMs(attempts: PinAttempts, now: number): number {
  return attempts.lockedUntil === null ? 0 : Math.max(0, attempts.lockedUntil - now);
}

/** Counts a wrong PIN; the fifth in a row starts the lock and the count begins again after it. */
export function afterWrongPin(attempts: PinAttempts, now: number): PinAttempts {
  const previous = lockRemainingMs(attempts, now) === 0 && attempts.lockedUntil !== null ? NO_ATTEMPTS : attempts;
  const failures = previous.failures + 1;
  if (failures >= MAX_PIN_ATTEMPTS) return { failures: 0, lockedUntil: now + PIN_LOCK_MS };
  return { failures, lockedUntil: null };
}

/** Attempts left before the lock (for the "3 attempts left" hint). */
export function attemptsLeft(attempts: PinAttempts, now: number): number {
  if (lockRemainingMs(attempts, now) > 0) return 0;
  return MAX_PIN_ATTEMPTS - (attempts.lockedUntil === null ? attempts.failures : 0);
}
