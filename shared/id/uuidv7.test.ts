import { describe, expect, it } from 'vitest';
import { UUID_PATTERN, uuidv7, uuidv7Timestamp } from './uuidv7';

describe('uuidv7', () => {
  it('is a version-7 RFC 9562 UUID carrying its creation time', () => {
    const now = 1_764_000_000_123;
    const id = uuidv7(now);
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect(uuidv7Timestamp(id)).toBe(now);
  });

  it('sorts by creation time and never repeats', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => uuidv7(1_700_000_000_000 + i));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects non-v7 ids when asked for a timestamp', () => {
    expect(uuidv7Timestamp('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(uuidv7Timestamp('garbage')).toBeUndefined();
  });
});
