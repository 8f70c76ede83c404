import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '@shared/protocol';
import { createMasterDataStore } from '../master-data/store';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

// A terminal refuses bookings on closed work, but one that captured them offline before the close sends
// them later. The server stores them (they happened) and flags them by the terminal's own work-state rule
// (shared/work), so the shift lead sees them in the review queue. Real push route, real SQLite.

let server: TestServer;
let terminal: { terminalId: string; token: string };
const EPOCH = 'epoch-closed';
const CAPTURED_AT = Date.now() - 30 * 60_000;

beforeEach(async () => {
  server = await startTestServer();
  terminal = await server.enroll('ST-10');
});
afterEach(async () => {
  await server.dispose();
});

/** Closes an order or operation in the server's master data, as an ERP import would. */
function close(dataset: 'orders' | 'operations', id: string): void {
  const store = createMasterDataStore(server.db, Date.now);
  const record = store.get(dataset, id) as Record<string, unknown>;
  expect(record.status).not.toBe('closed');
  store.put(dataset, id, { ...record, status: 'closed' });
}

const booked = (seq: number, overrides: Parameters<typeof makeBooking>[3] = {}) =>
  makeBooking(terminal.terminalId, EPOCH, seq, { occurredAt: CAPTURED_AT + seq * 1_000, ...overrides });

async function reviewBySeq(): Promise<Array<[number, string[] | undefined]>> {
  const stored = (await server.admin('GET', '/api/v1/admin/bookings')).json<{
    bookings: Array<{ review?: string[]; booking: { seq: number } }>;
  }>();
  return stored.bookings.map((row) => [row.booking.seq, row.review]);
}

describe('bookings on closed work that reach the server', () => {
  it('are stored and flagged order-closed when the order was closed after they were captured offline', async () => {
    const ofOrder = { orderId: 'FA1000004', operationId: 'FA1000004-0010' };
    const captured = [
      booked(1, { ...ofOrder, type: 'operation.start', payload: { phase: 'production' } }),
      // One piece: more at the moment production started would also be flagged as implausible.
      booked(2, { ...ofOrder, type: 'quantity.good', payload: { quantity: 1, unit: 'Stk' } }),
      booked(3, { ...ofOrder, type: 'downtime.start', payload: { reasonCode: 'D03' } }),
      booked(4, {
        ...ofOrder,
        type: 'material.consume',
        payload: { materialNumber: 'M-4711', quantity: 1, unit: 'Stk' },
      }),
    ];
    close('orders', 'FA1000004');

    const response = await server.push(terminal.token, {
      terminalId: terminal.terminalId,
      epoch: EPOCH,
      bookings: captured,
    });

    const body = response.json<PushResponse>();
    expect(body.results.map((r) => r.status)).toEqual(Array(4).fill('accepted'));
    expect(body.results.map((r) => r.reason)).toEqual(Array(4).fill('review: order-closed(FA1000004)'));
    expect(await reviewBySeq()).toEqual([1, 2, 3, 4].map((seq) => [seq, ['order-closed(FA1000004)']]));
  });

  it('flags operation-closed for a closed operation of an open order, and leaves its sister operation clean', async () => {
    close('operations', 'FA1000004-0010');
    const bookings = [
      booked(1, { orderId: 'FA1000004', operationId: 'FA1000004-0010' }),
      booked(2, { orderId: 'FA1000004', operationId: 'FA1000004-0020' }),
    ];
    const response = await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings });
    expect(response.json<PushResponse>().results.map((r) => r.reason)).toEqual([
      'review: operation-closed(FA1000004-0010)',
      undefined,
    ]);
  });

  it('judges a reversal by the reversal rules, not by the state of the order it names', async () => {
    const first = booked(1);
    const reversal = booked(2, {
      type: 'booking.reverse',
      payload: { reversedBookingId: first.id, reason: 'Falsche Menge eingegeben' },
    });
    await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings: [first] });
    close('orders', 'FA1000004');
    const response = await server.push(terminal.token, {
      terminalId: terminal.terminalId,
      epoch: EPOCH,
      bookings: [reversal],
    });
    expect(response.json<PushResponse>().results[0]).toMatchObject({ status: 'accepted' });
    expect((await reviewBySeq()).find(([seq]) => seq === 2)?.[1]?.join() ?? '').not.toContain('order-closed');
  });
});
