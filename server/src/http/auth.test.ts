import { describe, expect, it } from 'vitest';
import { bearerToken } from './auth';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc_DEF-123', 'abc_DEF-123'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
  ])('reads %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic abc',
    'Bearer a b',
    'Bearer abc\nX: y',
    `Bearer ${'a'.repeat(700)}`,
    ['Bearer abc'],
    42,
  ])('refuses %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
