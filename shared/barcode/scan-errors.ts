/**
 * Every error code that parseGs1, decodeEpc and classifyScan can return. The UI translates by code, and
 * its translation test walks this list, so a new code is added here first.
 */
export const SCAN_ERROR_CODES = [
  // Input as a whole
  'empty',
  'too-long',
  'symbology',
  // GS1 element strings, bracketed data and Digital Link
  'unknown-ai',
  'length',
  'charset',
  'check-digit',
  'date',
  'value',
  'pairing',
  'duplicate-ai',
  'digital-link',
  // EPC (UHF RFID) binary
  'hex',
  'header',
  'partition',
  'range',
  // Classifier
  'pattern-config',
  'unknown-command',
  'badge-format',
  'unknown-scan',
] as const;

export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[number];

/** A rejected scan: `message` is English for developers; people see a translation of `code`. */
export interface ScanFailure {
  readonly ok: false;
  readonly code: ScanErrorCode;
  readonly message: string;
  /** The GS1 Application Identifier the problem was found in, when there is one. */
  readonly ai?: string;
}

export function scanFailure(code: ScanErrorCode, message: string, ai?: string): ScanFailure {
  return ai === undefined ? { ok: false, code, message } : { ok: false, code, message, ai };
}
