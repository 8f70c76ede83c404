import type { Booking } from '@shared/booking';

// Capture failures the UI must tell the operator about. The code is stable; `messageKey` is the i18n key
// the UI translates, so no raw exception text ever reaches the operator.

export const CAPTURE_ERROR_CODES = [
  'not-enrolled',
  'invalid-booking',
  'storage-full',
  'storage-failed',
  'journal-failed',
] as const;
export type CaptureErrorCode = (typeof CAPTURE_ERROR_CODES)[number];

const MESSAGE_KEYS: Record<CaptureErrorCode, string> = {
  'not-enrolled': 'capture.errors.notEnrolled',
  'invalid-booking': 'capture.errors.invalidBooking',
  'storage-full': 'capture.errors.storageFull',
  'storage-failed': 'capture.errors.storageFailed',
  'journal-failed': 'capture.errors.journalFailed',
};

export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  readonly code: CaptureErrorCode;
  readonly messageKey: string;
  /** Validation issues for 'invalid-booking' (for logs and developers, not for operators). */
  readonly issues: readonly string[];
  /**
   * 'journal-failed' only: the booking IS saved in IndexedDB and will be sent; only its second copy in
   * main's journal is missing. The UI must not invite the operator to book it again.
   */
  readonly savedBooking: Booking | undefined;

  constructor(
    code: CaptureErrorCode,
    options: { issues?: readonly string[]; cause?: unknown; savedBooking?: Booking } = {},
  ) {
    super(`capture failed: ${code}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.messageKey = MESSAGE_KEYS[code];
    this.issues = options.issues ?? [];
    this.savedBooking = options.savedBooking;
  }
}

export function isCaptureError(value: unknown): value is CaptureError {
  return value instanceof CaptureError;
}

/**
 * True when an IndexedDB/Dexie failure was caused by a full disk or quota. Chrome reports it as an
 * AbortError whose inner error is the QuotaExceededError, and Dexie wraps again (inner, failures), so the
 * whole cause chain is searched.
 */
export function isQuotaError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 8 || typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record['name'] === 'QuotaExceededError') return true;
    if (typeof DOMException !== 'undefined' && value instanceof DOMException && value.code === 22) return true;
    const nested = [record['inner'], record['cause'], record['error']];
    const failures = record['failures'];
    if (Array.isArray(failures)) nested.push(...failures);
    const failuresByPos = record['failuresByPos'];
    if (typeof failuresByPos === 'object' && failuresByPos !== null) nested.push(...Object.values(failuresByPos));
    return nested.some((inner) => visit(inner, depth + 1));
  };
  return visit(error, 0);
}

export function toCaptureError(error: unknown): CaptureError {
  if (error instanceof CaptureError) return error;
  return new CaptureError(isQuotaError(error) ? 'storage-full' : 'storage-failed', { cause: error });
}
