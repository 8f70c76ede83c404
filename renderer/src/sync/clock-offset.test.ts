import { describe, expect, it } from 'vitest';
import { addClockSample, clockSample, CLOCK_SAMPLE_WINDOW_MS } from './clock-offset';

describe('clock offset estimate', () => {
  it('computes offset from the round-trip midpoint', () => {
    expect(clockSample(1_000, 1_200, 6_100)).toEqual({ offsetMs: 5_000, rttMs: 200, takenAt: 1_200 });
  });

  it('keeps the sample with the smallest round trip', () => {
    let state = addClockSample(undefined, { offsetMs: 5_300, rttMs: 900, takenAt: 10_000 });
    state = addClockSample(state, { offsetMs: 5_010, rttMs: 40, takenAt: 20_000 });
    state = addClockSample(state, { offsetMs: 5_250, rttMs: 600, takenAt: 30_000 });
    expect(state?.offsetMs).toBe(5_010);
    expect(state?.samples).toHaveLength(3);
  });

  it('follows a drifting clock: the best sample ages out of the window', () => {
    let state = addClockSample(undefined, { offsetMs: 5_000, rttMs: 10, takenAt: 0 });
    state = addClockSample(state, { offsetMs: 5_090, rttMs: 300, takenAt: CLOCK_SAMPLE_WINDOW_MS + 1 });
    expect(state?.offsetMs).toBe(5_090);
    expect(state?.samples).toHaveLength(1);
  });

  it('starts over when the terminal clock is stepped', () => {
    let state = addClockSample(undefined, { offsetMs: 0, rttMs: 10, takenAt: 100_000 });
    // Clock set back by an hour: the old sample now lies in the future.
    state = addClockSample(state, { offsetMs: 3_600_000, rttMs: 500, takenAt: 100_000 - 3_600_000 + 60_000 });
    expect(state?.offsetMs).toBe(3_600_000);
    // Clock stepped forward by 30 s within the window: brackets no longer overlap.
    state = addClockSample(undefined, { offsetMs: 0, rttMs: 10, takenAt: 100_000 });
    state = addClockSample(state, { offsetMs: -30_000, rttMs: 800, takenAt: 140_000 });
    expect(state?.offsetMs).toBe(-30_000);
    expect(state?.samples).toHaveLength(1);
  });

  it('ignores a sample whose round trip was negative (clock stepped mid-request)', () => {
    const state = addClockSample(undefined, { offsetMs: 1_000, rttMs: 20, takenAt: 5_000 });
    expect(addClockSample(state, { offsetMs: 9_999, rttMs: -300, takenAt: 4_000 })).toBe(state);
  });

  it('keeps a bounded number of samples', () => {
    let state;
    for (let i = 0; i < 100; i++)
      state = addClockSample(state, { offsetMs: 1_000 + (i % 7), rttMs: 50 + (i % 5), takenAt: 1_000 + i });
    expect(state?.samples.length).toBeLessThanOrEqual(16);
  });
});
