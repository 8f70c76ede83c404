import { describe, expect, it } from 'vitest';
import { StationSchema } from '../master-data';
import { DEFAULT_MACHINE_SETTINGS, machineSettingsOf } from './settings';
import { createMachineStateEngine } from './state-engine';

// Hand-computed cases with the default thresholds: micro-stop below 120 s, reduced speed below 80 % of the
// cycle-time rate over a 300 s window. Times are seconds after T0; the fake clock is the `now` we pass.
const T0 = 1_764_000_000_000;
const s = (seconds: number) => T0 + seconds * 1_000;
const production = { phase: 'production' as const, cycleSeconds: 10 };

function engineAt0() {
  return createMachineStateEngine(DEFAULT_MACHINE_SETTINGS, s(0));
}

/** Evaluates at each of `seconds` and answers [state, since in seconds] for each. */
function evaluateAt(engine: ReturnType<typeof engineAt0>, seconds: number[]) {
  return seconds.map((second) => {
    const view = engine.evaluate(s(second));
    return [view.state, (view.since - T0) / 1_000];
  });
}

describe('createMachineStateEngine', () => {
  it('says no-order while no operation is started, whatever the machine does', () => {
    const engine = engineAt0();
    engine.run('running', s(0));
    expect(evaluateAt(engine, [0, 50])).toEqual([
      ['no-order', 0],
      ['no-order', 0],
    ]);
  });

  it('says producing at the cycle-time rate: 30 pieces in 300 s of a 10 s cycle', () => {
    const engine = engineAt0();
    engine.work(production, s(0));
    engine.run('running', s(0));
    for (let second = 10; second <= 300; second += 10) engine.counted(1, s(second));
    expect(evaluateAt(engine, [300])).toEqual([['producing', 0]]);
  });

  it('says reduced speed below 80 %: a piece every 15 s is 2 in the first 30 s, where 2.4 were due', () => {
    const engine = engineAt0();
    engine.work(production, s(0));
    engine.run('running', s(0));
    for (let second = 15; second <= 600; second += 15) engine.counted(1, s(second));
    // At 20 s, 20 s of running is less than three cycles: not judged yet.
    // At 30 s: 30 s running, 3 pieces due, 80 % is 2.4, 2 counted: reduced, dated at this evaluation.
    // At 300 s: 300 s running, 30 due, 24 needed, 20 counted: still reduced since 30.
    expect(evaluateAt(engine, [20, 30, 300])).toEqual([
      ['producing', 0],
      ['reduced-speed', 30],
      ['reduced-speed', 30],
    ]);
  });

  it('goes back to producing once the window holds enough pieces again', () => {
    const engine = engineAt0();
    engine.work(production, s(0));
    engine.run('running', s(0));
    // 10 pieces in the first 300 s (one every 30 s), then 2 per 10 s from 300 s on.
    for (let second = 30; second <= 300; second += 30) engine.counted(1, s(second));
    for (let second = 310; second <= 600; second += 10) engine.counted(2, s(second));
    // At 300 s: 10 counted, 24 needed. At 400 s: window 100..400 s holds 7 + 20 = 27 pieces, 24 needed.
    // The first evaluation knows no earlier speed: the state is dated from the start of the run.
    expect(evaluateAt(engine, [300, 350, 400])).toEqual([
      ['reduced-speed', 0],
      // 350: window 50..350 holds 9 (60..300) + 10 = 19 < 24
      ['reduced-speed', 0],
      ['producing', 400],
    ]);
  });

  it('says micro-stop for a stop below 120 s, then unplanned stop dated from the machine stop', () => {
    const engine = engineAt0();
    engine.work(production, s(0));
    engine.run('running', s(0));
    for (let second = 10; second <= 100; second += 10) engine.counted(1, s(second));
    engine.run('stopped', s(100));
    expect(evaluateAt(engine, [100, 150, 219.999, 220, 399])).toEqual([
      ['micro-stop', 100],
      ['micro-stop', 100],
      ['micro-stop', 100],
      ['unplanned-stop', 100],
      ['unplanned-stop', 100],
    ]);
    engine.run('running', s(400));
    // The window 100..400 s holds no running time yet: too little to judge speed.
    expect(evaluateAt(engine, [400, 420])).toEqual([
      ['producing', 400],
      ['producing', 400],
    ]);
  });

  it('dates a second stop from its own start even when the run between was never evaluated', () => {
    const engine = engineAt0();
    engine.work(production, s(0));
    engine.run('stopped', s(100));
    expect(evaluateAt(engine, [150])).toEqual([['micro-stop', 100]]);
    engine.run('running', s(160));
    engine.run('stopped', s(170));
    expect(evaluateAt(engine, [200, 290])).toEqual([
      ['micro-stop', 170],
      ['unplanned-stop', 170],
    ]);
  });

  it('says setup during setup, no-signal while the machine is unreachable, and never judges speed without a cycle time', () => {
    const engine = engineAt0();
    engine.work({ phase: 'setup', cycleSeconds: 10 }, s(5));
    engine.run('stopped', s(0));
    expect(evaluateAt(engine, [500])).toEqual([['setup', 5]]);
    engine.work({ phase: 'production', cycleSeconds: 0 }, s(600));
    engine.run('running', s(600));
    expect(evaluateAt(engine, [1_200])).toEqual([['producing', 600]]);
    engine.run('unknown', s(1_300));
    expect(evaluateAt(engine, [1_301])).toEqual([['no-signal', 1_300]]);
  });

  it('keeps the start of a stop when the same work is reported again', () => {
    const engine = engineAt0();
    engine.work(production, s(0));
    engine.run('stopped', s(10));
    engine.work({ ...production }, s(50));
    expect(evaluateAt(engine, [200])).toEqual([['unplanned-stop', 10]]);
  });
});

describe('machine settings of a station', () => {
  it('fills in the defaults and converts seconds and percent', () => {
    expect(machineSettingsOf(undefined)).toEqual(DEFAULT_MACHINE_SETTINGS);
    expect(
      machineSettingsOf({ machine: { microStopSeconds: 30, reducedSpeedPercent: 50, stateHoldSeconds: 0.5 } }),
    ).toEqual({
      ...DEFAULT_MACHINE_SETTINGS,
      microStopMs: 30_000,
      reducedSpeedShare: 0.5,
      stateHoldMs: 500,
    });
  });

  it('are optional and checked in the station master data', () => {
    expect(StationSchema.safeParse({ id: 'ST-10', name: 'Drehen' }).success).toBe(true);
    expect(StationSchema.safeParse({ id: 'ST-10', name: 'Drehen', machine: { microStopSeconds: 60 } }).success).toBe(
      true,
    );
    expect(
      StationSchema.safeParse({ id: 'ST-10', name: 'Drehen', machine: { reducedSpeedPercent: 150 } }).success,
    ).toBe(false);
    expect(StationSchema.safeParse({ id: 'ST-10', name: 'Drehen', machine: { speed: 1 } }).success).toBe(false);
  });
});
