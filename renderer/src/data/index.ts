// Local data of the terminal; only this folder talks to Dexie. The UI calls the owners on getTerminalData()
// directly: the bookings database's (capture, outbox, history, identity), `master` and `session`.

export {
  openTerminalData,
  getTerminalData,
  configureTerminalData,
  closeTerminalData,
  deleteTerminalData,
} from './terminal-data';
export type { BookingJournalPort, TerminalData, TerminalDataOptions } from './terminal-data';
export type { CaptureOptions } from './bookings/capture';
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
export type { PushAnswer, PushApplyReport } from './bookings/outbox';
export type { PullPage, PullPageReport, DatasetStatus } from './master/pull-apply';
export type { MasterStore } from './master/master-store';
export type { SessionStore, StoredLine } from './session/session-db';
export type { DataChange, ChangeFeed } from './change-feed';
export { sha256hex, badgeHash, pinHash, verifyPin } from './master/credentials';
