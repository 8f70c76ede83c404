import { describe, expect, it } from 'vitest';
import {
  gs1CheckCharacterPair,
  gs1CheckDigit,
  hasValidGs1CheckCharacterPair,
  hasValidGs1CheckDigit,
} from './check-digit';

describe('GS1 mod-10 check digit', () => {
  // Published examples: GenSpecs, the Tag Data Standard and the Digital Link standard.
  it.each([
    ['GTIN-13 (EAN-13)', '4006381333931'],
    ['GTIN-14 (Digital Link standard)', '09520123456788'],
    ['GTIN-14 with indicator 8 (TDS SGTIN-96)', '80614141123458'],
    ['GTIN-8', '02345673'],
    ['GTIN-12 (UPC-A)', '036000291452'],
    ['SSCC (TDS)', '106141412345678908'],
    ['SSCC (Digital Link standard)', '952012345678912345'],
    ['GLN (Digital Link standard)', '9520123456788'],
    ['GLN (TDS SGLN)', '0614141123452'],
    ['GSRN (TDS)', '061414112345678902'],
    ['GSRN', '123456789012345675'],
    ['GDTI base (TDS)', '0614141123452'],
    ['GRAI base (TDS)', '0614141123452'],
    ['GCN base (TDS)', '4012345678901'],
    ['GTIN inside ITIP (TDS)', '04012345123456'],
  ])('%s %s is valid', (_name, digits) => {
    expect(hasValidGs1CheckDigit(digits)).toBe(true);
  });

  it.each([['4006381333932'], ['09520123456789'], ['106141412345678907'], ['9520123456780'], ['0614141123453']])(
    '%s has a wrong check digit',
    (digits) => {
      expect(hasValidGs1CheckDigit(digits)).toBe(false);
    },
  );

  it.each([[''], ['1'], ['40063813339a1'], [' 4006381333931']])('rejects malformed input %j', (digits) => {
    expect(hasValidGs1CheckDigit(digits)).toBe(false);
  });

  it('computes from the rightmost data digit with weight 3', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('10614141234567890')).toBe(8);
    expect(gs1CheckDigit('0')).toBe(0);
    expect(gs1CheckDigit('1')).toBe(7);
  });

  it('detects every single-digit substitution in a GTIN-13', () => {
    const valid = '4006381333931';
    for (let i = 0; i < valid.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid.charAt(i)) continue;
        const mutated = valid.slice(0, i) + String(d) + valid.slice(i + 1);
        expect(hasValidGs1CheckDigit(mutated), mutated).toBe(false);
      }
    }
  });
});

describe('GS1 alphanumeric check character pair (GMN, MUDI)', () => {
  it.each([
    ['1987654Ad4X4bL5ttr2310c2K'], // GenSpecs GMN example
    ['12345678901234567890123NT'],
    ['12345_ABCDEFGHIJKLMCP'],
    ['12345_abcdefghijklmN3'],
    ['12345_!"%&\'()*+,-./LC'],
    ['12345_0123456789:;<=>?62'],
    ['7907665Bm8v2AB'],
    ['00000!HV'],
    ['99999zzzzzzzzzzzzzzzzzzT2'],
    ['22'],
  ])('%s is valid', (value) => {
    expect(hasValidGs1CheckCharacterPair(value)).toBe(true);
  });

  it.each([['1987654Ad4X4bL5ttr2310cXK'], ['1987654Ad4X4bL5ttr2310c2X'], ['33'], ['2'], [''], ['1234 5678AB']])(
    '%j is invalid',
    (value) => {
      expect(hasValidGs1CheckCharacterPair(value)).toBe(false);
    },
  );

  it('computes the pair', () => {
    expect(gs1CheckCharacterPair('1987654Ad4X4bL5ttr2310c')).toBe('2K');
    expect(gs1CheckCharacterPair('')).toBe('22');
    expect(gs1CheckCharacterPair('abc#')).toBeUndefined();
  });
});
