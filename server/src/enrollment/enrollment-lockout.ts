import type { Db } from '../db/database';

export interface LockoutLimits {
  /** Wrong codes one client may send for one station inside the window. */
  maxFailuresPerStation: number;
  /** Wrong codes from everyone together inside the window: bounds guessing spread over addresses and stations. */
  maxFailuresOverall: number;
  windowMs: number;
}

export const DEFAULT_LOCKOUT_LIMITS: LockoutLimits = {
  maxFailuresPerStation: 10,
  maxFailuresOverall: 200,
  windowMs: 15 * 60_000,
};

/**
 * Counts wrong enrollment codes per client address AND station, in the database so that restarting the
 * server does not reset it. Keyed by station too, because the tablets of a hall often share one address
 * (NAT, a proxy): one tablet's typos lock only that tablet's station, not the whole hall. The overall
 * ceiling keeps the total guessing rate bounded however many addresses or station ids an attacker uses.
 * `client` must be request.ip, which honours --trust-proxy.
 */
export function createEnrollmentLockout(db: Db, now: () => number, limits: LockoutLimits = DEFAULT_LOCKOUT_LIMITS) {
  const forKey = db.prepare(
    'SELECT COUNT(*) AS count, MIN(at) AS oldest FROM enrollment_failures WHERE client = ? AND station_id = ? AND at > ?',
  );
  const overall = db.prepare('SELECT COUNT(*) AS count, MIN(at) AS oldest FROM enrollment_failures WHERE at > ?');
  const insert = db.prepare('INSERT INTO enrollment_failures (client, station_id, at) VALUES (?, ?, ?)');
  const prune = db.prepare('DELETE FROM enrollment_failures WHERE at <= ?');

  const waitFor = (row: { count: number; oldest: number | null }, max: number): number =>
    row.count < max ? 0 : Math.max(1, (row.oldest ?? 0) + limits.windowMs - now());

  return {
    /** Milliseconds until this client may try this station again, or 0 when it may try now. */
    retryAfterMs(client: string, stationId: string): number {
      const cutoff = now() - limits.windowMs;
      const own = forKey.get(client, stationId, cutoff) as { count: number; oldest: number | null };
      const everyone = overall.get(cutoff) as { count: number; oldest: number | null };
      return Math.max(waitFor(own, limits.maxFailuresPerStation), waitFor(everyone, limits.maxFailuresOverall));
    },
    recordFailure(client: string, stationId: string): void {
      db.transaction(() => {
        prune.run(now() - limits.windowMs);
        insert.run(client, stationId, now());
      })();
    },
  };
}

export type EnrollmentLockout = ReturnType<typeof createEnrollmentLockout>;
