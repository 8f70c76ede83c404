import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.dispose();
});

interface BookingsPage {
  bookings: Array<{ serverSeq: number; receivedAt: number; review?: string[]; booking: { id: string; seq: number } }>;
  hasMore: boolean;
  nextAfter: number;
}

describe('admin listings', () => {
  it('pages bookings in server order with after and limit, filtered by terminal or review', async () => {
    const a = await server.enroll('ST-10');
    const b = await server.enroll('ST-20');
    await server.push(a.token, {
      terminalId: a.terminalId,
      epoch: 'e',
      // One piece each: several at the same moment would also be flagged as implausible quantities.
      bookings: [3, 1, 2].map((seq) => makeBooking(a.terminalId, 'e', seq, { payload: { quantity: 1, unit: 'Stk' } })),
    });
    await server.push(b.token, {
      terminalId: b.terminalId,
      epoch: 'e',
      bookings: [makeBooking(b.terminalId, 'e', 1, { stationId: 'ST-20', orderId: 'FA0', operationId: 'FA0-0010' })],
    });

    const first = (await server.admin('GET', '/api/v1/admin/bookings?limit=3')).json<BookingsPage>();
    // Server order is arrival order, not terminal seq or terminal time.
    expect(first.bookings.map((x) => x.booking.seq)).toEqual([3, 1, 2]);
    expect(first).toMatchObject({ hasMore: true, nextAfter: first.bookings[2]?.serverSeq });
    const second = (
      await server.admin('GET', `/api/v1/admin/bookings?limit=3&after=${first.nextAfter}`)
    ).json<BookingsPage>();
    expect(second.bookings).toHaveLength(1);
    expect(second.hasMore).toBe(false);

    const ofB = (await server.admin('GET', `/api/v1/admin/bookings?terminalId=${b.terminalId}`)).json<BookingsPage>();
    expect(ofB.bookings).toHaveLength(1);
    const flagged = (await server.admin('GET', '/api/v1/admin/bookings?review=true')).json<BookingsPage>();
    expect(flagged.bookings.map((x) => x.review)).toEqual([['unknown-order(FA0)', 'unknown-operation(FA0-0010)']]);

    const terminals = (await server.admin('GET', '/api/v1/admin/terminals')).json<{
      terminals: Array<{ id: string; epochs: Array<{ ackedUpTo: number }> }>;
    }>();
    expect(terminals.terminals.map((t) => [t.id, t.epochs[0]?.ackedUpTo])).toEqual([
      [a.terminalId, 3],
      [b.terminalId, 1],
    ]);
  });

  it.each([
    '/api/v1/admin/bookings?limit=0',
    '/api/v1/admin/bookings?after=-1',
    '/api/v1/admin/bookings?review=maybe',
    '/api/v1/admin/alerts?x=1',
  ])('answers 400 for %s', async (url) => {
    expect((await server.admin('GET', url)).statusCode).toBe(400);
  });

  it('compacts only known datasets', async () => {
    expect((await server.admin('POST', '/api/v1/admin/datasets/orders/compact')).statusCode).toBe(200);
    expect((await server.admin('POST', '/api/v1/admin/datasets/bookings/compact')).statusCode).toBe(400);
  });
});
