import type { HeartbeatScanner, TerminalHeartbeat } from '@shared/board';
import type { SyncHealth } from '@shared/sync-health';
import type { Timers } from './retry-loop';
import type { SyncTransport } from './transport/transport';

// Tells the server how this terminal is doing (`POST /api/v1/terminals/heartbeat`), on a timer and after
// every push, so the shift lead's board tells a quiet station from one whose bookings are stuck here.

export interface TerminalHeartbeatOptions {
  send: NonNullable<SyncTransport['heartbeat']>;
  readHealth: () => SyncHealth;
  appVersion: string;
  /** Scanner states, where the terminal has any (Electron); none in a browser. */
  readScanners?: () => Promise<HeartbeatScanner[]>;
  intervalMs: number;
  timers: Timers;
  signal: AbortSignal;
}

/** The heartbeat body from the sync health: the oldest pending booking in business time (corrected clock). */
export function heartbeatFromHealth(
  health: SyncHealth,
  appVersion: string,
  scanners: HeartbeatScanner[],
): TerminalHeartbeat {
  const oldest = health.pendingCount > 0 ? health.oldestPendingAt : null;
  return {
    pending: health.pendingCount,
    oldestPendingAt: oldest === null ? null : Math.max(0, oldest + (health.clockOffsetMs ?? 0)),
    appVersion,
    scanners,
  };
}

export function startTerminalHeartbeat(options: TerminalHeartbeatOptions) {
  let timer: unknown;
  let isSending = false;

  async function beat(): Promise<void> {
    options.timers.clearTimeout(timer);
    if (options.signal.aborted) return;
    // One request at a time: a nudge during a slow request is covered by the body it is already sending.
    if (!isSending) {
      isSending = true;
      try {
        const scanners = (await options.readScanners?.().catch(() => [])) ?? [];
        const body = heartbeatFromHealth(options.readHealth(), options.appVersion, scanners);
        // A failed heartbeat changes nothing here: the board shows the silence, and the next one follows.
        await options.send(body, { signal: options.signal }).catch(() => undefined);
      } finally {
        isSending = false;
      }
    }
    if (!options.signal.aborted) timer = options.timers.setTimeout(() => void beat(), options.intervalMs);
  }

  // The first one goes after the first push has read the outbox (nudge), or after one interval.
  timer = options.timers.setTimeout(() => void beat(), options.intervalMs);
  return {
    /** Sends one now (after a push) and restarts the timer. */
    nudge: (): Promise<void> => beat(),
    stop(): void {
      options.timers.clearTimeout(timer);
    },
  };
}
