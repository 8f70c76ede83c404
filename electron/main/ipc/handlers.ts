import type { AppInfo } from '../../../shared/ipc/contract';
import type { ScanSourceStatus } from '../../../shared/scan/raw-scan';
import type { BookingJournal } from '../journal/journal';
import { NOT_ENROLLED } from '../../../shared/protocol';
import type { ServerClient } from '../terminal/server-client';
import type { IpcHandlers } from './dispatch';

export interface HandlerDeps {
  appInfo: () => AppInfo;
  /** Null until the terminal is configured and enrolled. */
  serverClient: () => ServerClient | null;
  scanSources: () => ScanSourceStatus[];
  /** Rejects when the journal could not be opened: every append then fails loudly instead of silently. */
  journal: () => Promise<BookingJournal>;
  log?: (message: string) => void;
}

export function createIpcHandlers(deps: HandlerDeps): IpcHandlers {
  return {
    'app:info': async () => deps.appInfo(),
    'sync:push': async (request) => {
      const outcome = (await deps.serverClient()?.push(request)) ?? NOT_ENROLLED;
      // Main relays the server's answer itself, so it prunes on the server's word, not on the renderer's.
      if (outcome.kind === 'ok') void pruneAcknowledged(deps, request.epoch, outcome.value.ackedUpTo);
      return outcome;
    },
    'sync:pull': async (query) => (await deps.serverClient()?.pull(query)) ?? NOT_ENROLLED,
    'sync:probe': async () => (await deps.serverClient()?.probe()) ?? NOT_ENROLLED,
    'scan:sources': async () => deps.scanSources(),
    'journal:append': async (booking) => {
      await (await deps.journal()).append(booking);
      return { durable: true as const };
    },
    'journal:replay': async () => (await deps.journal()).replay(),
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
