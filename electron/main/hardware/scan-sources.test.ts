import { afterEach, describe, expect, it } from 'vitest';
import type { RawScan, ScanSourceStatus } from '@shared/scan/raw-scan';
import { FakeHidBackend, honeywellReport } from './fake-hid-backend.test-support';
import { parseScanSourceConfigs, type ScanSourceConfig } from './scan-source-config';
import { isConnected, nextScans, waitUntil } from './scan-source.test-support';
import { ScanSourceRegistry } from './scan-sources';
import { createPtyPair, killAllSocat } from './socat-pty.test-support';

const registries: ScanSourceRegistry[] = [];

afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.stop()));
  await killAllSocat();
});

describe('parseScanSourceConfigs', () => {
  it('accepts a terminal with a serial scanner, two badge readers and two HID scanners', () => {
    const result = parseScanSourceConfigs([
      {
        kind: 'serial',
        deviceId: 'line-scanner',
        port: { vendorId: '0C2E', productId: '0x0b8f' },
        framing: { terminator: 'cr', interByteTimeoutMs: 150 },
      },
      {
        kind: 'badge-serial',
        deviceId: 'rdm6300',
        port: { path: '/dev/ttyS1' },
        baudRate: 9600,
        protocol: { kind: 'em4100' },
      },
      {
        kind: 'badge-serial',
        deviceId: 'pcprox',
        port: { path: '/dev/ttyACM1' },
        protocol: { kind: 'line', framing: { terminator: 'crlf' }, format: 'decimal' },
        debounceMs: 2000,
      },
      {
        kind: 'hid',
        deviceId: 'voyager',
        vendorId: '0c2e',
        productId: '0B8F',
        mode: { kind: 'pos', featureReportsOnOpen: [[0xfe, 0x01]] },
      },
      {
        kind: 'hid',
        deviceId: 'wedge-on-hid',
        vendorId: '0x05e0',
        productId: '1200',
        mode: { kind: 'keyboard', layout: 'de' },
      },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.configs[3]).toMatchObject({ vendorId: 0x0c2e, productId: 0x0b8f });
    expect(result.configs[4]).toMatchObject({ vendorId: 0x05e0, productId: 0x1200 });
  });

  it.each<[string, unknown]>([
    ['not a list', { kind: 'serial' }],
    ['null', null],
    ['an unknown kind', [{ kind: 'wedge', deviceId: 'x' }]],
    [
      'duplicate device ids',
      [
        { kind: 'badge-serial', deviceId: 'a', port: { path: '/dev/ttyS1' }, protocol: { kind: 'em4100' } },
        { kind: 'badge-serial', deviceId: 'a', port: { path: '/dev/ttyS2' }, protocol: { kind: 'em4100' } },
      ],
    ],
    [
      'an empty device id',
      [{ kind: 'badge-serial', deviceId: '  ', port: { path: '/dev/ttyS1' }, protocol: { kind: 'em4100' } }],
    ],
    [
      'an unknown key',
      [
        {
          kind: 'badge-serial',
          deviceId: 'a',
          port: { path: '/dev/ttyS1' },
          protocol: { kind: 'em4100' },
          exec: 'rm -rf /',
        },
      ],
    ],
    [
      'a __proto__ key from JSON',
      JSON.parse(
        '[{"kind":"badge-serial","deviceId":"a","port":{"path":"/dev/ttyS1"},"protocol":{"kind":"em4100"},"__proto__":{"x":1}}]',
      ),
    ],
    [
      'a USB id that is not hex',
      [{ kind: 'hid', deviceId: 'h', vendorId: 'zz', productId: '1', mode: { kind: 'pos' } }],
    ],
    ['a USB id as a number', [{ kind: 'hid', deviceId: 'h', vendorId: 3118, productId: '1', mode: { kind: 'pos' } }]],
    [
      "framing 'none' without a timeout",
      [{ kind: 'serial', deviceId: 's', port: { path: '/dev/ttyS1' }, framing: { terminator: 'none' } }],
    ],
    [
      'a feature report byte over 255',
      [
        {
          kind: 'hid',
          deviceId: 'h',
          vendorId: '1',
          productId: '1',
          mode: { kind: 'pos', featureReportsOnOpen: [[256]] },
        },
      ],
    ],
    [
      'a backoff whose cap is below its start',
      [
        {
          kind: 'badge-serial',
          deviceId: 'a',
          port: { path: '/x' },
          protocol: { kind: 'em4100' },
          backoff: { initialDelayMs: 500, maxDelayMs: 100 },
        },
      ],
    ],
    [
      'an unknown keyboard layout',
      [{ kind: 'hid', deviceId: 'h', vendorId: '1', productId: '1', mode: { kind: 'keyboard', layout: 'fr' } }],
    ],
    [
      'too many sources',
      Array.from({ length: 17 }, (_, i) => ({
        kind: 'badge-serial',
        deviceId: `b${i}`,
        port: { path: '/x' },
        protocol: { kind: 'em4100' },
      })),
    ],
  ])('rejects %s with a readable problem', (_name, value) => {
    const result = parseScanSourceConfigs(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.length).toBeGreaterThan(0);
  });
});

describe('ScanSourceRegistry', () => {
  it('runs serial, badge and HID sources together with one scan stream and combined status', async () => {
    const scannerPty = await createPtyPair('registry-scanner');
    const badgePty = await createPtyPair('registry-badge');
    const hid = new FakeHidBackend();
    const configs: ScanSourceConfig[] = [
      {
        kind: 'serial',
        deviceId: 'scanner',
        port: { path: scannerPty.appPath },
        framing: { terminator: 'cr' },
        backoff: { initialDelayMs: 50, maxDelayMs: 200 },
      },
      { kind: 'badge-serial', deviceId: 'badge', port: { path: badgePty.appPath }, protocol: { kind: 'em4100' } },
      { kind: 'hid', deviceId: 'hid', vendorId: 0x0c2e, productId: 0x0b8f, mode: { kind: 'pos' } },
    ];
    const registry = ScanSourceRegistry.fromConfigs(configs, { hid });
    registries.push(registry);
    const changes: ScanSourceStatus[] = [];
    registry.onStatus((status) => changes.push(status));
    registry.start();
    await waitUntil(registry, () => registry.statuses().every(isConnected));
    expect(registry.statuses().map((s) => [s.deviceId, s.kind, s.state])).toEqual([
      ['scanner', 'serial', 'connected'],
      ['badge', 'badge', 'connected'],
      ['hid', 'hid', 'connected'],
    ]);
    expect(new Set(changes.map((s) => s.deviceId))).toEqual(new Set(['scanner', 'badge', 'hid']));

    const scans = nextScans(registry, 3);
    scannerPty.write('ORDER-4711\r');
    badgePty.write('\u000262E3086CED08\u0003');
    hid.last.emit(honeywellReport(']C1', '0104012345678901'));
    const bySource = (await scans).map((s: RawScan) => [s.deviceId, s.source, s.text]).sort();
    expect(bySource).toEqual([
      ['badge', 'badge', '62E3086CED'],
      ['hid', 'hid', '0104012345678901'],
      ['scanner', 'serial', 'ORDER-4711'],
    ]);

    await registry.stop();
    expect(hid.last.isClosed).toBe(true);
  });

  it('starts nothing and stops at once without sources', async () => {
    const registry = ScanSourceRegistry.fromConfigs([]);
    registry.start();
    expect(registry.statuses()).toEqual([]);
    await registry.stop();
  });
});
