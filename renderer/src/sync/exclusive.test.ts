import { describe, expect, it } from 'vitest';
import { runExclusive, untilAborted, type LockManagerLike } from './exclusive';

describe('uploader lock', () => {
  it('uses the Web Locks API when there is one (one uploader across tabs)', async () => {
    const requested: string[] = [];
    const locks: LockManagerLike = {
      request: async (name, callback) => {
        requested.push(name);
        return callback();
      },
    };
    expect(await runExclusive('takt-sync-push:db', async () => 42, locks)).toBe(42);
    expect(requested).toEqual(['takt-sync-push:db']);
  });

  it('serialises callers in one process without it, also after a failure', async () => {
    const order: string[] = [];
    let active = 0;
    const task =
      (label: string, fail = false) =>
      async () => {
        active++;
        expect(active).toBe(1);
        order.push(`start ${label}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        order.push(`end ${label}`);
        active--;
        if (fail) throw new Error(label);
        return label;
      };
    const results = await Promise.allSettled([
      runExclusive('x', task('a'), null),
      runExclusive('x', task('b', true), null),
      runExclusive('x', task('c'), null),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets a stopped engine walk away from a request that never answers', async () => {
    const abort = new AbortController();
    const never = new Promise<never>(() => undefined);
    const waiting = untilAborted(never, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
