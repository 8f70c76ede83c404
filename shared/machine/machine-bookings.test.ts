import { describe, expect, it } from 'vitest';
import { validateBooking } from '../booking';
import { uuidv7 } from '../id/uuidv7';

// The machine booking schemas as the terminal's outbox and the server's ingest both apply them: a count that
// does not add up, or a value its counter cannot hold, is refused with a reason a person can act on.

const count = (payload: object) => ({
  id: uuidv7(),
  terminalId: 'T-1',
  epoch: 'ep-1',
  seq: 1,
  type: 'machine.count',
  occurredAt: 1_764_000_060_000,
  clockOffsetMs: 0,
  stationId: 'ST-10',
  masterDataVersion: 'v1',
  payload: {
    signal: 'M1.parts',
    from: 1_764_000_000_000,
    to: 1_764_000_059_000,
    bits: 32,
    startValue: 100,
    endValue: 160,
    pieces: 60,
    resets: 0,
    wraps: 0,
    ...payload,
  },
});

describe('machine.count and machine.state schemas', () => {
  it('accept a count without an operator, order or operation (the machine books, not a person)', () => {
    expect(validateBooking(count({})).ok).toBe(true);
  });

  it.each<[string, object]>([
    ['a wrap of a 32-bit counter', { startValue: 4_294_967_290, endValue: 4, pieces: 10, wraps: 1 }],
    ['a wrap of a 16-bit counter', { bits: 16, startValue: 65_530, endValue: 4, pieces: 10, wraps: 1 }],
    ['a reset with pieces before it', { startValue: 900, endValue: 7, pieces: 57, resets: 1 }],
    ['a reset to 0 and nothing counted', { startValue: 900, endValue: 0, pieces: 0, resets: 1 }],
    ['a 64-bit counter past 2^32', { bits: 64, startValue: 2 ** 40, endValue: 2 ** 40 + 5, pieces: 5 }],
  ])('accept %s', (_name, payload) => {
    expect(validateBooking(count(payload))).toMatchObject({ ok: true });
  });

  it.each<[string, object, string]>([
    ['pieces that do not add up', { pieces: 61 }, 'payload.pieces: without a reset, pieces must be endValue'],
    ['a wrap not counted', { startValue: 65_530, endValue: 4, bits: 16, pieces: 10 }, 'payload.pieces:'],
    [
      'a value too wide for 16 bits',
      { bits: 16, startValue: 70_000, endValue: 70_060 },
      'payload.bits: counter values',
    ],
    ['a counter width of 24', { bits: 24 }, 'payload.bits:'],
    ['fewer pieces than counted since a reset', { endValue: 7, pieces: 3, resets: 1 }, 'payload.pieces: after a reset'],
    ['from after to', { from: 1_764_000_059_001 }, 'payload.to: from must not be after to'],
    ['negative pieces', { pieces: -1 }, 'payload.pieces:'],
    ['fractional counter value', { endValue: 160.5, pieces: 60.5 }, 'payload.endValue:'],
    ['a missing signal', { signal: undefined }, 'payload.signal:'],
  ])('refuse %s', (_name, payload, issue) => {
    const result = validateBooking(count(payload));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.join('\n')).toContain(issue);
  });

  it('refuses a state the run signal does not know', () => {
    const state = { ...count({}), type: 'machine.state', payload: { signal: 'M1.run', state: 'coffee', since: 1 } };
    const result = validateBooking(state);
    expect(result).toMatchObject({ ok: false, issues: [expect.stringContaining('payload.state:')] });
  });
});
