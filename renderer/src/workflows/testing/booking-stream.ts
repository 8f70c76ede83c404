import type { Booking, BookingType } from '@shared/booking';

/**
 * Bookings for workflow tests: one terminal's stream with rising seq and time (1,001, 1,002, …) at ST-10 on
 * operation OP-1 by P-1; `extra` overrides any field (e.g. `occurredAt`, `operatorId`).
 */
export function bookingStream(): (type: BookingType, payload: object, extra?: Partial<Booking>) => Booking {
  let seq = 0;
  return (type, payload, extra = {}) => {
    seq += 1;
    return {
      id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      terminalId: 'T',
      epoch: 'E',
      seq,
      type,
      occurredAt: 1_000 + seq,
      clockOffsetMs: 0,
      stationId: 'ST-10',
      operatorId: 'P-1',
      orderId: 'FA1',
      operationId: 'OP-1',
      masterDataVersion: 'v',
      payload,
      ...extra,
    } as Booking;
  };
}
