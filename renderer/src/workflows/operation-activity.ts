import type { Booking } from '@shared/booking';
import type { OperationStatus } from '@shared/work';

// What the station is doing, derived from this terminal's own bookings (the facts), so it survives a
// restart without a second source of truth that could disagree with them.

export type { OperationStatus };

export interface OperationActivity {
  status: OperationStatus;
  good: number;
  scrap: number;
  rework: number;
  /** Good pieces booked since the last partial or final confirmation. */
  goodSinceConfirmation: number;
  /** The last good quantity entered, offered again as a pad shortcut. */
  lastGoodQuantity: number | null;
  /** When production last started, resumed or was booked: the cycle-time check counts from here. */
  lastProductionAt: number | null;
  /** occurredAt of the booking that put the operation into its current status; null while never started. */
  statusSince: number | null;
  /** Reason code of the interruption while interrupted by one; null otherwise. */
  interruptReason: string | null;
  /** occurredAt of the start or resume that began the current production run; null before the first. */
  runStartedAt: number | null;
  /** Pieces booked since that start or resume: what the machine's count of the run is compared with. */
  bookedInRun: { good: number; scrap: number; rework: number };
}

export interface StationActivity {
  operations: Map<string, OperationActivity>;
  /** Reason code of a running downtime, or null. */
  downtimeReason: string | null;
  /** occurredAt of the running downtime's start, or of the last downtime's end; null when there was none. */
  downtimeChangedAt: number | null;
}

export function emptyActivity(): OperationActivity {
  return {
    status: 'idle',
    good: 0,
    scrap: 0,
    rework: 0,
    goodSinceConfirmation: 0,
    lastGoodQuantity: null,
    lastProductionAt: null,
    statusSince: null,
    interruptReason: null,
    runStartedAt: null,
    bookedInRun: { good: 0, scrap: 0, rework: 0 },
  };
}

/** Folds bookings (any order) into station activity; reversed bookings do not count. */
export function deriveActivity(bookings: readonly Booking[]): StationActivity {
  const reversed = new Set(
    bookings.flatMap((b) =>
      b.type === 'booking.reverse' ? [(b.payload as { reversedBookingId: string }).reversedBookingId] : [],
    ),
  );
  const ordered = [...bookings].sort((a, b) => a.occurredAt - b.occurredAt || a.seq - b.seq);
  const operations = new Map<string, OperationActivity>();
  let downtimeReason: string | null = null;
  let downtimeChangedAt: number | null = null;
  for (const booking of ordered) {
    if (reversed.has(booking.id)) continue;
    const payload = booking.payload as Record<string, unknown>;
    if (booking.type === 'downtime.start' || booking.type === 'downtime.end') {
      downtimeReason = booking.type === 'downtime.start' ? String(payload.reasonCode) : null;
      downtimeChangedAt = booking.occurredAt;
    }
    if (!booking.operationId) continue;
    const current = operations.get(booking.operationId) ?? emptyActivity();
    operations.set(booking.operationId, current);
    const before = current.status;
    applyToOperation(current, booking.type, payload, booking.occurredAt);
    if (current.status !== before) current.statusSince = booking.occurredAt;
  }
  return { operations, downtimeReason, downtimeChangedAt };
}

function applyToOperation(
  current: OperationActivity,
  type: Booking['type'],
  payload: Record<string, unknown>,
  occurredAt: number,
): void {
  switch (type) {
    case 'operation.start':
      current.status = payload.phase === 'setup' ? 'setup' : 'production';
      if (current.status === 'production') {
        current.lastProductionAt = occurredAt;
        startRun(current, occurredAt);
      }
      return;
    case 'operation.interrupt':
      current.status = 'interrupted';
      current.interruptReason = String(payload.reasonCode);
      return;
    case 'operation.resume':
      if (current.status === 'interrupted') {
        current.status = 'production';
        startRun(current, occurredAt);
      }
      current.interruptReason = null;
      current.lastProductionAt = occurredAt;
      return;
    case 'operation.finish':
      current.status = payload.mode === 'final' ? 'finished' : 'interrupted';
      current.interruptReason = null;
      // A partial confirmation carries the good pieces made since the last one (older ones carry none).
      if (typeof payload.quantity === 'number') addGood(current, payload.quantity, occurredAt);
      current.goodSinceConfirmation = 0;
      return;
    case 'quantity.good':
      addGood(current, Number(payload.quantity), occurredAt);
      current.lastGoodQuantity = Number(payload.quantity);
      return;
    case 'quantity.scrap':
      current.scrap += Number(payload.quantity);
      current.bookedInRun.scrap += Number(payload.quantity);
      return;
    case 'quantity.rework':
      current.rework += Number(payload.quantity);
      current.bookedInRun.rework += Number(payload.quantity);
      return;
    default:
      return;
  }
}

function startRun(current: OperationActivity, occurredAt: number): void {
  current.runStartedAt = occurredAt;
  current.bookedInRun = { good: 0, scrap: 0, rework: 0 };
}

function addGood(current: OperationActivity, quantity: number, occurredAt: number): void {
  current.good += quantity;
  current.bookedInRun.good += quantity;
  current.goodSinceConfirmation += quantity;
  current.lastProductionAt = occurredAt;
}
