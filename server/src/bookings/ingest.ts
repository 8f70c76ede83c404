import { validateBooking, type Booking } from '../../../shared/booking';
import type { PushResult } from '../../../shared/protocol';
import type { AlertInput, RaiseAlert } from '../alerts/alerts';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';
import type { MasterDataStore } from '../master-data/store';
import { createAckTracker } from './ack-tracker';
import { createGroupCommit } from './group-commit';
import { bookingFromRow, type BookingRow } from './inspection';
import { canonicalJson, stringifyForStorage } from './raw-json';
import { createReviewRules } from './review-rules';
import { createQuantityReview } from '../review/quantity-review';

export interface PushBatch {
  terminalId: string;
  /** The station the pushing terminal was enrolled for; a booking for any other station is rejected. */
  enrolledStationId: string;
  epoch: string;
  bookings: unknown[];
}

/** What the server stored of one push, before it becomes the HTTP answer. */
export interface IngestOutcome {
  results: PushResult[];
  ackedUpTo: number;
  /** The bookings this push stored for the first time, in server order (server-side only, not sent back). */
  accepted: Booking[];
}

/** Called once a batch is committed, for read models that follow the booking stream (the board). */
export type OnBatchCommitted = (batch: PushBatch, outcome: IngestOutcome) => void;

interface StoredSlot {
  id: string;
  terminal_id: string;
  epoch: string;
  seq: number;
}

const MAX_REASON_LENGTH = 2_000;
/** Bounds one group commit, so a burst of full batches does not block the event loop for seconds. */
const MAX_BOOKINGS_PER_COMMIT = 5_000;

type QuarantineKind = 'seq-reused' | 'id-reused' | 'duplicate-differs';

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
    'SELECT id, terminal_id, epoch, seq FROM bookings WHERE terminal_id = ? AND epoch = ? AND seq = ?',
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

    const reject = (
      item: unknown,
      index: number,
      reasons: string[],
      alert?: Omit<AlertInput, 'terminalId'>,
    ): PushResult => {
      const raw = stringifyForStorage(item);
      const fields = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
      const resultId = typeof fields.id === 'string' && fields.id.length <= 128 ? fields.id : `#${index}`;
      // The slot still counts for ackedUpTo when it is clearly this terminal's, or one bad booking would stall it forever.
      const isOwnSlot = fields.terminalId === batch.terminalId && fields.epoch === batch.epoch;
      const slot =
        isOwnSlot && Number.isSafeInteger(fields.seq) && (fields.seq as number) >= 1 ? (fields.seq as number) : null;
      if (slot !== null) maxSeq = Math.max(maxSeq, slot);
      const reason = reasons.join('; ').slice(0, MAX_REASON_LENGTH);
      const inserted = insertRejected.run(
        batch.terminalId,
        batch.epoch,
        slot,
        resultId,
        reason,
        raw,
        sha256Hex(raw),
        receivedAt,
      );
      if (alert && inserted.changes > 0) deps.raiseAlert({ ...alert, terminalId: batch.terminalId });
      return { id: resultId, status: 'rejected', reason };
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
      if (kind === 'duplicate-differs') {
        const reason = 'same id and slot as a stored booking but different content; the stored booking stands';
        if (isNew) {
          deps.raiseAlert({
            kind,
            severity: 'critical',
            terminalId: booking.terminalId,
            message: `booking ${booking.id} was sent again with different content (kept as evidence): the terminal changed a booking after sending it`,
            details: { bookingId: booking.id, epoch: booking.epoch, seq: booking.seq },
          });
        }
        // Still a duplicate for the terminal: the id is stored, so its outbox must drain.
        return { id: booking.id, status: 'duplicate', reason };
      }
      const reason =
        kind === 'seq-reused'
          ? `seq ${booking.seq} of epoch ${booking.epoch} already holds booking ${existing.id}`
          : `id already stored as seq ${existing.seq} of terminal ${existing.terminal_id}, epoch ${existing.epoch}`;
      if (isNew) {
        deps.raiseAlert({
          kind,
          severity: 'critical',
          terminalId: booking.terminalId,
          message: `booking ${booking.id} quarantined: ${reason} (the terminal may have lost data)`,
          details: { bookingId: booking.id, conflictsWith: existing.id, epoch: booking.epoch, seq: booking.seq },
        });
      }
      return { id: booking.id, status: 'quarantined', reason };
    };

    const results = batch.bookings.map((item, index): PushResult => {
      const validation = validateBooking(item);
      if (!validation.ok) return reject(item, index, validation.issues);
      const booking = validation.booking;
      if (booking.terminalId !== batch.terminalId || booking.epoch !== batch.epoch) {
        return reject(item, index, ['terminalId and epoch must match the push envelope']);
      }
      if (booking.stationId !== batch.enrolledStationId) {
        // A token speaks for one station: anything else is a misconfigured or forged terminal, never a fact.
        return reject(
          item,
          index,
          [`station-mismatch: booking for ${booking.stationId}, terminal enrolled for ${batch.enrolledStationId}`],
          {
            kind: 'station-mismatch',
            severity: 'critical',
            message: `terminal ${batch.terminalId} (enrolled for ${batch.enrolledStationId}) sent booking ${booking.id} for ${booking.stationId}; rejected`,
            details: {
              bookingId: booking.id,
              bookingStationId: booking.stationId,
              enrolledStationId: batch.enrolledStationId,
              epoch: booking.epoch,
              seq: booking.seq,
            },
          },
        );
      }
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
        return findings.length > 0
          ? { id: booking.id, status: 'accepted', reason: `review: ${findings.join('; ')}` }
          : { id: booking.id, status: 'accepted' };
      }
      const sameId = selectById.get(booking.id) as BookingRow | undefined;
      if (sameId) {
        const isSameSlot =
          sameId.terminal_id === booking.terminalId && sameId.epoch === booking.epoch && sameId.seq === booking.seq;
        if (!isSameSlot) return quarantine(booking, sameId, 'id-reused');
        const isSameContent = canonicalJson(booking) === canonicalJson(bookingFromRow(sameId));
        return isSameContent
          ? { id: booking.id, status: 'duplicate' }
          : quarantine(booking, sameId, 'duplicate-differs');
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
