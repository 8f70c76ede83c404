import { HidKeyboardScanDecoder, type HidKeyboardConfig } from '@shared/scan/hid-keyboard';
import { HID_POS_LAYOUTS, HidPosScanAssembler, type HidPosReportLayout } from '@shared/scan/hid-pos';
import { createNodeHidBackend, type HidBackend, type HidConnection, type HidDeviceInfo } from './node-hid-adapter';
import { DeviceUnavailable, type BackoffConfig, type DeviceSession } from './reconnect-loop';
import { errorText, ReconnectingScanSource } from './reconnecting-scan-source';
import type { TextEncodingName } from './serial-scan-decoders';
import type { DecodedInput, StateReason } from './scan-source';

/**
 * A USB HID scanner read with node-hid: HID POS mode (usage page 0x8C, the recommended mode) or keyboard
 * boot mode opened exclusively. Finds the device by vendor/product id and reconnects with backoff.
 */

export type HidScannerMode =
  | {
      readonly kind: 'pos';
      readonly layout?: HidPosReportLayout;
      /** Sent after every open, e.g. Honeywell's `[0xFE, 0x01]` that switches on HID POS data mode. */
      readonly featureReportsOnOpen?: readonly (readonly number[])[] | undefined;
      readonly encoding?: TextEncodingName | undefined;
    }
  | { readonly kind: 'keyboard'; readonly keyboard: HidKeyboardConfig };

export interface HidScannerSourceOptions {
  readonly deviceId: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | undefined;
  readonly mode: HidScannerMode;
  readonly backoff?: BackoffConfig | undefined;
  readonly backend?: HidBackend;
}

const POS_USAGE_PAGE = 0x8c;
/** 0x02 Bar Code Scanner, 0x01 Bar Code Badge Reader (HID POS usage tables, research §2.1). */
const POS_USAGES = [0x02, 0x01];
const GENERIC_DESKTOP_PAGE = 0x01;
const KEYBOARD_USAGE = 0x06;

/**
 * A scanner shows up once per interface (keyboard and POS, issue #280), so pick by usage. The libusb
 * backend reports no usage page; then the first interface with a path is the only choice we have.
 */
export function pickHidInterface(
  devices: readonly HidDeviceInfo[],
  options: Pick<HidScannerSourceOptions, 'vendorId' | 'productId' | 'serialNumber' | 'mode'>,
): HidDeviceInfo | undefined {
  const candidates = devices.filter(
    (d) =>
      d.path !== undefined &&
      d.vendorId === options.vendorId &&
      d.productId === options.productId &&
      (options.serialNumber === undefined || d.serialNumber === options.serialNumber),
  );
  const wantsUsage = (d: HidDeviceInfo): boolean =>
    options.mode.kind === 'pos'
      ? d.usagePage === POS_USAGE_PAGE && POS_USAGES.includes(d.usage ?? -1)
      : d.usagePage === GENERIC_DESKTOP_PAGE && d.usage === KEYBOARD_USAGE;
  return candidates.find(wantsUsage) ?? candidates.find((d) => d.usagePage === undefined);
}

interface ReportDecoder {
  push(report: Uint8Array): DecodedInput[];
  reset(): void;
}

function createReportDecoder(mode: HidScannerMode): ReportDecoder {
  if (mode.kind === 'keyboard') return new HidKeyboardScanDecoder(mode.keyboard);
  const assembler = new HidPosScanAssembler(mode.layout ?? HID_POS_LAYOUTS.honeywell);
  const encoding = mode.encoding ?? 'utf8';
  return {
    push: (report) =>
      assembler.push(report).map((event): DecodedInput => {
        if (event.kind === 'error') return event;
        const text = Buffer.from(event.data).toString(encoding);
        return { kind: 'scan', text, symbology: event.symbology };
      }),
    reset: () => assembler.reset(),
  };
}

export class HidScannerSource extends ReconnectingScanSource {
  readonly #options: HidScannerSourceOptions;
  readonly #backend: HidBackend;
  readonly #decoder: ReportDecoder;

  constructor(options: HidScannerSourceOptions) {
    super(options.deviceId, 'hid', 'hid-open-failed', options.backoff);
    this.#options = options;
    this.#backend = options.backend ?? createNodeHidBackend();
    this.#decoder = createReportDecoder(options.mode);
  }

  protected async connect(): Promise<DeviceSession> {
    const { vendorId, productId, mode } = this.#options;
    const wanted = `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
    let devices: readonly HidDeviceInfo[];
    try {
      devices = await this.#backend.devices();
    } catch (error) {
      // No hidraw/libusb (containers, missing udev): report it and keep retrying, never crash.
      throw new DeviceUnavailable('error', { code: 'hid-enumeration-failed', detail: errorText(error) });
    }
    const device = pickHidInterface(devices, this.#options);
    if (device?.path === undefined)
      throw new DeviceUnavailable('disconnected', { code: 'hid-device-not-found', detail: wanted });

    let connection: HidConnection;
    try {
      connection = await this.#backend.open(device.path, { exclusive: mode.kind === 'keyboard' });
    } catch (error) {
      // Mostly permissions (udev rules) or a keyboard interface the OS keeps for itself (research §2.2).
      throw new DeviceUnavailable('error', {
        code: 'hid-open-failed',
        detail: `${wanted} ${device.path}: ${errorText(error)}`,
      });
    }
    this.#decoder.reset();
    connection.onReport((report) => this.health.publish(this.#decoder.push(report)));
    const lost = new Promise<StateReason>((resolve) => {
      connection.onLost((error) => resolve({ code: 'hid-disconnected', detail: `${wanted}: ${error.message}` }));
    });
    if (mode.kind === 'pos') {
      try {
        for (const report of mode.featureReportsOnOpen ?? []) await connection.sendFeatureReport(report);
      } catch (error) {
        await connection.close();
        throw new DeviceUnavailable('error', {
          code: 'hid-open-failed',
          detail: `${wanted} feature report: ${errorText(error)}`,
        });
      }
    }
    return { lost, close: () => connection.close() };
  }

  protected dropPartialInput(): void {
    this.#decoder.reset();
  }
}
