import type { RawScan, ScanSourceKind, ScanSourceState, ScanSourceStatus } from '@shared/scan/raw-scan';
import type { ScanInputErrorCode } from '@shared/scan/scan-input-errors';

/** What every device source offers the registry: start, stop, health and a stream of scans. */
export interface ScanSource {
  readonly deviceId: string;
  /** Starts connecting in the background; never throws, problems show up in `status()`. */
  start(): void;
  /** Closes the device and cancels every timer; resolves when nothing of the source is left running. */
  stop(): Promise<void>;
  status(): ScanSourceStatus;
  onScan(listener: (scan: RawScan) => void): () => void;
  onStatus(listener: (status: ScanSourceStatus) => void): () => void;
}

/** What a decoder hands a source: a finished scan or a rejected input. */
export type DecodedInput =
  | { readonly kind: 'scan'; readonly text: string; readonly symbology?: string | undefined }
  | { readonly kind: 'error'; readonly code: ScanInputErrorCode };

export class Listeners<T> {
  readonly #listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    // Wrapped so the same function can subscribe twice and each unsubscribe removes only its own entry.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  emit(value: T): void {
    for (const listener of [...this.#listeners]) listener(value);
  }
}

export interface StateReason {
  readonly code?: ScanInputErrorCode | undefined;
  readonly detail?: string | undefined;
}

/** Keeps one source's status and counters and turns decoder output into RawScans for its listeners. */
export class SourceHealth {
  readonly scans = new Listeners<RawScan>();
  readonly statuses = new Listeners<ScanSourceStatus>();
  #status: ScanSourceStatus;

  constructor(deviceId: string, kind: ScanSourceKind) {
    this.#status = { deviceId, kind, state: 'disconnected', scans: 0, errors: 0 };
  }

  get status(): ScanSourceStatus {
    return this.#status;
  }

  setState(state: ScanSourceState, reason: StateReason = {}): void {
    const { state: previous, code, detail } = this.#status;
    if (previous === state && code === reason.code && detail === reason.detail) return;
    // A connection lost or refused counts once, not once per retry while it stays that way.
    const isNewProblem = state === 'error' || (previous === 'connected' && state === 'disconnected');
    this.#update({
      state,
      code: reason.code,
      detail: reason.detail,
      errors: this.#status.errors + (isNewProblem ? 1 : 0),
    });
  }

  /** Publishes decoded input: scans go to listeners, rejects count as errors with their code. */
  publish(inputs: readonly DecodedInput[], receivedAt = Date.now()): void {
    for (const input of inputs) {
      if (input.kind === 'error') {
        this.#update({ errors: this.#status.errors + 1, code: input.code, detail: undefined });
        continue;
      }
      const { deviceId, kind } = this.#status;
      const { text, symbology } = input;
      // Optional fields are left out, not set to undefined: strict IPC schemas reject unknown keys.
      const scan: RawScan = {
        text,
        source: kind,
        deviceId,
        ...(symbology === undefined ? {} : { symbology }),
        receivedAt,
      };
      this.#update({ scans: this.#status.scans + 1, lastScanAt: receivedAt });
      this.scans.emit(scan);
    }
  }

  // A field set to undefined is cleared (withoutEmptyFields drops it).
  #update(change: StatusChange): void {
    this.#status = withoutEmptyFields({ ...this.#status, ...change });
    this.statuses.emit(this.#status);
  }
}

type ClearableField = 'detail' | 'code' | 'lastScanAt';
type StatusChange = Partial<Omit<ScanSourceStatus, ClearableField>> & {
  [K in ClearableField]?: ScanSourceStatus[K] | undefined;
};

function withoutEmptyFields(status: StatusChange & Omit<ScanSourceStatus, ClearableField>): ScanSourceStatus {
  const { detail, code, lastScanAt, ...always } = status;
  return {
    ...always,
    ...(detail === undefined ? {} : { detail }),
    ...(code === undefined ? {} : { code }),
    ...(lastScanAt === undefined ? {} : { lastScanAt }),
  };
}
