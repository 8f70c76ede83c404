import { describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { deriveInspections } from './inspection-history';

let seq = 0;
const booking = (type: Booking['type'], payload: Record<string, unknown>, occurredAt: number): Booking =>
  ({
    id: `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`,
    terminalId: 'T',
    epoch: 'E',
    seq,
    type,
    occurredAt,
    clockOffsetMs: 0,
    stationId: 'ST-40',
    operatorId: 'P-1001',
    orderId: 'FA1',
    operationId: 'FA1-0030',
    masterDataVersion: 'v1',
    payload,
  }) as Booking;

describe('deriveInspections', () => {
  it('records the production start, good pieces (with partial confirmations) and each last result', () => {
    const good = booking('quantity.good', { quantity: 30, unit: 'Stk' }, 300);
    const history = deriveInspections([
      booking('quality.result', { characteristicId: 'LEN', value: 120, verdict: 'pass' }, 200),
      booking('operation.start', { phase: 'setup' }, 50),
      booking('operation.start', { phase: 'production' }, 100),
      good,
      booking('operation.finish', { mode: 'partial', quantity: 25, unit: 'Stk' }, 400),
      booking('quality.result', { characteristicId: 'SURF', attribute: 'nok', verdict: 'fail' }, 500),
      booking('quantity.good', { quantity: 5, unit: 'Stk' }, 600),
      booking('booking.reverse', { reversedBookingId: good.id, reason: 'typo' }, 700),
    ]).get('FA1-0030');
    expect(history).toMatchObject({ productionStartedAt: 100, good: 30, lastGoodAt: 600 });
    expect(history?.lastResults.get('LEN')).toEqual({ at: 200, verdict: 'pass', goodAtResult: 0 });
    expect(history?.lastResults.get('SURF')).toEqual({ at: 500, verdict: 'fail', goodAtResult: 25 });
  });
});
