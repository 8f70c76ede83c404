import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

// Traceability answered from what terminals really pushed, through the real server.

const DISC = '04012345100051';
const EPOCH = 'epoch-trace';
let server: TestServer;
let terminal: { terminalId: string; token: string };
let seq = 0;

beforeEach(async () => {
  server = await startTestServer();
  terminal = await server.enroll('ST-10');
  seq = 0;
});
afterEach(async () => {
  await server.dispose();
});

function consume(order: string, payload: Record<string, unknown>): Booking {
  seq += 1;
  return makeBooking(terminal.terminalId, EPOCH, seq, {
    type: 'material.consume',
    orderId: order,
    operationId: `${order}-0010`,
    occurredAt: Date.UTC(2026, 11, 2, 9, 0, seq),
    payload: { gtin: DISC, materialNumber: 'RM-AW6082-75', unit: 'Stk', ...payload },
  } as Partial<Booking>);
}

function reverse(target: Booking): Booking {
  seq += 1;
  return makeBooking(terminal.terminalId, EPOCH, seq, {
    type: 'booking.reverse',
    orderId: target.orderId,
    operationId: target.operationId,
    payload: { reversedBookingId: target.id, reason: 'wrong lot' },
  } as Partial<Booking>);
}

async function pushAll(bookings: Booking[]): Promise<void> {
  const response = await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings });
  expect(response.json<{ results: Array<{ status: string }> }>().results.map((r) => r.status)).toEqual(
    bookings.map(() => 'accepted'),
  );
}

describe('trace', () => {
  it('lists the lots that went into an order, summed per lot, without reversed consumptions', async () => {
    const a1 = consume('FA1000004', { lot: 'A-17', quantity: 25 });
    const a2 = consume('FA1000004', { lot: 'A-17', quantity: 30 });
    const wrong = consume('FA1000004', { lot: 'B-02', quantity: 10 });
    const b = consume('FA1000004', { lot: 'B-03', quantity: 5, expiry: '2027-06-30' });
    const elsewhere = consume('FA1000009', { lot: 'A-17', quantity: 40 });
    await pushAll([a1, a2, wrong, reverse(wrong), b, elsewhere]);

    const response = await server.admin('GET', '/api/v1/trace/order/FA1000004');
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      orderNumber: string;
      materialText: string;
      lots: unknown[];
      consumptions: Array<{ bookingId: string; lot: string; expiry?: string }>;
    }>();
    expect(body.orderNumber).toBe('FA1000004');
    expect(body.materialText).toBe('Lagerdeckel');
    expect(body.lots).toEqual([
      { gtin: DISC, materialNumber: 'RM-AW6082-75', lot: 'A-17', quantity: 55, unit: 'Stk', consumptions: 2 },
      { gtin: DISC, materialNumber: 'RM-AW6082-75', lot: 'B-03', quantity: 5, unit: 'Stk', consumptions: 1 },
    ]);
    expect(body.consumptions.map((c) => c.bookingId)).toEqual([a1.id, a2.id, b.id]);
    expect(body.consumptions[2]).toMatchObject({ lot: 'B-03', expiry: '2027-06-30', stationId: 'ST-10' });
  });

  it('lists the orders that used a lot, optionally only for one GTIN', async () => {
    await pushAll([
      consume('FA1000004', { lot: 'A-17', quantity: 25 }),
      consume('FA1000009', { lot: 'A-17', quantity: 40 }),
      consume('FA1000009', { lot: 'A-17', quantity: 2, gtin: '04012345100082', unit: 'kg' }),
      consume('FA1000009', { lot: 'Z-99', quantity: 1 }),
    ]);
    const all = (await server.admin('GET', '/api/v1/trace/lot/A-17')).json<{ orders: unknown[] }>();
    expect(all.orders).toEqual([
      { orderId: 'FA1000004', orderNumber: 'FA1000004', quantity: 25, unit: 'Stk', consumptions: 1 },
      { orderId: 'FA1000009', orderNumber: 'FA1000009', quantity: 40, unit: 'Stk', consumptions: 1 },
      { orderId: 'FA1000009', orderNumber: 'FA1000009', quantity: 2, unit: 'kg', consumptions: 1 },
    ]);
    const byGtin = await server.admin('GET', `/api/v1/trace/lot/A-17?gtin=${DISC}`);
    expect(byGtin.json<{ orders: Array<{ orderNumber: string }> }>().orders.map((o) => o.orderNumber)).toEqual([
      'FA1000004',
      'FA1000009',
    ]);
    const unused = (await server.admin('GET', '/api/v1/trace/lot/NEVER')).json<{ orders: unknown[] }>();
    expect(unused).toEqual({ lot: 'NEVER', orders: [], consumptions: [] });
  });

  it('answers an order without consumptions with empty lists, an unknown order with 404', async () => {
    expect((await server.admin('GET', '/api/v1/trace/order/FA1000005')).json()).toMatchObject({
      orderNumber: 'FA1000005',
      lots: [],
      consumptions: [],
    });
    const unknown = await server.admin('GET', '/api/v1/trace/order/FA9999999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('needs the admin token and checks its input', async () => {
    for (const url of ['/api/v1/trace/order/FA1000004', '/api/v1/trace/lot/A-17']) {
      expect((await server.request({ method: 'GET', url })).statusCode).toBe(401);
      const asTerminal = await server.request({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${terminal.token}` },
      });
      expect(asTerminal.statusCode).toBe(401);
    }
    expect((await server.admin('GET', '/api/v1/trace/lot/A-17?gtin=123')).statusCode).toBe(400);
    expect((await server.admin('GET', `/api/v1/trace/lot/${'L'.repeat(21)}`)).statusCode).toBe(400);
    expect((await server.admin('GET', '/api/v1/trace/lot/A-17?other=1')).statusCode).toBe(400);
  });
});
