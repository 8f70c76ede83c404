import { describe, expect, it } from 'vitest';
import type { Booking, BookingPayload, BookingType } from '@shared/booking';
import { createStationProjection, type BoardMasterData } from './station-projection';

// Fixed booking streams with hand-computed expectations. Times are minutes after T0 (business time).

const T0 = Date.UTC(2026, 11, 2, 6, 0);
const MIN = 60_000;
const at = (minutes: number) => T0 + minutes * MIN;

const masterData: BoardMasterData = {
  stationIds: () => ['ST-10', 'ST-20'],
  station: (id) => ({ 'ST-10': { name: 'Drehen', area: 'Halle 1' }, 'ST-20': { name: 'Montage' } })[id],
  operatorName: (id) => ({ 'P-1': 'Anna Berger', 'P-2': 'Mehmet Yılmaz' })[id],
  order: (id) =>
    ({
      'FA-1': { number: '1000001', quantity: 100, unit: 'Stk' },
      'FA-2': { number: '1000002', quantity: 20, unit: 'Stk' },
    })[id],
  // One piece per minute on 0010, one per two minutes on 0020.
  operation: (id) =>
    ({ 'FA-1-0010': { number: '0010', cycleSeconds: 60 }, 'FA-2-0020': { number: '0020', cycleSeconds: 120 } })[id],
  reason: (id) =>
    ({ R1: { de: 'Material fehlt', en: 'Material missing' }, D1: { de: 'Werkzeugbruch', en: 'Tool broken' } })[id],
};

let seq = 0;
function booking<T extends BookingType>(
  type: T,
  minutes: number,
  payload: BookingPayload<T>,
  fields: Partial<Pick<Booking, 'operatorId' | 'orderId' | 'operationId' | 'stationId' | 'clockOffsetMs'>> = {},
): Booking {
  seq += 1;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T-1',
    epoch: 'e1',
    seq,
    type,
    occurredAt: at(minutes),
    clockOffsetMs: 0,
    stationId: 'ST-10',
    operatorId: 'P-1',
    orderId: 'FA-1',
    operationId: 'FA-1-0010',
    masterDataVersion: 'v1',
    payload,
    ...fields,
  } as Booking;
}

function projection(offlineAfterMs = 2 * MIN) {
  return createStationProjection({ masterData, offlineAfterMs, startedAt: T0 });
}

describe('station projection', () => {
  it('interrupt and resume: state, since, reason from master data, and the target from production time only', () => {
    const board = projection();
    board.apply(booking('operator.login', 0, { method: 'badge' }, { orderId: undefined, operationId: undefined }));
    board.apply(booking('operation.start', 0, { phase: 'setup' }));
    board.apply(booking('operation.start', 10, { phase: 'production' }));
    board.apply(booking('quantity.good', 20, { quantity: 8, unit: 'Stk' }));
    board.apply(booking('quantity.scrap', 25, { quantity: 1, unit: 'Stk', reasonCode: 'S1' }));
    board.apply(booking('operation.interrupt', 30, { reasonCode: 'R1' }));
    board.recordContact('ST-10', 'T-1', at(35));

    const interrupted = board.station('ST-10', at(35));
    expect(interrupted).toMatchObject({
      state: 'interrupted',
      since: at(30),
      reasonCode: 'R1',
      reasonText: 'Material fehlt',
      reasonTexts: { de: 'Material fehlt', en: 'Material missing' },
      operators: [{ id: 'P-1', name: 'Anna Berger' }],
    });
    // Production ran from minute 10 to 30: 20 minutes at 60 s a piece.
    expect(interrupted.operations).toEqual([
      {
        orderNumber: '1000001',
        operationNumber: '0010',
        phase: 'interrupted',
        good: 8,
        scrap: 1,
        rework: 0,
        planned: 100,
        target: 20,
        orderId: 'FA-1',
        operationId: 'FA-1-0010',
        unit: 'Stk',
        since: at(30),
      },
    ]);

    board.apply(booking('operation.resume', 40, {}));
    board.recordContact('ST-10', 'T-1', at(50));
    const resumed = board.station('ST-10', at(50));
    expect(resumed).toMatchObject({ state: 'producing', since: at(40) });
    expect(resumed.reasonCode).toBeUndefined();
    // 20 minutes before the interruption and 10 since the resume.
    expect(resumed.operations[0]).toMatchObject({ phase: 'production', target: 30, good: 8 });
    expect(resumed.lastBooking).toEqual({
      id: expect.any(String),
      type: 'operation.resume',
      occurredAt: at(40),
      operatorId: 'P-1',
    });
  });

  it('a downtime wins over production, stops the production clock, and its end returns to producing', () => {
    const board = projection();
    board.apply(booking('operation.start', 0, { phase: 'production' }));
    board.apply(booking('downtime.start', 10, { reasonCode: 'D1' }, { orderId: undefined, operationId: undefined }));
    board.recordContact('ST-10', 'T-1', at(20));
    expect(board.station('ST-10', at(20))).toMatchObject({
      state: 'down',
      since: at(10),
      reasonCode: 'D1',
      reasonText: 'Werkzeugbruch',
      operations: [{ phase: 'production', target: 10 }],
    });

    board.apply(booking('downtime.end', 25, {}, { orderId: undefined, operationId: undefined }));
    board.recordContact('ST-10', 'T-1', at(30));
    // Producing again since the downtime ended; production time 0-10 and 25-30.
    expect(board.station('ST-10', at(30))).toMatchObject({
      state: 'producing',
      since: at(25),
      operations: [{ target: 15 }],
    });
  });

  it('parallel operations: production wins over setup and interruption; the station counts its own since', () => {
    const board = projection();
    const other = { orderId: 'FA-2', operationId: 'FA-2-0020' };
    board.apply(booking('operation.start', 0, { phase: 'production' }));
    board.apply(booking('operation.start', 5, { phase: 'setup' }, other));
    board.recordContact('ST-10', 'T-1', at(6));
    expect(board.station('ST-10', at(6))).toMatchObject({ state: 'producing', since: at(0) });

    board.apply(booking('operation.interrupt', 8, { reasonCode: 'R1' }));
    board.recordContact('ST-10', 'T-1', at(9));
    expect(board.station('ST-10', at(9))).toMatchObject({ state: 'setup', since: at(8) });

    board.apply(booking('operation.start', 12, { phase: 'production' }, other));
    board.apply(booking('quantity.good', 20, { quantity: 3, unit: 'Stk' }, other));
    board.apply(booking('operation.finish', 22, { mode: 'final', quantity: 1, unit: 'Stk' }, other));
    board.recordContact('ST-10', 'T-1', at(30));
    const station = board.station('ST-10', at(30));
    // 0020 finished and left the board; 0010 is still interrupted (8 minutes of production, 8 pieces target).
    expect(station).toMatchObject({ state: 'interrupted', since: at(22), reasonCode: 'R1' });
    expect(station.operations).toMatchObject([{ operationNumber: '0010', phase: 'interrupted', target: 8 }]);

    // Restarted with a lead's approval, 0020 continues counting where it stopped: 4 good, 10 minutes = 5 target.
    board.apply(booking('operation.start', 40, { phase: 'production' }, other));
    board.recordContact('ST-10', 'T-1', at(40));
    expect(board.station('ST-10', at(40)).operations).toMatchObject([
      { operationNumber: '0010', phase: 'interrupted' },
      { operationNumber: '0020', phase: 'production', good: 4, target: 5, planned: 20 },
    ]);
  });

  it('a team logs in and out; names come from master data, unknown ones show their id', () => {
    const board = projection();
    const noOperation = { orderId: undefined, operationId: undefined };
    board.apply(booking('operator.login', 0, { method: 'badge' }, { ...noOperation, operatorId: 'P-1' }));
    board.apply(booking('operator.login', 1, { method: 'badge' }, { ...noOperation, operatorId: 'P-2' }));
    board.apply(booking('operator.login', 2, { method: 'pin' }, { ...noOperation, operatorId: 'P-9' }));
    board.apply(booking('operator.login', 3, { method: 'badge' }, { ...noOperation, operatorId: 'P-1' }));
    expect(board.station('ST-10', at(3)).operators).toEqual([
      { id: 'P-1', name: 'Anna Berger' },
      { id: 'P-2', name: 'Mehmet Yılmaz' },
      { id: 'P-9', name: 'P-9' },
    ]);
    board.apply(booking('operator.logout', 4, { reason: 'manual' }, { ...noOperation, operatorId: 'P-1' }));
    board.apply(booking('operator.logout', 5, { reason: 'timeout' }, { ...noOperation, operatorId: 'P-9' }));
    expect(board.station('ST-10', at(5)).operators).toEqual([{ id: 'P-2', name: 'Mehmet Yılmaz' }]);
  });

  it('is offline once the terminal was silent for the configured time, since its last contact', () => {
    const board = projection(2 * MIN);
    board.apply(booking('operation.start', 0, { phase: 'production' }));
    board.recordContact('ST-10', 'T-1', at(1));
    expect(board.station('ST-10', at(3) - 1)).toMatchObject({ state: 'producing', since: at(0) });
    const silent = board.station('ST-10', at(3));
    expect(silent).toMatchObject({ state: 'offline', since: at(1), terminal: { lastSeenAt: at(1) } });
    // The last known facts stay, marked by the state, so the board can show them as stale.
    expect(silent.operations).toHaveLength(1);

    board.recordHeartbeat(
      'ST-10',
      'T-1',
      { pending: 0, oldestPendingAt: null, appVersion: '1.0.0', scanners: [] },
      at(4),
    );
    expect(board.station('ST-10', at(4))).toMatchObject({ state: 'producing', since: at(0) });
    // A station nobody ever heard from is offline since the projection started.
    expect(board.station('ST-20', at(4))).toMatchObject({
      state: 'offline',
      since: T0,
      name: 'Montage',
      area: '',
      terminal: { lastSeenAt: null, pending: null, oldestPendingAt: null, gaps: 0, quarantined: 0, rejected: 0 },
    });
  });

  it('uses the corrected clock for business time and undoes reversed quantities', () => {
    const board = projection();
    // The terminal's clock is 90 s slow: the booking happened at minute 1.5 on the corrected clock.
    board.apply(booking('operation.start', 0, { phase: 'production' }, { clockOffsetMs: 90_000 }));
    const good = booking('quantity.good', 5, { quantity: 6, unit: 'Stk' });
    board.apply(good);
    board.apply(booking('quantity.good', 6, { quantity: 2, unit: 'Stk' }));
    board.apply(booking('booking.reverse', 7, { reversedBookingId: good.id, reason: 'typo' }), good);
    board.recordContact('ST-10', 'T-1', at(7));
    const station = board.station('ST-10', at(7));
    expect(station).toMatchObject({ state: 'producing', since: at(1.5) });
    expect(station.operations[0]).toMatchObject({ good: 2, target: 5 });
  });

  it('adds up the health of every terminal of a station', () => {
    const board = projection();
    const beat = { appVersion: '1.0.0', scanners: [] };
    board.recordHeartbeat('ST-10', 'T-1', { ...beat, pending: 3, oldestPendingAt: at(2) }, at(10));
    board.recordHeartbeat('ST-10', 'T-2', { ...beat, pending: 2, oldestPendingAt: at(1) }, at(9));
    board.recordTerminalCounts('ST-10', 'T-1', { gaps: 2, quarantined: 1, rejected: 0 });
    board.recordTerminalCounts('ST-10', 'T-2', { gaps: 0, quarantined: 0, rejected: 4 });
    expect(board.station('ST-10', at(10)).terminal).toEqual({
      lastSeenAt: at(10),
      pending: 5,
      oldestPendingAt: at(1),
      gaps: 2,
      quarantined: 1,
      rejected: 4,
    });
    expect(board.stationIds()).toEqual(['ST-10', 'ST-20']);
  });
});
