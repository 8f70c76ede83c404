/**
 * classifyScan: routes one scan by its content (not by which field has focus) to what it means here:
 * operator badge, production order, operation, material, container, command, or a coded rejection.
 *
 * Order of tests:
 * 1. length cap, control-character removal (GS is kept: it is GS1 data), emptiness;
 * 2. a badge reader's input is a badge;
 * 3. an AIM identifier that announces GS1 data or an EAN/ITF GTIN goes straight to the GS1 parser;
 * 4. plain data: command prefix, then the plant's operation, order and badge patterns, then GS1
 *    (Digital Link, bracketed, GS-separated), then a bare GTIN-8/12/13/14 with a valid check digit
 *    (only without an AIM identifier, which would have said EAN).
 * Never throws; plant patterns only ever see at most MAX_PATTERN_INPUT_LENGTH characters.
 */
import { parseGs1, type ParseGs1Options } from './gs1';
import { readAimPrefix } from './gs1/aim';
import { hasValidGs1CheckDigit } from './gs1/check-digit';
import { classifyGs1Elements, type ScanClassification } from './classify/scan-kinds';
import { compileScanPattern, SCAN_COMMANDS, type ScanPatterns } from './classify/scan-patterns';

export type { MaterialScan, ScanClassification } from './classify/scan-kinds';
export { SCAN_COMMANDS, type ScanCommand, type ScanPatterns } from './classify/scan-patterns';

export interface ScanInput {
  readonly text: string;
  /** True when the text came from a badge reader rather than a barcode scanner. */
  readonly isBadgeSource?: boolean;
}

export type ClassifyScanOptions = ParseGs1Options;

/** No barcode the terminal handles is longer; anything longer is a stuck key or an attack. */
export const MAX_SCAN_LENGTH = 512;
/**
 * Order, operation and badge numbers are short; longer text is never tested against plant patterns. The
 * patterns run in our own linear-time matcher (classify/pattern-matcher.ts), so this only bounds the work
 * further; no pattern can make a scan backtrack.
 */
export const MAX_PATTERN_INPUT_LENGTH = 64;

/**
 * Removes C0 and C1 control characters except GS (U+001D, GS1 data), DEL, zero-width characters and the
 * BOM: scanner framing (STX/ETX, CR/LF suffixes) and layout artefacts, never data.
 */
function withoutControlCharacters(text: string): string {
  let kept = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const isControl = (code < 0x20 && code !== 0x1d) || (code >= 0x7f && code <= 0x9f);
    const isInvisible = (code >= 0x200b && code <= 0x200d) || code === 0xfeff;
    if (!isControl && !isInvisible) kept += char;
  }
  return kept;
}

type PatternOutcome = ScanClassification | 'no-match';

export function classifyScan(
  scan: ScanInput,
  patterns: ScanPatterns,
  options: ClassifyScanOptions = {},
): ScanClassification {
  if (scan.text.length > MAX_SCAN_LENGTH) {
    return invalid('too-long', `scan has ${scan.text.length} characters, more than ${MAX_SCAN_LENGTH}`);
  }
  const text = withoutControlCharacters(scan.text).trim();
  if (text === '') return invalid('empty', 'scan is empty');
  if (scan.isBadgeSource === true) return classifyBadgeReading(text, patterns);

  const aim = readAimPrefix(text);
  if (aim !== undefined && 'ok' in aim) return invalid(aim.code, aim.message);
  if (aim !== undefined && aim.reading !== 'plain') return classifyGs1(text, options);

  const payload = aim === undefined ? text : aim.data;
  const command = matchCommand(payload, patterns);
  if (command !== 'no-match') return command;
  const planned = matchPlantPatterns(payload, patterns);
  if (planned !== 'no-match') return planned;

  const gs1 = classifyGs1(text, options);
  if (gs1.kind !== 'unknown' || aim !== undefined) return gs1;
  return matchBareGtin(payload, options);
}

function classifyBadgeReading(uid: string, patterns: ScanPatterns): ScanClassification {
  if (patterns.badgePattern === undefined) return { kind: 'operator-badge', uid };
  const outcome = testPattern(patterns.badgePattern, uid);
  if (typeof outcome !== 'boolean') return outcome;
  return outcome
    ? { kind: 'operator-badge', uid }
    : invalid('badge-format', 'badge UID does not match the plant badge pattern');
}

function matchCommand(text: string, patterns: ScanPatterns): PatternOutcome {
  const prefix = patterns.commandPrefix;
  if (prefix === undefined || prefix === '' || !text.toUpperCase().startsWith(prefix.toUpperCase())) return 'no-match';
  const name = text.slice(prefix.length).trim().toLowerCase();
  const command = (patterns.commands ?? SCAN_COMMANDS).find((known) => known === name);
  return command === undefined
    ? invalid('unknown-command', `"${name}" is not a command enabled at this plant`)
    : { kind: 'command', command };
}

function matchPlantPatterns(text: string, patterns: ScanPatterns): PatternOutcome {
  if (text.length > MAX_PATTERN_INPUT_LENGTH) return 'no-match';
  if (patterns.operationPattern !== undefined) {
    const compiled = compileScanPattern(patterns.operationPattern);
    if (!compiled.ok) return invalid('pattern-config', `operationPattern: ${compiled.message}`);
    const match = compiled.matcher.exec(text);
    if (match !== null) {
      const orderNumber = match.groups['order'];
      const operationNumber = match.groups['operation'];
      if (!orderNumber || !operationNumber) {
        return invalid('pattern-config', 'operationPattern must capture named groups "order" and "operation"');
      }
      return { kind: 'operation', orderNumber, operationNumber };
    }
  }
  if (patterns.orderPattern !== undefined) {
    const compiled = compileScanPattern(patterns.orderPattern);
    if (!compiled.ok) return invalid('pattern-config', `orderPattern: ${compiled.message}`);
    const match = compiled.matcher.exec(text);
    if (match !== null) return { kind: 'order', orderNumber: match.groups['order'] || match.text };
  }
  if (patterns.badgePattern !== undefined) {
    const outcome = testPattern(patterns.badgePattern, text);
    if (typeof outcome !== 'boolean') return outcome;
    if (outcome) return { kind: 'operator-badge', uid: text };
  }
  return 'no-match';
}

function testPattern(source: string, text: string): boolean | ScanClassification {
  const compiled = compileScanPattern(source);
  if (!compiled.ok) return invalid('pattern-config', `badgePattern: ${compiled.message}`);
  return text.length <= MAX_PATTERN_INPUT_LENGTH && compiled.matcher.test(text);
}

function classifyGs1(text: string, options: ClassifyScanOptions): ScanClassification {
  const result = parseGs1(text, options);
  if (!result.ok) return invalid(result.code, result.message, result.ai);
  if (result.kind === 'plain') return { kind: 'unknown', code: 'unknown-scan', text: result.text };
  const referenceYear = (options.referenceDate ?? new Date()).getFullYear();
  return classifyGs1Elements(result.elements, referenceYear, result.symbology);
}

/** A GTIN-8, -12, -13 or -14 typed by a scanner without AIM identifiers (EAN-13 on packaging, ITF-14). */
function matchBareGtin(text: string, options: ClassifyScanOptions): ScanClassification {
  if (/^(\d{8}|\d{12,14})$/.test(text) && hasValidGs1CheckDigit(text)) {
    const referenceYear = (options.referenceDate ?? new Date()).getFullYear();
    return classifyGs1Elements({ '01': text.padStart(14, '0') }, referenceYear);
  }
  return { kind: 'unknown', code: 'unknown-scan', text };
}

function invalid(
  code: Extract<ScanClassification, { kind: 'invalid' }>['code'],
  message: string,
  ai?: string,
): ScanClassification {
  return ai === undefined ? { kind: 'invalid', code, message } : { kind: 'invalid', code, message, ai };
}
