import type { RawScan, ScanSourceKind, ScanSourceStatus } from '@shared/scan/raw-scan';
import type { ScanInputErrorCode } from '@shared/scan/scan-input-errors';
import { ReconnectLoop, type BackoffConfig, type DeviceSession } from './reconnect-loop';
import { SourceHealth, type ScanSource } from './scan-source';

/** The OS or library text of an error, for the status detail plant IT reads. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What serial and HID sources share: health, listeners and the reconnect loop. A device source only says
 * how to open its device once and what half-received input to drop when the device goes away.
 */
export abstract class ReconnectingScanSource implements ScanSource {
  readonly deviceId: string;
  protected readonly health: SourceHealth;
  readonly #loop: ReconnectLoop;

  constructor(deviceId: string, kind: ScanSourceKind, failureCode: ScanInputErrorCode, backoff?: BackoffConfig) {
    this.deviceId = deviceId;
    this.health = new SourceHealth(deviceId, kind);
    this.#loop = new ReconnectLoop({
      connect: () => this.connect(),
      onState: (state, reason) => this.health.setState(state, reason),
      onLost: () => this.dropPartialInput(),
      describeFailure: (error) => ({ code: failureCode, detail: errorText(error) }),
      backoff,
    });
  }

  start(): void {
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
    this.dropPartialInput();
  }

  status(): ScanSourceStatus {
    return this.health.status;
  }

  onScan(listener: (scan: RawScan) => void): () => void {
    return this.health.scans.add(listener);
  }

  onStatus(listener: (status: ScanSourceStatus) => void): () => void {
    return this.health.statuses.add(listener);
  }

  /** Opens the device once; throws DeviceUnavailable when it is absent or refuses. */
  protected abstract connect(): Promise<DeviceSession>;

  /** Forgets half-received input, so it is never glued to the first scan after a reconnect. */
  protected abstract dropPartialInput(): void;
}
