import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import type { PushResponse } from '@shared/protocol';
import type { ReviewQueue } from '@shared/review';
import { makeBooking, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';

// Implausible quantities through the real push: the server flags, with the terminal's own rule, a quantity
// far above what the order still needs or above what the cycle time allows since the operation last
// produced, and the shift lead finds it in the review queue. The booking itself is always stored.

// FA1000004-0010 at ST-10: 80 pieces planned, 90 s per piece; ST-10 has the default tolerance of 150 %.
const T0 = Date.UTC(2026, 11, 2, 6, 0);
const MIN = 60_000;
const EPOCH = 'epoch-qty';

let server: TestServer;
let terminal: { terminalId: string; token: string };
let seq = 0;
beforeEach(async () => {
  server = await startTestServer({ now: () => T0 + 6 * 60 * MIN });
  terminal = await server.enroll('ST-10');
  seq = 0;
});
afterEach(async () => {
  await server.dispose();
});

function at(minutes: number, type: Booking['type'], payload: Record<string, unknown>): Booking {
  seq += 1;
  return makeBooking(terminal.terminalId, EPOCH, seq, {
    type,
    occurredAt: T0 + minutes * MIN,
    payload: payload as never,
  });
}

async function push(bookings: Booking[]): Promise<PushResponse['results']> {
  const response = await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings });
  expect(response.statusCode).toBe(200);
  return response.json<PushResponse>().results;
}

describe('implausible quantities', () => {
  it('flags a good quantity above the pace since the last production, and one far above what is open', async () => {
    const results = await push([
      at(0, 'operation.start', { phase: 'production' }),
      // 10 minutes at 90 s a piece: up to 10 plausible (6.67 × 150 %).
      at(10, 'quantity.good', { quantity: 10, unit: 'Stk' }),
      // One minute later: 40 pieces cannot have been made (1 plausible), though the order has 70 open.
      at(11, 'quantity.good', { quantity: 40, unit: 'Stk' }),
      // 30 still open (80 − 50): more than 45 is far above it; scrap is not bound by the cycle time.
      at(12, 'quantity.scrap', { quantity: 500, unit: 'Stk', reasonCode: 'S01' }),
      // Approved by a shift lead at the terminal: decided already, not flagged again.
      at(13, 'quantity.good', { quantity: 999, unit: 'Stk', approvedBy: 'P-2001' }),
    ]);
    expect(results.map((result) => [result.status, result.reason])).toEqual([
      ['accepted', undefined],
      ['accepted', undefined],
      ['accepted', 'review: quantity-above-cycle(40 > 1)'],
      ['accepted', 'review: quantity-above-open(500 > 45)'],
      ['accepted', undefined],
    ]);

    const queue = await server.request({
      method: 'GET',
      url: '/api/v1/review',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const flagged = queue.json<ReviewQueue>().items.filter((item) => item.kind === 'flagged');
    expect(flagged.map((item) => (item.kind === 'flagged' ? [item.booking.seq, item.findings] : []))).toEqual([
      [3, ['quantity-above-cycle(40 > 1)']],
      [4, ['quantity-above-open(500 > 45)']],
    ]);
  });

  it('counts what earlier pushes booked, and no longer counts a reversed quantity', async () => {
    await push([
      at(0, 'operation.start', { phase: 'production' }),
      at(100, 'quantity.good', { quantity: 60, unit: 'Stk' }),
    ]);
    // 20 open: 30 is the most; a partial confirmation counts as good pieces like the terminal counts them.
    const [tooMany] = await push([at(200, 'operation.finish', { mode: 'partial', quantity: 31, unit: 'Stk' })]);
    expect(tooMany?.reason).toBe('review: quantity-above-open(31 > 30)');

    const [reversal] = await push([
      at(201, 'booking.reverse', { reversedBookingId: (tooMany as { id: string }).id, reason: 'Tippfehler' }),
    ]);
    expect(reversal?.status).toBe('accepted');
    // With the 31 reversed, 20 are open again: after 100 minutes in production, 30 is plausible.
    const [plausible] = await push([at(300, 'quantity.good', { quantity: 30, unit: 'Stk' })]);
    expect(plausible).toEqual({ id: expect.any(String), status: 'accepted' });
  });
});
