import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchLiveness } from './sse-liveness';

// The watch only listens for events, so a plain EventTarget carries them here as an EventSource would; the
// server side of the heartbeat is tested over real HTTP in server/src/board/board-routes.test.ts.

const T0 = 1_800_000_000_000;
const heartbeat = (intervalMs: number) =>
  new MessageEvent('heartbeat', { data: JSON.stringify({ serverTime: T0, intervalMs }) });

let source: EventTarget;
let lost: number[];
let stop: () => void;
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  source = new EventTarget();
  lost = [];
  stop = watchLiveness(source as EventSource, (lastHeardAt) => lost.push(lastHeardAt));
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('watchLiveness', () => {
  it('gives the link up after three heartbeat intervals of silence, naming when it last heard anything', () => {
    source.dispatchEvent(heartbeat(1_000));
    vi.advanceTimersByTime(2_500);
    source.dispatchEvent(new MessageEvent('station', { data: '{}' }));
    vi.advanceTimersByTime(2_999);
    expect(lost).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(lost).toEqual([T0 + 2_500]);
  });

  it('stays quiet while heartbeats keep coming, and stops watching when told', () => {
    source.dispatchEvent(heartbeat(1_000));
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1_000);
      source.dispatchEvent(heartbeat(1_000));
    }
    expect(lost).toEqual([]);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(lost).toEqual([]);
  });

  it('waits three default intervals (45 s) before the first heartbeat names the real one', () => {
    vi.advanceTimersByTime(44_999);
    expect(lost).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(lost).toEqual([T0]);
  });
});
