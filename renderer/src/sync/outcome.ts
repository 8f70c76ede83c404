import type { SyncFailure } from '@shared/protocol';
import type { SyncErrorCode } from '@shared/sync-health';

// How a failed exchange is reported. Every failure is retried; the code only tells people why.

export function syncErrorCodeOf(outcome: SyncFailure): SyncErrorCode {
  if (outcome.kind === 'network-error') return 'network';
  if (outcome.code === 'not-enrolled') return 'not-enrolled';
  if (outcome.code === 'protocol-mismatch') return 'protocol-mismatch';
  if (outcome.status === 401 || outcome.status === 403) return 'unauthorized';
  if (outcome.code === 'bad-response') return 'bad-response';
  if (outcome.status >= 500 || outcome.status === 429 || outcome.status === 408) return 'server';
  return 'bad-request';
}
