import type { AuditEntry } from '../audit/audit-log';
import type { IngestOutcome, PushBatch } from '../bookings/ingest';
import type { BookingRow } from '../bookings/booking-row';

// The rows the review queue reads and writes, behind one asynchronous port with a SQLite and a PostgreSQL
// implementation. The rules (what is open, who may decide what, the projections) are written once in
// review-queue.ts, review-resolver.ts and server-terminal.ts.

/** A rejected item's JSON text up to this length is listed as the item; a longer one only as its start. */
export const MAX_REJECTED_TEXT = 16_000;

export interface QuarantineRow {
  rowid: number;
  id: string;
  terminal_id: string;
  station_id: string | null;
  seq: number;
  conflicts_with_id: string;
  kind: string;
  booking: string;
  received_at: number;
}

export interface GapRow {
  terminal_id: string;
  station_id: string;
  epoch: string;
  acked_up_to: number;
  max_seq: number;
  gap_since: number | null;
  /** Bookings and refused items stored above the acknowledged seq. */
  stored_after: number;
}

export interface RejectedRow {
  rowid: number;
  terminal_id: string;
  station_id: string;
  epoch: string;
  seq: number | null;
  reason: string;
  received_at: number;
  raw_length: number;
  raw_start: string;
  /** The station a long text names, read by the database; undefined/null when it is not a JSON object. */
  named_station: unknown;
}

export interface ResolutionRow {
  item_id: string;
  decision: 'accept' | 'reverse';
  reason: string;
  resolved_by: string;
  resolved_by_name: string;
  resolved_at: number;
  reversal_booking_id: string | null;
}

/** review_resolutions' columns in the one order both stores write (and PostgreSQL reads) them. */
export const RESOLUTION_COLUMNS = [
  'item_id',
  'decision',
  'reason',
  'resolved_by',
  'resolved_by_name',
  'resolved_at',
  'reversal_booking_id',
] as const satisfies ReadonlyArray<keyof ResolutionRow>;

/** A resolution's values in RESOLUTION_COLUMNS' order, for an INSERT's parameters. */
export const resolutionValues = (row: ResolutionRow) => RESOLUTION_COLUMNS.map((column) => row[column]);

export type FlaggedRow = BookingRow & { reversed_by: string | null };

/** One snapshot of the open items (the oldest `limitPerKind` of each kind), their count and recent decisions. */
export interface OpenReviewRows {
  flagged: FlaggedRow[];
  quarantined: QuarantineRow[];
  gaps: GapRow[];
  rejected: RejectedRow[];
  openCount: number;
  resolutions: ResolutionRow[];
}

/** What a review item id names: `booking:<id>`, `quarantine:<row>`, `rejected:<row>`, `gap:<terminal>:<epoch>:<acked>`. */
export type ReviewItemRef =
  | { kind: 'flagged'; bookingId: string }
  | { kind: 'quarantined'; rowId: number }
  | { kind: 'rejected'; rowId: number }
  | { kind: 'gap'; terminalId: string; epoch: string; ackedUpTo: number };

export type OpenItem =
  { kind: 'flagged'; booking: BookingRow } | { kind: 'quarantined' } | { kind: 'gap' } | { kind: 'rejected' };

export interface ReviewStore {
  /** The server terminal's id in this store (see server-terminal.ts). */
  readonly serverTerminalId: string;
  readOpen(limitPerKind: number, resolutionsShown: number): Promise<OpenReviewRows>;
  openCount(): Promise<number>;
  /** The item if it exists and is still open (flagged bookings: not the server's own). */
  findOpenItem(ref: ReviewItemRef): Promise<OpenItem | undefined>;
  resolutionOf(itemId: string): Promise<ResolutionRow | undefined>;
  /** The booking.reverse that already reverses `bookingId`, if any. */
  reversalOf(bookingId: string): Promise<string | undefined>;
  /** Stores the decision and its audit record together; false when the item was decided already. */
  recordResolution(row: ResolutionRow, audit: AuditEntry): Promise<boolean>;
  /** Runs `work` while no other decision runs, on this instance or any other on the same database. */
  oneAtATime<T>(work: () => Promise<T>): Promise<T>;
  /** Creates the server terminal's row if it is missing. */
  ensureServerTerminal(now: number): Promise<void>;
  /** The highest seq stored or refused in the server terminal's epoch, 0 when none. */
  lastServerSeq(epoch: string): Promise<number>;
  ingest(batch: PushBatch): Promise<IngestOutcome>;
}

export function parseReviewItemId(itemId: string): ReviewItemRef | undefined {
  const [prefix, ...rest] = itemId.split(':');
  const tail = rest.join(':');
  if (prefix === 'booking' && tail !== '') return { kind: 'flagged', bookingId: tail };
  if (prefix === 'quarantine' && /^\d{1,15}$/.test(tail)) return { kind: 'quarantined', rowId: Number(tail) };
  if (prefix === 'rejected' && /^\d{1,15}$/.test(tail)) return { kind: 'rejected', rowId: Number(tail) };
  if (prefix === 'gap') {
    // gap:<terminal id>:<epoch>:<acked up to>; terminal ids are UUIDs, an epoch may hold colons.
    const match = /^([^:]+):(.+):(\d{1,15})$/.exec(tail);
    if (match) return { kind: 'gap', terminalId: match[1]!, epoch: match[2]!, ackedUpTo: Number(match[3]) };
  }
  return undefined;
}

/** Runs promises one after another in this process. */
export function createLocalTurns() {
  let queue: Promise<unknown> = Promise.resolve();
  return function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
}
