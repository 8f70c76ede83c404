import { describe, expect, it } from 'vitest';
import { BOOKING_PAYLOADS } from '../booking';
import type { MachineRunState } from './signals';
import { createStateDebouncer, type MachineStateDraft } from './state-debouncer';

const T0 = 1_764_000_000_000;
const s = (seconds: number) => T0 + seconds * 1_000;

function feed(
  observations: Array<[number, MachineRunState]>,
  options: Partial<Parameters<typeof createStateDebouncer>[0]> = {},
) {
  const debouncer = createStateDebouncer({ signal: 'M1.run', ...options });
  const bookings: MachineStateDraft[] = [];
  for (const [seconds, state] of observations) bookings.push(...debouncer.observe({ state, at: s(seconds) }));
  return { debouncer, bookings };
}

const summary = (bookings: MachineStateDraft[]) =>
  bookings.map((b) => [b.payload.state, (b.payload.since - T0) / 1_000]);

describe('createStateDebouncer', () => {
  it('books a change once it held for 2 s, dated from when it began', () => {
    const { bookings, debouncer } = feed([
      [0, 'running'],
      [1, 'running'],
      [2, 'running'],
      [30, 'stopped'],
      [31, 'stopped'],
    ]);
    expect(summary(bookings)).toEqual([['running', 0]]);
    expect(debouncer.tick(s(31.999))).toEqual([]);
    expect(summary(debouncer.tick(s(32)))).toEqual([['stopped', 30]]);
    expect(debouncer.tick(s(40))).toEqual([]);
  });

  it('ignores a blip back and forth shorter than the hold time', () => {
    const { bookings, debouncer } = feed([
      [0, 'running'],
      [5, 'running'],
      [10, 'stopped'],
      [11, 'running'],
      [20, 'running'],
    ]);
    expect(summary([...bookings, ...debouncer.tick(s(60))])).toEqual([['running', 0]]);
  });

  it('lets a flapping signal book at most 6 changes a minute, then the state at the moment the budget returns', () => {
    const debouncer = createStateDebouncer({ signal: 'M1.run' });
    const bookings: MachineStateDraft[] = [];
    // A contact chattering every 3 s for 5 minutes (each state holds 3 s, longer than the hold time), observed
    // every 100 ms as a Modbus poll would.
    for (let tenth = 0; tenth <= 3_000; tenth++) {
      const state: MachineRunState = Math.floor(tenth / 30) % 2 === 0 ? 'running' : 'stopped';
      bookings.push(...debouncer.observe({ state, at: T0 + tenth * 100 }));
    }
    for (let minute = 0; minute < 5; minute++) {
      const inMinute = bookings.filter(
        (b) => b.payload.since >= s(minute * 60) && b.payload.since < s(minute * 60 + 60),
      );
      expect(inMinute.length).toBeLessThanOrEqual(6);
    }
    expect(bookings.length).toBeGreaterThan(20); // still following the machine, 5 minutes at up to 6 a minute
    expect(bookings.length).toBeLessThanOrEqual(31);
    // Booked states alternate and their starts never go back.
    for (let i = 1; i < bookings.length; i++) {
      expect(bookings[i]?.payload.state).not.toBe(bookings[i - 1]?.payload.state);
      expect(bookings[i]!.payload.since).toBeGreaterThan(bookings[i - 1]!.payload.since);
    }
    for (const booking of bookings)
      expect(BOOKING_PAYLOADS['machine.state'].safeParse(booking.payload).success).toBe(true);
  });

  it('holds a change over the budget until the budget returns, then books the state of that moment', () => {
    const debouncer = createStateDebouncer({ signal: 'M1.run', maxPerMinute: 2, holdMs: 1_000 });
    const at = (seconds: number, state?: MachineRunState) =>
      summary(state === undefined ? debouncer.tick(s(seconds)) : debouncer.observe({ state, at: s(seconds) }));
    expect(at(0, 'running')).toEqual([]);
    expect(at(1)).toEqual([['running', 0]]);
    expect(at(3, 'stopped')).toEqual([]);
    expect(at(4)).toEqual([['stopped', 3]]);
    expect(at(6, 'running')).toEqual([]);
    expect(at(7)).toEqual([]); // two bookings in the last minute already
    expect(at(60.999)).toEqual([]);
    // At 61 s the booking made at 1 s has left the window.
    expect(at(61)).toEqual([['running', 6]]);
  });

  it('books nothing when the budget returns and the machine is back in the state booked last', () => {
    const debouncer = createStateDebouncer({ signal: 'M1.run', maxPerMinute: 2, holdMs: 1_000 });
    const booked = [
      debouncer.observe({ state: 'running', at: s(0) }),
      debouncer.tick(s(1)),
      debouncer.observe({ state: 'stopped', at: s(3) }),
      debouncer.tick(s(4)),
      debouncer.observe({ state: 'running', at: s(6) }),
      debouncer.observe({ state: 'stopped', at: s(20) }),
      debouncer.tick(s(61)),
      debouncer.tick(s(64)),
    ].flat();
    expect(summary(booked)).toEqual([
      ['running', 0],
      ['stopped', 3],
    ]);
  });

  it('books an unreachable machine as unknown, and does not repeat the state it resumed from', () => {
    const { bookings, debouncer } = feed(
      [
        [0, 'running'],
        [10, 'unknown'],
      ],
      { resumeFrom: { state: 'running', since: s(-100) } },
    );
    expect(bookings).toEqual([]);
    expect(summary(debouncer.tick(s(12)))).toEqual([['unknown', 10]]);
  });

  it('never dates a change before the last booked one when the clock steps back', () => {
    const { bookings } = feed(
      [
        [100, 'running'],
        [103, 'running'],
        [50, 'stopped'],
        [60, 'stopped'],
      ],
      {},
    );
    expect(summary(bookings)).toEqual([['running', 100]]);
  });
  it('applies a new hold time from the next change on', () => {
    const { bookings, debouncer } = feed([
      [0, 'running'],
      [2, 'running'],
      [10, 'stopped'],
    ]);
    // The stop began under the 2 s hold: a longer hold set now does not delay it.
    debouncer.setHoldMs(10_000);
    bookings.push(...debouncer.tick(s(12)));
    bookings.push(...debouncer.observe({ state: 'running', at: s(20) }));
    expect(debouncer.tick(s(29.999))).toEqual([]);
    bookings.push(...debouncer.tick(s(30)));
    expect(summary(bookings)).toEqual([
      ['running', 0],
      ['stopped', 10],
      ['running', 20],
    ]);
  });
});
