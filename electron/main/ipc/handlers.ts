import type { AppInfo, ExportSaveAnswer } from '@shared/ipc/contract';
import type { KeystoreStatus } from '@shared/ipc/terminal-health';
import { machineSettingsOf, type MachineSettings } from '@shared/machine/settings';
import type { ScanSourceStatus } from '@shared/scan/raw-scan';
import type { BookingJournal } from '../journal/journal';
import { savePendingExport, type ChooseExportPath } from '../export/pending-export-writer';
import { NOT_ENROLLED, type SyncOutcome } from '@shared/protocol';
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
  /** The admin screen's exit after a lead's PIN (kiosk/kiosk-exit.ts); absent: the call is refused. */
  exitKiosk?: (approvedBy: string) => void;
  /** Main's save dialog, for the export of pending bookings. */
  chooseExportPath: ChooseExportPath;
  /** Told how each export ended, for the log file. */
  onExportSaved?: (answer: ExportSaveAnswer) => void;
  /** Told every sync answer, so failures reach the log file when they start and when they end. */
  onSyncOutcome?: (channel: 'sync:push' | 'sync:pull', outcome: SyncOutcome<unknown>) => void;
  /** The renderer's outbox for main's heartbeat (terminal/terminal-heartbeat.ts), which goes out at once. */
  reportOutbox?: (report: OutboxReport) => Promise<HeartbeatOutcome>;
  /** After the journal took an acknowledgement: earlier identities whose bookings are all sent can go. */
  onAcknowledged?: (journal: BookingJournal) => void;
  /** The station's machine acquisition (machines/station-machines.ts); absent when no machine is wired. */
  stationMachines?: { stationId: string; updateSettings(settings: MachineSettings): void };
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
    'kiosk:exit': async ({ approvedBy }) => {
      if (!deps.exitKiosk) throw new Error('this terminal cannot exit from the admin screen');
      deps.exitKiosk(approvedBy);
      return { exiting: true as const };
    },
    'sync:heartbeat': async (report) => (await deps.reportOutbox?.(report)) ?? NOT_ENROLLED,
    'line:read': async () => (await deps.serverClient()?.line()) ?? NOT_ENROLLED,
    'machine:settings': async ({ stationId, machine }) => {
      const machines = deps.stationMachines;
      if (!machines) return { applied: false };
      // The renderer's station is main's (it adopts main's identity); another station's thresholds are a bug.
      if (stationId !== machines.stationId)
        throw new Error(`machine settings of ${stationId} refused: not this station`);
      machines.updateSettings(machineSettingsOf({ machine }));
      return { applied: true };
    },
    'export:save': async (request) => {
      const answer = await savePendingExport(request, deps.chooseExportPath);
      deps.onExportSaved?.(answer);
      return answer;
    },
  };
}

async function pruneAcknowledged(deps: HandlerDeps, epoch: string, ackedUpTo: number): Promise<void> {
  try {
    const journal = await deps.journal();
    await journal.acknowledge(epoch, ackedUpTo);
    deps.onAcknowledged?.(journal);
  } catch (error) {
    // Not pruning (or not forgetting old credentials) only keeps them longer; the next acknowledgement tries again.
    (deps.log ?? console.warn)(
      `[takt] journal: pruning after an acknowledgement failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
