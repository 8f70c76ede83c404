import { describe, expect, it } from 'vitest';
import type { Shift } from '@shared/master-data';
import { currentShiftWindow } from './shift-window';

const SHIFTS: Shift[] = [
  { id: 'early', name: 'Früh', start: '06:00', end: '14:00' },
  { id: 'late', name: 'Spät', start: '14:00', end: '22:00' },
  { id: 'night', name: 'Nacht', start: '22:00', end: '06:00' },
];

const at = (day: number, hours: number, minutes = 0) => new Date(2026, 11, day, hours, minutes).getTime();

describe('currentShiftWindow', () => {
  it.each([
    ['early shift', at(2, 9, 30), 'early', at(2, 6), at(2, 14)],
    ['start of the late shift belongs to it', at(2, 14), 'late', at(2, 14), at(2, 22)],
    ['night shift before midnight', at(2, 23), 'night', at(2, 22), at(3, 6)],
    ['night shift after midnight started yesterday', at(3, 2), 'night', at(2, 22), at(3, 6)],
    ['last minute of the night shift', at(3, 5, 59), 'night', at(2, 22), at(3, 6)],
  ])('%s', (_, now, shiftId, start, end) => {
    expect(currentShiftWindow(SHIFTS, now)).toEqual({ shiftId, start, end });
  });

  it('falls back to the day since local midnight without a calendar', () => {
    expect(currentShiftWindow([], at(2, 9, 30))).toEqual({ shiftId: null, start: at(2, 0), end: at(3, 0) });
  });

  it('falls back to the day when no shift covers now', () => {
    const dayOnly: Shift[] = [{ id: 'day', name: 'Tag', start: '07:00', end: '15:30' }];
    expect(currentShiftWindow(dayOnly, at(2, 16)).shiftId).toBeNull();
    expect(currentShiftWindow(dayOnly, at(2, 15, 29)).shiftId).toBe('day');
  });
});
