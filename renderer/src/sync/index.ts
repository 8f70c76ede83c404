// The sync engine: outbox upload, master-data pull, health. See README.md in this folder.

export { startSyncEngine, type SyncEngine, type SyncEngineOptions, type Connectivity } from './engine';
export { createFetchTransport, type FetchTransportOptions } from './transport/fetch-transport';
export { createIpcTransport } from './transport/ipc-transport';
export { startBrowserTokenRotation, rotateBrowserTokenIfDue, type BrowserRotationResult } from './token-rotation';
export { enrollTerminal, EnrollmentError, type EnrollmentErrorCode, type EnrollOptions } from './transport/enroll';
export type { SyncTransport, TransportCallOptions } from './transport/transport';
export type { SyncHealthFeed } from './health';
export type { PushRunReport } from './uploader';
export type { PullRunReport } from './puller';
export type { Timers } from './retry-loop';
export type { LockManagerLike } from './exclusive';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
