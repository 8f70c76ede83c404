// A small seeded PRNG (mulberry32): the same seed gives the same run, so a failing seed can be replayed.

export interface Prng {
  /** [0, 1) */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A crypto-like source, so booking ids and epochs are reproducible too. */
  randomSource: { getRandomValues<T extends Uint8Array>(array: T): T };
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    randomSource: {
      getRandomValues<T extends Uint8Array>(array: T): T {
        for (let i = 0; i < array.length; i++) array[i] = int(0, 255);
        return array;
      },
    },
  };
}
