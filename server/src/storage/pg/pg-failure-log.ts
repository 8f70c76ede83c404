import type pg from 'pg';
import type { FailureCounts } from '../../leads/login-lockout';
import { pgTransaction } from './pg-transaction';

/** A plant's failed attempts in a sliding window, keyed by client address and by what the client tried. */
type FailureTable =
  | { name: 'enrollment_failures'; subjectColumn: 'station_id' }
  | { name: 'lead_login_failures'; subjectColumn: 'account' };

export const ENROLLMENT_FAILURES = { name: 'enrollment_failures', subjectColumn: 'station_id' } as const;
export const LEAD_LOGIN_FAILURES = { name: 'lead_login_failures', subjectColumn: 'account' } as const;

/** The counting and recording both lockouts (enrollment codes, lead logins) share on PostgreSQL. */
export function pgFailureLog(pool: pg.Pool, table: FailureTable, plantId: string) {
  const { name, subjectColumn } = table;
  return {
    /** This client's failures for the subject and everyone's, after `since`. */
    async countsSince(client: string, subject: string, since: number): Promise<FailureCounts> {
      // One statement: both counts from one snapshot.
      const result = await pool.query<{
        own: number;
        own_oldest: number | null;
        all: number;
        all_oldest: number | null;
      }>(
        `SELECT COUNT(*) FILTER (WHERE client = $2 AND ${subjectColumn} = $3)::int AS own,
                MIN(at) FILTER (WHERE client = $2 AND ${subjectColumn} = $3) AS own_oldest,
                COUNT(*)::int AS all, MIN(at) AS all_oldest
           FROM ${name} WHERE plant_id = $1 AND at > $4`,
        [plantId, client, subject, since],
      );
      const row = result.rows[0] ?? { own: 0, own_oldest: null, all: 0, all_oldest: null };
      return { own: { count: row.own, oldest: row.own_oldest }, everyone: { count: row.all, oldest: row.all_oldest } };
    },

    /** Records one failure at `at` and forgets those that left the window, so the table stays small. */
    record: (client: string, subject: string, at: number, windowMs: number) =>
      pgTransaction(pool, async (db) => {
        await db.query(`DELETE FROM ${name} WHERE plant_id = $1 AND at <= $2`, [plantId, at - windowMs]);
        await db.query(`INSERT INTO ${name} (plant_id, client, ${subjectColumn}, at) VALUES ($1, $2, $3, $4)`, [
          plantId,
          client,
          subject,
          at,
        ]);
      }),
  };
}
