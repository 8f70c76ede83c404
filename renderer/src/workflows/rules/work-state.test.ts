import { describe, expect, it } from 'vitest';
import { compareByDueDate, isLate, localIsoDay, openQuantity } from './work-state';

describe('openQuantity, isLate and the work list order', () => {
  it('never owes a negative quantity', () => {
    expect(openQuantity(500, { good: 17 })).toBe(483);
    expect(openQuantity(500, { good: 600 })).toBe(0);
  });

  it('is late only before today and only while work remains', () => {
    expect(isLate('2026-12-01', '2026-12-02', 'released')).toBe(true);
    expect(isLate('2026-12-02', '2026-12-02', 'released')).toBe(false);
    expect(isLate('2026-12-01', '2026-12-02', 'finished')).toBe(false);
    expect(isLate('2026-12-01', '2026-12-02', 'closed')).toBe(false);
  });

  it('takes today from the terminal clock', () => {
    expect(localIsoDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('sorts by due date, then operation number, unknown dates last', () => {
    const rows = [
      { dueDate: undefined, operationNumber: '0010' },
      { dueDate: '2026-12-03', operationNumber: '0020' },
      { dueDate: '2026-12-01', operationNumber: '0020' },
      { dueDate: '2026-12-03', operationNumber: '0010' },
    ];
    expect([...rows].sort(compareByDueDate)).toEqual([rows[2], rows[3], rows[1], rows[0]]);
  });
});
