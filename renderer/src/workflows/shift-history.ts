import { MACHINE_BOOKING_TYPES, type BookingPayload } from '@shared/booking';
import { getTerminalData, type BookingRecord } from '../data';
import { useTerminalStore } from '../store/terminal-store';
import type { StationActivity } from './operation-activity';
import type { ReversalCandidate } from './reversal-rules';
import { currentShiftWindow, type ShiftWindow } from './shift-window';

// "My shift": what this station booked in the current shift, newest first, with each booking's state at
// the server and whether it has been reversed. The machine's own bookings (a count every minute) are not
// listed: they would bury what people booked.

export interface ShiftEntry extends ReversalCandidate {
  serverReason?: string;
}

export interface ShiftHistory {
  shift: ShiftWindow;
  entries: ShiftEntry[];
}

/** Records (newest first) of one station as history entries. A reversal the server rejected reverses nothing. */
export function buildShiftHistory(
  records: readonly BookingRecord[],
  stationId: string,
  activity: Pick<StationActivity, 'operations'>,
): ShiftEntry[] {
  const ofStation = records.filter(
    (record) => record.booking.stationId === stationId && !MACHINE_BOOKING_TYPES.has(record.booking.type),
  );
  const reversed = new Set(
    ofStation.flatMap(({ booking, syncState }) =>
      booking.type === 'booking.reverse' && syncState !== 'rejected'
        ? [(booking.payload as BookingPayload<'booking.reverse'>).reversedBookingId]
        : [],
    ),
  );
  return ofStation.map((record) => ({
    ...record,
    isReversed: reversed.has(record.booking.id),
    isOperationFinished:
      record.booking.operationId !== undefined &&
      activity.operations.get(record.booking.operationId)?.status === 'finished',
  }));
}

export async function loadShiftHistory(now: number = Date.now()): Promise<ShiftHistory> {
  const shift = currentShiftWindow(await getTerminalData().master.listShifts(), now);
  const { stationId, activity } = useTerminalStore.getState();
  if (!stationId) return { shift, entries: [] };
  return {
    shift,
    entries: buildShiftHistory(await getTerminalData().history.listBookingsSince(shift.start), stationId, activity),
  };
}
