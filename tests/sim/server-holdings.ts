import type pg from 'pg';
import type { BookingRow } from '../../server/src/bookings/booking-row';
import type { Db } from '../../server/src/db/database';

// What the server holds for a set of terminals, read straight from its store: the invariants compare the
// terminals with this, whichever database is behind the server. Both readers return the same shapes.

/** The columns of a stored booking the invariants compare with what the terminal captured. */
export type StoredBookingRow = Pick<
  BookingRow,
  'id' | 'terminal_id' | 'epoch' | 'seq' | 'type' | 'occurred_at' | 'clock_offset_ms' | 'payload'
>;

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

/**
 * One plant's rows of these terminals (the simulation gives each run its own plant): a booking stored under
 * another plant counts as missing. BIGINT columns arrive as numbers, parsed by the store's pool.
 */
export function pgHoldings(pool: () => pg.Pool, plantId: string): ServerHoldingsReader {
  return async (terminalIds) => {
    const rows = async <T extends pg.QueryResultRow>(columns: string, table: string) =>
      (
        await pool().query<T>(`SELECT ${columns} FROM ${table} WHERE plant_id = $1 AND terminal_id = ANY($2::text[])`, [
          plantId,
          [...terminalIds],
        ])
      ).rows;
    return {
      bookings: await rows(BOOKING_COLUMNS, 'bookings'),
      quarantined: await rows('id, booking', 'quarantined_bookings'),
      rejected: await rows('item_id, reason', 'rejected_bookings'),
      epochs: await rows('terminal_id, epoch, acked_up_to', 'terminal_epochs'),
    };
  };
}
