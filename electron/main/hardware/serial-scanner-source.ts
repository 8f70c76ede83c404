import { performance } from 'node:perf_hooks';
import { DeviceUnavailable, type BackoffConfig, type DeviceSession } from './reconnect-loop';
import { errorText, ReconnectingScanSource } from './reconnecting-scan-source';
import {
  listSerialPorts,
  openSerialPort,
  type ListSerialPorts,
  type OpenSerialPort,
  type SerialConnection,
  type SerialPortInfo,
} from './serialport-adapter';
import type { SerialScanDecoder } from './serial-scan-decoders';
import type { StateReason } from './scan-source';

/**
 * A barcode scanner or badge reader on a serial port (USB CDC / virtual COM / RS-232). Opens by path or by
 * USB vendor/product id, decodes with the given decoder, and reconnects with backoff after an unplug.
 */

/** By USB ids the port survives re-plugging into another USB socket, where its path changes (research §3.1). */
export type SerialPortSelector =
  | { readonly path: string }
  | { readonly vendorId: string; readonly productId: string; readonly serialNumber?: string | undefined };

export interface SerialScannerSourceOptions {
  readonly deviceId: string;
  /** 'badge' for badge readers, so the audit record and the router know what the text is. */
  readonly kind: 'serial' | 'badge';
  readonly port: SerialPortSelector;
  readonly baudRate?: number | undefined;
  readonly decoder: SerialScanDecoder;
  readonly backoff?: BackoffConfig | undefined;
  readonly list?: ListSerialPorts | undefined;
  readonly open?: OpenSerialPort | undefined;
}

/** Errno codes that mean "the device is not there (any more)" rather than "something is broken". */
const ABSENT_DEVICE_CODES = new Set(['ENOENT', 'ENXIO', 'ENODEV']);

/** USB ids come as "2341", "0x2341" or "0483" in any case depending on the OS (research §3.1). */
function normalizeUsbId(id: string | undefined): string {
  return (id ?? '').trim().toLowerCase().replace(/^0x/, '').padStart(4, '0');
}

function findSerialPort(
  ports: readonly SerialPortInfo[],
  selector: Exclude<SerialPortSelector, { path: string }>,
): SerialPortInfo | undefined {
  const wanted = { vendorId: normalizeUsbId(selector.vendorId), productId: normalizeUsbId(selector.productId) };
  return ports.find(
    (p) =>
      normalizeUsbId(p.vendorId) === wanted.vendorId &&
      normalizeUsbId(p.productId) === wanted.productId &&
      (selector.serialNumber === undefined || p.serialNumber?.toLowerCase() === selector.serialNumber.toLowerCase()),
  );
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export class SerialScannerSource extends ReconnectingScanSource {
  readonly #options: SerialScannerSourceOptions;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SerialScannerSourceOptions) {
    super(options.deviceId, options.kind, 'serial-open-failed', options.backoff);
    this.#options = options;
  }

  protected async connect(): Promise<DeviceSession> {
    const path = await this.#resolvePath();
    const open = this.#options.open ?? openSerialPort;
    let connection: SerialConnection;
    try {
      connection = await open({ path, baudRate: this.#options.baudRate ?? 9600 });
    } catch (error) {
      const isAbsent =
        ABSENT_DEVICE_CODES.has(errnoCode(error) ?? '') ||
        /ENOENT|ENXIO|ENODEV|No such file|File not found/.test(errorText(error));
      throw new DeviceUnavailable(isAbsent ? 'disconnected' : 'error', {
        code: isAbsent ? 'serial-port-not-found' : 'serial-open-failed',
        detail: `${path}: ${errorText(error)}`,
      });
    }
    this.#options.decoder.reset();
    connection.onData((chunk) => this.#receive(chunk));
    const lost = new Promise<StateReason>((resolve) => {
      connection.onLost((error) =>
        resolve({ code: 'serial-disconnected', detail: error === undefined ? path : `${path}: ${error.message}` }),
      );
    });
    return { lost, close: () => connection.close() };
  }

  async #resolvePath(): Promise<string> {
    const { port } = this.#options;
    if ('path' in port) return port.path;
    let ports: readonly SerialPortInfo[];
    try {
      ports = await (this.#options.list ?? listSerialPorts)();
    } catch (error) {
      throw new DeviceUnavailable('error', {
        code: 'serial-open-failed',
        detail: `port list failed: ${errorText(error)}`,
      });
    }
    const found = findSerialPort(ports, port);
    if (found === undefined) {
      throw new DeviceUnavailable('disconnected', {
        code: 'serial-port-not-found',
        detail: `${port.vendorId}:${port.productId}`,
      });
    }
    return found.path;
  }

  #receive(chunk: Uint8Array): void {
    const { decoder } = this.#options;
    this.health.publish(decoder.push(chunk, performance.now()));
    this.#scheduleFlush();
  }

  /** One timer at most: the decoder's next silence deadline (inter-byte timeout framing). */
  #scheduleFlush(): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const deadline = this.#options.decoder.nextDeadline();
    if (deadline === undefined) return;
    this.#flushTimer = setTimeout(
      () => {
        this.#flushTimer = undefined;
        this.health.publish(this.#options.decoder.flush(performance.now()));
        this.#scheduleFlush();
      },
      Math.max(0, deadline - performance.now()),
    );
  }

  protected dropPartialInput(): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#options.decoder.reset();
  }
}
