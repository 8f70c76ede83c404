import type { BookingPayload } from '../booking';
import { counterStep } from './counter';
import { isCounterValue, type CounterBits, type CounterReading } from './signals';

// Turns a stream of counter readings (one per poll or per Sparkplug DDATA) into at most one `machine.count`
// booking per interval. Intervals are aligned to multiples of `intervalMs` since the epoch, so every
// station's minutes line up and a shift boundary on a full minute splits no booking. Consecutive bookings
// chain: one's `startValue`/`from` is the reading the previous one ended with (or the last unchanged reading
// after it), so their pieces add up to exactly what the counter counted. Pure: time comes with each reading
// and with `tick`, so tests drive it with plain numbers.

export type MachineCountPayload = BookingPayload<'machine.count'>;
export interface MachineCountDraft {
  type: 'machine.count';
  payload: MachineCountPayload;
}

export type CounterRefusal = 'not-a-counter-value';

export interface CountAggregatorOptions {
  /** The configured signal name, written into every booking. */
  signal: string;
  bits: CounterBits;
  /** One booking per this many milliseconds at most (a station's `countIntervalSeconds`). */
  intervalMs: number;
  /** The fastest the machine can count; decides wrap versus reset (shared/machine/counter.ts). Default 100. */
  maxPiecesPerSecond?: number;
  /**
   * The last reading the previous run booked (its last `machine.count`'s `endValue` and `to`): pieces made
   * while the terminal was off are then counted by the first reading. Without it, the first reading is only
   * the baseline.
   */
  resumeFrom?: CounterReading;
  /** Told about every reading that is no value of this counter (negative, fractional, too wide); it is skipped. */
  onRefused?: (reading: CounterReading, refusal: CounterRefusal) => void;
}

export const DEFAULT_MAX_PIECES_PER_SECOND = 100;

interface OpenInterval {
  windowEnd: number;
  from: number;
  startValue: number;
  to: number;
  endValue: number;
  pieces: number;
  resets: number;
  wraps: number;
}

export interface CountAggregator {
  /** Takes one reading; answers the booking of the interval it closed, if any. */
  read(reading: CounterReading): MachineCountDraft[];
  /** Closes the open interval once its window has passed, so an idle-afterwards machine still books. */
  tick(now: number): MachineCountDraft[];
  /** Closes the open interval now (the collector stops). */
  flush(): MachineCountDraft[];
  /**
   * A new interval (the station's master data changed). The open interval closes at its own end or at the new
   * length's next boundary, whichever comes first; every later interval has the new length. The open interval's
   * pieces stay in it, so nothing is lost or counted twice.
   */
  setIntervalMs(intervalMs: number, now: number): void;
}

export function createCountAggregator(options: CountAggregatorOptions): CountAggregator {
  const maxRate = options.maxPiecesPerSecond ?? DEFAULT_MAX_PIECES_PER_SECOND;
  let last: CounterReading | null =
    options.resumeFrom && isCounterValue(options.resumeFrom.value, options.bits) ? { ...options.resumeFrom } : null;
  let open: OpenInterval | null = null;
  let intervalMs = options.intervalMs;

  const close = (): MachineCountDraft[] => {
    if (!open) return [];
    const { from, to, startValue, endValue, pieces, resets, wraps } = open;
    open = null;
    const payload = {
      signal: options.signal,
      from,
      to,
      bits: options.bits,
      startValue,
      endValue,
      pieces,
      resets,
      wraps,
    };
    return [{ type: 'machine.count', payload }];
  };

  const tick = (now: number): MachineCountDraft[] => (open && now >= open.windowEnd ? close() : []);

  return {
    read(reading) {
      if (!isCounterValue(reading.value, options.bits)) {
        options.onRefused?.(reading, 'not-a-counter-value');
        return [];
      }
      // A clock stepped back (NTP) must not reorder the chain: such a reading counts as read with the last one.
      const at = last ? Math.max(reading.at, last.at) : reading.at;
      const closed = tick(at);
      const current = { value: reading.value, at };
      if (last) {
        const step = counterStep(last, current, options.bits, maxRate);
        if (step.pieces > 0 || step.kind !== 'count') {
          open ??= {
            windowEnd: nextBoundary(at, intervalMs),
            from: last.at,
            startValue: last.value,
            to: at,
            endValue: current.value,
            pieces: 0,
            resets: 0,
            wraps: 0,
          };
          open.to = at;
          open.endValue = current.value;
          open.pieces += step.pieces;
          if (step.kind === 'reset') open.resets += 1;
          if (step.kind === 'wrap') open.wraps += 1;
        }
      }
      last = current;
      return closed;
    },
    tick,
    flush: close,
    setIntervalMs(next, now) {
      intervalMs = next;
      if (open) open.windowEnd = Math.min(open.windowEnd, nextBoundary(Math.max(now, open.to), next));
    },
  };
}

/** The first multiple of `intervalMs` since the epoch after `at`: every station's intervals line up. */
function nextBoundary(at: number, intervalMs: number): number {
  return (Math.floor(at / intervalMs) + 1) * intervalMs;
}
