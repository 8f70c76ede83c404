import { describe, expect, it } from 'vitest';
import { isTapOfLastSave, oneIntent, SETTLE_MS } from './one-intent';

describe('isTapOfLastSave', () => {
  it('takes a tap made while a save runs, or within the settle time after it, as the rest of that tap', async () => {
    const before = performance.now();
    expect(isTapOfLastSave(before)).toBe(false);

    let finish: () => void = () => undefined;
    const saving = oneIntent.run(
      'quantity.scrap',
      { quantity: 2 },
      () => new Promise<null>((resolve) => (finish = () => resolve(null))),
    );
    // A panel may already have closed: a tap now lands on whatever took the Save button's place.
    const duringSave = performance.now();
    expect(isTapOfLastSave(duringSave)).toBe(true);

    finish();
    await saving;
    const settledAt = performance.now();
    // Handled late by a busy renderer, but made during the save: still ignored.
    expect(isTapOfLastSave(duringSave)).toBe(true);
    expect(isTapOfLastSave(settledAt)).toBe(true);
    // A deliberate tap after the settle time counts.
    expect(isTapOfLastSave(settledAt + SETTLE_MS + 1)).toBe(false);
  });
});
