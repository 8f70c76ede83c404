import { describe, expect, it } from 'vitest';
import { stationKpis } from './kpi';
import { at, MINUTE } from './testing/stream';
import { WORKED_EXAMPLE_CYCLE_SECONDS, WORKED_EXAMPLE_SHIFT, workedExampleStream } from './testing/worked-example';

// The worked example of docs/kpi.md, booking for booking. If this test changes, the document changes too.

describe('docs/kpi.md worked example', () => {
  it('computes exactly the figures the document derives by hand', () => {
    const kpis = stationKpis({
      from: at('06:00'),
      to: at('14:00'),
      bookings: workedExampleStream(),
      calendar: { shifts: [WORKED_EXAMPLE_SHIFT], timeZone: 'UTC' },
      cycleSeconds: (op) => WORKED_EXAMPLE_CYCLE_SECONDS[op],
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
