import { describe, expect, it } from 'vitest';
import { classifyScan } from './classify';
import { decodeEpc } from './epc';
import { parseGs1 } from './gs1';
import { SCAN_ERROR_CODES, type ScanErrorCode } from './scan-errors';

const options = { referenceDate: new Date(2025, 5, 15) };
const GTIN = '09520123456788';

/** One input per code, so the list holds exactly the codes the parsers can produce. */
const PRODUCERS: Readonly<Record<ScanErrorCode, () => string | undefined>> = {
  empty: () => code(parseGs1('', options)),
  'too-long': () => code(parseGs1('9'.repeat(5000), options)),
  symbology: () => code(parseGs1(']', options)),
  'unknown-ai': () => code(parseGs1(']C189X', options)),
  length: () => code(parseGs1(']C101123', options)),
  charset: () => code(parseGs1(`(01)${GTIN}(10)A B`, options)),
  'check-digit': () => code(parseGs1('(01)09520123456789', options)),
  date: () => code(parseGs1(`(01)${GTIN}(17)250230`, options)),
  value: () => code(parseGs1(`(8006)040123451234560302`, options)),
  pairing: () => code(parseGs1('(10)LOT', options)),
  'duplicate-ai': () => code(parseGs1(`(01)${GTIN}(10)A(10)B`, options)),
  'digital-link': () => code(parseGs1(`https://a/01/${GTIN}?10=A`, options)),
  hex: () => code(decodeEpc('XYZ')),
  header: () => code(decodeEpc('FF0000000000000000000000')),
  partition: () => code(decodeEpc('303C00000000000000000000')),
  range: () => code(decodeEpc('3078FFFFF000000000000000')),
  'pattern-config': () => classified(classifyScan({ text: 'FA1' }, { orderPattern: '(' })),
  'unknown-command': () => classified(classifyScan({ text: '#CMD:FLY' }, { commandPrefix: '#CMD:' })),
  'badge-format': () => classified(classifyScan({ text: 'x', isBadgeSource: true }, { badgePattern: '^\\d+$' })),
  'unknown-scan': () => classified(classifyScan({ text: 'HELLO' }, {})),
};

function code(result: { readonly ok: boolean; readonly code?: string }): string | undefined {
  return result.ok ? undefined : result.code;
}

function classified(result: ReturnType<typeof classifyScan>): string | undefined {
  return result.kind === 'invalid' || result.kind === 'unknown' ? result.code : undefined;
}

describe('SCAN_ERROR_CODES', () => {
  it('has no duplicates', () => {
    expect(new Set(SCAN_ERROR_CODES).size).toBe(SCAN_ERROR_CODES.length);
  });

  it.each(SCAN_ERROR_CODES.map((c) => [c]))('%s is produced by some input', (errorCode) => {
    expect(PRODUCERS[errorCode]()).toBe(errorCode);
  });
});
