import type { BookingPayload } from '../booking';
import type { Characteristic } from '../master-data';

// The one judgement of a quality result. The terminal uses it to decide what to ask the operator; the server
// uses it again to flag results whose recorded verdict does not match their value.

export type Verdict = 'pass' | 'fail';
/** `implausible`: so far outside the limits that it is more likely a typing error than a measurement. */
export type Assessment = Verdict | 'implausible';

export const DEFAULT_PLAUSIBLE_BANDS = 10;

type Limits = Pick<Characteristic, 'nominal' | 'lower' | 'upper' | 'plausibleBands'>;

/** Within the limits (inclusive) passes; a missing limit does not restrict that side. */
export function judgeValue(characteristic: Limits, value: number): Verdict {
  if (characteristic.lower !== undefined && value < characteristic.lower) return 'fail';
  if (characteristic.upper !== undefined && value > characteristic.upper) return 'fail';
  return 'pass';
}

/** Width of the tolerance band; with one limit, its distance from the nominal. Undefined if it has none. */
function toleranceBand({ nominal, lower, upper }: Limits): number | undefined {
  if (lower !== undefined && upper !== undefined) return upper - lower;
  const limit = lower ?? upper;
  if (limit === undefined || nominal === undefined) return undefined;
  return Math.abs(limit - nominal);
}

/**
 * The values a measurement can plausibly have: the limits widened by `plausibleBands` tolerance bands on
 * each side (counted from the limits, so a one-sided tolerance like h6 widens on both sides alike). Null when
 * the characteristic has no band to measure by: then nothing is refused as a typo.
 */
export function plausibleRange(characteristic: Limits): { low: number; high: number } | null {
  const band = toleranceBand(characteristic);
  if (band === undefined || !(band > 0)) return null;
  const margin = band * (characteristic.plausibleBands ?? DEFAULT_PLAUSIBLE_BANDS);
  const low = characteristic.lower ?? characteristic.nominal;
  const high = characteristic.upper ?? characteristic.nominal;
  if (low === undefined || high === undefined) return null;
  return { low: low - margin, high: high + margin };
}

export function assessValue(characteristic: Limits, value: number): Assessment {
  const range = plausibleRange(characteristic);
  if (range && (value < range.low || value > range.high)) return 'implausible';
  return judgeValue(characteristic, value);
}

type QualityResult = Pick<BookingPayload<'quality.result'>, 'value' | 'attribute'>;

/** The verdict a result deserves: a measured value by its limits, an attribute by OK / not OK. */
export function verdictOf(characteristic: Characteristic, result: QualityResult): Verdict {
  if (characteristic.kind === 'variable' && result.value !== undefined) return judgeValue(characteristic, result.value);
  return result.attribute === 'ok' ? 'pass' : 'fail';
}

/**
 * Review findings for a stored result: every fail goes to the shift lead, and so does a `pass` that the
 * characteristic's limits contradict (a terminal bug or a tampered booking), or a value no gauge could show.
 */
export function qualityFindings(
  characteristic: Characteristic | undefined,
  payload: BookingPayload<'quality.result'>,
): string[] {
  const id = payload.characteristicId;
  if (!characteristic) return [`unknown-characteristic(${id})`];
  const findings: string[] = [];
  const deserved = verdictOf(characteristic, payload);
  if (payload.verdict === 'fail') findings.push(`quality-fail(${id})`);
  else if (deserved === 'fail') findings.push(`quality-false-pass(${id})`);
  if (characteristic.kind === 'variable' && payload.value !== undefined) {
    if (assessValue(characteristic, payload.value) === 'implausible') findings.push(`quality-implausible(${id})`);
  }
  if (characteristic.kind !== (payload.value !== undefined ? 'variable' : 'attribute'))
    findings.push(`quality-kind-mismatch(${id})`);
  return findings;
}
