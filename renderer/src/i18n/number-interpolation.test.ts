import { describe, expect, it } from 'vitest';
import { numberInMessage } from './number-interpolation';

describe('numberInMessage', () => {
  it.each([
    ['de', 0.125, '0,125'],
    ['en', 0.125, '0.125'],
    ['pl', -2.5, '-2,5'],
    ['tr', 2.5, '2,5'],
  ])('%s: %s reads %s', (language, value, expected) => {
    expect(numberInMessage(value, language)).toBe(expected);
  });

  it('neither rounds nor groups', () => {
    expect(numberInMessage(1234567.0001, 'de')).toBe('1234567,0001');
    expect(numberInMessage(1000, 'pl')).toBe('1000');
  });
});
