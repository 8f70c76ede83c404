import type { Booking, BookingPayload } from '@shared/booking';
import type { InspectionProgress, LastResult } from '@shared/quality';

// What the due rules need from this terminal's bookings, per operation: when production started, how many
// good pieces there are, and each characteristic's last result. Derived, like the station's activity, so a
// restart shows the same checklist.

export interface OperationInspections extends Omit<InspectionProgress, 'open'> {
  lastResults: Map<string, LastResult>;
}

export function emptyInspections(): OperationInspections {
  return { productionStartedAt: null, good: 0, lastGoodAt: null, lastResults: new Map() };
}

/** Folds bookings (any order) into per-operation inspection history; reversed bookings do not count. */
export function deriveInspections(bookings: readonly Booking[]): Map<string, OperationInspections> {
  const reversed = new Set(
    bookings.flatMap((b) =>
      b.type === 'booking.reverse' ? [(b.payload as BookingPayload<'booking.reverse'>).reversedBookingId] : [],
    ),
  );
  const ordered = [...bookings].sort((a, b) => a.occurredAt - b.occurredAt || a.seq - b.seq);
  const byOperation = new Map<string, OperationInspections>();
  for (const booking of ordered) {
    if (!booking.operationId || reversed.has(booking.id)) continue;
    const current = byOperation.get(booking.operationId) ?? emptyInspections();
    byOperation.set(booking.operationId, current);
    apply(current, booking);
  }
  return byOperation;
}

function apply(current: OperationInspections, booking: Booking): void {
  const payload = booking.payload as Record<string, unknown>;
  switch (booking.type) {
    case 'operation.start':
      if (payload.phase === 'production') current.productionStartedAt = booking.occurredAt;
      return;
    case 'quantity.good':
    case 'operation.finish':
      if (typeof payload.quantity === 'number') {
        current.good += payload.quantity;
        current.lastGoodAt = booking.occurredAt;
      }
      return;
    case 'quality.result': {
      const result = payload as BookingPayload<'quality.result'>;
      current.lastResults.set(result.characteristicId, {
        at: booking.occurredAt,
        verdict: result.verdict,
        goodAtResult: current.good,
      });
      return;
    }
    default:
      return;
  }
}
