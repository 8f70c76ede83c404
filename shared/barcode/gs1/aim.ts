/** AIM symbology identifiers (ISO/IEC 15424): "]" + symbology letter + modifier, sent before the data. */
import { scanFailure, type ScanFailure } from '../scan-errors';
import { hasValidGs1CheckDigit } from './check-digit';

/** How the data after an identifier is to be read. */
export type AimReading = 'element-string' | 'retail-gtin' | 'plain';

export interface AimPrefix {
  readonly symbology: string;
  readonly reading: AimReading;
  readonly data: string;
}

/** GS1-128, GS1 DataBar/Composite, GS1 DataMatrix, GS1 QR Code, GS1 DotCode: FNC1 in first position. */
const GS1_MODE = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);
/** EAN-13 / UPC-A, EAN-8, ITF-14 with check digit: the data is a GTIN. */
const RETAIL_GTIN_DIGITS: ReadonlyMap<string, readonly number[]> = new Map([
  [']E0', [12, 13]],
  [']E4', [8]],
  [']I1', [14]],
]);
/** EAN/UPC add-on transmissions: the add-on is not part of the GTIN and we do not carry it. */
const EAN_ADD_ON = new Set([']E1', ']E2', ']E3']);

/** Splits off the identifier; undefined when the scan has none (does not start with "]"). */
export function readAimPrefix(scan: string): AimPrefix | ScanFailure | undefined {
  if (!scan.startsWith(']')) return undefined;
  const symbology = scan.slice(0, 3);
  if (!/^\][A-Za-z][0-9A-Za-z]$/.test(symbology)) {
    return scanFailure('symbology', 'scan starts with "]" but has no valid AIM symbology identifier');
  }
  if (EAN_ADD_ON.has(symbology)) return scanFailure('symbology', `${symbology}: EAN/UPC add-on data is not supported`);
  const reading: AimReading = GS1_MODE.has(symbology)
    ? 'element-string'
    : RETAIL_GTIN_DIGITS.has(symbology)
      ? 'retail-gtin'
      : 'plain';
  return { symbology, reading, data: scan.slice(3) };
}

/** EAN-13, UPC-A, EAN-8 or ITF-14 data as a GTIN-14 (left-padded with zeros) after its check digit. */
export function retailGtin(symbology: string, data: string): { readonly gtin: string } | ScanFailure {
  const lengths = RETAIL_GTIN_DIGITS.get(symbology) ?? [];
  if (!/^\d+$/.test(data)) return scanFailure('charset', `${symbology} data must be digits`, '01');
  if (!lengths.includes(data.length)) {
    return scanFailure('length', `${symbology} data must have ${lengths.join(' or ')} digits`, '01');
  }
  if (!hasValidGs1CheckDigit(data)) return scanFailure('check-digit', `check digit of GTIN ${data} is wrong`, '01');
  return { gtin: data.padStart(14, '0') };
}
