import { describe, expect, it } from 'vitest';
import { decimalSeparator, decimalsIn, formatDecimal, parseDecimal } from './decimal-numbers';

describe('locale decimal numbers', () => {
  it('knows the separator of each language the terminal speaks or will speak', () => {
    expect(decimalSeparator('de')).toBe(',');
    expect(decimalSeparator('en')).toBe('.');
    expect(decimalSeparator('pl')).toBe(',');
    expect(decimalSeparator('tr')).toBe(',');
  });

  it('formats limits with fixed decimals and no grouping', () => {
    expect(formatDecimal(119.5, 'de', 2)).toBe('119,50');
    expect(formatDecimal(119.5, 'en', 2)).toBe('119.50');
    expect(formatDecimal(12000, 'de', 2)).toBe('12000,00');
    expect(formatDecimal(39.984, 'pl', 3)).toBe('39,984');
  });

  it.each<[string, string, number | null]>([
    ['120,00', 'de', 120],
    ['119,5', 'de', 119.5],
    ['119.5', 'de', 119.5],
    ['119.5', 'en', 119.5],
    ['119,5', 'en', 119.5],
    [',5', 'de', 0.5],
    ['-0,02', 'tr', -0.02],
    ['12000', 'de', 12000],
    ['1.000,5', 'de', null],
    ['1,2,3', 'de', null],
    ['', 'de', null],
    ['abc', 'en', null],
    ['1e5', 'en', null],
    ['12-0', 'de', null],
  ])('"%s" in %s reads as %s', (typed, locale, expected) => {
    expect(parseDecimal(typed, locale)).toBe(expected);
  });

  it('counts the decimals a limit is written with', () => {
    expect(decimalsIn(120)).toBe(0);
    expect(decimalsIn(119.5)).toBe(1);
    expect(decimalsIn(39.984)).toBe(3);
    expect(decimalsIn(1.5e-7)).toBe(8);
  });
});
