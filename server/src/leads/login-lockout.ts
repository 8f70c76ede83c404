import type { Db } from '../db/database';

export interface LoginLockoutLimits {
  /** Wrong PINs one client may send for one badge inside the window (the terminal allows five too). */
  maxFailuresPerAccount: number;
  /** Wrong logins from everyone together: bounds guessing spread over addresses and badges. */
  maxFailuresOverall: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LOCKOUT_LIMITS: LoginLockoutLimits = {
  maxFailuresPerAccount: 5,
  maxFailuresOverall: 100,
  windowMs: 15 * 60_000,
};

/**
 * Counts failed shift-lead logins per client address and account (a hash of the badge as typed), in the
 * database so a restart does not reset it; the same shape as the enrollment lockout.
 * `client` must be request.ip, which honours --trust-proxy.
 */
export function createLoginLockout(db: Db, now: () => number, limits = DEFAULT_LOGIN_LOCKOUT_LIMITS) {
  const forKey = db.prepare(
    'SELECT COUNT(*) AS count, MIN(at) AS oldest FROM lead_login_failures WHERE client = ? AND account = ? AND at > ?',
  );
  const overall = db.prepare('SELECT COUNT(*) AS count, MIN(at) AS oldest FROM lead_login_failures WHERE at > ?');
  const insert = db.prepare('INSERT INTO lead_login_failures (client, account, at) VALUES (?, ?, ?)');
  const prune = db.prepare('DELETE FROM lead_login_failures WHERE at <= ?');
  const clear = db.prepare('DELETE FROM lead_login_failures WHERE client = ? AND account = ?');

  const waitFor = (row: { count: number; oldest: number | null }, max: number): number =>
    row.count < max ? 0 : Math.max(1, (row.oldest ?? 0) + limits.windowMs - now());

  return {
    /** Milliseconds until this client may try this account again, or 0 when it may try now. */
    retryAfterMs(client: string, account: string): number {
      const cutoff = now() - limits.windowMs;
      const own = forKey.get(client, account, cutoff) as { count: number; oldest: number | null };
      const everyone = overall.get(cutoff) as { count: number; oldest: number | null };
      return Math.max(waitFor(own, limits.maxFailuresPerAccount), waitFor(everyone, limits.maxFailuresOverall));
    },
    recordFailure(client: string, account: string): void {
      db.transaction(() => {
        prune.run(now() - limits.windowMs);
        insert.run(client, account, now());
      })();
    },
    /** A successful login forgets this client's earlier typos for the account. */
    recordSuccess(client: string, account: string): void {
      clear.run(client, account);
    },
  };
}

export type LoginLockout = ReturnType<typeof createLoginLockout>;
