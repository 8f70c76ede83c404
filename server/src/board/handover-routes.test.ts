import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardShifts, Handover, HandoverDraft, HandoverList } from '@shared/board/handover';
import type { Booking, BookingPayload, BookingType } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { makeBooking, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';

// The shift handover against a real server with SQLite and the demo plant (early shift 06:00-14:00 and late
// shift 14:00-22:00, Europe/Berlin): the facts of the draft, signing, and what the next shift's lead reads.

const MIN = 60_000;
const EARLY_START = Date.UTC(2026, 11, 2, 5, 0);
const LATE_START = EARLY_START + 480 * MIN;
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let clock = EARLY_START + 120 * MIN;
let server: TestServer;
let leadCookie: string;
beforeEach(async () => {
  clock = EARLY_START + 120 * MIN;
  server = await startTestServer({ now: () => clock });
  const login = await server.request({
    method: 'POST',
    url: '/api/v1/lead/login',
    payload: { badge: '04A1B2D1', pin: '2468' },
  });
  leadCookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
});
afterEach(async () => {
  await server.dispose();
});

const asLead = (method: 'GET' | 'POST', url: string, payload?: object, cookie = leadCookie) =>
  server.request({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

function at<T extends BookingType>(
  terminalId: string,
  seq: number,
  minute: number,
  type: T,
  payload: BookingPayload<T>,
) {
  const occurredAt = EARLY_START + minute * MIN;
  return makeBooking(terminalId, 'e', seq, { id: uuidv7(occurredAt), type, payload, occurredAt } as Partial<Booking>);
}

async function bookEarlyShift(): Promise<void> {
  const terminal = await server.enroll('ST-10');
  const noOperation = { orderId: undefined, operationId: undefined };
  const response = await server.push(terminal.token, {
    terminalId: terminal.terminalId,
    epoch: 'e',
    bookings: [
      at(terminal.terminalId, 1, 10, 'operation.start', { phase: 'production' }),
      at(terminal.terminalId, 2, 30, 'quantity.good', { quantity: 12, unit: 'Stk' }),
      at(terminal.terminalId, 3, 35, 'quantity.scrap', { quantity: 2, unit: 'Stk', reasonCode: 'S01' }),
      { ...at(terminal.terminalId, 4, 40, 'downtime.start', { reasonCode: 'D03' }), ...noOperation },
      { ...at(terminal.terminalId, 5, 55, 'downtime.end', {}), ...noOperation },
      { ...at(terminal.terminalId, 6, 60, 'shift.note', { text: 'Kühlmittel nachfüllen' }), ...noOperation },
      // A closed order: a review item for the lead.
      {
        ...at(terminal.terminalId, 7, 61, 'quantity.good', { quantity: 1, unit: 'Stk' }),
        orderId: 'FA1000019',
        operationId: 'FA1000019-0010',
      },
    ],
  });
  expect(response.statusCode).toBe(200);
}

describe('shift handover', () => {
  it("drafts from the shift's facts, is signed by the lead and read by the next shift's lead", async () => {
    await bookEarlyShift();
    const draft = (await asLead('GET', '/api/v1/board/handover/draft')).json<HandoverDraft>();
    expect(draft.shift).toEqual({ shiftId: 'early', name: 'Frühschicht', start: EARLY_START, end: LATE_START });
    expect(draft.signed).toBeNull();
    expect(draft.facts.totals).toEqual({ good: 13, scrap: 2, rework: 0, downtimeMinutes: 15 });
    expect(draft.facts.stations.find((s) => s.stationId === 'ST-10')).toMatchObject({
      good: 13,
      scrap: 2,
      downtimeMinutes: 15,
    });
    expect(draft.facts.downtimes).toEqual([
      { reasonCode: 'D03', reasonTexts: { de: 'Maschinenstörung', en: 'Machine breakdown' }, minutes: 15 },
    ]);
    expect(draft.facts.openReview).toBe(1);
    expect(draft.facts.notes).toEqual([
      expect.objectContaining({ stationId: 'ST-10', text: 'Kühlmittel nachfüllen', operatorName: 'Anna Berger' }),
    ]);

    clock = LATE_START - 5 * MIN;
    const signed = await asLead('POST', '/api/v1/board/handovers', {
      shiftStart: EARLY_START,
      text: 'Spindel ST-10 beobachten.',
    });
    expect(signed.statusCode).toBe(201);
    expect(signed.json<Handover>()).toMatchObject({
      shift: { shiftId: 'early', start: EARLY_START },
      text: 'Spindel ST-10 beobachten.',
      authorId: 'P-2001',
      authorName: 'Sabine Krüger',
      signedAt: clock,
      facts: { totals: { good: 13, scrap: 2 } },
    });
    const again = await asLead('POST', '/api/v1/board/handovers', { shiftStart: EARLY_START, text: 'Nochmal' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('already-signed');

    // The late shift's lead: the early shift is now the previous one, and its handover is there.
    clock = LATE_START + 10 * MIN;
    const shifts = (await asLead('GET', '/api/v1/board/shifts')).json<BoardShifts>();
    expect(shifts.current).toMatchObject({ shiftId: 'late', start: LATE_START });
    expect(shifts.previous).toMatchObject({ shiftId: 'early', start: EARLY_START });
    const login = await server.request({
      method: 'POST',
      url: '/api/v1/lead/login',
      payload: { badge: '04A1B2D2', pin: '1357' },
    });
    const nextLead = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const list = (await asLead('GET', '/api/v1/board/handovers', undefined, nextLead)).json<HandoverList>();
    expect(list.handovers.map((h) => [h.shift.shiftId, h.authorName, h.text])).toEqual([
      ['early', 'Sabine Krüger', 'Spindel ST-10 beobachten.'],
    ]);
    const previousDraft = (
      await asLead('GET', '/api/v1/board/handover/draft?shift=previous', undefined, nextLead)
    ).json<HandoverDraft>();
    expect(previousDraft.signed?.authorName).toBe('Sabine Krüger');
  });

  it('refuses a shift the calendar does not have, one not begun, and a bad body', async () => {
    const sign = (body: object) => asLead('POST', '/api/v1/board/handovers', body);
    expect((await sign({ shiftStart: EARLY_START + 1, text: 'x' })).statusCode).toBe(404);
    expect((await sign({ shiftStart: LATE_START, text: 'x' })).statusCode).toBe(422);
    expect((await sign({ shiftStart: EARLY_START, text: '   ' })).statusCode).toBe(400);
    expect((await sign({ shiftStart: EARLY_START, text: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await asLead('GET', '/api/v1/board/handover/draft?shift=tomorrow')).statusCode).toBe(400);
    expect((await asLead('GET', '/api/v1/board/handovers?limit=500')).statusCode).toBe(400);
  });

  it('is for leads and the admin; a display link reads the shifts only', async () => {
    const noOne = await server.request({ method: 'GET', url: '/api/v1/board/handovers' });
    expect(noOne.statusCode).toBe(401);
    const unsigned = await server.request({
      method: 'POST',
      url: '/api/v1/board/handovers',
      payload: { shiftStart: EARLY_START, text: 'x' },
    });
    expect(unsigned.statusCode).toBe(401);
    const byAdmin = await server.request({
      method: 'POST',
      url: '/api/v1/board/handovers',
      headers: ADMIN,
      payload: { shiftStart: EARLY_START, text: 'vom Admin' },
    });
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json<Handover>().authorId).toBe('admin');

    const link = await server.admin('POST', '/api/v1/admin/display-links', { label: 'Halle 2' });
    const open = await server.request({ method: 'GET', url: link.json<{ path: string }>().path });
    const display = String(open.headers['set-cookie']).split(';')[0] ?? '';
    expect((await asLead('GET', '/api/v1/board/shifts', undefined, display)).statusCode).toBe(200);
    expect((await asLead('GET', '/api/v1/board/handovers', undefined, display)).statusCode).toBe(403);
    expect((await asLead('GET', '/api/v1/board/handover/draft', undefined, display)).statusCode).toBe(403);
    const forged = await asLead('POST', '/api/v1/board/handovers', { shiftStart: EARLY_START, text: 'x' }, display);
    expect(forged.statusCode).toBe(403);
  });

  it('a lead signing from another site is refused', async () => {
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/board/handovers',
      headers: { cookie: leadCookie, origin: 'https://evil.example' },
      payload: { shiftStart: EARLY_START, text: 'x' },
    });
    expect(response.statusCode).toBe(403);
  });
});
