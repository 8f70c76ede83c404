/**
 * parseGs1: one scan in, GS1 elements (or plain text, or a coded rejection) out.
 *
 * Accepted input forms:
 * - AIM symbology identifier first (ISO/IEC 15424): "]C1", "]e0", "]d2", "]Q3", "]J1" carry an element
 *   string; "]E0", "]E4", "]I1" carry a GTIN (→ AI 01, check digit verified); every other identifier
 *   carries plain data, which is still read as GS1 when it is a GS1 Digital Link URI.
 * - Without an identifier: a leading GS (scanners that send FNC1 as GS), the bracketed form "(01)…",
 *   a Digital Link URI, text that contains a GS, or text that starts with a valid (00)/(01)/(02) key.
 *   Anything else is plain text: an internal order number may well start with digits.
 *
 * Separators: GS (ASCII 29), and the literal text "<GS>", which is how GS1 documents write it and what
 * scanner "FNC1 substitution" presets usually emit in keyboard-wedge mode. "<GS>" uses CSET 82
 * characters, so a value holding exactly that text would be misread; no real AI value does.
 * Trailing CR/LF (a scanner suffix) is ignored.
 */
import { scanFailure, type ScanFailure } from './scan-errors';
import { readAimPrefix, retailGtin } from './gs1/aim';
import { checkGs1Associations } from './gs1/associations';
import { looksBracketed, parseBracketed } from './gs1/bracketed';
import { hasValidGs1CheckDigit } from './gs1/check-digit';
import { looksLikeWebUri, parseDigitalLink } from './gs1/digital-link';
import type { Gs1Elements } from './gs1/element-set';
import { GS, parseElementString, type ElementsResult } from './gs1/element-string';
import type { ValueCheckContext } from './gs1/value-checks';

export { formatGs1HumanReadable } from './gs1/bracketed';
export { serializeGs1ElementString } from './gs1/element-string';
export { checkGs1Associations } from './gs1/associations';
export type { Gs1Elements } from './gs1/element-set';

export interface Gs1Data {
  readonly ok: true;
  readonly kind: 'gs1';
  readonly elements: Gs1Elements;
  /** The AIM symbology identifier the scan came with, e.g. "]d2". */
  readonly symbology?: string;
}

export interface PlainScan {
  readonly ok: true;
  readonly kind: 'plain';
  readonly text: string;
  readonly symbology?: string;
}

export type Gs1ParseResult = Gs1Data | PlainScan | ScanFailure;

export interface ParseGs1Options {
  /** Two-digit years are resolved against this date's year (GS1 sliding window). Default: now. */
  readonly referenceDate?: Date;
  /**
   * Pairing rules apply to all data on one item. Pass 'skip' for one barcode of a label that splits its
   * data over several, and check the merged elements with checkGs1Associations.
   */
  readonly associations?: 'check' | 'skip';
}

/** Longer than any GS1 symbol can carry (GS1 DataMatrix: 2,335 characters), so never real data. */
export const MAX_GS1_SCAN_LENGTH = 4096;
const GS_TEXT = '<GS>';

export function parseGs1(scan: string, options: ParseGs1Options = {}): Gs1ParseResult {
  if (scan.length > MAX_GS1_SCAN_LENGTH) {
    return scanFailure('too-long', `scan has ${scan.length} characters, more than ${MAX_GS1_SCAN_LENGTH}`);
  }
  const text = scan.replaceAll(GS_TEXT, GS).replace(/[\r\n]+$/, '');
  if (text === '') return scanFailure('empty', 'scan is empty');
  const context: ValueCheckContext = { referenceYear: (options.referenceDate ?? new Date()).getFullYear() };
  const isCheckingAssociations = options.associations !== 'skip';

  const aim = readAimPrefix(text);
  if (aim === undefined) return parseWithoutIdentifier(text, context, isCheckingAssociations);
  if ('ok' in aim) return aim;
  const { symbology, data } = aim;
  if (data === '') return scanFailure('empty', `${symbology} scan carries no data`);
  switch (aim.reading) {
    case 'element-string':
      return toGs1Data(parseElementString(stripLeadingGs(data), context), isCheckingAssociations, symbology);
    case 'retail-gtin': {
      const gtin = retailGtin(symbology, data);
      return 'gtin' in gtin ? { ok: true, kind: 'gs1', elements: { '01': gtin.gtin }, symbology } : gtin;
    }
    case 'plain': {
      const digitalLink = parseDigitalLink(data, context);
      if (digitalLink !== undefined) return toGs1Data(digitalLink, isCheckingAssociations, symbology);
      return { ok: true, kind: 'plain', text: data, symbology };
    }
  }
}

function parseWithoutIdentifier(
  text: string,
  context: ValueCheckContext,
  isCheckingAssociations: boolean,
): Gs1ParseResult {
  if (text.startsWith(GS)) {
    return toGs1Data(parseElementString(text.slice(1), context), isCheckingAssociations);
  }
  if (looksBracketed(text)) return toGs1Data(parseBracketed(text, context), isCheckingAssociations);
  if (looksLikeWebUri(text)) {
    const digitalLink = parseDigitalLink(text, context);
    return digitalLink === undefined
      ? { ok: true, kind: 'plain', text }
      : toGs1Data(digitalLink, isCheckingAssociations);
  }
  // ISO/IEC 15434 envelopes ("[)>" RS "06" GS …) use GS too, but carry ANSI data identifiers, not AIs.
  if (text.startsWith('[)>')) return { ok: true, kind: 'plain', text };
  if (text.includes(GS) || startsWithValidKey(text)) {
    return toGs1Data(parseElementString(text, context), isCheckingAssociations);
  }
  return { ok: true, kind: 'plain', text };
}

/** "00" + SSCC or "01"/"02" + GTIN with a correct check digit: an element string whose FNC1 was dropped. */
function startsWithValidKey(text: string): boolean {
  const keyLength = text.startsWith('00') ? 18 : text.startsWith('01') || text.startsWith('02') ? 14 : 0;
  return keyLength > 0 && text.length >= 2 + keyLength && hasValidGs1CheckDigit(text.slice(2, 2 + keyLength));
}

function stripLeadingGs(data: string): string {
  return data.startsWith(GS) ? data.slice(1) : data;
}

function toGs1Data(result: ElementsResult, isCheckingAssociations: boolean, symbology?: string): Gs1ParseResult {
  if (!result.ok) return result;
  const pairingFailure = isCheckingAssociations ? checkGs1Associations(result.elements) : undefined;
  if (pairingFailure !== undefined) return pairingFailure;
  return symbology === undefined
    ? { ok: true, kind: 'gs1', elements: result.elements }
    : { ok: true, kind: 'gs1', elements: result.elements, symbology };
}
