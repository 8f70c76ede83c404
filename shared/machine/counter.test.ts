import { describe, expect, it } from 'vitest';
import { counterStep } from './counter';
import type { CounterBits } from './signals';

const at = (value: number, seconds: number) => ({ value, at: seconds * 1_000 });

describe('counterStep: wrap or reset, by plausibility', () => {
  it.each<[string, number, number, number, CounterBits, number, object]>([
    // name, previous, current, seconds between, bits, max pieces/s, expected
    ['counting up', 10, 25, 1, 32, 100, { kind: 'count', pieces: 15 }],
    ['no change', 10, 10, 1, 32, 100, { kind: 'count', pieces: 0 }],
    ['32-bit wrap: 2^32-6 to 4 is 10 pieces', 4_294_967_290, 4, 1, 32, 100, { kind: 'wrap', pieces: 10 }],
    ['32-bit wrap to exactly 0', 4_294_967_295, 0, 1, 32, 100, { kind: 'wrap', pieces: 1 }],
    ['16-bit wrap: 65530 to 3 is 9 pieces', 65_530, 3, 1, 16, 100, { kind: 'wrap', pieces: 9 }],
    ['reset of a 32-bit counter from mid-range', 1_234, 2, 1, 32, 100, { kind: 'reset', pieces: 2 }],
    ['reset to 0', 500, 0, 1, 16, 100, { kind: 'reset', pieces: 0 }],
    // 65000 -> 600 over the top is 1136 pieces: more than 100/s can make in 1 s, so a reset.
    ['16-bit drop too far for a wrap in 1 s', 65_000, 600, 1, 16, 100, { kind: 'reset', pieces: 600 }],
    // The same drop after 12 s (up to 1200 pieces possible) is a wrap.
    ['16-bit drop over the top after 12 s', 65_000, 600, 12, 16, 100, { kind: 'wrap', pieces: 1_136 }],
    // An hour offline allows 360 000 pieces, but a wrap must still be under half the range (32 768).
    ['16-bit drop after an hour from the lower half', 20_000, 10, 3_600, 16, 100, { kind: 'reset', pieces: 10 }],
    // Readings at the same instant still allow one second's worth.
    ['same timestamp, 3 over the top', 65_534, 1, 0, 16, 100, { kind: 'wrap', pieces: 3 }],
    ['64-bit never wraps', 2 ** 50, 3, 1, 64, 100, { kind: 'reset', pieces: 3 }],
  ])('%s', (_name, previous, current, seconds, bits, rate, expected) => {
    expect(counterStep(at(previous, 0), at(current, seconds), bits, rate)).toEqual(expected);
  });
});
