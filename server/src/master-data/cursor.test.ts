import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('pull cursor', () => {
  it('round-trips and stays URL-safe and short', () => {
    const cursor = { dataset: 'qualityPlans' as const, generation: 'AbCdEfGhIjK', seq: Number.MAX_SAFE_INTEGER };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThanOrEqual(128);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  const b64 = (value: unknown) =>
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', b64('{nope')],
    ['another version', b64({ v: 2, d: 'orders', g: 'g', s: 1 })],
    ['an unknown dataset', b64({ v: 1, d: 'passwords', g: 'g', s: 1 })],
    ['a negative seq', b64({ v: 1, d: 'orders', g: 'g', s: -1 })],
    ['a fractional seq', b64({ v: 1, d: 'orders', g: 'g', s: 1.5 })],
    ['extra keys', b64({ v: 1, d: 'orders', g: 'g', s: 1, admin: true })],
    ['prototype keys', b64('{"v":1,"d":"orders","g":"g","s":1,"__proto__":{"x":1}}')],
    ['too long', 'A'.repeat(200)],
  ])('rejects %s', (_name, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
