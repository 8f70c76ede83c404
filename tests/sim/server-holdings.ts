import type pg from 'pg';
import type { Db } from '../../server/src/db/database';

// What the server holds for a set of terminals, read straight from its store: the invariants compare the
// terminals with this, whichever database is behind the server. Both readers return the same shapes.

export interface StoredBookingRow {
  id: string;
  terminal_id: string;
  epoch: string;
  seq: number;
  type: string;
  occurred_at: number;
  clock_offset_ms: number;
  payload: string;
}

export interface ServerHoldings {
  bookings: StoredBookingRow[];
  /** `booking` is the quarantined booking's JSON. */
  quarantined: { id: string; booking: string }[];
  rejected: { item_id: string | null; reason: string }[];
  epochs: { terminal_id: string; epoch: string; acked_up_to: number }[];
}

export type ServerHoldingsReader = (terminalIds: readonly string[]) => Promise<ServerHoldings>;

const BOOKING_COLUMNS = 'id, terminal_id, epoch, seq, type, occurred_at, clock_offset_ms, payload';

export function sqliteHoldings(db: () => Db): ServerHoldingsReader {
  return async (terminalIds) => {
    const ids = [...terminalIds];
    const placeholders = ids.map(() => '?').join(',');
    const all = <T>(sql: string) =>
      db()
        .prepare(sql.replace('$ids', placeholders))
        .all(...ids) as T[];
    return {
      bookings: all(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE terminal_id IN ($ids)`),
      quarantined: all(`SELECT id, booking FROM quarantined_bookings WHERE terminal_id IN ($ids)`),
      rejected: all(`SELECT item_id, reason FROM rejected_bookings WHERE terminal_id IN ($ids)`),
      epochs: all(`SELECT terminal_id, epoch, acked_up_to FROM terminal_epochs WHERE terminal_id IN ($ids)`),
    };
  };
}

/** BIGINT columns arrive as numbers: the store's pool parses them (server/src/storage/pg/pg-sync-storage.ts). */
export function pgHoldings(pool: () => pg.Pool): ServerHoldingsReader {
  return async (terminalIds) => {
    const ids = [...terminalIds];
    const rows = async <T extends pg.QueryResultRow>(sql: string) => (await pool().query<T>(sql, [ids])).rows;
    return {
      bookings: await rows(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE terminal_id = ANY($1::text[])`),
      quarantined: await rows(`SELECT id, booking FROM quarantined_bookings WHERE terminal_id = ANY($1::text[])`),
      rejected: await rows(`SELECT item_id, reason FROM rejected_bookings WHERE terminal_id = ANY($1::text[])`),
      epochs: await rows(
        `SELECT terminal_id, epoch, acked_up_to FROM terminal_epochs WHERE terminal_id = ANY($1::text[])`,
      ),
    };
  };
}
