import type { ClockSample, ClockState } from '../data';

// Estimating how far the terminal clock is off the server clock. Each answer gives one sample:
// offset = serverTime − midpoint of the round trip, accurate to ±RTT/2. The sample with the smallest RTT
// within a recent window wins; the window lets the estimate follow a drifting clock.

export const CLOCK_SAMPLE_WINDOW_MS = 15 * 60_000;
export const MAX_CLOCK_SAMPLES = 16;
/** Slack for server processing time when checking whether two samples can describe the same clock. */
const CONSISTENCY_SLACK_MS = 1_000;

export function clockSample(sentAt: number, receivedAt: number, serverTime: number): ClockSample {
  const rttMs = receivedAt - sentAt;
  return { offsetMs: serverTime - (sentAt + rttMs / 2), rttMs, takenAt: receivedAt };
}

export function addClockSample(
  state: ClockState | undefined,
  sample: ClockSample,
  windowMs = CLOCK_SAMPLE_WINDOW_MS,
): ClockState | undefined {
  // A negative round trip means the local clock stepped back during the request: the sample is useless.
  if (!(sample.rttMs >= 0) || !Number.isFinite(sample.offsetMs)) return state;
  const now = sample.takenAt;
  // Samples from the future (clock stepped back) or older than the window no longer count.
  let samples = (state?.samples ?? []).filter((s) => s.takenAt <= now && now - s.takenAt <= windowMs);
  const best = pickBest(samples);
  if (best && !couldBeSameClock(best, sample)) samples = []; // the clock was stepped: start over
  samples = [...samples, sample].slice(-MAX_CLOCK_SAMPLES);
  const estimate = pickBest(samples) ?? sample;
  return { offsetMs: Math.round(estimate.offsetMs), samples };
}

function pickBest(samples: readonly ClockSample[]): ClockSample | undefined {
  let best: ClockSample | undefined;
  for (const s of samples) if (!best || s.rttMs <= best.rttMs) best = s; // ties go to the newer sample
  return best;
}

/** Each sample brackets the true offset within ±RTT/2; disjoint brackets mean the clock changed. */
function couldBeSameClock(a: ClockSample, b: ClockSample): boolean {
  return Math.abs(a.offsetMs - b.offsetMs) <= (a.rttMs + b.rttMs) / 2 + CONSISTENCY_SLACK_MS;
}
