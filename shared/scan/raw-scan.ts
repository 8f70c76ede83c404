import type { ScanInputErrorCode } from './scan-input-errors';

/** The input channel a scan arrived on; the audit record keeps it for "scanner shows X, MES got Y" cases. */
export type ScanSourceKind = 'wedge' | 'serial' | 'hid' | 'badge';

/**
 * What every scan source emits, before any parsing. `text` is exactly what the device sent minus its
 * framing (suffix, STX/ETX, report headers); GS (U+001D) and AIM prefixes inside it are kept for the parser.
 */
export interface RawScan {
  readonly text: string;
  readonly source: ScanSourceKind;
  /** The configured id of the device (not the OS path, which changes with plug order). */
  readonly deviceId: string;
  /** AIM symbology identifier (e.g. `]C1`) when the transport reports it separately from the data. */
  readonly symbology?: string;
  /** Epoch milliseconds when the complete scan was received. */
  readonly receivedAt: number;
}

export type ScanSourceState = 'connected' | 'connecting' | 'disconnected' | 'error';

/** Device health for the admin screen: operators must see "scanner offline", not silence. */
export interface ScanSourceStatus {
  readonly deviceId: string;
  readonly kind: ScanSourceKind;
  readonly state: ScanSourceState;
  /** Technical detail for plant IT (OS error text, port path); never shown to operators untranslated. */
  readonly detail?: string;
  /** Translatable reason for `disconnected` / `error`, and for the last rejected input. */
  readonly code?: ScanInputErrorCode;
  readonly lastScanAt?: number;
  readonly scans: number;
  readonly errors: number;
}
