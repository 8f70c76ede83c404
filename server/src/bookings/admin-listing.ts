import type { Db } from '../db/database';
import { bookingFromRow, type BookingRow } from './booking-row';

// The admin API's read-only listings of what arrived: bookings, rejected and quarantined items, terminals
// (for support, shift-lead views and tests). `AdminListing` is the port both stores serve (PostgreSQL:
// storage/pg/pg-admin-terminals.ts); the functions below are its SQLite side.

/** The admin lists, the same answers on SQLite and PostgreSQL. */
export interface AdminListing {
  bookings(filter: AdminBookingFilter): Promise<AdminBookingView[]>;
  rejected(after: number, limit: number): Promise<AdminRejectedView[]>;
  quarantined(limit: number): Promise<AdminQuarantinedView[]>;
  terminals(): Promise<AdminTerminalView[]>;
}

export function createSqliteAdminListing(db: Db): AdminListing {
  return {
    bookings: async (filter) => listBookingsForAdmin(db, filter),
    rejected: async (after, limit) => listRejectedForAdmin(db, after, limit),
    quarantined: async (limit) => listQuarantinedForAdmin(db, limit),
    terminals: async () => listTerminalsForAdmin(db),
  };
}

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

export interface AdminRejectedView {
  id: number;
  terminalId: string;
  epoch: string;
  seq?: number;
  itemId: string | null;
  reason: string;
  raw: string;
  receivedAt: number;
}

export interface AdminQuarantinedView {
  id: string;
  terminalId: string;
  epoch: string;
  seq: number;
  conflictsWithId: string;
  kind: string;
  booking: unknown;
  receivedAt: number;
}

export interface AdminTerminalView {
  id: string;
  stationId: string;
  enrolledAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
  epochs: Array<{
    epoch: string;
    ackedUpTo: number;
    maxSeq: number;
    hasGap: boolean;
    firstSeenAt: number;
    lastPushAt: number;
  }>;
}

export function adminBookingFromRow(row: BookingRow): AdminBookingView {
  return {
    serverSeq: row.server_seq,
    receivedAt: row.received_at,
    ...(row.review === null ? {} : { review: row.review.split('; ') }),
    booking: bookingFromRow(row),
  };
}

export interface RejectedRow {
  rowid: number;
  terminal_id: string;
  epoch: string;
  seq: number | null;
  item_id: string | null;
  reason: string;
  raw: string;
  received_at: number;
}

export function adminRejectedFromRow(row: RejectedRow): AdminRejectedView {
  return {
    id: row.rowid,
    terminalId: row.terminal_id,
    epoch: row.epoch,
    ...(row.seq === null ? {} : { seq: row.seq }),
    itemId: row.item_id,
    reason: row.reason,
    raw: row.raw,
    receivedAt: row.received_at,
  };
}

export interface QuarantinedRow {
  id: string;
  terminal_id: string;
  epoch: string;
  seq: number;
  conflicts_with_id: string;
  kind: string;
  booking: string;
  received_at: number;
}

export function adminQuarantinedFromRow(row: QuarantinedRow): AdminQuarantinedView {
  return {
    id: row.id,
    terminalId: row.terminal_id,
    epoch: row.epoch,
    seq: row.seq,
    conflictsWithId: row.conflicts_with_id,
    kind: row.kind,
    booking: JSON.parse(row.booking) as unknown,
    receivedAt: row.received_at,
  };
}

export interface TerminalListRow {
  id: string;
  station_id: string;
  enrolled_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

export interface EpochListRow {
  terminal_id: string;
  epoch: string;
  acked_up_to: number;
  max_seq: number;
  first_seen_at: number;
  last_push_at: number;
}

/** Terminals in enrolment order, each with its epochs (given in first-seen order). */
export function adminTerminalsFromRows(terminals: TerminalListRow[], epochs: EpochListRow[]): AdminTerminalView[] {
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
  return rows.map(adminBookingFromRow);
}

export function listRejectedForAdmin(db: Db, after: number, limit: number): AdminRejectedView[] {
  const rows = db
    .prepare('SELECT * FROM rejected_bookings WHERE rowid > ? ORDER BY rowid LIMIT ?')
    .all(after, limit) as RejectedRow[];
  return rows.map(adminRejectedFromRow);
}

export function listQuarantinedForAdmin(db: Db, limit: number): AdminQuarantinedView[] {
  const rows = db.prepare('SELECT * FROM quarantined_bookings ORDER BY rowid LIMIT ?').all(limit) as QuarantinedRow[];
  return rows.map(adminQuarantinedFromRow);
}

/** Every terminal with its epochs: where each one's acknowledged prefix ends and whether a gap is open. */
export function listTerminalsForAdmin(db: Db): AdminTerminalView[] {
  const terminals = db
    .prepare('SELECT id, station_id, enrolled_at, last_seen_at, revoked_at FROM terminals ORDER BY enrolled_at, id')
    .all() as TerminalListRow[];
  const epochs = db.prepare('SELECT * FROM terminal_epochs ORDER BY first_seen_at').all() as EpochListRow[];
  return adminTerminalsFromRows(terminals, epochs);
}
