// Number formats for the table: short, with units, no false precision.

/** 3 significant digits below 100, whole numbers up to 10,000, then thousands ("12.4k"). */
export const num = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)}k`;
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
};
export const ms = (value: number): string => `${num(value)} ms`;
export const seconds = (value: number): string => `${num(value)} s`;
export const perSecond = (value: number, unit: string): string => `${num(value)} ${unit}/s`;
export const mb = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;
export const kb = (bytes: number): string => `${(bytes / 1_000).toFixed(1)} kB`;
export const count = (value: number): string => value.toLocaleString('en-US');
