import { OperatorSchema } from '@shared/master-data';
import type { ReviewItem, ReviewQueue, ReviewResolution } from '@shared/review';
import type { Db } from '../db/database';
import { bookingFromRow } from '../bookings/booking-row';
import { rejectionOf } from '../bookings/push-items';
import type { MasterDataStore } from '../master-data/store';
import {
  MAX_REJECTED_TEXT,
  type FlaggedRow,
  type GapRow,
  type OpenReviewRows,
  type QuarantineRow,
  type RejectedRow,
  type ResolutionRow,
  type ReviewStore,
} from './review-store';
import { createSqliteReviewRows } from './sqlite-review-store';

/** The queue shows the oldest open items of each kind; `openCount` says how many there are in all. */
export const MAX_ITEMS_PER_KIND = 200;
export const MAX_RESOLVED_SHOWN = 50;
export { MAX_REJECTED_TEXT };

export const flaggedItemId = (bookingId: string) => `booking:${bookingId}`;
export const quarantineItemId = (rowid: number) => `quarantine:${rowid}`;
export const gapItemId = (terminalId: string, epoch: string, ackedUpTo: number) =>
  `gap:${terminalId}:${epoch}:${ackedUpTo}`;
export const rejectedItemId = (rowid: number) => `rejected:${rowid}`;

/** The queue as the API shows it, from one snapshot of rows, whichever store read them. */
export function projectReviewQueue(rows: OpenReviewRows, store: Pick<MasterDataStore, 'get'>): ReviewQueue {
  const operatorName = (id: unknown): string | undefined =>
    typeof id === 'string' ? OperatorSchema.safeParse(store.get('operators', id)).data?.name : undefined;

  const toFlagged = (row: FlaggedRow): ReviewItem => {
    const name = operatorName(row.operator_id);
    return {
      id: flaggedItemId(row.id),
      kind: 'flagged',
      stationId: row.station_id,
      receivedAt: row.received_at,
      findings: (row.review ?? '').split('; '),
      booking: bookingFromRow(row),
      ...(name === undefined ? {} : { operatorName: name }),
      ...(row.reversed_by === null ? {} : { reversedBy: row.reversed_by }),
    };
  };

  const toQuarantined = (row: QuarantineRow): ReviewItem => {
    const booking = JSON.parse(row.booking) as Record<string, unknown>;
    const stationId = typeof booking.stationId === 'string' ? booking.stationId : (row.station_id ?? '');
    return {
      id: quarantineItemId(row.rowid),
      kind: 'quarantined',
      stationId,
      receivedAt: row.received_at,
      conflict: row.kind,
      conflictsWithId: row.conflicts_with_id,
      booking,
    };
  };

  const toGap = (row: GapRow): ReviewItem => ({
    id: gapItemId(row.terminal_id, row.epoch, row.acked_up_to),
    kind: 'gap',
    stationId: row.station_id,
    terminalId: row.terminal_id,
    epoch: row.epoch,
    firstMissing: row.acked_up_to + 1,
    maxSeq: row.max_seq,
    missing: Math.max(1, row.max_seq - row.acked_up_to - row.stored_after),
    since: row.gap_since,
  });

  const toRejected = (row: RejectedRow): ReviewItem => {
    const isWhole = row.raw_length <= MAX_REJECTED_TEXT;
    const sent: unknown = isWhole ? JSON.parse(row.raw_start) : undefined;
    const booking =
      typeof sent === 'object' && sent !== null && !Array.isArray(sent) ? (sent as Record<string, unknown>) : undefined;
    const named = booking ? booking.stationId : row.named_station;
    return {
      id: rejectedItemId(row.rowid),
      kind: 'rejected',
      stationId: row.station_id,
      receivedAt: row.received_at,
      terminalId: row.terminal_id,
      epoch: row.epoch,
      ...(row.seq === null ? {} : { seq: row.seq }),
      rejection: rejectionOf(row.reason),
      reason: row.reason,
      ...(typeof named === 'string' ? { bookingStationId: named } : {}),
      ...(booking ? { booking } : { excerpt: row.raw_start }),
    };
  };

  return {
    items: [
      ...rows.flagged.map(toFlagged),
      ...rows.quarantined.map(toQuarantined),
      ...rows.gaps.map(toGap),
      ...rows.rejected.map(toRejected),
    ],
    openCount: rows.openCount,
    resolved: rows.resolutions.map(resolutionFromRow),
  };
}

/** Read side of the review queue: open items with what the server knows about each, and recent decisions. */
export function createReviewQueueReader(rows: ReviewStore, masterData: () => Promise<Pick<MasterDataStore, 'get'>>) {
  return {
    async list(): Promise<ReviewQueue> {
      const open = await rows.readOpen(MAX_ITEMS_PER_KIND, MAX_RESOLVED_SHOWN);
      return projectReviewQueue(open, await masterData());
    },
    openCount: () => rows.openCount(),
  };
}

/** The queue read synchronously from SQLite (the board's handover counts open items this way). */
export function createReviewQueue(db: Db, store: MasterDataStore) {
  const rows = createSqliteReviewRows(db);
  return {
    list: (): ReviewQueue => projectReviewQueue(rows.readOpen(MAX_ITEMS_PER_KIND, MAX_RESOLVED_SHOWN), store),
  };
}

export function resolutionFromRow(row: ResolutionRow): ReviewResolution {
  return {
    itemId: row.item_id,
    decision: row.decision,
    reason: row.reason,
    resolvedBy: row.resolved_by,
    resolvedByName: row.resolved_by_name,
    resolvedAt: row.resolved_at,
    ...(row.reversal_booking_id === null ? {} : { reversalBookingId: row.reversal_booking_id }),
  };
}
