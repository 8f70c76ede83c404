import { counterRange, type CounterBits, type CounterReading } from './signals';

// Counter arithmetic. A PLC part counter only goes up, except when someone resets it (it drops to a small
// number) or it runs over its top (it wraps to a small number). Both look the same in one reading, so the
// rule decides by plausibility (docs/machine-bookings.md):
//   - the value went up (or stayed): the difference is the pieces made;
//   - it went down, and counting on over the top would take no more pieces than the machine could make in the
//     time between the two readings (at `maxPiecesPerSecond`, at least one second's worth) and less than half
//     the counter's range: a wrap, the pieces are the way over the top;
//   - otherwise a reset: the counter restarted from 0, so the new value is the pieces made since.
// A 64-bit counter never wraps (2^53 pieces are beyond any machine), so any drop is a reset.

export type CounterStepKind = 'count' | 'wrap' | 'reset';

export interface CounterStep {
  kind: CounterStepKind;
  pieces: number;
}

export function counterStep(
  previous: CounterReading,
  current: CounterReading,
  bits: CounterBits,
  maxPiecesPerSecond: number,
): CounterStep {
  if (current.value >= previous.value) return { kind: 'count', pieces: current.value - previous.value };
  if (bits !== 64) {
    const range = counterRange(bits);
    const overTheTop = current.value + range - previous.value;
    const seconds = Math.max(1, (current.at - previous.at) / 1_000);
    const plausible = Math.min(Math.ceil(maxPiecesPerSecond * seconds), range / 2 - 1);
    if (overTheTop <= plausible) return { kind: 'wrap', pieces: overTheTop };
  }
  return { kind: 'reset', pieces: current.value };
}
