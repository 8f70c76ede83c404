import { describe, expect, it } from 'vitest';
import { DEFAULT_MACHINE_SETTINGS, machineSettingsOf } from '@shared/machine';
import { deriveActivity } from '../operation-activity';
import { bookingStream } from '../testing/booking-stream';
import {
  countInRun,
  goodToConfirm,
  machineFactsOf,
  machinePanelOf,
  machineStateAt,
  stopNeedingReason,
  type MachineFacts,
} from './machine-view';

// Times are plain numbers (a fake clock): minute 0 is T0, and every test says what `now` is.
const T0 = 1_800_000_000_000;
const MIN = 60_000;

function count(pieces: number, from: number, to: number) {
  return { signal: 'M1.parts', from, to, bits: 32, startValue: 0, endValue: pieces, pieces, resets: 0, wraps: 0 };
}

/** A lathe that started production at T0 and whose machine ran from then, counting per minute. */
function producingStation() {
  const book = bookingStream();
  return [
    book('operation.start', { phase: 'production' }, { occurredAt: T0 }),
    book('machine.state', { signal: 'M1.run', state: 'running', since: T0 }, { operatorId: undefined, occurredAt: T0 }),
    book('machine.count', count(10, T0, T0 + MIN), { operatorId: undefined, occurredAt: T0 + MIN + 1_000 }),
    book('machine.count', count(12, T0 + MIN, T0 + 2 * MIN), { operatorId: undefined, occurredAt: T0 + 2 * MIN + 900 }),
  ];
}

const panelAt = (bookings: ReturnType<typeof producingStation>, now: number, settings = DEFAULT_MACHINE_SETTINGS) => {
  const facts = machineFactsOf(bookings, 'ST-10');
  return machinePanelOf({
    facts,
    settings,
    hasMachineSettings: false,
    activity: deriveActivity(bookings),
    selectedOperationId: 'OP-1',
    cycleSecondsOf: () => 5,
    now,
  });
};

describe('the machine count of the run', () => {
  it('sums the counts read after the start or resume, and none of the run before', () => {
    const facts: MachineFacts = {
      machineId: 'M1',
      runs: [],
      counts: [
        { pieces: 7, from: T0 - 2 * MIN, to: T0 - MIN },
        { pieces: 3, from: T0 - 30_000, to: T0 + 30_000 }, // straddles the start: read after it
        { pieces: 9, from: T0 + 30_000, to: T0 + 90_000 },
      ],
      downtimeStarts: [],
    };
    expect(countInRun(facts, T0)).toBe(12);
    expect(countInRun(facts, T0 + 90_000)).toBe(0);
    expect(countInRun(facts, null)).toBeNull();
  });

  it('starts again at a resume: the run before the interruption is not counted twice', () => {
    const bookings = producingStation();
    const book = bookingStream();
    const resumeAt = T0 + 3 * MIN;
    const later = [
      book('operation.interrupt', { reasonCode: 'I01' }, { occurredAt: T0 + 2 * MIN + 5_000 }),
      book('operation.resume', {}, { occurredAt: resumeAt }),
      book('machine.count', count(4, resumeAt, T0 + 4 * MIN), { operatorId: undefined, occurredAt: T0 + 4 * MIN }),
    ].map((b, i) => ({ ...b, id: `10000000-0000-7000-8000-${String(i).padStart(12, '0')}` }));
    const panel = panelAt([...bookings, ...later], T0 + 4 * MIN + 10_000);
    expect(panel.run).toMatchObject({ startedAt: resumeAt, counted: 4, toConfirm: 4 });
  });
});

describe('the good quantity to confirm', () => {
  it('is the count minus good, scrap and rework booked in the run', () => {
    expect(goodToConfirm(22, { good: 5, scrap: 2, rework: 1 })).toBe(14);
    expect(goodToConfirm(8, { good: 8, scrap: 0, rework: 0 })).toBe(0);
    expect(goodToConfirm(8, { good: 6, scrap: 3, rework: 0 })).toBe(-1);
  });

  it('shrinks by what was booked: after confirming, nothing is left to confirm', () => {
    const bookings = producingStation();
    const now = T0 + 2 * MIN + 10_000;
    expect(panelAt(bookings, now).run).toMatchObject({ counted: 22, toConfirm: 22 });
    const book = bookingStream();
    const scrap = book('quantity.scrap', { quantity: 2, unit: 'pcs', reasonCode: 'S01' }, { occurredAt: now });
    const good = book('quantity.good', { quantity: 20, unit: 'pcs' }, { occurredAt: now + 1 });
    const ids = (b: typeof scrap, n: number) => ({
      ...b,
      id: `20000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    });
    expect(panelAt([...bookings, ids(scrap, 1)], now).run).toMatchObject({ toConfirm: 20 });
    expect(panelAt([...bookings, ids(scrap, 1), ids(good, 2)], now).run).toMatchObject({
      booked: { good: 20, scrap: 2, rework: 0 },
      toConfirm: 0,
    });
  });

  it('is not offered while the operation is not producing', () => {
    const bookings = producingStation();
    const book = bookingStream();
    const interrupted = {
      ...book('operation.interrupt', { reasonCode: 'I01' }, { occurredAt: T0 + 2 * MIN + 5_000 }),
      id: '30000000-0000-7000-8000-000000000001',
    };
    expect(panelAt([...bookings, interrupted], T0 + 3 * MIN).run).toBeNull();
  });
});

describe('the machine state', () => {
  it('shows a station with machine bookings, and none without a machine', () => {
    expect(panelAt(producingStation(), T0 + 2 * MIN).hasMachine).toBe(true);
    const book = bookingStream();
    expect(panelAt([book('operation.start', { phase: 'production' }, { occurredAt: T0 })], T0 + MIN).hasMachine).toBe(
      false,
    );
  });

  it('judges speed only up to the last interval whose count has arrived, so a running interval is not slow', () => {
    // 5 s cycle: 12 pieces a minute is due; 10 and 12 were counted. At 2:50 the third minute's count is not
    // here yet; judged at 2:50 the running time would include 50 s without pieces.
    const view = machineStateAt(
      machineFactsOf(producingStation(), 'ST-10'),
      { phase: 'production', cycleSeconds: 5, since: T0 },
      DEFAULT_MACHINE_SETTINGS,
      T0 + 2 * MIN + 50_000,
    );
    expect(view).toEqual({ state: 'producing', since: T0 });
  });

  it('sees reduced speed when the counted pieces fall below the share of the cycle-time rate', () => {
    const view = machineStateAt(
      machineFactsOf(producingStation(), 'ST-10'),
      { phase: 'production', cycleSeconds: 4, since: T0 }, // 15 a minute due, 80 % = 12: 22 in 2 min is below 24
      DEFAULT_MACHINE_SETTINGS,
      T0 + 2 * MIN + 10_000,
    );
    expect(view.state).toBe('reduced-speed');
  });

  it('says no signal when the link to the machine is lost, and no order without started work', () => {
    const facts: MachineFacts = {
      machineId: 'M1',
      runs: [
        { state: 'running', since: T0 },
        { state: 'unknown', since: T0 + MIN },
      ],
      counts: [],
      downtimeStarts: [],
    };
    const work = { phase: 'production' as const, cycleSeconds: 0, since: T0 };
    expect(machineStateAt(facts, work, DEFAULT_MACHINE_SETTINGS, T0 + 2 * MIN)).toEqual({
      state: 'no-signal',
      since: T0 + MIN,
    });
    expect(machineStateAt(facts, null, DEFAULT_MACHINE_SETTINGS, T0 + 2 * MIN).state).toBe('no-order');
  });
});

describe('a stop that needs its reason', () => {
  const settings = machineSettingsOf({ machine: { microStopSeconds: 90 } });
  const stoppedAt = T0 + 2 * MIN;
  const facts = (downtimeStarts: number[] = []): MachineFacts => ({
    machineId: 'M1',
    runs: [
      { state: 'running', since: T0 },
      { state: 'stopped', since: stoppedAt },
    ],
    counts: [],
    downtimeStarts,
  });
  const work = { phase: 'production' as const, cycleSeconds: 0, since: T0 };
  const at = (now: number, downtimeStarts?: number[], isDowntimeOpen = false) => {
    const view = machineStateAt(facts(downtimeStarts), work, settings, now);
    return { view, stop: stopNeedingReason(view, facts(downtimeStarts), isDowntimeOpen) };
  };

  it("is not asked during a micro-stop, and asked from the station's threshold on, dated at the machine's stop", () => {
    expect(at(stoppedAt + 89_999)).toEqual({ view: { state: 'micro-stop', since: stoppedAt }, stop: null });
    expect(at(stoppedAt + 90_000)).toEqual({
      view: { state: 'unplanned-stop', since: stoppedAt },
      stop: { since: stoppedAt },
    });
  });

  it('is asked once: a downtime reported for the stop (dated at its start) or during it answers it', () => {
    const now = stoppedAt + 10 * MIN;
    expect(at(now, [stoppedAt]).stop).toBeNull();
    expect(at(now, [stoppedAt + 5 * MIN]).stop).toBeNull(); // reported by hand during the stop, then ended
    expect(at(now, [], true).stop).toBeNull(); // a downtime is open: the overlay already asks to end it
    expect(at(now, [stoppedAt - MIN]).stop).toEqual({ since: stoppedAt }); // an earlier downtime is another
  });

  it('is dated at the start of work when the machine was stopped before the operation started', () => {
    const lateWork = { phase: 'production' as const, cycleSeconds: 0, since: stoppedAt + MIN };
    const view = machineStateAt(facts(), lateWork, settings, stoppedAt + 5 * MIN);
    expect(view).toEqual({ state: 'unplanned-stop', since: stoppedAt + MIN });
  });
});
