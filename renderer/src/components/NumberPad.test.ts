import { describe, expect, it } from 'vitest';
import { parsePadValue, sanitizePadInput, toPadValue } from './NumberPad';

describe('sanitizePadInput', () => {
  it.each<[string, string, boolean, string]>([
    ['120', '.', false, '120'],
    ['12a0', '.', false, '120'],
    ['007', '.', false, '7'],
    ['1.5', '.', false, '15'],
    ['1.5', '.', true, '1,5'],
    ['1,5', ',', true, '1,5'],
    ['1,5.2', ',', true, '1,52'],
    ['-3', '.', false, '3'],
    ['1e5', '.', false, '15'],
    ['12345678901', '.', false, '123456789'],
  ])('%s (sign %s, decimals %s) becomes %s', (typed, sign, allowDecimal, expected) => {
    expect(sanitizePadInput(typed, sign, allowDecimal, 9)).toBe(expected);
  });
});

describe('pad values', () => {
  it('round-trips decimals through the German comma', () => {
    expect(toPadValue(2.5)).toBe('2,5');
    expect(parsePadValue(toPadValue(2.5))).toBe(2.5);
    expect(parsePadValue('')).toBeNull();
  });
});
