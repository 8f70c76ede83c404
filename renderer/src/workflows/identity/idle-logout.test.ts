import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_WARNING_MS, nextShiftEnd, watchIdle } from './idle-logout';

describe('idle logout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  function watch(idleMs = 10 * 60_000) {
    const events: string[] = [];
    const idle = watchIdle({
      idleMs,
      onWarn: (at) => events.push(`warn until ${at}`),
      onActive: () => events.push('active'),
      onTimeout: () => events.push('timeout'),
    });
    return { idle, events };
  }

  it('warns 30 s before the idle time is up, then logs out', () => {
    const { events } = watch();
    vi.advanceTimersByTime(10 * 60_000 - IDLE_WARNING_MS - 1);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([`warn until ${10 * 60_000}`]);
    vi.advanceTimersByTime(IDLE_WARNING_MS - 1);
    expect(events).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([`warn until ${10 * 60_000}`, 'timeout']);
  });

  it('any input starts the idle time again, and during the warning takes the warning away', () => {
    const { idle, events } = watch();
    vi.advanceTimersByTime(9 * 60_000);
    idle.activity();
    vi.advanceTimersByTime(9 * 60_000);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(IDLE_WARNING_MS);
    expect(events).toEqual([`warn until ${19 * 60_000}`]);
    idle.activity();
    expect(events.at(-1)).toBe('active');
    vi.advanceTimersByTime(IDLE_WARNING_MS);
    expect(events).not.toContain('timeout');
  });

  it('does nothing once stopped (the team logged out by hand)', () => {
    const { idle, events } = watch();
    idle.stop();
    idle.activity();
    vi.advanceTimersByTime(60 * 60_000);
    expect(events).toEqual([]);
  });
});

describe('shift end', () => {
  const shifts = [
    { start: '06:00', end: '14:00' },
    { start: '14:00', end: '22:00' },
    { start: '22:00', end: '06:00' },
  ];
  const at = (text: string) => new Date(`2026-03-02T${text}:00`);

  it('is the next end of any shift after now, local time', () => {
    expect(nextShiftEnd(shifts, at('07:30'))).toEqual(at('14:00'));
    expect(nextShiftEnd(shifts, at('14:00'))).toEqual(at('22:00'));
    expect(nextShiftEnd(shifts, at('21:59'))).toEqual(at('22:00'));
  });

  it('runs over midnight for a night shift', () => {
    expect(nextShiftEnd(shifts, at('23:00'))).toEqual(new Date('2026-03-03T06:00:00'));
  });

  it('is null without a shift calendar', () => {
    expect(nextShiftEnd([], at('12:00'))).toBeNull();
  });
});
