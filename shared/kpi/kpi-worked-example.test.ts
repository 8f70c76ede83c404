import { describe, expect, it } from 'vitest';
import type { Shift } from '../master-data';
import { stationKpis } from './kpi';
import { at, MINUTE, streamBuilder } from './kpi-test-stream';

// The worked example of docs/kpi.md, booking for booking. If this test changes, the document changes too.

const EARLY: Shift = {
  id: 'early',
  name: 'Frühschicht',
  start: '06:00',
  end: '14:00',
  breaks: [
    { start: '09:00', end: '09:15', name: 'Pause' },
    { start: '12:00', end: '12:30', name: 'Mittag' },
  ],
  timeZone: 'UTC',
};
const CYCLE_SECONDS: Record<string, number> = { 'OP-A': 60, 'OP-B': 120 };

describe('docs/kpi.md worked example', () => {
  it('computes exactly the figures the document derives by hand', () => {
    const s = streamBuilder();
    s.start(at('06:00'), 'OP-A', 'setup');
    s.start(at('06:20'), 'OP-A', 'production');
    s.good(at('07:00'), 'OP-A', 100);
    s.scrap(at('07:30'), 'OP-A', 10);
    s.downStart(at('08:30'), 'D01');
    s.interrupt(at('08:45'), 'OP-A', 'I01');
    s.downEnd(at('09:30'));
    s.resume(at('09:40'), 'OP-A');
    s.start(at('10:00'), 'OP-B', 'production');
    const typo = s.good(at('10:05'), 'OP-B', 50);
    s.reverse(at('10:06'), typo);
    s.good(at('11:00'), 'OP-A', 120);
    s.good(at('12:50'), 'OP-B', 70);
    s.rework(at('12:55'), 'OP-B', 5);
    s.finish(at('13:00'), 'OP-B', 'final');
    s.good(at('13:30'), 'OP-A', 100);

    const kpis = stationKpis({
      from: at('06:00'),
      to: at('14:00'),
      bookings: s.bookings,
      calendar: { shifts: [EARLY], timeZone: 'UTC' },
      cycleSeconds: (op) => CYCLE_SECONDS[op],
    });

    expect(kpis.plannedBusyTime).toBe(435 * MINUTE);
    expect(kpis.actualProductionTime).toBe(360 * MINUTE);
    expect(kpis.setupTime).toBe(20 * MINUTE);
    expect(kpis.downtime).toEqual({
      total: 55 * MINUTE,
      byReason: [
        { reasonCode: 'D01', time: 45 * MINUTE, minutes: 45 },
        { reasonCode: 'I01', time: 10 * MINUTE, minutes: 10 },
      ],
    });
    expect(kpis.unaccountedTime).toBe(0);
    expect(kpis.operationTime).toBe(510 * MINUTE);
    expect(kpis.plannedRunTime).toBe(480 * MINUTE);
    expect({ produced: kpis.produced, good: kpis.good, scrap: kpis.scrap, rework: kpis.rework }).toEqual({
      produced: 405,
      good: 390,
      scrap: 10,
      rework: 5,
    });
    expect(kpis.availability).toBeCloseTo(360 / 435, 12);
    expect(kpis.performance).toBeCloseTo(480 / 510, 12);
    expect(kpis.quality).toBeCloseTo(390 / 405, 12);
    expect(kpis.oee).toBeCloseTo((360 / 435) * (480 / 510) * (390 / 405), 12);
    expect(kpis.oee).toBeCloseTo(0.7501, 4);
    expect(kpis.scrapRate).toBeCloseTo(10 / 405, 12);
    expect(kpis.target).toBe(435);
    expect(kpis.interruptions).toBe(2);
    expect(kpis.meanTimeBetweenInterruptions).toBe(180 * MINUTE);
  });
});
