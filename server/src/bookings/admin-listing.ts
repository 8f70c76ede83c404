import type { Db } from '../db/database';
import { bookingFromRow, type BookingRow } from './booking-row';

// The admin API's read-only listings of what arrived: bookings, rejected and quarantined items, terminals
// (for support, shift-lead views and tests).

export interface AdminBookingView {
  serverSeq: number;
  receivedAt: number;
  /** Business findings, e.g. `unknown-order(FA1)`; absent when the booking needs no review. */
  review?: string[];
  booking: Record<string, unknown>;
}

export interface AdminBookingFilter {
  after: number;
  limit: number;
  terminalId?: string;
  isReviewOnly?: boolean;
}

export function listBookingsForAdmin(db: Db, filter: AdminBookingFilter): AdminBookingView[] {
  const rows = db
    .prepare(
      `SELECT * FROM bookings WHERE server_seq > @after
         AND (@terminalId IS NULL OR terminal_id = @terminalId)
         AND (@isReviewOnly = 0 OR review IS NOT NULL)
       ORDER BY server_seq LIMIT @limit`,
    )
    .all({
      after: filter.after,
      limit: filter.limit,
      terminalId: filter.terminalId ?? null,
      isReviewOnly: filter.isReviewOnly ? 1 : 0,
    }) as BookingRow[];
  return rows.map((row) => ({
    serverSeq: row.server_seq,
    receivedAt: row.received_at,
    ...(row.review === null ? {} : { review: row.review.split('; ') }),
    booking: bookingFromRow(row),
  }));
}

export function listRejectedForAdmin(db: Db, after: number, limit: number) {
  const rows = db
    .prepare('SELECT * FROM rejected_bookings WHERE rowid > ? ORDER BY rowid LIMIT ?')
    .all(after, limit) as Array<{
    rowid: number;
    terminal_id: string;
    epoch: string;
    seq: number | null;
    item_id: string | null;
    reason: string;
    raw: string;
    received_at: number;
  }>;
  return rows.map((row) => ({
    id: row.rowid,
    terminalId: row.terminal_id,
    epoch: row.epoch,
    ...(row.seq === null ? {} : { seq: row.seq }),
    itemId: row.item_id,
    reason: row.reason,
    raw: row.raw,
    receivedAt: row.received_at,
  }));
}

export function listQuarantinedForAdmin(db: Db, limit: number) {
  const rows = db.prepare('SELECT * FROM quarantined_bookings ORDER BY rowid LIMIT ?').all(limit) as Array<{
    id: string;
    terminal_id: string;
    epoch: string;
    seq: number;
    conflicts_with_id: string;
    kind: string;
    booking: string;
    received_at: number;
  }>;
  return rows.map((row) => ({
    id: row.id,
    terminalId: row.terminal_id,
    epoch: row.epoch,
    seq: row.seq,
    conflictsWithId: row.conflicts_with_id,
    kind: row.kind,
    booking: JSON.parse(row.booking) as unknown,
    receivedAt: row.received_at,
  }));
}

/** Every terminal with its epochs: where each one's acknowledged prefix ends and whether a gap is open. */
export function listTerminalsForAdmin(db: Db) {
  const terminals = db
    .prepare('SELECT id, station_id, enrolled_at, last_seen_at, revoked_at FROM terminals ORDER BY enrolled_at, id')
    .all() as Array<{
    id: string;
    station_id: string;
    enrolled_at: number;
    last_seen_at: number | null;
    revoked_at: number | null;
  }>;
  const epochs = db.prepare('SELECT * FROM terminal_epochs ORDER BY first_seen_at').all() as Array<{
    terminal_id: string;
    epoch: string;
    acked_up_to: number;
    max_seq: number;
    first_seen_at: number;
    last_push_at: number;
  }>;
  return terminals.map((terminal) => ({
    id: terminal.id,
    stationId: terminal.station_id,
    enrolledAt: terminal.enrolled_at,
    lastSeenAt: terminal.last_seen_at,
    revokedAt: terminal.revoked_at,
    epochs: epochs
      .filter((epoch) => epoch.terminal_id === terminal.id)
      .map((epoch) => ({
        epoch: epoch.epoch,
        ackedUpTo: epoch.acked_up_to,
        maxSeq: epoch.max_seq,
        hasGap: epoch.acked_up_to < epoch.max_seq,
        firstSeenAt: epoch.first_seen_at,
        lastPushAt: epoch.last_push_at,
      })),
  }));
}
