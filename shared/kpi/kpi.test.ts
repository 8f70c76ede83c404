import { describe, expect, it } from 'vitest';
import type { Shift } from '../master-data';
import { combineFigures, stationKpiFigures, stationKpis, withRatios, type StationKpiInput } from './kpi';
import { at, MINUTE, streamBuilder } from './testing/stream';
import type { KpiBooking } from './station-timeline';

// Hand-computed figures on small streams; every case names the convention of docs/kpi.md it checks.

const HOUR = 60 * MINUTE;
const EARLY: Shift = {
  id: 'early',
  name: 'Früh',
  start: '06:00',
  end: '14:00',
  breaks: [{ start: '12:00', end: '12:30' }],
};
const LATE: Shift = { id: 'late', name: 'Spät', start: '14:00', end: '22:00' };
const NIGHT: Shift = { id: 'night', name: 'Nacht', start: '22:00', end: '06:00' };
const CALENDAR = { shifts: [EARLY, LATE, NIGHT], timeZone: 'UTC' };

function kpis(bookings: KpiBooking[], from: number, to: number, extra: Partial<StationKpiInput> = {}) {
  return stationKpis({ from, to, bookings, calendar: CALENDAR, cycleSeconds: () => 60, ...extra });
}

describe('stationKpis', () => {
  it('splits an operation that spans a shift change between the two shifts', () => {
    const s = streamBuilder();
    s.start(at('13:00'), 'OP-A');
    s.good(at('13:30'), 'OP-A', 50);
    s.good(at('14:30'), 'OP-A', 40);
    s.finish(at('15:00'), 'OP-A');
    const early = kpis(s.bookings, at('06:00'), at('14:00'));
    const late = kpis(s.bookings, at('14:00'), at('22:00'));
    expect(early.actualProductionTime).toBe(60 * MINUTE);
    expect(early.plannedBusyTime).toBe(450 * MINUTE);
    expect(early.good).toBe(50);
    expect(late.actualProductionTime).toBe(60 * MINUTE);
    expect(late.good).toBe(40);
    const both = kpis(s.bookings, at('06:00'), at('22:00'));
    expect(both.actualProductionTime).toBe(early.actualProductionTime + late.actualProductionTime);
  });

  it('takes the state at the window start from bookings before it (an operation over midnight)', () => {
    const s = streamBuilder();
    s.start(at('21:00'), 'OP-A');
    s.interrupt(at('05:00', 1), 'OP-A', 'I02');
    const night = kpis(s.bookings, at('22:00'), at('06:00', 1));
    expect(night.plannedBusyTime).toBe(8 * HOUR);
    expect(night.actualProductionTime).toBe(7 * HOUR);
    expect(night.downtime).toEqual({ total: HOUR, byReason: [{ reasonCode: 'I02', time: HOUR, minutes: 60 }] });
    expect(night.availability).toBeCloseTo(7 / 8, 12);
  });

  it('counts a break inside a downtime neither as downtime nor as planned time', () => {
    const s = streamBuilder();
    s.start(at('11:00'), 'OP-A');
    s.downStart(at('11:50'), 'D01');
    s.downEnd(at('12:40'));
    const result = kpis(s.bookings, at('11:00'), at('13:00'));
    expect(result.plannedBusyTime).toBe(90 * MINUTE);
    expect(result.downtime.total).toBe(20 * MINUTE);
    expect(result.actualProductionTime).toBe(70 * MINUTE);
    expect(result.availability).toBeCloseTo(70 / 90, 12);
  });

  it('never counts production in a break, but counts pieces booked in it', () => {
    const s = streamBuilder();
    s.start(at('11:30'), 'OP-A');
    s.good(at('12:10'), 'OP-A', 30);
    s.finish(at('13:00'), 'OP-A');
    const result = kpis(s.bookings, at('11:30'), at('13:00'));
    expect(result.actualProductionTime).toBe(60 * MINUTE);
    expect(result.good).toBe(30);
    expect(result.performance).toBeCloseTo(30 / 60, 12);
  });

  it('counts parallel operations once for availability and each for performance', () => {
    const s = streamBuilder();
    s.start(at('07:00'), 'OP-A');
    s.start(at('07:30'), 'OP-B');
    s.good(at('07:50'), 'OP-A', 60);
    s.good(at('07:55'), 'OP-B', 30);
    s.finish(at('08:00'), 'OP-A');
    s.finish(at('08:00'), 'OP-B');
    const result = kpis(s.bookings, at('07:00'), at('08:00'));
    expect(result.actualProductionTime).toBe(HOUR);
    expect(result.operationTime).toBe(90 * MINUTE);
    expect(result.availability).toBe(1);
    expect(result.performance).toBe(1);
    expect(result.target).toBe(90);
  });

  it('gives each instant of overlapping stops to one reason: downtime before interruption, the earlier first', () => {
    const s = streamBuilder();
    s.start(at('07:00'), 'OP-A');
    s.start(at('07:00'), 'OP-B');
    s.interrupt(at('08:00'), 'OP-A', 'I01');
    s.interrupt(at('08:10'), 'OP-B', 'I03');
    s.downStart(at('08:20'), 'D01');
    s.downStart(at('08:30'), 'D02');
    s.downEnd(at('08:40'));
    s.resume(at('08:50'), 'OP-A');
    s.resume(at('09:00'), 'OP-B');
    const result = kpis(s.bookings, at('07:00'), at('09:00'));
    // OP-B still runs until 08:10; then 08:10-08:20 I01 (began before I03), 08:20-08:30 D01, 08:30-08:40 D02,
    // 08:40-08:50 I01 again; OP-A runs from 08:50.
    expect(result.downtime).toEqual({
      total: 40 * MINUTE,
      byReason: [
        { reasonCode: 'I01', time: 20 * MINUTE, minutes: 20 },
        { reasonCode: 'D01', time: 10 * MINUTE, minutes: 10 },
        { reasonCode: 'D02', time: 10 * MINUTE, minutes: 10 },
      ],
    });
    expect(result.actualProductionTime).toBe(80 * MINUTE);
    expect(result.actualProductionTime + result.downtime.total).toBe(result.plannedBusyTime);
    // I01, I03 and the downtime began; the change of the downtime's reason is not a new stop.
    expect(result.interruptions).toBe(3);
  });

  it('treats a partial confirmation as stopping work without a fault, counting its quantity', () => {
    const s = streamBuilder();
    s.start(at('07:00'), 'OP-A');
    s.finish(at('07:30'), 'OP-A', 'partial', 25);
    s.resume(at('07:45'), 'OP-A');
    const result = kpis(s.bookings, at('07:00'), at('08:00'));
    expect(result.actualProductionTime).toBe(45 * MINUTE);
    expect(result.downtime.total).toBe(0);
    expect(result.unaccountedTime).toBe(15 * MINUTE);
    expect(result.good).toBe(25);
  });

  it('keeps setup time apart from production; a resume continues in production, as on the terminal', () => {
    const s = streamBuilder();
    s.start(at('07:00'), 'OP-A', 'setup');
    s.interrupt(at('07:10'), 'OP-A', 'I01');
    s.resume(at('07:20'), 'OP-A');
    s.start(at('07:40'), 'OP-B', 'setup');
    s.resume(at('07:45'), 'OP-B');
    s.finish(at('07:50'), 'OP-A');
    const result = kpis(s.bookings, at('07:00'), at('08:00'));
    // 07:00-07:10 setup, 07:10-07:20 I01, 07:20-07:50 OP-A production, 07:50-08:00 OP-B setup (its resume
    // during setup leaves it in setup).
    expect(result.setupTime).toBe(20 * MINUTE);
    expect(result.downtime.total).toBe(10 * MINUTE);
    expect(result.actualProductionTime).toBe(30 * MINUTE);
  });

  it('uses business time: occurredAt corrected by the terminal clock offset', () => {
    const s = streamBuilder();
    const start = s.start(at('07:00'), 'OP-A');
    start.clockOffsetMs = 10 * MINUTE;
    const result = kpis(s.bookings, at('07:00'), at('08:00'));
    expect(result.actualProductionTime).toBe(50 * MINUTE);
  });

  it('ends planned time and open intervals at asOf (the shift so far)', () => {
    const s = streamBuilder();
    s.start(at('06:00'), 'OP-A');
    s.downStart(at('09:00'), 'D01');
    const result = kpis(s.bookings, at('06:00'), at('14:00'), { asOf: at('10:00') });
    expect(result.plannedBusyTime).toBe(4 * HOUR);
    expect(result.actualProductionTime).toBe(3 * HOUR);
    expect(result.downtime.total).toBe(HOUR);
    expect(result.to).toBe(at('14:00'));
  });

  it('gives null ratios, never NaN, when nothing is planned, run or produced', () => {
    const empty = kpis([], at('07:00'), at('07:00'));
    expect(empty.plannedBusyTime).toBe(0);
    expect([empty.availability, empty.performance, empty.quality, empty.oee, empty.scrapRate]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(empty.meanTimeBetweenInterruptions).toBeNull();
    // Outside every shift: pieces still count, ratios over time do not exist.
    const s = streamBuilder();
    s.good(at('07:00'), 'OP-A', 5);
    const noShift = kpis(s.bookings, at('06:00'), at('08:00'), { calendar: { shifts: [], timeZone: 'UTC' } });
    expect(noShift.good).toBe(5);
    expect(noShift.quality).toBe(1);
    expect(noShift.availability).toBeNull();
    expect(noShift.oee).toBeNull();
    expect(JSON.stringify(noShift)).not.toContain('NaN');
  });

  it('leaves reversed bookings out and counts quantities of operations without a cycle time apart', () => {
    const s = streamBuilder();
    s.start(at('07:00'), 'OP-A');
    const wrong = s.scrap(at('07:10'), 'OP-A', 8);
    s.reverse(at('07:20'), wrong);
    s.good(at('07:30'), 'OP-X', 4);
    const result = kpis(s.bookings, at('07:00'), at('08:00'), {
      cycleSeconds: (op) => (op === 'OP-A' ? 60 : undefined),
    });
    expect(result.scrap).toBe(0);
    expect(result.produced).toBe(4);
    expect(result.producedWithoutCycleTime).toBe(4);
    expect(result.plannedRunTime).toBe(0);
  });

  it('adds stations up and computes the ratios from the sums', () => {
    const a = streamBuilder();
    a.start(at('07:00'), 'OP-A');
    a.good(at('07:30'), 'OP-A', 60);
    const b = streamBuilder();
    b.downStart(at('07:00'), 'D01');
    const window = { from: at('07:00'), to: at('08:00'), calendar: CALENDAR, cycleSeconds: () => 60 };
    const sum = combineFigures([
      stationKpiFigures({ ...window, bookings: a.bookings }),
      stationKpiFigures({ ...window, bookings: b.bookings }),
    ]);
    const area = withRatios(window.from, window.to, sum);
    expect(area.plannedBusyTime).toBe(2 * HOUR);
    expect(area.actualProductionTime).toBe(HOUR);
    expect(area.availability).toBe(0.5);
    expect(area.performance).toBe(1);
    expect(area.downtime.byReason).toEqual([{ reasonCode: 'D01', time: HOUR, minutes: 60 }]);
  });

  it('accounts for every planned millisecond exactly once on random streams', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round += 1) {
      const s = streamBuilder();
      for (let i = 0; i < 30; i += 1) {
        const time = at('05:00') + Math.floor(random() * 10 * 60) * MINUTE;
        const op = random() < 0.5 ? 'OP-A' : 'OP-B';
        const pick = Math.floor(random() * 7);
        if (pick === 0) s.start(time, op, random() < 0.3 ? 'setup' : 'production');
        else if (pick === 1) s.interrupt(time, op, random() < 0.5 ? 'I01' : 'I03');
        else if (pick === 2) s.resume(time, op);
        else if (pick === 3) s.finish(time, op, random() < 0.5 ? 'final' : 'partial');
        else if (pick === 4) s.downStart(time, random() < 0.5 ? 'D01' : 'D02');
        else if (pick === 5) s.downEnd(time);
        else s.good(time, op, 1 + Math.floor(random() * 10));
      }
      const result = kpis(s.bookings, at('06:00'), at('14:00'));
      const accounted = result.actualProductionTime + result.setupTime + result.downtime.total + result.unaccountedTime;
      expect(accounted).toBe(result.plannedBusyTime);
      expect(result.downtime.byReason.reduce((sum, r) => sum + r.time, 0)).toBe(result.downtime.total);
      expect(result.availability).toBeGreaterThanOrEqual(0);
      expect(result.availability).toBeLessThanOrEqual(1);
    }
  });
});
