import { describe, expect, it } from 'vitest';
import { expandTwoDigitYear, gs1DateToIso, readGs1Date } from './dates';

describe('GS1 sliding century window (GenSpecs §7.12)', () => {
  it.each([
    [25, 2025, 2025],
    [0, 2025, 2000],
    [74, 2025, 2074],
    [75, 2025, 2075],
    [76, 2025, 1976],
    [99, 2025, 1999],
    [10, 2060, 2110],
    [11, 2060, 2011],
    [48, 1999, 2048],
    [49, 1999, 2049],
    [50, 1999, 1950],
  ])('YY %i against %i → %i', (yy, reference, expected) => {
    expect(expandTwoDigitYear(yy, reference)).toBe(expected);
  });
});

describe('readGs1Date', () => {
  const year = 2025;
  it.each([
    ['240229', '2024-02-29'], // leap year
    ['000229', '2000-02-29'], // divisible by 400
    ['281231', '2028-12-31'],
    ['250101', '2025-01-01'],
    ['250430', '2025-04-30'],
  ])('%s is a valid YYMMDD → %s', (text, iso) => {
    const date = readGs1Date(text, year, false);
    expect(date).toBeDefined();
    expect(date && gs1DateToIso(date)).toBe(iso);
  });

  it.each([
    ['250229', 'Feb 29 in a common year'],
    ['230229', 'Feb 29 in 2023'],
    ['250431', 'April 31'],
    ['251301', 'month 13'],
    ['250001', 'month 00'],
    ['250132', 'day 32'],
    ['250100', 'day 00 where not allowed'],
    ['25010', 'five digits'],
    ['2501011', 'seven digits'],
    ['25O101', 'letter O'],
  ])('%s is rejected (%s)', (text) => {
    expect(readGs1Date(text, year, false)).toBeUndefined();
  });

  it('day 00 means the last day of the month when allowed', () => {
    expect(readGs1Date('250200', year, true)).toEqual({ year: 2025, month: 2, day: 0 });
    expect(gs1DateToIso({ year: 2024, month: 2, day: 0 })).toBe('2024-02-29');
    expect(gs1DateToIso({ year: 2025, month: 2, day: 0 })).toBe('2025-02-28');
    expect(gs1DateToIso({ year: 2025, month: 12, day: 0 })).toBe('2025-12-31');
    expect(gs1DateToIso({ year: 2025, month: 4, day: 0 })).toBe('2025-04-30');
  });

  it('day 00 does not excuse a bad month', () => {
    expect(readGs1Date('251300', year, true)).toBeUndefined();
    expect(readGs1Date('250000', year, true)).toBeUndefined();
  });

  it('reads YYYYMMDD without the window', () => {
    expect(readGs1Date('19000229', year, false)).toBeUndefined(); // 1900 is not a leap year
    expect(readGs1Date('20000229', year, false)).toEqual({ year: 2000, month: 2, day: 29 });
    expect(readGs1Date('19671231', year, false)).toEqual({ year: 1967, month: 12, day: 31 });
  });

  it('resolves Feb 29 with the window: "00" is 2000 in 2025 but 2100 (no leap day) in 2060', () => {
    expect(readGs1Date('000229', 2025, false)).toBeDefined();
    expect(readGs1Date('000229', 2060, false)).toBeUndefined();
  });
});
