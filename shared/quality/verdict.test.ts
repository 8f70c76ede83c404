import { describe, expect, it } from 'vitest';
import type { Characteristic } from '../master-data';
import { assessValue, judgeValue, plausibleRange, qualityFindings, verdictOf } from './verdict';

const length: Characteristic = {
  id: 'LEN',
  name: { de: 'Länge', en: 'Length' },
  kind: 'variable',
  nominal: 120,
  lower: 119.5,
  upper: 120.5,
  unit: 'mm',
};
const h6: Characteristic = { ...length, id: 'DIA', nominal: 40, lower: 39.984, upper: 40 };
const upperOnly: Characteristic = { ...length, id: 'RA', nominal: 0.8, lower: undefined, upper: 1.6 };
const surface: Characteristic = { id: 'SURF', name: { de: 'Oberfläche', en: 'Surface' }, kind: 'attribute' };

describe('judgeValue', () => {
  it.each<[number, 'pass' | 'fail']>([
    [120, 'pass'],
    [119.5, 'pass'],
    [120.5, 'pass'],
    [119.49, 'fail'],
    [120.51, 'fail'],
  ])('%s mm against 119.5–120.5 is %s', (value, expected) => {
    expect(judgeValue(length, value)).toBe(expected);
  });

  it('does not restrict the side without a limit', () => {
    expect(judgeValue(upperOnly, -5)).toBe('pass');
    expect(judgeValue(upperOnly, 1.7)).toBe('fail');
  });
});

describe('plausible range', () => {
  it('widens the limits by ten tolerance bands on each side', () => {
    expect(plausibleRange(length)).toEqual({ low: 109.5, high: 130.5 });
  });

  it('takes 12000 typed for 120.00 for a typing error, 121 for a measurement', () => {
    expect(assessValue(length, 12000)).toBe('implausible');
    expect(assessValue(length, 12)).toBe('implausible');
    expect(assessValue(length, 121)).toBe('fail');
    expect(assessValue(length, 130.5)).toBe('fail');
    expect(assessValue(length, 120.2)).toBe('pass');
  });

  it('follows a configured number of bands', () => {
    expect(assessValue({ ...length, plausibleBands: 2 }, 123)).toBe('implausible');
    expect(assessValue({ ...length, plausibleBands: 2 }, 122)).toBe('fail');
  });

  it('measures a one-sided tolerance by its distance to the nominal', () => {
    expect(plausibleRange(upperOnly)).toEqual({ low: 0.8 - 8, high: 1.6 + 8 });
    const range = plausibleRange(h6);
    expect(range?.low).toBeCloseTo(39.824);
    expect(range?.high).toBeCloseTo(40.16);
  });

  it('refuses nothing without a band to measure by', () => {
    expect(plausibleRange({ nominal: 5 })).toBeNull();
    expect(plausibleRange({ lower: 5, upper: 5 })).toBeNull();
    expect(assessValue({ lower: 5, upper: 5 }, 5000)).toBe('fail');
  });
});

describe('verdictOf', () => {
  it('judges attributes by OK / not OK and values by their limits', () => {
    expect(verdictOf(surface, { attribute: 'ok' })).toBe('pass');
    expect(verdictOf(surface, { attribute: 'nok' })).toBe('fail');
    expect(verdictOf(length, { value: 120.6 })).toBe('fail');
  });
});

describe('qualityFindings', () => {
  const result = (value: number, verdict: 'pass' | 'fail') => ({ characteristicId: 'LEN', value, verdict });

  it('flags every fail and a pass the limits contradict; a true pass is clean', () => {
    expect(qualityFindings(length, result(120, 'pass'))).toEqual([]);
    expect(qualityFindings(length, result(121, 'fail'))).toEqual(['quality-fail(LEN)']);
    expect(qualityFindings(length, result(121, 'pass'))).toEqual(['quality-false-pass(LEN)']);
    expect(qualityFindings(length, result(12000, 'pass'))).toEqual([
      'quality-false-pass(LEN)',
      'quality-implausible(LEN)',
    ]);
  });

  it('flags attribute fails, unknown characteristics and a value on an attribute', () => {
    expect(qualityFindings(surface, { characteristicId: 'SURF', attribute: 'nok', verdict: 'fail' })).toEqual([
      'quality-fail(SURF)',
    ]);
    expect(qualityFindings(undefined, result(120, 'pass'))).toEqual(['unknown-characteristic(LEN)']);
    expect(qualityFindings(surface, { characteristicId: 'SURF', value: 3, verdict: 'pass' })).toEqual([
      'quality-false-pass(SURF)',
      'quality-kind-mismatch(SURF)',
    ]);
  });
});
