// Order statistics for repeated measurements. Spread is reported as min–max, never hidden in a mean.

export interface Spread {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export function spread(values: readonly number[]): Spread {
  return { n: values.length, median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Least-squares slope of y over x (growth per unit of x). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    num += dx * ((ys[i] ?? 0) - my);
    den += dx * dx;
  }
  return den === 0 ? 0 : num / den;
}

/** "3.1 ms (2.9–3.4, n=5)": median with unit, then the range over the repeats. */
export function formatSpread(s: Spread, unit: string, format: (value: number) => string): string {
  const median = `${format(s.median)} ${unit}`;
  return s.n <= 1 ? median : `${median} (${format(s.min)}–${format(s.max)}, n=${s.n})`;
}
