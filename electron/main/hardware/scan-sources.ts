import type { RawScan, ScanSourceStatus } from '@shared/scan/raw-scan';
import { HID_POS_LAYOUTS } from '@shared/scan/hid-pos';
import { HidScannerSource, type HidScannerMode } from './hid-scanner-source';
import { createNodeHidBackend, type HidBackend } from './node-hid-adapter';
import type { ScanSourceConfig } from './scan-source-config';
import { Listeners, type ScanSource } from './scan-source';
import { createBadgeLineDecoder, createEm4100BadgeDecoder, createLineScanDecoder } from './serial-scan-decoders';
import { SerialScannerSource } from './serial-scanner-source';
import type { ListSerialPorts, OpenSerialPort } from './serialport-adapter';

/** Device access the sources use; tests replace parts of it, production takes the defaults. */
export interface ScanSourceDependencies {
  readonly listSerialPorts?: ListSerialPorts;
  readonly openSerialPort?: OpenSerialPort;
  readonly hid?: HidBackend | undefined;
}

export function createScanSource(config: ScanSourceConfig, deps: ScanSourceDependencies = {}): ScanSource {
  const { deviceId, backoff } = config;
  const serialAccess = { list: deps.listSerialPorts, open: deps.openSerialPort };
  switch (config.kind) {
    case 'serial': {
      const decoder = createLineScanDecoder(config.framing, config.encoding);
      return new SerialScannerSource({
        deviceId,
        backoff,
        ...serialAccess,
        kind: 'serial',
        port: config.port,
        baudRate: config.baudRate,
        decoder,
      });
    }
    case 'badge-serial': {
      const { protocol, debounceMs } = config;
      const decoder =
        protocol.kind === 'em4100'
          ? createEm4100BadgeDecoder(debounceMs)
          : createBadgeLineDecoder(
              protocol.framing,
              { format: protocol.format, decimalBytes: protocol.decimalBytes },
              debounceMs,
            );
      return new SerialScannerSource({
        deviceId,
        backoff,
        ...serialAccess,
        kind: 'badge',
        port: config.port,
        baudRate: config.baudRate,
        decoder,
      });
    }
    case 'hid': {
      const { vendorId, productId, serialNumber } = config;
      const backend = deps.hid ?? createNodeHidBackend();
      return new HidScannerSource({
        deviceId,
        backoff,
        vendorId,
        productId,
        serialNumber,
        mode: hidMode(config.mode),
        backend,
      });
    }
  }
}

function hidMode(mode: Extract<ScanSourceConfig, { kind: 'hid' }>['mode']): HidScannerMode {
  if (mode.kind === 'keyboard') {
    return { kind: 'keyboard', keyboard: { layout: mode.layout, reportId: mode.reportId, endKeys: mode.endKeys } };
  }
  const { layout = 'honeywell', featureReportsOnOpen, encoding } = mode;
  return { kind: 'pos', layout: HID_POS_LAYOUTS[layout], featureReportsOnOpen, encoding };
}

/** Starts and stops all configured sources together and merges their scans and statuses. */
export class ScanSourceRegistry {
  readonly #sources: readonly ScanSource[];
  readonly #scans = new Listeners<RawScan>();
  readonly #statuses = new Listeners<ScanSourceStatus>();

  constructor(sources: readonly ScanSource[]) {
    this.#sources = sources;
    for (const source of sources) {
      source.onScan((scan) => this.#scans.emit(scan));
      source.onStatus((status) => this.#statuses.emit(status));
    }
  }

  static fromConfigs(configs: readonly ScanSourceConfig[], deps: ScanSourceDependencies = {}): ScanSourceRegistry {
    // One node-hid backend for all HID sources, created only when a HID source is configured.
    const hid = deps.hid ?? (configs.some((c) => c.kind === 'hid') ? createNodeHidBackend() : undefined);
    return new ScanSourceRegistry(configs.map((config) => createScanSource(config, { ...deps, hid })));
  }

  start(): void {
    for (const source of this.#sources) source.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.#sources.map((source) => source.stop()));
  }

  statuses(): ScanSourceStatus[] {
    return this.#sources.map((source) => source.status());
  }

  onScan(listener: (scan: RawScan) => void): () => void {
    return this.#scans.add(listener);
  }

  /** Called with the status of whichever source changed; `statuses()` has the full picture. */
  onStatus(listener: (status: ScanSourceStatus) => void): () => void {
    return this.#statuses.add(listener);
  }
}
