import { afterEach, describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '@shared/board';
import { LineNotesSchema } from '@shared/board/line-notes';
import type { Booking } from '@shared/booking';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

// A lead at a terminal reads the line with the terminal's own token: the board, the stations' notes and
// transport requests, and the scanners each terminal reported. Real server, SQLite, demo plant.

const T0 = Date.UTC(2026, 11, 2, 6, 0);
const HOUR = 3_600_000;
let clock = T0;
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.dispose();
});

async function start(): Promise<TestServer> {
  const server = await startTestServer({ now: () => clock });
  servers.push(server);
  return server;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the line for a terminal', () => {
  it('lets an enrolled terminal read the board and its events, but nothing it may not (KPIs, revoked)', async () => {
    clock = T0;
    const server = await start();
    const terminal = await server.enroll('ST-10');

    const board = await server.request({ method: 'GET', url: '/api/v1/board', headers: bearer(terminal.token) });
    expect(board.statusCode).toBe(200);
    expect(board.json<BoardSnapshot>().stations.map((s) => s.stationId)).toContain('ST-20');

    const kpi = await server.request({
      method: 'GET',
      url: `/api/v1/kpi?stationId=ST-10&from=${T0 - HOUR}&to=${T0}`,
      headers: bearer(terminal.token),
    });
    expect(kpi.statusCode).toBe(401);
    const unknown = await server.request({ method: 'GET', url: '/api/v1/board', headers: bearer('not-a-token') });
    expect(unknown.statusCode).toBe(401);

    expect((await server.admin('POST', `/api/v1/admin/terminals/${terminal.terminalId}/revoke`, {})).statusCode).toBe(
      200,
    );
    const revoked = await server.request({ method: 'GET', url: '/api/v1/board', headers: bearer(terminal.token) });
    expect(revoked.statusCode).toBe(401);
  });

  it('serves the newest notes and transport requests of all stations, and the scanners on the board', async () => {
    clock = T0;
    const server = await start();
    const st10 = await server.enroll('ST-10');
    const st20 = await server.enroll('ST-20');
    const note = (terminalId: string, seq: number, overrides: Partial<Booking>) =>
      makeBooking(terminalId, 'e', seq, {
        orderId: undefined,
        operationId: undefined,
        ...overrides,
      } as Partial<Booking>);
    await server.push(st20.token, {
      terminalId: st20.terminalId,
      epoch: 'e',
      bookings: [
        note(st20.terminalId, 1, {
          type: 'shift.note',
          stationId: 'ST-20',
          operatorId: 'P-1002',
          occurredAt: T0 - 20 * HOUR,
          payload: { text: 'yesterday' },
        } as Partial<Booking>),
        note(st20.terminalId, 2, {
          type: 'shift.note',
          stationId: 'ST-20',
          operatorId: 'P-1002',
          occurredAt: T0 - HOUR,
          payload: { text: 'Kühlmittel nachgefüllt' },
        } as Partial<Booking>),
        note(st20.terminalId, 3, {
          type: 'transport.request',
          stationId: 'ST-20',
          operatorId: 'P-1002',
          occurredAt: T0 - 30 * 60_000,
          payload: { destination: 'Lager 3', note: 'Gitterbox voll' },
        } as Partial<Booking>),
      ],
    });

    const answer = await server.request({ method: 'GET', url: '/api/v1/board/notes', headers: bearer(st10.token) });
    expect(answer.statusCode).toBe(200);
    const { notes } = LineNotesSchema.parse(answer.json());
    // Newest first; the note of 20 hours ago is outside the default window.
    expect(notes).toEqual([
      expect.objectContaining({
        type: 'transport.request',
        stationId: 'ST-20',
        operatorName: 'Mehmet Yılmaz',
        destination: 'Lager 3',
        text: 'Gitterbox voll',
        occurredAt: T0 - 30 * 60_000,
      }),
      expect.objectContaining({ type: 'shift.note', text: 'Kühlmittel nachgefüllt', occurredAt: T0 - HOUR }),
    ]);
    const older = await server.request({
      method: 'GET',
      url: `/api/v1/board/notes?since=${T0 - 24 * HOUR}`,
      headers: bearer(st10.token),
    });
    expect(LineNotesSchema.parse(older.json()).notes).toHaveLength(3);
    expect((await server.request({ method: 'GET', url: '/api/v1/board/notes' })).statusCode).toBe(401);

    const scanners = [
      { deviceId: 'hid-1', kind: 'hid', state: 'connected' as const },
      { deviceId: 'serial-1', kind: 'serial', state: 'disconnected' as const },
    ];
    const beat = await server.request({
      method: 'POST',
      url: '/api/v1/terminals/heartbeat',
      headers: bearer(st20.token),
      payload: { pending: 0, oldestPendingAt: null, appVersion: '1.0.0', scanners },
    });
    expect(beat.statusCode).toBe(200);
    const board = (
      await server.request({ method: 'GET', url: '/api/v1/board', headers: bearer(st10.token) })
    ).json<BoardSnapshot>();
    expect(board.stations.find((s) => s.stationId === 'ST-20')?.terminal.scanners).toEqual(scanners);
    expect(board.stations.find((s) => s.stationId === 'ST-10')?.terminal.scanners).toBeUndefined();
  });

  it('leaves out the notes and transport requests that were reversed later', async () => {
    clock = T0;
    const server = await start();
    const st20 = await server.enroll('ST-20');
    const book = (seq: number, overrides: Partial<Booking>) =>
      makeBooking(st20.terminalId, 'e', seq, {
        orderId: undefined,
        operationId: undefined,
        stationId: 'ST-20',
        operatorId: 'P-1002',
        ...overrides,
      } as Partial<Booking>);
    const kept = book(1, {
      type: 'shift.note',
      occurredAt: T0 - 2 * HOUR,
      payload: { text: 'bleibt' },
    } as Partial<Booking>);
    const wrongNote = book(2, {
      type: 'shift.note',
      occurredAt: T0 - HOUR,
      payload: { text: 'falsche Station' },
    } as Partial<Booking>);
    const wrongRequest = book(3, {
      type: 'transport.request',
      occurredAt: T0 - 30 * 60_000,
      payload: { destination: 'Lager 3' },
    } as Partial<Booking>);
    const push = async (bookings: Booking[]) => {
      const answer = await server.push(st20.token, { terminalId: st20.terminalId, epoch: 'e', bookings });
      expect(answer.json<{ results: Array<{ status: string }> }>().results.map((r) => r.status)).toEqual(
        bookings.map(() => 'accepted'),
      );
    };
    const notes = async () => {
      const answer = await server.request({ method: 'GET', url: '/api/v1/board/notes', headers: bearer(st20.token) });
      expect(answer.statusCode).toBe(200);
      return LineNotesSchema.parse(answer.json()).notes.map((note) => note.id);
    };
    await push([kept, wrongNote, wrongRequest]);
    expect(await notes()).toEqual([wrongRequest.id, wrongNote.id, kept.id]);

    // Reversed later, in a push of their own, with a business time outside the notes' window: still left out.
    const reverse = (seq: number, target: Booking) =>
      book(seq, {
        type: 'booking.reverse',
        occurredAt: T0 + 20 * HOUR,
        payload: { reversedBookingId: target.id, reason: 'Irrtum' },
      } as Partial<Booking>);
    await push([reverse(4, wrongNote), reverse(5, wrongRequest)]);
    expect(await notes()).toEqual([kept.id]);
  });
});
