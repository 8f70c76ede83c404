import type { ScanSourceStatus } from '@shared/scan/raw-scan';
import type { RotatingLog } from './rotating-log';

// Sync and devices report the same state many times a minute while a network or a scanner is away: only a
// change is written, so a week offline fills a few lines, not the whole rotation.

type Outcome =
  { kind: 'ok' } | { kind: 'http-error'; status: number; code: string } | { kind: 'network-error'; message: string };

/** Logs a sync channel's failures when they start or change, and once when the channel works again. */
export function createSyncErrorLog(log: RotatingLog): (channel: string, outcome: Outcome) => void {
  const lastProblem = new Map<string, string>();
  return (channel, outcome) => {
    const problem =
      outcome.kind === 'ok'
        ? null
        : outcome.kind === 'http-error'
          ? `HTTP ${outcome.status} ${outcome.code}`
          : `network error: ${outcome.message}`;
    const previous = lastProblem.get(channel) ?? null;
    if (problem === previous) return;
    if (problem === null) {
      lastProblem.delete(channel);
      log.info('sync', `${channel} works again (was: ${previous})`);
    } else {
      lastProblem.set(channel, problem);
      log.warn('sync', `${channel} failed: ${problem}`);
    }
  };
}

/** Logs a device when its state or its problem changes (never the scanned text: it may be a badge). */
export function createDeviceLog(log: RotatingLog): (status: ScanSourceStatus) => void {
  const lastState = new Map<string, string>();
  return (status) => {
    const state = `${status.state}${status.code ? ` (${status.code})` : ''}`;
    if (lastState.get(status.deviceId) === state) return;
    lastState.set(status.deviceId, state);
    const line = `${status.deviceId} (${status.kind}): ${state}${status.detail ? ` – ${status.detail}` : ''}`;
    if (status.state === 'error' || status.state === 'disconnected') log.warn('device', line);
    else log.info('device', line);
  };
}
