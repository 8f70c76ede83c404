// Retry delays: exponential from 1 s, doubling, capped at 60 s, with jitter so that a plant full of
// terminals coming back online does not hit the server in lockstep. There is no attempt limit.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): uniform in the upper half of
 * min(max, base·2^(attempt−1)), never below base or above max. `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(Math.floor(attempt) - 1, 0), 40);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.round(Math.min(policy.maxMs, Math.max(policy.baseMs, jittered)));
}
