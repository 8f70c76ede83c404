import type { Booking, BookingDraft } from '../../../shared/booking';
import type { Operator, Reason } from '../../../shared/master-data';
import { getTerminalData } from './terminal-data';
import type { CaptureOptions } from './bookings/capture';
export type { CaptureOptions } from './bookings/capture';

// Local data of the terminal. The UI calls these; only this folder talks to Dexie.

export {
  openTerminalData,
  getTerminalData,
  configureTerminalData,
  closeTerminalData,
  deleteTerminalData,
} from './terminal-data';
export type { BookingJournalPort, TerminalData, TerminalDataOptions } from './terminal-data';
export type { RestoreReport } from './bookings/restore';
export {
  CaptureError,
  isCaptureError,
  isQuotaError,
  CAPTURE_ERROR_CODES,
  type CaptureErrorCode,
} from './bookings/capture-error';
export type { ClockSample, ClockState, DeadLetterRow } from './bookings/bookings-db';
export type { TerminalIdentity } from './bookings/identity';
export type { BookingRecord, SyncState } from './bookings/history';
export type { OutboxStats, PushAnswer, PushApplyReport } from './bookings/outbox';
export type { PullPage, PullPageReport, DatasetStatus } from './master/pull-apply';
export type { MasterRepositories } from './master/repositories';
export type { DataChange, ChangeFeed } from './change-feed';
export { sha256hex, badgeHash, pinHash, verifyPin } from './master/credentials';

/**
 * Saves a booking (one strict transaction: booking + sequence counter). Resolves with the stored booking
 * once it is committed; rejects with a CaptureError whose `code`/`messageKey` the UI shows.
 */
export function captureBooking(draft: BookingDraft, options?: CaptureOptions): Promise<Booking> {
  return getTerminalData().captureBooking(draft, options);
}

export const findOperatorByBadge = (canonicalUid: string): Promise<Operator | undefined> =>
  getTerminalData().master.findOperatorByBadge(canonicalUid);
export const getOperator = (id: string) => getTerminalData().master.getOperator(id);
export const getStation = (id: string) => getTerminalData().master.getStation(id);
export const getOrder = (id: string) => getTerminalData().master.getOrder(id);
export const getOrderByNumber = (number: string) => getTerminalData().master.getOrderByNumber(number);
export const getOperation = (id: string) => getTerminalData().master.getOperation(id);
export const listOperationsForStation = (stationId: string) =>
  getTerminalData().master.listOperationsForStation(stationId);
export const listOperationsForOrder = (orderId: string) => getTerminalData().master.listOperationsForOrder(orderId);
export const listReasons = (kind: Reason['kind']) => getTerminalData().master.listReasons(kind);
export const getQualityPlan = (id: string) => getTerminalData().master.getQualityPlan(id);
export const getBomForOperation = (operationId: string) => getTerminalData().master.getBomForOperation(operationId);
export const listShifts = () => getTerminalData().master.listShifts();
export const readIdentity = () => getTerminalData().readIdentity();
export const listDeadLetters = (limit?: number) => getTerminalData().outbox.listDeadLetters(limit);
export const listRecentBookings = (limit?: number) => getTerminalData().outbox.listRecentBookings(limit);
export const listBookingsSince = (since: number) => getTerminalData().outbox.listBookingsSince(since);
export { getSessionData, createSessionData, SessionDb, type SessionData } from './session/session-db';
export type { StoredLine } from './session/session-db';

/** Every booking still waiting for the server, oldest first (all identities and epochs): for the export file. */
export async function listAllPendingBookings(): Promise<Booking[]> {
  const pending: Booking[] = [];
  for (;;) {
    const last = pending.at(-1);
    const batch = await getTerminalData().outbox.readPendingBatch(500, last);
    if (batch.length === 0) return pending;
    pending.push(...batch);
  }
}
