import { validateBooking, type Booking } from '@shared/booking';
import type { PushResult } from '@shared/protocol';
import type { Rejection } from '@shared/review';
import type { AlertInput } from '../alerts/alerts';
import { sha256Hex } from '../hashing';
import { stringifyForStorage } from './raw-json';

// The store-independent rules of a push: which items are rejected (and how they are kept), and what a
// conflict is called. Both stores (SQLite, PostgreSQL) apply them, so their answers are the same.

export interface PushBatch {
  terminalId: string;
  /** The station the pushing terminal was enrolled for; a booking for any other station is rejected. */
  enrolledStationId: string;
  epoch: string;
  bookings: unknown[];
}

const MAX_REASON_LENGTH = 2_000;
const ENVELOPE_MISMATCH = 'terminalId and epoch must match the push envelope';
const STATION_MISMATCH = 'station-mismatch:';

/** Which rule refused a stored rejected item, read back from its reason (the review queue names it). */
export function rejectionOf(reason: string): Rejection {
  if (reason.startsWith(STATION_MISMATCH)) return 'station-mismatch';
  return reason === ENVELOPE_MISMATCH ? 'envelope-mismatch' : 'invalid';
}

export interface RejectedItem {
  isValid: false;
  resultId: string;
  /** The slot still counts for ackedUpTo when it is clearly this terminal's, or one bad booking would stall it forever. */
  slot: number | null;
  reason: string;
  raw: string;
  rawHash: string;
  /** Raised only when the item is stored for the first time. */
  alert?: AlertInput;
}

export type PushItem = { isValid: true; booking: Booking } | RejectedItem;

function rejected(
  batch: PushBatch,
  item: unknown,
  index: number,
  reasons: string[],
  alert?: Omit<AlertInput, 'terminalId'>,
): RejectedItem {
  const raw = stringifyForStorage(item);
  const fields = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const resultId = typeof fields.id === 'string' && fields.id.length <= 128 ? fields.id : `#${index}`;
  const isOwnSlot = fields.terminalId === batch.terminalId && fields.epoch === batch.epoch;
  const slot =
    isOwnSlot && Number.isSafeInteger(fields.seq) && (fields.seq as number) >= 1 ? (fields.seq as number) : null;
  return {
    isValid: false,
    resultId,
    slot,
    reason: reasons.join('; ').slice(0, MAX_REASON_LENGTH),
    raw,
    rawHash: sha256Hex(raw),
    ...(alert ? { alert: { ...alert, terminalId: batch.terminalId } } : {}),
  };
}

/** Schema, envelope and station checks of one pushed item; nothing is stored here. */
export function classifyPushItem(batch: PushBatch, item: unknown, index: number): PushItem {
  const validation = validateBooking(item);
  if (!validation.ok) return rejected(batch, item, index, validation.issues);
  const booking = validation.booking;
  if (booking.terminalId !== batch.terminalId || booking.epoch !== batch.epoch) {
    return rejected(batch, item, index, [ENVELOPE_MISMATCH]);
  }
  if (booking.stationId !== batch.enrolledStationId) {
    // A token speaks for one station: anything else is a misconfigured or forged terminal, never a fact.
    return rejected(
      batch,
      item,
      index,
      [`${STATION_MISMATCH} booking for ${booking.stationId}, terminal enrolled for ${batch.enrolledStationId}`],
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
  return { isValid: true, booking };
}

export function rejectedResult(item: RejectedItem): PushResult {
  return { id: item.resultId, status: 'rejected', reason: item.reason };
}

export function acceptedResult(booking: Booking, findings: string[]): PushResult {
  return findings.length > 0
    ? { id: booking.id, status: 'accepted', reason: `review: ${findings.join('; ')}` }
    : { id: booking.id, status: 'accepted' };
}

export type QuarantineKind = 'seq-reused' | 'id-reused' | 'duplicate-differs';

/** The booking a conflicting one ran into. */
export interface StoredSlot {
  id: string;
  terminalId: string;
  epoch: string;
  seq: number;
}

/** The answer for a quarantined booking, and the alert to raise when its evidence is new. */
export function quarantineOutcome(
  booking: Booking,
  existing: StoredSlot,
  kind: QuarantineKind,
): { result: PushResult; alert: AlertInput } {
  if (kind === 'duplicate-differs') {
    return {
      // Still a duplicate for the terminal: the id is stored, so its outbox must drain.
      result: {
        id: booking.id,
        status: 'duplicate',
        reason: 'same id and slot as a stored booking but different content; the stored booking stands',
      },
      alert: {
        kind,
        severity: 'critical',
        terminalId: booking.terminalId,
        message: `booking ${booking.id} was sent again with different content (kept as evidence): the terminal changed a booking after sending it`,
        details: { bookingId: booking.id, epoch: booking.epoch, seq: booking.seq },
      },
    };
  }
  const reason =
    kind === 'seq-reused'
      ? `seq ${booking.seq} of epoch ${booking.epoch} already holds booking ${existing.id}`
      : `id already stored as seq ${existing.seq} of terminal ${existing.terminalId}, epoch ${existing.epoch}`;
  return {
    result: { id: booking.id, status: 'quarantined', reason },
    alert: {
      kind,
      severity: 'critical',
      terminalId: booking.terminalId,
      message: `booking ${booking.id} quarantined: ${reason} (the terminal may have lost data)`,
      details: { bookingId: booking.id, conflictsWith: existing.id, epoch: booking.epoch, seq: booking.seq },
    },
  };
}
