import { describe, expect, it } from 'vitest';
import { connectionStateOf } from './connection-state';

const ready = { phase: 'ready', lastError: null, isOnline: true, pendingCount: 0 } as const;

describe('connectionStateOf', () => {
  it.each([
    [{ ...ready, phase: 'setup' }, 'not-enrolled'],
    [{ ...ready, phase: 'setup', isOnline: false }, 'not-enrolled'],
    [{ ...ready, lastError: 'not-enrolled' }, 'not-enrolled'],
    [{ ...ready, phase: 'starting' }, 'starting'],
    [{ ...ready, isOnline: false, pendingCount: 3, lastError: 'network' }, 'offline'],
    [{ ...ready, pendingCount: 3 }, 'pending'],
    [ready, 'synced'],
  ] as const)('%j is %s', (state, expected) => {
    expect(connectionStateOf(state)).toBe(expected);
  });
});
