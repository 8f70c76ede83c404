import type { Booking } from '../../../shared/booking';

/** The operator logged in at the end of these bookings (any order), or null. */
export function currentOperatorId(bookings: readonly Booking[]): string | null {
  const sessions = bookings
    .filter((b) => b.type === 'operator.login' || b.type === 'operator.logout')
    .sort((a, b) => a.occurredAt - b.occurredAt || a.seq - b.seq);
  const last = sessions.at(-1);
  return last?.type === 'operator.login' ? (last.operatorId ?? null) : null;
}
