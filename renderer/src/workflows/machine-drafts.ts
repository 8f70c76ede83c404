import { MACHINE_BOOKING_TYPES } from '@shared/booking';
import { MachineDraftEventSchema, machineDraftKey, type MachineDraftEvent } from '@shared/ipc/events';
import { getTerminalData, isCaptureError } from '../data';

// Main drafts the station's machine bookings (electron/main/machines/acquisition-outlet.ts); the page captures
// each through the normal capture, which validates it, gives it its seq and journals it in main, so it is
// durable and exactly once like every booking. Main sends a draft again until the journal has its booking
// (the page reloaded or crashed before it was captured), so one whose key the outbox already holds is dropped.
// The operator is not told: the machine booked, not a person, and a failed capture is sent again with the
// next page load.

export type MachineDraftOutcome = 'captured' | 'duplicate' | 'invalid' | 'no-station' | 'failed';

/** The bookings searched for a draft sent again: far more than main can have sent and not seen journaled. */
const RECENT_FOR_DUPLICATES = 500;

/** A handler for `machine:draft` events; drafts are captured one at a time, in the order main sent them. */
export function createMachineDraftCapture(
  stationId: () => string | null,
): (payload: unknown) => Promise<MachineDraftOutcome> {
  let captured: Promise<Set<string>> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const capturedKeys = (): Promise<Set<string>> =>
    (captured ??= getTerminalData()
      .history.listRecentBookings(RECENT_FOR_DUPLICATES)
      .then(
        (bookings) =>
          new Set(
            bookings
              .filter((booking) => MACHINE_BOOKING_TYPES.has(booking.type))
              .map((booking) => machineDraftKey(booking as MachineDraftEvent)),
          ),
      ));

  const captureOne = async (payload: unknown): Promise<MachineDraftOutcome> => {
    // The bridge is a boundary: what main sends is checked like anything else from outside.
    const parsed = MachineDraftEventSchema.safeParse(payload);
    if (!parsed.success) return 'invalid';
    const station = stationId();
    if (station === null) return 'no-station';
    const draft = parsed.data;
    const key = machineDraftKey(draft);
    try {
      const keys = await capturedKeys();
      if (keys.has(key)) return 'duplicate';
      await getTerminalData().captureBooking({ ...draft, stationId: station });
      keys.add(key);
      return 'captured';
    } catch (error) {
      // Saved, only main's journal refused it: main keeps it pending (its resume point waits), the outbox sends it.
      if (isCaptureError(error) && error.code === 'journal-failed') {
        (await capturedKeys()).add(key);
        return 'captured';
      }
      captured = undefined; // read the outbox again next time: the failure may have come after the commit
      console.warn('[takt] machine booking not captured, main sends it again:', error);
      return 'failed';
    }
  };

  return (payload) => {
    const outcome = queue.then(() => captureOne(payload));
    queue = outcome;
    return outcome;
  };
}
