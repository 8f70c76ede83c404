import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  adminBookingFromRow,
  adminQuarantinedFromRow,
  adminRejectedFromRow,
  adminTerminalsFromRows,
  type AdminListing,
  type EpochListRow,
  type QuarantinedRow,
  type RejectedRow,
  type TerminalListRow,
} from '../../bookings/admin-listing';
import type { BookingRow } from '../../bookings/booking-row';
import { revokeAudit, type AdminTerminalActions } from '../../routes/admin-terminals';
import type { RevokeOutcome } from '../../terminals/terminal-registry';
import { appendPgAudit } from './pg-audit';
import { pgTransaction } from './pg-transaction';

// The admin lists, terminal revocation and dataset compaction of one plant on PostgreSQL. Row ids are
// identity columns shared by all plants, so a plant's pages have gaps; `after` pages all the same.

export function createPgAdminListing(pool: pg.Pool, plantId: string): AdminListing {
  return {
    async bookings(filter) {
      const result = await pool.query<BookingRow>(
        `SELECT * FROM bookings WHERE plant_id = $1 AND server_seq > $2
            AND ($3::text IS NULL OR terminal_id = $3) AND (NOT $4 OR review IS NOT NULL)
          ORDER BY server_seq LIMIT $5`,
        [plantId, filter.after, filter.terminalId ?? null, filter.isReviewOnly === true, filter.limit],
      );
      return result.rows.map(adminBookingFromRow);
    },
    async rejected(after, limit) {
      const result = await pool.query<RejectedRow>(
        `SELECT row_id AS rowid, terminal_id, epoch, seq, item_id, reason, raw, received_at FROM rejected_bookings
          WHERE plant_id = $1 AND row_id > $2 ORDER BY row_id LIMIT $3`,
        [plantId, after, limit],
      );
      return result.rows.map(adminRejectedFromRow);
    },
    async quarantined(limit) {
      const result = await pool.query<QuarantinedRow>(
        `SELECT id, terminal_id, epoch, seq, conflicts_with_id, kind, booking, received_at FROM quarantined_bookings
          WHERE plant_id = $1 ORDER BY row_id LIMIT $2`,
        [plantId, limit],
      );
      return result.rows.map(adminQuarantinedFromRow);
    },
    async terminals() {
      // One snapshot for both reads: a terminal enrolled between them cannot miss its epochs.
      return pgTransaction(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const terminals = await client.query<TerminalListRow>(
          `SELECT id, station_id, enrolled_at, last_seen_at, revoked_at FROM terminals
            WHERE plant_id = $1 ORDER BY enrolled_at, id`,
          [plantId],
        );
        const epochs = await client.query<EpochListRow>(
          `SELECT terminal_id, epoch, acked_up_to, max_seq, first_seen_at, last_push_at FROM terminal_epochs
            WHERE plant_id = $1 ORDER BY first_seen_at, terminal_id, epoch`,
          [plantId],
        );
        return adminTerminalsFromRows(terminals.rows, epochs.rows);
      });
    },
  };
}

export function createPgAdminTerminalActions(pool: pg.Pool, plantId: string, now: () => number): AdminTerminalActions {
  return {
    // Every instance reads the terminal row on each request (pg-sync-storage authenticate, pg-token-rotation),
    // so the token and a pending one are refused everywhere once this commits.
    revoke: (terminalId, clientIp, reason) =>
      pgTransaction(pool, async (client): Promise<RevokeOutcome> => {
        const row = await client.query<{ revoked_at: number | null }>(
          'SELECT revoked_at FROM terminals WHERE id = $1 AND plant_id = $2 FOR UPDATE',
          [terminalId, plantId],
        );
        const terminal = row.rows[0];
        if (terminal === undefined) return { status: 'not-found' };
        let outcome: RevokeOutcome;
        if (terminal.revoked_at !== null) {
          outcome = { status: 'already-revoked', revokedAt: terminal.revoked_at };
        } else {
          const revokedAt = now();
          await client.query('UPDATE terminals SET revoked_at = $3 WHERE id = $1 AND plant_id = $2', [
            terminalId,
            plantId,
            revokedAt,
          ]);
          outcome = { status: 'revoked', revokedAt };
        }
        await appendPgAudit(client, plantId, now(), revokeAudit(terminalId, clientIp, outcome, reason));
        return outcome;
      }),

    // The counter row's lock makes compaction take turns with imports. master_seq stays: only tombstones go,
    // which no reader counts as live, so the master-data reader's cache (keyed on master_seq) stays right.
    compact: (dataset) =>
      pgTransaction(pool, async (client) => {
        await client.query('SELECT master_seq FROM master_counters WHERE plant_id = $1 FOR UPDATE', [plantId]);
        await client.query('DELETE FROM master_records WHERE plant_id = $1 AND dataset = $2 AND value IS NULL', [
          plantId,
          dataset,
        ]);
        await client.query(
          'UPDATE master_datasets SET generation = $3, compacted_at = $4 WHERE plant_id = $1 AND name = $2',
          [plantId, dataset, randomBytes(8).toString('base64url'), now()],
        );
      }),
  };
}
