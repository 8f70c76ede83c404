import { JournalReplaySchema, type TaktBridge } from '@shared/ipc/contract';
import { getTerminalData, type BookingJournalPort } from '../data';

// Electron mode only: main keeps an fsync'd journal of every booking (electron/main/journal). Captures are
// appended to it before "saved" shows, and at start whatever IndexedDB lost is restored from it.

export function journalThroughMain(bridge: TaktBridge): BookingJournalPort {
  return {
    async append(booking) {
      const result = await bridge['journal:append'](booking);
      if (!result.ok) throw new Error(`journal append failed: ${result.error.code}: ${result.error.message}`);
    },
  };
}

/** Restores bookings the journal has and IndexedDB does not. Never stops the start: failures are logged. */
export async function reconcileWithJournal(bridge: TaktBridge): Promise<void> {
  try {
    const answer = await bridge['journal:replay'](undefined);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    // The bridge is a boundary: what main sends is checked like anything else from outside.
    const replay = JournalReplaySchema.parse(answer.value);
    if (replay.corruptRecords > 0 || replay.truncatedSegments > 0) {
      console.warn(
        `[takt] journal: ${replay.corruptRecords} damaged record(s) skipped, ${replay.truncatedSegments} torn tail(s) ignored`,
      );
    }
    const report = await getTerminalData().restoreFromJournal(replay.bookings);
    if (report.restored > 0 || report.slotTaken > 0) {
      console.warn(
        `[takt] journal: restored ${report.restored} booking(s) IndexedDB had lost; ${report.slotTaken} kept as dead letters (slot taken)`,
      );
    }
  } catch (error) {
    console.error('[takt] journal could not be reconciled:', error);
  }
}
