import type { Booking } from '@shared/booking';
import type { PushResult } from '@shared/protocol';
import type { RaiseAlert } from '../alerts/alerts';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import { createAckTracker } from './ack-tracker';
import { createGroupCommit } from './group-commit';
import { bookingFromRow, type BookingRow } from './booking-row';
import {
  acceptedResult,
  classifyPushItem,
  quarantineOutcome,
  rejectedResult,
  type PushBatch,
  type QuarantineKind,
  type RejectedItem,
  type StoredSlot,
} from './push-items';
import { canonicalJson, stringifyForStorage } from './raw-json';
import { createReviewRules } from './review-rules';
import { createQuantityReview } from '../review/quantity-review';

export type { PushBatch } from './push-items';

/** What the server stored of one push, before it becomes the HTTP answer. */
export interface IngestOutcome {
  results: PushResult[];
  ackedUpTo: number;
  /** The bookings this push stored for the first time, in server order (server-side only, not sent back). */
  accepted: Booking[];
}

/** Called once a batch is committed, for read models that follow the booking stream (the board). */
export type OnBatchCommitted = (batch: PushBatch, outcome: IngestOutcome) => void;

/** Bounds one group commit, so a burst of full batches does not block the event loop for seconds. */
const MAX_BOOKINGS_PER_COMMIT = 5_000;

/**
 * Stores a push batch atomically, committed before the caller answers: accepted (new), duplicate
 * (id seen before in the same slot; a changed copy is kept as evidence), quarantined (slot taken by another id:
 * the terminal lost data), rejected (unreadable or for another station, kept raw). Only conflicts cost an
 * extra SELECT; the happy path is one INSERT per booking.
 */
export function createBookingIngest(
  db: Db,
  deps: { store: MasterDataStore; raiseAlert: RaiseAlert; now: () => number; onCommitted?: OnBatchCommitted },
) {
  const insertBooking = db.prepare(
    `INSERT INTO bookings (id, server_seq, terminal_id, epoch, seq, type, occurred_at, clock_offset_ms, station_id,
       operator_id, order_id, operation_id, master_data_version, payload, received_at, review)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const touchTerminal = db.prepare('UPDATE terminals SET last_seen_at = ? WHERE id = ?');
  const maxServerSeq = db.prepare('SELECT COALESCE(MAX(server_seq), 0) FROM bookings').pluck();
  const selectById = db.prepare('SELECT * FROM bookings WHERE id = ?');
  const selectBySlot = db.prepare(
    'SELECT id, terminal_id AS terminalId, epoch, seq FROM bookings WHERE terminal_id = ? AND epoch = ? AND seq = ?',
  );
  const insertQuarantine = db.prepare(
    `INSERT INTO quarantined_bookings (id, terminal_id, epoch, seq, conflicts_with_id, kind, booking, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // A resend of the very same evidence (the answer got lost) is neither stored nor alerted twice.
  const isQuarantinedAlready = db
    .prepare('SELECT EXISTS (SELECT 1 FROM quarantined_bookings WHERE id = ? AND booking = ?)')
    .pluck();
  const insertRejected = db.prepare(
    `INSERT INTO rejected_bookings (terminal_id, epoch, seq, item_id, reason, raw, raw_hash, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const ackTracker = createAckTracker(db, deps.raiseAlert);
  const startReview = createReviewRules(deps.store);
  const quantityFindingsFor = createQuantityReview(db, deps.store);

  const ingestBatch = (batch: PushBatch): IngestOutcome => {
    const receivedAt = deps.now();
    const findingsFor = startReview(receivedAt);
    let serverSeq = maxServerSeq.get() as number;
    let maxSeq = 0;
    const accepted: Booking[] = [];

    const reject = (item: RejectedItem): PushResult => {
      if (item.slot !== null) maxSeq = Math.max(maxSeq, item.slot);
      const inserted = insertRejected.run(
        batch.terminalId,
        batch.epoch,
        item.slot,
        item.resultId,
        item.reason,
        item.raw,
        item.rawHash,
        receivedAt,
      );
      if (item.alert && inserted.changes > 0) deps.raiseAlert(item.alert);
      return rejectedResult(item);
    };

    const quarantine = (booking: Booking, existing: StoredSlot, kind: QuarantineKind): PushResult => {
      const text = stringifyForStorage(booking);
      const isNew = !isQuarantinedAlready.get(booking.id, text);
      if (isNew) {
        insertQuarantine.run(
          booking.id,
          booking.terminalId,
          booking.epoch,
          booking.seq,
          existing.id,
          kind,
          text,
          receivedAt,
        );
      }
      const { result, alert } = quarantineOutcome(booking, existing, kind);
      if (isNew) deps.raiseAlert(alert);
      return result;
    };

    const results = batch.bookings.map((item, index): PushResult => {
      const classified = classifyPushItem(batch, item, index);
      if (!classified.isValid) return reject(classified);
      const booking = classified.booking;
      const findings = [...findingsFor(booking), ...quantityFindingsFor(booking)];
      const inserted = insertBooking.run(
        booking.id,
        serverSeq + 1,
        booking.terminalId,
        booking.epoch,
        booking.seq,
        booking.type,
        booking.occurredAt,
        booking.clockOffsetMs,
        booking.stationId,
        booking.operatorId ?? null,
        booking.orderId ?? null,
        booking.operationId ?? null,
        booking.masterDataVersion,
        JSON.stringify(booking.payload),
        receivedAt,
        findings.length > 0 ? findings.join('; ') : null,
      );
      if (inserted.changes > 0) {
        serverSeq += 1;
        maxSeq = Math.max(maxSeq, booking.seq);
        accepted.push(booking);
        return acceptedResult(booking, findings);
      }
      const sameId = selectById.get(booking.id) as BookingRow | undefined;
      if (sameId) {
        const isSameSlot =
          sameId.terminal_id === booking.terminalId && sameId.epoch === booking.epoch && sameId.seq === booking.seq;
        const stored = { id: sameId.id, terminalId: sameId.terminal_id, epoch: sameId.epoch, seq: sameId.seq };
        if (!isSameSlot) return quarantine(booking, stored, 'id-reused');
        const isSameContent = canonicalJson(booking) === canonicalJson(bookingFromRow(sameId));
        return isSameContent
          ? { id: booking.id, status: 'duplicate' }
          : quarantine(booking, stored, 'duplicate-differs');
      }
      return quarantine(
        booking,
        selectBySlot.get(booking.terminalId, booking.epoch, booking.seq) as StoredSlot,
        'seq-reused',
      );
    });

    touchTerminal.run(receivedAt, batch.terminalId);
    const ackedUpTo = ackTracker.advance(batch.terminalId, batch.epoch, maxSeq, receivedAt);
    return { results, ackedUpTo, accepted };
  };

  const group = createGroupCommit(db, ingestBatch, {
    maxWeight: MAX_BOOKINGS_PER_COMMIT,
    weigh: (batch) => batch.bookings.length,
  });
  return {
    /** Resolves once the batch is committed to disk (together with any others that arrived at the same time). */
    ingest: async (batch: PushBatch): Promise<IngestOutcome> => {
      const outcome = await group.run(batch);
      deps.onCommitted?.(batch, outcome);
      return outcome;
    },
    flushPending: group.flushPending,
  };
}
