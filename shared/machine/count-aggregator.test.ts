import { describe, expect, it } from 'vitest';
import { BOOKING_PAYLOADS } from '../booking';
import { createCountAggregator, type MachineCountDraft } from './count-aggregator';
import type { CounterReading } from './signals';

// A fake clock is just the numbers: readings carry their time, tick(now) moves it on.
const T0 = 1_764_000_000_000; // a full minute
const s = (seconds: number) => T0 + seconds * 1_000;

function run(readings: Array<[number, number]>, options: Partial<Parameters<typeof createCountAggregator>[0]> = {}) {
  const aggregator = createCountAggregator({ signal: 'M1.parts', bits: 32, intervalMs: 60_000, ...options });
  const bookings: MachineCountDraft[] = [];
  for (const [seconds, value] of readings) bookings.push(...aggregator.read({ value, at: s(seconds) }));
  return { aggregator, bookings };
}

const piecesOf = (bookings: MachineCountDraft[]) => bookings.reduce((sum, b) => sum + b.payload.pieces, 0);

describe('createCountAggregator', () => {
  it('books one interval per minute with the counter start and end values', () => {
    // 2 pieces/s from value 1000 at 0 s to 2 min 30 s: readings every second.
    const readings: Array<[number, number]> = [];
    for (let second = 0; second <= 150; second++) readings.push([second, 1_000 + 2 * second]);
    const { aggregator, bookings } = run(readings);
    bookings.push(...aggregator.tick(s(180)));
    expect(bookings.map((b) => b.payload)).toEqual([
      {
        signal: 'M1.parts',
        from: s(0),
        to: s(59),
        bits: 32,
        startValue: 1_000,
        endValue: 1_118,
        pieces: 118,
        resets: 0,
        wraps: 0,
      },
      {
        signal: 'M1.parts',
        from: s(59),
        to: s(119),
        bits: 32,
        startValue: 1_118,
        endValue: 1_238,
        pieces: 120,
        resets: 0,
        wraps: 0,
      },
      {
        signal: 'M1.parts',
        from: s(119),
        to: s(150),
        bits: 32,
        startValue: 1_238,
        endValue: 1_300,
        pieces: 62,
        resets: 0,
        wraps: 0,
      },
    ]);
    for (const booking of bookings)
      expect(BOOKING_PAYLOADS['machine.count'].safeParse(booking.payload).success).toBe(true);
  });

  it('books nothing for a minute without pieces, and dates the next pieces from the last unchanged reading', () => {
    const { aggregator, bookings } = run([
      [0, 50],
      [10, 50],
      [70, 50],
      [130, 50],
      [131, 53],
    ]);
    expect(bookings).toEqual([]);
    expect(aggregator.tick(s(179.999))).toEqual([]);
    expect(aggregator.tick(s(180)).map((b) => b.payload)).toMatchObject([
      { from: s(130), to: s(131), startValue: 50, endValue: 53, pieces: 3 },
    ]);
    expect(aggregator.tick(s(999))).toEqual([]);
  });

  it('counts across a 32-bit wrap and a reset inside one interval, and the schema agrees', () => {
    const { aggregator } = run([
      [0, 4_294_967_290],
      [1, 4_294_967_295],
      [2, 4], // wrap: 1 piece to reach 0, 4 more after it
      [3, 10],
      [4, 2], // reset: 2 pieces since
      [5, 5],
    ]);
    const [booking] = aggregator.flush();
    // 5 to the top, 5 over it, 6 up, 2 counted since the reset, 3 up.
    expect(booking?.payload).toMatchObject({ startValue: 4_294_967_290, endValue: 5, pieces: 21, wraps: 1, resets: 1 });
    expect(BOOKING_PAYLOADS['machine.count'].safeParse(booking?.payload).success).toBe(true);
  });

  it('books a 16-bit wrap without a reset, so the pieces equal end - start + 2^16', () => {
    const { aggregator } = run(
      [
        [0, 65_500],
        [1, 65_535],
        [2, 30],
      ],
      { bits: 16 },
    );
    const [booking] = aggregator.flush();
    expect(booking?.payload).toMatchObject({ startValue: 65_500, endValue: 30, pieces: 66, wraps: 1, resets: 0 });
    expect(BOOKING_PAYLOADS['machine.count'].safeParse(booking?.payload).success).toBe(true);
  });

  it('books a reset to 0 with no pieces: the counter values changed', () => {
    const { aggregator } = run([
      [0, 700],
      [1, 0],
    ]);
    expect(aggregator.flush().map((b) => b.payload)).toMatchObject([
      { startValue: 700, endValue: 0, pieces: 0, resets: 1 },
    ]);
  });

  it('resumes from the last booked reading, so pieces made while the terminal was off are counted', () => {
    const { bookings, aggregator } = run([[600, 1_450]], { resumeFrom: { value: 1_300, at: s(0) } });
    expect(bookings).toEqual([]);
    expect(aggregator.flush().map((b) => b.payload)).toMatchObject([
      { from: s(0), to: s(600), startValue: 1_300, endValue: 1_450, pieces: 150 },
    ]);
  });

  it('refuses readings that are no counter value, tells about them and keeps counting', () => {
    const refused: Array<[CounterReading, string]> = [];
    const { aggregator } = run(
      [
        [0, 10],
        [1, -1],
        [2, 11.5],
        [3, 70_000],
        [4, 12],
      ],
      { bits: 16, onRefused: (reading, refusal) => refused.push([reading, refusal]) },
    );
    expect(refused.map(([reading]) => reading.value)).toEqual([-1, 11.5, 70_000]);
    expect(aggregator.flush().map((b) => b.payload)).toMatchObject([{ startValue: 10, endValue: 12, pieces: 2 }]);
  });

  it('keeps the chain when the clock steps back: the reading counts at the last time seen', () => {
    const { aggregator } = run([
      [10, 1],
      [5, 4],
    ]);
    expect(aggregator.flush().map((b) => b.payload)).toMatchObject([{ from: s(10), to: s(10), pieces: 3 }]);
  });

  it('stays bounded and exact: 20 pieces/s for an hour with resets every 10 minutes', () => {
    const aggregator = createCountAggregator({ signal: 'M1.parts', bits: 16, intervalMs: 60_000 });
    const bookings: MachineCountDraft[] = [];
    let value = 65_000;
    let made = 0;
    for (let tenth = 1; tenth <= 36_000; tenth++) {
      // A reading every 100 ms; the counter resets to 0 at every full 10 minutes (the operator's button).
      if (tenth % 6_000 === 0) value = 0;
      else if (tenth % 5 === 0) {
        value = (value + 1) % 65_536;
        made += 1;
      }
      bookings.push(...aggregator.read({ value, at: T0 + tenth * 100 }));
    }
    bookings.push(...aggregator.flush());
    expect(bookings.length).toBeLessThanOrEqual(61);
    expect(piecesOf(bookings)).toBe(made);
    for (const booking of bookings)
      expect(BOOKING_PAYLOADS['machine.count'].safeParse(booking.payload).success).toBe(true);
  });
  it('takes a new interval from the next boundary on, every piece in exactly one booking', () => {
    // 1 piece/s from 0 at 0 s; at 30 s the interval grows to 5 min, at 400 s it shrinks to 10 s.
    const aggregator = createCountAggregator({ signal: 'M1.parts', bits: 32, intervalMs: 60_000 });
    const bookings: MachineCountDraft[] = [];
    for (let second = 0; second <= 700; second++) {
      if (second === 30) aggregator.setIntervalMs(300_000, s(second));
      if (second === 400) aggregator.setIntervalMs(10_000, s(second));
      bookings.push(...aggregator.read({ value: second, at: s(second) }));
    }
    bookings.push(...aggregator.flush());
    // The open minute still closes at 60 s, then 5-minute intervals to 300 s; the one open at 400 s closes at
    // the next 10 s boundary (410 s) rather than at 600 s, and 10 s intervals follow.
    const ends = bookings.map((b) => (b.payload.to - T0) / 1_000);
    expect(ends.slice(0, 4)).toEqual([59, 299, 409, 419]);
    expect(piecesOf(bookings)).toBe(700);
    for (let index = 1; index < bookings.length; index++) {
      expect(bookings[index]?.payload.startValue).toBe(bookings[index - 1]?.payload.endValue);
    }
  });

  it('takes a new interval with no interval open for the next one', () => {
    const { aggregator, bookings } = run([[0, 10]]);
    aggregator.setIntervalMs(10_000, s(1));
    bookings.push(...aggregator.read({ value: 12, at: s(2) }));
    expect(aggregator.tick(s(9.999))).toEqual([]);
    expect(aggregator.tick(s(10)).map((b) => b.payload)).toMatchObject([{ from: s(0), to: s(2), pieces: 2 }]);
  });
});
