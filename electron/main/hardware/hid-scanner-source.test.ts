import { afterEach, describe, expect, it } from 'vitest';
import { HID_POS_LAYOUTS } from '@shared/scan/hid-pos';
import { HidScannerSource, pickHidInterface, type HidScannerSourceOptions } from './hid-scanner-source';
import {
  FakeHidBackend,
  HONEYWELL,
  HONEYWELL_INTERFACES,
  honeywellReport,
  KEYBOARD_INTERFACE,
} from './fake-hid-backend.test-support';
import { createNodeHidBackend, type HidBackend, type HidDeviceInfo } from './node-hid-adapter';
import { isConnected, nextScans, waitForStatus } from './scan-source.test-support';

const GS = '\u001d';
const LONG_GS1 = `0104012345678901${'10LOT-2024-07-A'}${GS}21SN000000000000012345${GS}91INTERNAL-OPERATION-0010-0020-0030`;
const BOOT_UP = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0);
const boot = (modifiers: number, usage: number): Uint8Array => Uint8Array.of(modifiers, 0, usage, 0, 0, 0, 0, 0);

const sources: HidScannerSource[] = [];
function startSource(backend: HidBackend, options: Partial<HidScannerSourceOptions> = {}): HidScannerSource {
  const source = new HidScannerSource({
    deviceId: 'hid-1',
    ...HONEYWELL,
    mode: { kind: 'pos', layout: HID_POS_LAYOUTS.honeywell, featureReportsOnOpen: [[0xfe, 0x01]] },
    backoff: { initialDelayMs: 20, maxDelayMs: 80 },
    backend,
    ...options,
  });
  sources.push(source);
  source.start();
  return source;
}

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
});

describe('HidScannerSource', () => {
  it('opens the HID POS interface, switches it to POS mode and emits scans with their AIM id', async () => {
    const backend = new FakeHidBackend();
    const source = startSource(backend);
    await waitForStatus(source, isConnected);
    expect(backend.opened.map(({ path, exclusive }) => ({ path, exclusive }))).toEqual([
      { path: '/dev/hidraw4', exclusive: false },
    ]);
    expect(backend.last.featureReports).toEqual([[0xfe, 0x01]]);

    const scans = nextScans(source, 2);
    backend.last.emit(honeywellReport(']E0', '4006381333931'));
    backend.last.emit(
      honeywellReport(']d2', LONG_GS1.slice(0, 56), true),
      honeywellReport(']d2', `${LONG_GS1.slice(56)}\r`),
    );
    expect(await scans).toEqual([
      expect.objectContaining({ text: '4006381333931', symbology: ']E0', source: 'hid', deviceId: 'hid-1' }),
      expect.objectContaining({ text: LONG_GS1, symbology: ']d2' }),
    ]);
  });

  it('opens a keyboard-mode scanner exclusively and decodes its boot reports', async () => {
    const backend = new FakeHidBackend();
    const source = startSource(backend, { mode: { kind: 'keyboard', keyboard: { layout: 'de' } } });
    await waitForStatus(source, isConnected);
    expect(backend.opened.map(({ path, exclusive }) => ({ path, exclusive }))).toEqual([
      { path: '/dev/hidraw3', exclusive: true },
    ]);
    const scans = nextScans(source, 1);
    // "Zy-" on a German scanner: Shift+KeyY, KeyZ, Slash, then Enter.
    backend.last.emit(
      boot(0x02, 0x1c),
      BOOT_UP,
      boot(0, 0x1d),
      BOOT_UP,
      boot(0, 0x38),
      BOOT_UP,
      boot(0, 0x28),
      BOOT_UP,
    );
    expect((await scans)[0]).toMatchObject({ text: 'Zy-', source: 'hid' });
  });

  it('counts rejected reports as errors without disconnecting', async () => {
    const backend = new FakeHidBackend();
    const source = startSource(backend);
    await waitForStatus(source, isConnected);
    backend.last.emit(Uint8Array.of(0x02, 0xff), Uint8Array.of(0x15, 1, 2, 3));
    expect(source.status()).toMatchObject({ state: 'connected', errors: 1, code: 'hid-pos-bad-length' });
  });

  it('goes disconnected on unplug, drops the half scan, and reconnects when the device is back', async () => {
    const backend = new FakeHidBackend();
    const source = startSource(backend);
    await waitForStatus(source, isConnected);
    const first = backend.last;
    first.emit(honeywellReport(']d2', LONG_GS1.slice(0, 56), true));
    backend.attached = [];
    first.unplug();
    expect(await waitForStatus(source, (s) => s.state === 'disconnected')).toMatchObject({
      code: 'hid-disconnected',
      errors: 1,
    });
    expect(first.isClosed).toBe(true);
    await waitForStatus(source, (s) => s.code === 'hid-device-not-found');

    backend.attached = HONEYWELL_INTERFACES;
    await waitForStatus(source, isConnected);
    expect(backend.opened).toHaveLength(2);
    const scans = nextScans(source, 1);
    backend.last.emit(honeywellReport(']d2', LONG_GS1.slice(56)));
    expect((await scans)[0]?.text).toBe(LONG_GS1.slice(56));
  });

  it('reports missing hidraw/libusb as an error with detail, keeps retrying, and never throws', async () => {
    const backend = new FakeHidBackend();
    backend.attached = new Error('libudev.so.1: cannot open shared object file');
    const source = startSource(backend);
    expect(await waitForStatus(source, (s) => s.state === 'error')).toMatchObject({
      code: 'hid-enumeration-failed',
      detail: expect.stringContaining('libudev'),
    });
    backend.attached = HONEYWELL_INTERFACES;
    await waitForStatus(source, isConnected);
  });

  it('reports an interface it may not open (udev permissions) as an error', async () => {
    const backend = new FakeHidBackend();
    backend.openError = new Error('cannot open device with path /dev/hidraw4');
    const source = startSource(backend);
    expect(await waitForStatus(source, (s) => s.state === 'error')).toMatchObject({
      code: 'hid-open-failed',
      detail: expect.stringContaining('0c2e:0b8f /dev/hidraw4'),
    });
  });

  it('closes the device again when the POS mode switch fails', async () => {
    const backend = new FakeHidBackend((device) => {
      device.failFeatureReports = true;
    });
    const source = startSource(backend);
    expect(await waitForStatus(source, (s) => s.state === 'error')).toMatchObject({
      code: 'hid-open-failed',
      detail: expect.stringContaining('feature report'),
    });
    expect(backend.last.isClosed).toBe(true);
  });

  it('stops cleanly while connected: the device is closed and no more status changes follow', async () => {
    const backend = new FakeHidBackend();
    const source = startSource(backend);
    await waitForStatus(source, isConnected);
    const changes: unknown[] = [];
    source.onStatus((s) => changes.push(s));
    await source.stop();
    expect(backend.last.isClosed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(changes).toEqual([]);
  });
});

describe('pickHidInterface', () => {
  const pos = { mode: { kind: 'pos' as const }, ...HONEYWELL };

  it('prefers the usage-matching interface, including a badge-reader collection', () => {
    expect(pickHidInterface(HONEYWELL_INTERFACES, pos)?.path).toBe('/dev/hidraw4');
    const badge: HidDeviceInfo = { ...HONEYWELL, path: '/dev/hidraw9', usagePage: 0x8c, usage: 0x01 };
    expect(pickHidInterface([KEYBOARD_INTERFACE, badge], pos)?.path).toBe('/dev/hidraw9');
  });

  it('falls back to an interface without usage info (libusb) but never to a wrong usage', () => {
    expect(pickHidInterface([{ ...HONEYWELL, path: '1-1.2:1.0' }], pos)?.path).toBe('1-1.2:1.0');
    expect(pickHidInterface([KEYBOARD_INTERFACE], pos)).toBeUndefined();
  });

  it('filters by serial number and skips entries without a path', () => {
    const devices: HidDeviceInfo[] = [
      { ...HONEYWELL, usagePage: 0x8c, usage: 0x02 },
      { ...HONEYWELL, path: '/dev/hidraw5', serialNumber: 'A1', usagePage: 0x8c, usage: 0x02 },
      { ...HONEYWELL, path: '/dev/hidraw6', serialNumber: 'B2', usagePage: 0x8c, usage: 0x02 },
    ];
    expect(pickHidInterface(devices, { ...pos, serialNumber: 'B2' })?.path).toBe('/dev/hidraw6');
    expect(pickHidInterface(devices, pos)?.path).toBe('/dev/hidraw5');
  });
});

describe('node-hid without a scanner attached', () => {
  it('enumerates with devicesAsync without crashing (an array, possibly empty, or a rejection)', async () => {
    const outcome = await createNodeHidBackend()
      .devices()
      .then(
        (devices) => ({ ok: true as const, devices }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    if (outcome.ok) expect(Array.isArray(outcome.devices)).toBe(true);
    else expect(outcome.error).toBeInstanceOf(Error);
  });

  it('reports a real source for an absent device as disconnected or error, with a detail, and stops', async () => {
    const source = startSource(createNodeHidBackend(), { vendorId: 0xfffe, productId: 0xfffd });
    const status = await waitForStatus(source, (s) => s.state === 'disconnected' || s.state === 'error');
    expect(['hid-device-not-found', 'hid-enumeration-failed']).toContain(status.code);
    expect(status.detail).toBeTruthy();
    await source.stop();
  });
});
