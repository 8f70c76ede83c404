import type { SyncErrorCode } from './health';

// How a failed exchange is reported. Every failure is retried; the code only tells people why.

type FailedOutcome = { kind: 'http-error'; status: number; code: string } | { kind: 'network-error'; message: string };

export function errorCodeOf(outcome: FailedOutcome): SyncErrorCode {
  if (outcome.kind === 'network-error') return 'network';
  if (outcome.code === 'not-enrolled') return 'not-enrolled';
  if (outcome.status === 401 || outcome.status === 403) return 'unauthorized';
  if (outcome.code === 'bad-response') return 'bad-response';
  if (outcome.status >= 500 || outcome.status === 429 || outcome.status === 408) return 'server';
  return 'bad-request';
}
