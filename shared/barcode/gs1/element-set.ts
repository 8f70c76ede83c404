/** A set of GS1 element strings keyed by AI, as every GS1 input form produces it. */
import { scanFailure, type ScanFailure } from '../scan-errors';

/** AI → raw value, e.g. { '01': '04006381333931', '3103': '001250' }. */
export type Gs1Elements = Readonly<Record<string, string>>;

/**
 * Adds one element. The same AI twice is allowed only with the same value (GenSpecs §4.14.1); a second,
 * different value would leave the meaning of the scan open.
 */
export function addElement(target: Record<string, string>, ai: string, value: string): ScanFailure | undefined {
  const existing = target[ai];
  if (existing !== undefined && existing !== value) {
    return scanFailure('duplicate-ai', `(${ai}) appears twice with different values`, ai);
  }
  target[ai] = value;
  return undefined;
}
