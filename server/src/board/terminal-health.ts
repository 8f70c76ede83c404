import type { BoardStation, HeartbeatScanner } from '@shared/board';

/** What the board knows about one terminal; a station shows the sum over its terminals. */
export interface TerminalHealth {
  lastSeenAt: number | null;
  pending: number | null;
  oldestPendingAt: number | null;
  gaps: number;
  quarantined: number;
  rejected: number;
  /** As the terminal last reported in a heartbeat. */
  scanners?: HeartbeatScanner[];
}

export function emptyTerminalHealth(): TerminalHealth {
  return { lastSeenAt: null, pending: null, oldestPendingAt: null, gaps: 0, quarantined: 0, rejected: 0 };
}

/** A re-enrolled terminal's old identity still counts: its gaps and set-aside bookings are still open. */
export function sumTerminals(terminals: Map<string, TerminalHealth>): BoardStation['terminal'] {
  const sum: BoardStation['terminal'] = emptyTerminalHealth();
  // Scanners are not summed: an earlier identity of the station's terminal reported devices it may no longer have.
  let scannersSeenAt = -1;
  for (const terminal of terminals.values()) {
    if (terminal.scanners && (terminal.lastSeenAt ?? 0) > scannersSeenAt) {
      scannersSeenAt = terminal.lastSeenAt ?? 0;
      sum.scanners = terminal.scanners;
    }
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
