/**
 * What an unrecognised scan looks closest to, so the operator hears "looks like an order number but has 6
 * digits instead of 7" instead of "unknown badge". A torn or badly printed label usually keeps its start and
 * loses or gains characters, so the test is the plant pattern's literal start (e.g. "FA" of "^FA\d{7}$")
 * plus the count of digits after it. Only the simple leading part of a pattern is read; anything the reading
 * does not understand simply gives no digit counts.
 */
import { MAX_PATTERN_INPUT_LENGTH } from './classify';
import type { ScanPatterns } from './classify/scan-patterns';

export interface ClosestScanKind {
  readonly kind: 'order' | 'operation';
  /** Digits the pattern wants after its literal start (of the order part, for an operation label). */
  readonly expectedDigits?: number;
  /** Digits the scan has there, when they are what differs. */
  readonly actualDigits?: number;
}

interface PatternStart {
  readonly literal: string;
  readonly digits: number | undefined;
}

const GROUP_OPENERS = /^(?:\((?:\?<[A-Za-z_]\w*>|\?:)?)+/;
const LITERAL_RUN = /^[A-Za-z0-9_#:]+/;
const QUANTIFIER = /^[?*{+]/;
const FIXED_DIGITS = /^\\d\{(\d+)\}/;
const SEPARATOR = /^[-/.]/;

/** The literal characters a pattern starts with and the fixed digit count right after them, if any. */
export function readPatternStart(source: string): PatternStart {
  let rest = source.startsWith('^') ? source.slice(1) : source;
  rest = rest.replace(GROUP_OPENERS, '');
  const literal = LITERAL_RUN.exec(rest)?.[0] ?? '';
  rest = rest.slice(literal.length);
  // "FA?\d" makes the A optional: only what every match starts with counts.
  if (QUANTIFIER.test(rest)) return { literal: literal.slice(0, -1), digits: undefined };
  const digits = FIXED_DIGITS.exec(rest);
  return { literal, digits: digits?.[1] === undefined ? undefined : Number(digits[1]) };
}

/** Null when the scan resembles none of the plant's order and operation formats. */
export function closestScanKind(text: string, patterns: ScanPatterns): ClosestScanKind | null {
  const scan = text.trim();
  if (scan === '' || scan.length > MAX_PATTERN_INPUT_LENGTH) return null;
  const candidates: Array<{ kind: ClosestScanKind['kind']; source: string | undefined }> = [
    { kind: 'operation', source: patterns.operationPattern },
    { kind: 'order', source: patterns.orderPattern },
  ];
  let best: { kind: ClosestScanKind['kind']; start: PatternStart; rest: string } | null = null;
  for (const { kind, source } of candidates) {
    if (source === undefined) continue;
    const start = readPatternStart(source);
    if (start.literal === '' || !scan.toUpperCase().startsWith(start.literal.toUpperCase())) continue;
    const rest = scan.slice(start.literal.length);
    const digitRun = /^\d*/.exec(rest)?.[0] ?? '';
    const hasSeparator = SEPARATOR.test(rest.slice(digitRun.length));
    // An operation label is an order number, a separator and more; without one it is an order number.
    if (kind === 'operation' && !hasSeparator && patterns.orderPattern !== undefined) continue;
    if (best === null || start.literal.length > best.start.literal.length) best = { kind, start, rest };
  }
  if (best === null) return null;
  const { kind, start, rest } = best;
  const digitRun = /^\d*/.exec(rest)?.[0] ?? '';
  const after = rest.slice(digitRun.length);
  const shapeFits = kind === 'order' ? after === '' : SEPARATOR.test(after);
  if (start.digits === undefined || !shapeFits || digitRun.length === start.digits) return { kind };
  return { kind, expectedDigits: start.digits, actualDigits: digitRun.length };
}
