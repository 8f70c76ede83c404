import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { at, MINUTE } from '@shared/kpi/testing/stream';
import type { Shift } from '@shared/master-data';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';
import { stationFiguresWithMachine, UNASSIGNED_MACHINE_STOP } from './machine-figures';

// The machine-data worked example of docs/kpi.md, pushed through the real sync push into SQLite and read back
// by the KPI API; then the rules the example does not reach, on the pure merge.

const SHIFT: Shift = {
  id: 'early',
  name: 'Frühschicht',
  start: '06:00',
  end: '10:00',
  breaks: [{ start: '08:00', end: '08:15', name: 'Pause' }],
  timeZone: 'UTC',
};
const SECOND = 1_000;
const ORDER = 'MDA-1';
const OPERATION = 'OP-M';

/** A booking before the push gives it its terminal, epoch, seq and id; the payload is checked by the server. */
type Draft = { type: Booking['type']; payload: unknown; occurredAt: number } & Partial<
  Omit<Booking, 'type' | 'payload'>
>;

const person = (time: number, type: Booking['type'], payload: unknown, operationId?: string): Draft => ({
  type,
  payload,
  occurredAt: time,
  operatorId: 'P-1001',
  orderId: operationId === undefined ? undefined : ORDER,
  operationId,
});
const machine = (time: number, type: Booking['type'], payload: unknown): Draft => ({
  type,
  payload,
  occurredAt: time,
  operatorId: undefined,
  orderId: undefined,
  operationId: undefined,
});
/** The run signal changed at `since`; booked once it held (2 s later). */
const run = (since: number, state: 'running' | 'stopped') =>
  machine(since + 2 * SECOND, 'machine.state', { signal: 'press-1.run', state, since });

let counter = 0;
/** Pieces counted up to `to`, chained on the counter; booked a second after the interval closed. */
const count = (to: number, pieces: number) => {
  const startValue = counter;
  counter += pieces;
  return machine(to + SECOND, 'machine.count', {
    signal: 'press-1.parts',
    from: to - 30 * MINUTE,
    to,
    bits: 32,
    startValue,
    endValue: counter,
    pieces,
    resets: 0,
    wraps: 0,
  });
};

/** docs/kpi.md, "Machine data": the worked example, in the order the terminal books it. */
function example(): Draft[] {
  counter = 0;
  return [
    count(at('05:59'), 50), // before the window: not this shift's
    person(at('06:00'), 'operation.start', { phase: 'production' }, OPERATION),
    run(at('06:00'), 'running'),
    run(at('06:40'), 'stopped'),
    run(at('06:52'), 'running'),
    count(at('07:00'), 130),
    person(at('07:00'), 'quantity.good', { quantity: 150, unit: 'Stk' }, OPERATION),
    run(at('07:10'), 'stopped'),
    person(at('07:12'), 'downtime.start', { reasonCode: 'D01' }),
    run(at('07:30'), 'running'),
    person(at('07:35'), 'downtime.end', {}),
    run(at('07:50'), 'stopped'),
    run(at('07:51'), 'running'),
    run(at('07:58'), 'stopped'),
    count(at('08:00'), 120),
    run(at('08:20'), 'running'),
    count(at('09:00'), 80),
    person(at('09:30'), 'quantity.good', { quantity: 200, unit: 'Stk' }, OPERATION),
    person(at('09:40'), 'quantity.scrap', { quantity: 20, unit: 'Stk', reasonCode: 'S01' }, OPERATION),
    count(at('09:59'), 70),
  ];
}

describe('KPIs with machine data', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ now: () => at('00:00', 1) });
    const imported = await server.admin('POST', '/api/v1/admin/import', {
      orders: [
        {
          id: ORDER,
          number: ORDER,
          material: 'M-1',
          materialText: 'Beispiel',
          quantity: 1000,
          unit: 'Stk',
          dueDate: '2026-11-30',
          status: 'released',
        },
      ],
      operations: [
        {
          id: OPERATION,
          orderId: ORDER,
          number: '0010',
          text: 'Pressen',
          stationId: 'ST-10',
          setupMinutes: 10,
          cycleSeconds: 24,
          status: 'released',
        },
      ],
    });
    expect(imported.statusCode).toBe(200);
    const shifts = await server.admin('POST', '/api/v1/admin/import', { mode: 'replace', shifts: [SHIFT] });
    expect(shifts.statusCode).toBe(200);
  });
  afterEach(async () => {
    await server.dispose();
  });

  async function push(drafts: Draft[]): Promise<void> {
    const terminal = await server.enroll('ST-10');
    const bookings = drafts.map((draft, index) =>
      makeBooking(terminal.terminalId, 'epoch-mda', index + 1, { ...draft, id: uuidv7() } as Partial<Booking>),
    );
    const response = await server.push(terminal.token, {
      terminalId: terminal.terminalId,
      epoch: 'epoch-mda',
      bookings,
    });
    expect(response.json<{ results: Array<{ status: string }> }>().results.map((r) => r.status)).toEqual(
      bookings.map(() => 'accepted'),
    );
  }

  it('answers the machine-data worked example of docs/kpi.md', async () => {
    await push(example());
    const response = await server.admin('GET', `/api/v1/kpi?stationId=ST-10&from=${at('06:00')}&to=${at('10:00')}`);
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, number | null>>();
    expect(body).toMatchObject({
      plannedBusyTime: 225 * MINUTE,
      actualProductionTime: 181 * MINUTE,
      setupTime: 0,
      unaccountedTime: 0,
      downtime: {
        total: 44 * MINUTE,
        byReason: [
          { reasonCode: 'D01', reasonText: 'Kein Material', minutes: 25 },
          { reasonCode: UNASSIGNED_MACHINE_STOP, reasonText: 'Maschinenstopp ohne Grund', minutes: 19 },
        ],
      },
      operationTime: 181 * MINUTE,
      produced: 400,
      good: 350,
      scrap: 20,
      rework: 0,
      plannedRunTime: 160 * MINUTE,
      producedWithoutCycleTime: 0,
      target: 452.5,
      interruptions: 3,
      meanTimeBetweenInterruptions: (181 * MINUTE) / 3,
      machine: { counted: 400, unconfirmed: 30, stops: 3, unassignedStops: 2, stopTime: 21 * MINUTE },
    });
    expect(body.availability).toBeCloseTo(181 / 225, 12);
    expect(body.performance).toBeCloseTo(160 / 181, 12);
    expect(body.quality).toBeCloseTo(0.875, 12);
    expect(body.oee).toBeCloseTo(0.622222222222, 10);
    expect(body.scrapRate).toBeCloseTo(0.05, 12);

    const english = await server.admin(
      'GET',
      `/api/v1/kpi?stationId=ST-10&from=${at('06:00')}&to=${at('10:00')}&lang=en`,
    );
    expect(english.json<{ downtime: { byReason: Array<{ reasonText: string }> } }>().downtime.byReason[1]).toEqual(
      expect.objectContaining({ reasonText: 'Machine stop, no reason given' }),
    );
  });

  it('leaves a station without machine data as people booked it', async () => {
    await push(example().filter((draft) => !draft.type.startsWith('machine.')));
    const body = (await server.admin('GET', `/api/v1/kpi?stationId=ST-10&from=${at('06:00')}&to=${at('10:00')}`)).json<
      Record<string, unknown>
    >();
    expect(body).toMatchObject({ actualProductionTime: 202 * MINUTE, produced: 370, interruptions: 1 });
    expect(body.machine).toBeUndefined();
  });
});

describe('merging machine data (pure)', () => {
  const base = {
    from: at('06:00'),
    to: at('10:00'),
    calendar: { shifts: [SHIFT], timeZone: 'UTC' },
    cycleSeconds: () => 60,
    microStopMs: 2 * MINUTE,
  };
  const kpi = (id: number, type: Booking['type'], time: number, payload: unknown, operationId?: string) => ({
    id: `b-${id}`,
    type,
    occurredAt: time,
    clockOffsetMs: 0,
    operationId,
    payload,
  });

  it('never lets produced fall below what people booked, and counts nothing twice where machines overlap', () => {
    const { figures, machine } = stationFiguresWithMachine({
      ...base,
      bookings: [
        kpi(1, 'operation.start', at('06:00'), { phase: 'production' }, 'A'),
        kpi(2, 'quantity.good', at('07:00'), { quantity: 90 }, 'A'),
        // Two overlapping interruptions and a downtime: the stop below is covered by the one begun first.
        kpi(3, 'downtime.start', at('06:35'), { reasonCode: 'D02' }),
        kpi(4, 'downtime.end', at('06:45'), {}),
      ],
      machineStates: [
        { signal: 'm1.run', state: 'running', since: at('05:00') },
        { signal: 'm1.run', state: 'stopped', since: at('06:30') },
        { signal: 'm1.run', state: 'running', since: at('06:50') },
        // A second machine of the station stops over the same time: one stop, not two.
        { signal: 'm2.run', state: 'stopped', since: at('06:40') },
        { signal: 'm2.run', state: 'unknown', since: at('07:00') },
      ],
      machineCounts: [{ at: at('06:30'), pieces: 60 }],
      microStopMs: 2 * MINUTE,
    });
    // The counter saw 60, people booked 90 (hand-made, or counted while the link was down): 90 are produced.
    expect(figures.produced).toBe(90);
    expect(machine).toMatchObject({ counted: 60, unconfirmed: 0, stops: 1, unassignedStops: 0 });
    // 06:30-07:00 stopped; 06:35-06:45 was D02 already; the rest of the stop (20 min) goes to D02 too.
    expect(figures.downtime.byReason).toEqual([{ reasonCode: 'D02', time: 30 * MINUTE, minutes: 30 }]);
    expect(figures.actualProductionTime).toBe(225 * MINUTE - 30 * MINUTE);
    expect(figures.actualProductionTime + figures.setupTime + figures.downtime.total + figures.unaccountedTime).toBe(
      figures.plannedBusyTime,
    );
  });

  it('takes nothing from setup, unaccounted time or a break, and never makes availability negative', () => {
    const { figures, machine } = stationFiguresWithMachine({
      ...base,
      bookings: [kpi(1, 'operation.start', at('09:00'), { phase: 'setup' }, 'A')],
      machineStates: [{ signal: 'm1.run', state: 'stopped', since: at('05:00') }],
      machineCounts: [{ at: at('09:30'), pieces: 5 }],
    });
    expect(figures).toMatchObject({ actualProductionTime: 0, setupTime: 60 * MINUTE, unaccountedTime: 165 * MINUTE });
    expect(figures.downtime.total).toBe(0);
    // Pieces counted in setup belong to the operation in setup and are produced, not good.
    expect(figures).toMatchObject({ produced: 5, good: 0, plannedRunTime: 5 * MINUTE });
    expect(machine).toMatchObject({ counted: 5, unconfirmed: 5, stops: 0, stopTime: 0 });
  });
});
