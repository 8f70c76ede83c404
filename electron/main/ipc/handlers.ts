import type { AppInfo } from '../../../shared/ipc/contract';
import type { KeystoreStatus } from '../../../shared/ipc/terminal-health';
import type { ScanSourceStatus } from '../../../shared/scan/raw-scan';
import type { BookingJournal } from '../journal/journal';
import { NOT_ENROLLED, type SyncOutcome } from '../../../shared/protocol';
import type { ServerClient } from '../terminal/server-client';
import type { HeartbeatOutcome, OutboxReport } from '../terminal/terminal-heartbeat';
import type { IpcHandlers } from './dispatch';

export interface HandlerDeps {
  appInfo: () => AppInfo;
  /** Null until the terminal is configured and enrolled. */
  serverClient: () => ServerClient | null;
  scanSources: () => ScanSourceStatus[];
  /** Rejects when the journal could not be opened: every append then fails loudly instead of silently. */
  journal: () => Promise<BookingJournal>;
  log?: (message: string) => void;
  /** The latest keystore check (`unknown` until the first check has an answer). */
  keystore: () => KeystoreStatus;
  logTail: (lines: number) => string[];
  onSessionState: (isOperatorLoggedIn: boolean) => void;
  /** Told every sync answer, so failures reach the log file when they start and when they end. */
  onSyncOutcome?: (channel: 'sync:push' | 'sync:pull', outcome: SyncOutcome<unknown>) => void;
  /** The renderer's outbox for main's heartbeat (terminal/terminal-heartbeat.ts), which goes out at once. */
  reportOutbox?: (report: OutboxReport) => Promise<HeartbeatOutcome>;
}

export function createIpcHandlers(deps: HandlerDeps): IpcHandlers {
  return {
    'app:info': async () => deps.appInfo(),
    'sync:push': async (request) => {
      const outcome = (await deps.serverClient()?.push(request)) ?? NOT_ENROLLED;
      deps.onSyncOutcome?.('sync:push', outcome);
      // Main relays the server's answer itself, so it prunes on the server's word, not on the renderer's.
      if (outcome.kind === 'ok') void pruneAcknowledged(deps, request.epoch, outcome.value.ackedUpTo);
      return outcome;
    },
    'sync:pull': async (query) => {
      const outcome = (await deps.serverClient()?.pull(query)) ?? NOT_ENROLLED;
      deps.onSyncOutcome?.('sync:pull', outcome);
      return outcome;
    },
    'sync:probe': async () => (await deps.serverClient()?.probe()) ?? NOT_ENROLLED,
    'scan:sources': async () => deps.scanSources(),
    'journal:append': async (booking) => {
      await (await deps.journal()).append(booking);
      return { durable: true as const };
    },
    'journal:replay': async () => (await deps.journal()).replay(),
    'app:keystore': async () => deps.keystore(),
    'log:tail': async ({ lines }) => ({ lines: deps.logTail(lines) }),
    'session:state': async ({ isOperatorLoggedIn }) => {
      deps.onSessionState(isOperatorLoggedIn);
      return { received: true as const };
    },
    'sync:heartbeat': async (report) => (await deps.reportOutbox?.(report)) ?? NOT_ENROLLED,
    'line:read': async () => (await deps.serverClient()?.line()) ?? NOT_ENROLLED,
  };
}

async function pruneAcknowledged(deps: HandlerDeps, epoch: string, ackedUpTo: number): Promise<void> {
  try {
    await (await deps.journal()).acknowledge(epoch, ackedUpTo);
  } catch (error) {
    // Not pruning only keeps segments longer; the next acknowledgement tries again.
    (deps.log ?? console.warn)(
      `[takt] journal: pruning failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
