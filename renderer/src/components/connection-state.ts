import type { TerminalState } from '../store/terminal-store';

export type ConnectionState = 'starting' | 'not-enrolled' | 'offline' | 'pending' | 'synced';

/** What the top bar says; before enrollment nothing is sent, so "all sent" would be a lie. */
export function connectionStateOf(
  s: Pick<TerminalState, 'phase' | 'lastError' | 'isOnline' | 'pendingCount'>,
): ConnectionState {
  if (s.phase === 'starting') return 'starting';
  if (s.phase === 'setup' || s.lastError === 'not-enrolled') return 'not-enrolled';
  if (!s.isOnline) return 'offline';
  return s.pendingCount > 0 ? 'pending' : 'synced';
}
