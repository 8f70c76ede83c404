import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '@shared/protocol';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

// Quality results through the real push: every fail and every pass the limits contradict is flagged for
// the shift lead by the same verdict rule the terminal uses; the booking itself is always stored.

let server: TestServer;
let terminal: { terminalId: string; token: string };
const EPOCH = 'epoch-q';

beforeEach(async () => {
  server = await startTestServer();
  terminal = await server.enroll('ST-40');
});
afterEach(async () => {
  await server.dispose();
});

const result = (seq: number, payload: Record<string, unknown>) =>
  makeBooking(terminal.terminalId, EPOCH, seq, {
    type: 'quality.result',
    stationId: 'ST-40',
    orderId: 'FA1000001',
    operationId: 'FA1000001-0030',
    payload: payload as never,
  });

describe('quality review', () => {
  it('flags a fail, a false pass, an implausible value and a wrong defect code; a true pass stays clean', async () => {
    const response = await server.push(terminal.token, {
      terminalId: terminal.terminalId,
      epoch: EPOCH,
      bookings: [
        result(1, { characteristicId: 'WEL-LEN', value: 120.2, verdict: 'pass' }),
        result(2, { characteristicId: 'WEL-LEN', value: 121, verdict: 'fail' }),
        result(3, { characteristicId: 'WEL-LEN', value: 121, verdict: 'pass' }),
        result(4, { characteristicId: 'WEL-LEN', value: 12000, verdict: 'fail' }),
        result(5, { characteristicId: 'WEL-SURF', attribute: 'nok', defectCode: 'F01', verdict: 'fail' }),
        result(6, { characteristicId: 'WEL-SURF', attribute: 'nok', defectCode: 'S01', verdict: 'fail' }),
        result(7, { characteristicId: 'GEH-LEAK', attribute: 'ok', verdict: 'pass' }),
      ],
    });
    const body = response.json<PushResponse>();
    expect(body.results.map((r) => r.status)).toEqual(Array(7).fill('accepted'));
    expect(server.countRows().bookings).toBe(7);
    const stored = (await server.admin('GET', '/api/v1/admin/bookings')).json<{
      bookings: Array<{ review?: string[]; booking: { seq: number } }>;
    }>();
    const reviewBySeq = stored.bookings.map((row) => [row.booking.seq, row.review]);
    expect(reviewBySeq).toEqual([
      [1, undefined],
      [2, ['quality-fail(WEL-LEN)']],
      [3, ['quality-false-pass(WEL-LEN)']],
      [4, ['quality-fail(WEL-LEN)', 'quality-implausible(WEL-LEN)']],
      [5, ['quality-fail(WEL-SURF)']],
      [6, ['reason-kind-mismatch(S01:scrap)', 'quality-fail(WEL-SURF)']],
      // GEH-LEAK belongs to the housing plan, not to this operation's.
      [7, ['unknown-characteristic(GEH-LEAK)']],
    ]);
  });
});
