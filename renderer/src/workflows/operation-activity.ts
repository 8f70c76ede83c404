import type { Booking } from '../../../shared/booking';

// What the station is doing, derived from this terminal's own bookings (the facts), so it survives a
// restart without a second source of truth that could disagree with them.

export type OperationStatus = 'idle' | 'setup' | 'production' | 'interrupted' | 'finished';

export interface OperationActivity {
  status: OperationStatus;
  good: number;
  scrap: number;
  rework: number;
}

export interface StationActivity {
  operations: Map<string, OperationActivity>;
  /** Reason code of a running downtime, or null. */
  downtimeReason: string | null;
}

export function emptyActivity(): OperationActivity {
  return { status: 'idle', good: 0, scrap: 0, rework: 0 };
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
  for (const booking of ordered) {
    if (reversed.has(booking.id)) continue;
    const payload = booking.payload as Record<string, unknown>;
    if (booking.type === 'downtime.start') downtimeReason = String(payload.reasonCode);
    if (booking.type === 'downtime.end') downtimeReason = null;
    if (!booking.operationId) continue;
    const current = operations.get(booking.operationId) ?? emptyActivity();
    operations.set(booking.operationId, current);
    applyToOperation(current, booking.type, payload);
  }
  return { operations, downtimeReason };
}

function applyToOperation(current: OperationActivity, type: Booking['type'], payload: Record<string, unknown>): void {
  switch (type) {
    case 'operation.start':
      current.status = payload.phase === 'setup' ? 'setup' : 'production';
      return;
    case 'operation.interrupt':
      current.status = 'interrupted';
      return;
    case 'operation.resume':
      if (current.status === 'interrupted') current.status = 'production';
      return;
    case 'operation.finish':
      current.status = payload.mode === 'final' ? 'finished' : 'interrupted';
      return;
    case 'quantity.good':
      current.good += Number(payload.quantity);
      return;
    case 'quantity.scrap':
      current.scrap += Number(payload.quantity);
      return;
    case 'quantity.rework':
      current.rework += Number(payload.quantity);
      return;
    default:
      return;
  }
}
