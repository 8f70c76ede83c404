import { describe, expect, it } from 'vitest';
import type { SyncFailure } from '@shared/protocol';
import type { SyncErrorCode } from '@shared/sync-health';
import { syncErrorCodeOf } from './outcome';

describe('syncErrorCodeOf', () => {
  it.each<[SyncFailure, SyncErrorCode]>([
    [{ kind: 'network-error', message: 'timeout after 30000 ms' }, 'network'],
    [{ kind: 'http-error', status: 401, code: 'not-enrolled' }, 'not-enrolled'],
    [{ kind: 'http-error', status: 400, code: 'protocol-mismatch' }, 'protocol-mismatch'],
    [{ kind: 'http-error', status: 401, code: 'token-revoked' }, 'unauthorized'],
    [{ kind: 'http-error', status: 403, code: 'terminal-mismatch' }, 'unauthorized'],
    [{ kind: 'http-error', status: 200, code: 'bad-response' }, 'bad-response'],
    [{ kind: 'http-error', status: 502, code: 'http-502' }, 'server'],
    [{ kind: 'http-error', status: 429, code: 'too-many-attempts' }, 'server'],
    [{ kind: 'http-error', status: 413, code: 'payload-too-large' }, 'bad-request'],
    [{ kind: 'http-error', status: 400, code: 'invalid-request' }, 'bad-request'],
  ])('%j -> %s', (failure, expected) => {
    expect(syncErrorCodeOf(failure)).toBe(expected);
  });
});
