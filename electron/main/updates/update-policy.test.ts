import { describe, expect, it } from 'vitest';
import { decideUpdate, isInWindow, parseMaintenanceWindow, type UpdateConditions } from './update-policy';

describe('parseMaintenanceWindow', () => {
  it.each([
    ['02:00-04:30', { startMinute: 120, endMinute: 270 }],
    [' 22:15-01:00 ', { startMinute: 1335, endMinute: 60 }],
    ['00:00-23:59', { startMinute: 0, endMinute: 1439 }],
  ])('%j', (text, expected) => expect(parseMaintenanceWindow(text)).toEqual(expected));

  it.each([
    undefined,
    null,
    42,
    '',
    '2:00-4:00',
    '24:00-01:00',
    '02:60-03:00',
    '02:00',
    '02:00-02:00',
    '02:00–04:00',
    '02:00-04:00;rm',
  ])('refuses %j (no window: never update)', (text) => expect(parseMaintenanceWindow(text)).toBeNull());
});

describe('isInWindow', () => {
  const night = { startMinute: 22 * 60, endMinute: 2 * 60 };
  it.each([
    [22 * 60, true],
    [23 * 60 + 59, true],
    [0, true],
    [2 * 60 - 1, true],
    [2 * 60, false],
    [12 * 60, false],
    [22 * 60 - 1, false],
  ])('a window across midnight at minute %i: %s', (minute, expected) =>
    expect(isInWindow(minute, night)).toBe(expected),
  );
});

describe('decideUpdate', () => {
  const quiet: UpdateConditions = {
    minuteOfDay: 3 * 60,
    window: { startMinute: 2 * 60, endMinute: 4 * 60 },
    pendingInJournal: 0,
    isOperatorLoggedIn: false,
  };

  it('allows an update in the window with an empty journal and nobody logged in', () => {
    expect(decideUpdate(quiet)).toEqual({ allowed: true });
  });

  it.each<[string, Partial<UpdateConditions>, string]>([
    ['no window configured', { window: null }, 'no-window'],
    ['before the window', { minuteOfDay: 119 }, 'outside-window'],
    ['at the end of the window', { minuteOfDay: 240 }, 'outside-window'],
    ['a booking waiting in the journal', { pendingInJournal: 1 }, 'bookings-pending'],
    ['an operator logged in', { isOperatorLoggedIn: true }, 'operator-logged-in'],
    ['the journal unreadable', { pendingInJournal: null }, 'state-unknown'],
    ['the renderer has not reported', { isOperatorLoggedIn: null }, 'state-unknown'],
    [
      'pending and logged in outside the window',
      { minuteOfDay: 600, pendingInJournal: 4, isOperatorLoggedIn: true },
      'outside-window',
    ],
  ])('refuses with %s', (_what, change, reason) => {
    expect(decideUpdate({ ...quiet, ...change })).toEqual({ allowed: false, reason });
  });
});
