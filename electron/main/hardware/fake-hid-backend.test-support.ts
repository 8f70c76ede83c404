import type { HidBackend, HidConnection, HidDeviceInfo } from './node-hid-adapter';

/** Test-only: a scripted node-hid stand-in and realistic Honeywell reports (research §2.1). */

export const HONEYWELL = { vendorId: 0x0c2e, productId: 0x0b8f };

/** A Honeywell 64-byte scanned-data report: ID 2, length, AIM, data, code ID at 61, continuation at 63. */
export function honeywellReport(aim: string, data: string, hasMore = false): Uint8Array {
  const report = new Uint8Array(64);
  report.set([0x02, data.length, ...Buffer.from(aim, 'latin1')]);
  report.set(Buffer.from(data, 'latin1'), 5);
  report[63] = hasMore ? 1 : 0;
  return report;
}

/** The same scanner twice, as hidraw lists it: a keyboard interface and a HID POS interface. */
export const KEYBOARD_INTERFACE: HidDeviceInfo = { ...HONEYWELL, path: '/dev/hidraw3', usagePage: 0x01, usage: 0x06 };
export const HONEYWELL_INTERFACES: HidDeviceInfo[] = [
  KEYBOARD_INTERFACE,
  { ...HONEYWELL, path: '/dev/hidraw4', usagePage: 0x8c, usage: 0x02 },
  { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06 },
];

export class FakeHidDevice implements HidConnection {
  readonly featureReports: number[][] = [];
  isClosed = false;
  failFeatureReports = false;
  #onReport: ((report: Uint8Array) => void) | undefined;
  #onLost: ((error: Error) => void) | undefined;

  onReport(listener: (report: Uint8Array) => void): void {
    this.#onReport = listener;
  }
  onLost(listener: (error: Error) => void): void {
    this.#onLost = listener;
  }
  async sendFeatureReport(data: readonly number[]): Promise<void> {
    if (this.failFeatureReports) throw new Error('could not send feature report');
    this.featureReports.push([...data]);
  }
  async close(): Promise<void> {
    this.isClosed = true;
  }
  emit(...reports: Uint8Array[]): void {
    for (const report of reports) this.#onReport?.(report);
  }
  unplug(): void {
    this.#onLost?.(new Error('could not read from HID device'));
  }
}

export class FakeHidBackend implements HidBackend {
  attached: HidDeviceInfo[] | Error = HONEYWELL_INTERFACES;
  openError: Error | undefined;
  readonly opened: { path: string; exclusive: boolean; device: FakeHidDevice }[] = [];
  readonly configure: (device: FakeHidDevice) => void;

  constructor(configure: (device: FakeHidDevice) => void = () => undefined) {
    this.configure = configure;
  }
  async devices(): Promise<readonly HidDeviceInfo[]> {
    if (this.attached instanceof Error) throw this.attached;
    return this.attached;
  }
  async open(path: string, { exclusive }: { exclusive: boolean }): Promise<HidConnection> {
    if (this.openError !== undefined) throw this.openError;
    const device = new FakeHidDevice();
    this.configure(device);
    this.opened.push({ path, exclusive, device });
    return device;
  }
  get last(): FakeHidDevice {
    const last = this.opened.at(-1);
    if (last === undefined) throw new Error('nothing opened');
    return last.device;
  }
}
