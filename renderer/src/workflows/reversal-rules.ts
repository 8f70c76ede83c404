import type { Booking, BookingType } from '@shared/booking';
import type { SyncState } from '../data';
import type { ShiftWindow } from './shift-window';

// Who may reverse which booking. Corrections are reversals (storno), never edits; an operator corrects
// their own slips of the current shift, anything else is a shift lead's decision.

/** Bookings whose effect a reversal takes back: quantities, material and inspection results. */
export const REVERSIBLE_TYPES: ReadonlySet<BookingType> = new Set<BookingType>([
  'quantity.good',
  'quantity.scrap',
  'quantity.rework',
  'material.consume',
  'quality.result',
]);

export interface ReversalCandidate {
  booking: Booking;
  syncState: SyncState;
  /** A reversal of this booking exists already. */
  isReversed: boolean;
  /** The operation the booking belongs to is finished: its numbers have been reported. */
  isOperationFinished: boolean;
}

export interface Reverser {
  id: string;
  role: 'operator' | 'lead';
}

export type ReversalRefusal = 'is-reversal' | 'not-reversible' | 'already-reversed' | 'rejected' | 'needs-lead';

export type ReversalVerdict = { ok: true } | { ok: false; refusal: ReversalRefusal };

export function canReverse(candidate: ReversalCandidate, operator: Reverser, shift: ShiftWindow): ReversalVerdict {
  const { booking } = candidate;
  if (booking.type === 'booking.reverse') return { ok: false, refusal: 'is-reversal' };
  if (!REVERSIBLE_TYPES.has(booking.type)) return { ok: false, refusal: 'not-reversible' };
  if (candidate.isReversed) return { ok: false, refusal: 'already-reversed' };
  // The server refused it, so there is nothing there to take back; that is for the status screen.
  if (candidate.syncState === 'rejected') return { ok: false, refusal: 'rejected' };
  const isOwnSlip =
    booking.operatorId === operator.id &&
    booking.occurredAt >= shift.start &&
    booking.occurredAt < shift.end &&
    !candidate.isOperationFinished;
  if (!isOwnSlip && operator.role !== 'lead') return { ok: false, refusal: 'needs-lead' };
  return { ok: true };
}
