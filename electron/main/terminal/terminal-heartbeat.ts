import type { HeartbeatScanner, TerminalHeartbeat } from '@shared/board';
import { NOT_ENROLLED, type SyncOutcome } from '@shared/protocol';
import type { ScanSourceStatus } from '@shared/scan/raw-scan';
import type { ServerClient } from './server-client';

// Main sends the terminal's heartbeat (`POST /api/v1/terminals/heartbeat`), since it holds the token and
// knows the scanners. The renderer reports its outbox after every push run and on its own timer
// (`sync:heartbeat`); each report goes out at once. If the renderer goes quiet (hung, reloading), main
// keeps beating with the last report, so the board still sees the terminal and its scanners.

export type OutboxReport = Pick<TerminalHeartbeat, 'pending' | 'oldestPendingAt'>;
export type HeartbeatOutcome = SyncOutcome<{ serverTime: number }>;

export interface MainHeartbeatOptions {
  /** Null while not enrolled: nothing is sent. */
  client: () => ServerClient | null;
  appVersion: string;
  scanners: () => readonly ScanSourceStatus[];
  intervalMs: number;
  /** Told each outcome, e.g. for the log. */
  onOutcome?: (outcome: HeartbeatOutcome) => void;
}

const MAX_SCANNERS = 16;

export function scannersForHeartbeat(statuses: readonly ScanSourceStatus[]): HeartbeatScanner[] {
  return statuses.slice(0, MAX_SCANNERS).map((status) => ({
    deviceId: status.deviceId.slice(0, 128),
    kind: status.kind.slice(0, 32),
    state: status.state,
  }));
}

export function startMainHeartbeat(options: MainHeartbeatOptions) {
  let outbox: OutboxReport | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;

  async function beat(): Promise<HeartbeatOutcome> {
    clearTimeout(timer);
    const client = options.client();
    // Nothing to say before the renderer has counted its outbox: a guessed 0 would tell the board a lie.
    const outcome =
      client && outbox
        ? await client.heartbeat({
            ...outbox,
            appVersion: options.appVersion,
            scanners: scannersForHeartbeat(options.scanners()),
          })
        : NOT_ENROLLED;
    if (client && outbox) options.onOutcome?.(outcome);
    if (!isStopped) timer = setTimeout(() => void beat(), options.intervalMs);
    return outcome;
  }

  timer = setTimeout(() => void beat(), options.intervalMs);
  return {
    /** The renderer's outbox: sent now, and the timer starts over. */
    report(next: OutboxReport): Promise<HeartbeatOutcome> {
      outbox = { pending: next.pending, oldestPendingAt: next.pending === 0 ? null : next.oldestPendingAt };
      return beat();
    },
    stop(): void {
      isStopped = true;
      clearTimeout(timer);
    },
  };
}

export type MainHeartbeat = ReturnType<typeof startMainHeartbeat>;
