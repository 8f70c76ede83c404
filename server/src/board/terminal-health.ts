import type { BoardStation } from '../../../shared/board';

/** What the board knows about one terminal; a station shows the sum over its terminals. */
export interface TerminalHealth {
  lastSeenAt: number | null;
  pending: number | null;
  oldestPendingAt: number | null;
  gaps: number;
  quarantined: number;
  rejected: number;
}

export function emptyTerminalHealth(): TerminalHealth {
  return { lastSeenAt: null, pending: null, oldestPendingAt: null, gaps: 0, quarantined: 0, rejected: 0 };
}

/** A re-enrolled terminal's old identity still counts: its gaps and set-aside bookings are still open. */
export function sumTerminals(terminals: Map<string, TerminalHealth>): BoardStation['terminal'] {
  const sum: BoardStation['terminal'] = emptyTerminalHealth();
  for (const terminal of terminals.values()) {
    if (terminal.lastSeenAt !== null) sum.lastSeenAt = Math.max(sum.lastSeenAt ?? 0, terminal.lastSeenAt);
    if (terminal.pending !== null) sum.pending = (sum.pending ?? 0) + terminal.pending;
    if (terminal.oldestPendingAt !== null)
      sum.oldestPendingAt = Math.min(sum.oldestPendingAt ?? Infinity, terminal.oldestPendingAt);
    sum.gaps += terminal.gaps;
    sum.quarantined += terminal.quarantined;
    sum.rejected += terminal.rejected;
  }
  return sum;
}
