import type { MachineSettings } from '@shared/machine';
import type { BookingJournal } from '../journal/journal';
import type { RotatingLog } from '../log/rotating-log';
import { createMachineAcquisition, type MachineAcquisition } from './acquisition';
import { createMachineOutlet, type MachineOutletOptions } from './acquisition-outlet';
import type { MachineConfig } from './machine-config';

// The station's machines as main runs them: acquisition -> outlet -> renderer, with the journal's appends as the
// outlet's receipts. Kept out of index.ts so plain Node tests run the same composition.

export interface StationMachinesOptions {
  machines: readonly MachineConfig[];
  journal: Promise<BookingJournal>;
  resumeFile: string;
  send: MachineOutletOptions['send'];
  log: Pick<RotatingLog, 'info' | 'warn'>;
  /** The station's thresholds; main has no master data, so defaults until the renderer sends them. */
  settings?: MachineSettings;
  tickMs?: number;
  /** How long a draft may go unjournaled before it is sent again. */
  resendAfterMs?: number;
}

export interface StationMachines {
  /** The journal to hand the IPC handlers: every append also settles the machine draft it captured. */
  readonly journal: Promise<BookingJournal>;
  /** The page (re)loaded: drafts it has not captured yet go again. */
  resend(): void;
  /** The station's thresholds from the renderer's master data (`machine:settings`); see acquisition.ts. */
  updateSettings(settings: MachineSettings): void;
  stop(): Promise<void>;
}

const DEFAULT_RESEND_AFTER_MS = 30_000;

export function startStationMachines(options: StationMachinesOptions): StationMachines {
  const { log } = options;
  const outlet = createMachineOutlet({
    resumeFile: options.resumeFile,
    send: options.send,
    log: (message) => log.warn('machines', message),
  });
  const journal = options.journal.then((opened) => withReceipts(opened, (booking) => outlet.journaled(booking)));
  journal.catch(() => undefined); // a journal that failed to open is reported where it is opened

  // Counting starts once the resume points are known: a reading before that would be taken as the baseline.
  const acquisition: Promise<MachineAcquisition> = options.journal
    .then((opened) => opened.replay())
    .then((replay) => replay.bookings)
    .catch(() => []) // no journal: the saved points alone (the operator is told about the journal elsewhere)
    .then((journaled) => {
      const started = createMachineAcquisition({
        machines: options.machines,
        sink: (draft) => outlet.sink(draft),
        resume: outlet.resumePoints(journaled),
        onStatus: (machineId, status, detail) => {
          const line = `${machineId}: ${status}${detail === undefined ? '' : ` – ${detail}`}`;
          if (status === 'error' || status === 'disconnected') log.warn('machines', line);
          else log.info('machines', line);
        },
        onProblem: (machineId, message) => log.warn('machines', `${machineId}: ${message}`),
        ...(options.settings ? { settings: options.settings } : {}),
        ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
      });
      started.start();
      return started;
    });

  // The page subscribes only once it knows its station (after enrollment, long after it loaded): a draft it
  // has not captured after a while goes again; the page drops one it has.
  const resendAfterMs = options.resendAfterMs ?? DEFAULT_RESEND_AFTER_MS;
  const resendTimer = setInterval(() => outlet.resend(resendAfterMs), resendAfterMs);

  return {
    journal,
    resend: () => outlet.resend(),
    // Before counting has started they wait for it; in order, since each goes through the same promise.
    updateSettings: (settings) => void acquisition.then((started) => started.updateSettings(settings)),
    async stop() {
      clearInterval(resendTimer);
      await (await acquisition).stop();
    },
  };
}

/** The same journal; an append that is durable also tells `onAppended`. */
function withReceipts(journal: BookingJournal, onAppended: (booking: Parameters<BookingJournal['append']>[0]) => void) {
  const wrapped: BookingJournal = {
    append: async (booking) => {
      await journal.append(booking);
      onAppended(booking);
    },
    replay: () => journal.replay(),
    acknowledge: (epoch, ackedUpTo) => journal.acknowledge(epoch, ackedUpTo),
    pendingCount: (terminalId) => journal.pendingCount(terminalId),
    close: () => journal.close(),
  };
  return wrapped;
}
