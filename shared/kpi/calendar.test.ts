import { describe, expect, it } from 'vitest';
import type { Shift } from '../master-data';
import { calendarTime } from './calendar';
import { measure } from './intervals';
import { at, MINUTE } from './testing/stream';

const HOUR = 60 * MINUTE;
const night = (extra: Partial<Shift> = {}): Shift => ({
  id: 'night',
  name: 'Nacht',
  start: '22:00',
  end: '06:00',
  ...extra,
});

describe('calendarTime', () => {
  it('takes breaks and planned downtime out of the shift', () => {
    const shift: Shift = {
      id: 'early',
      name: 'Früh',
      start: '06:00',
      end: '14:00',
      breaks: [{ start: '09:00', end: '09:15' }],
      plannedDowntime: [{ start: '13:00', end: '14:00', name: 'Wartung' }],
    };
    const time = calendarTime([shift], 'UTC', at('00:00'), at('00:00', 1));
    expect(time.plannedBusy).toEqual([
      { start: at('06:00'), end: at('09:00') },
      { start: at('09:15'), end: at('13:00') },
    ]);
    expect(measure(time.plannedStops)).toBe(75 * MINUTE);
  });

  it('finds a night shift that began the day before the window and a break over midnight', () => {
    const time = calendarTime([night({ breaks: [{ start: '23:50', end: '00:10' }] })], 'UTC', at('00:00'), at('06:00'));
    expect(time.plannedBusy).toEqual([{ start: at('00:10'), end: at('06:00') }]);
    const whole = calendarTime(
      [night({ breaks: [{ start: '23:50', end: '00:10' }] })],
      'UTC',
      at('22:00'),
      at('06:00', 1),
    );
    expect(measure(whole.plannedBusy)).toBe(8 * HOUR - 20 * MINUTE);
  });

  it('clips shifts to the window and does not count overlapping shifts twice', () => {
    const a: Shift = { id: 'a', name: 'A', start: '06:00', end: '14:00' };
    const b: Shift = { id: 'b', name: 'B', start: '13:00', end: '22:00' };
    const time = calendarTime([a, b], 'UTC', at('10:00'), at('20:00'));
    expect(time.plannedBusy).toEqual([{ start: at('10:00'), end: at('20:00') }]);
  });

  it('reads wall-clock times in the plant time zone, daylight saving included', () => {
    const berlin = night({ timeZone: 'Europe/Berlin' });
    // Spring forward (29 March 2026): 22:00 CET to 06:00 CEST is 7 hours.
    const spring = calendarTime([berlin], 'UTC', Date.UTC(2026, 2, 28, 12), Date.UTC(2026, 2, 29, 12));
    expect(spring.plannedBusy).toEqual([{ start: Date.UTC(2026, 2, 28, 21), end: Date.UTC(2026, 2, 29, 4) }]);
    // Fall back (25 October 2026): 9 hours.
    const autumn = calendarTime([berlin], 'UTC', Date.UTC(2026, 9, 24, 12), Date.UTC(2026, 9, 25, 12));
    expect(autumn.plannedBusy).toEqual([{ start: Date.UTC(2026, 9, 24, 20), end: Date.UTC(2026, 9, 25, 5) }]);
    // A shift without a zone of its own uses the default one.
    const winter = calendarTime([night()], 'Europe/Berlin', at('12:00'), at('12:00', 1));
    expect(winter.plannedBusy).toEqual([{ start: at('21:00'), end: at('05:00', 1) }]);
  });

  it('has no planned time in an empty or reversed window', () => {
    expect(calendarTime([night()], 'UTC', at('23:00'), at('23:00')).plannedBusy).toEqual([]);
    expect(calendarTime([night()], 'UTC', at('23:00'), at('22:00')).plannedBusy).toEqual([]);
  });
});
