import { describe, expect, it } from 'vitest';
import { formatDueDate } from './OperationCard';

describe('formatDueDate', () => {
  it.each([
    ['de', '03.12.2026'],
    ['en', '12/03/2026'],
    ['pl', '03.12.2026'],
    ['tr', '03.12.2026'],
  ])('writes the due date as %s readers do', (language, expected) => {
    expect(formatDueDate('2026-12-03', language)).toBe(expected);
  });

  it('leaves a value it cannot read as it is', () => {
    expect(formatDueDate('soon', 'de')).toBe('soon');
  });
});
