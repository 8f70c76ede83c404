import { describe, expect, it, vi } from 'vitest';
import { requestPersistentStorage } from './storage-persistence';

describe('requestPersistentStorage', () => {
  it('does not ask again when the storage is already persistent', async () => {
    const persist = vi.fn(async () => false);
    expect(await requestPersistentStorage({ persisted: async () => true, persist })).toBe('persisted');
    expect(persist).not.toHaveBeenCalled();
  });

  it('reports the browser granting or refusing', async () => {
    expect(await requestPersistentStorage({ persisted: async () => false, persist: async () => true })).toBe(
      'persisted',
    );
    expect(await requestPersistentStorage({ persisted: async () => false, persist: async () => false })).toBe(
      'refused',
    );
  });

  it('treats a failing request as refused and a missing API as unsupported, never rejecting', async () => {
    const throwing = {
      persisted: async () => false,
      persist: () => Promise.reject(new Error('SecurityError')),
    };
    expect(await requestPersistentStorage(throwing)).toBe('refused');
    expect(await requestPersistentStorage(undefined)).toBe('unsupported');
    expect(await requestPersistentStorage({} as never)).toBe('unsupported');
  });
});
