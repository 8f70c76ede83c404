import { afterEach, describe, expect, it } from 'vitest';
import type { LineFramerConfig } from '@shared/scan/line-framer';
import { isConnected, nextScans, waitForStatus } from './scan-source.test-support';
import { createEm4100BadgeDecoder, createLineScanDecoder, type SerialScanDecoder } from './serial-scan-decoders';
import { SerialScannerSource, type SerialScannerSourceOptions } from './serial-scanner-source';
import { listSerialPorts, type SerialConnection, type SerialPortInfo } from './serialport-adapter';
import { createPtyPair, killAllSocat, type PtyPair } from './socat-pty.test-support';

// These tests open real socat PTYs with the real serialport binding: what a USB CDC scanner looks like.

const FAST_BACKOFF = { initialDelayMs: 50, maxDelayMs: 200 };
const sources: SerialScannerSource[] = [];

function startSource(
  options: Partial<SerialScannerSourceOptions> & Pick<SerialScannerSourceOptions, 'port' | 'decoder'>,
): SerialScannerSource {
  const source = new SerialScannerSource({ deviceId: 'scanner-1', kind: 'serial', backoff: FAST_BACKOFF, ...options });
  sources.push(source);
  source.start();
  return source;
}

async function connectedSource(
  name: string,
  decoder: SerialScanDecoder,
  kind: 'serial' | 'badge' = 'serial',
): Promise<{ pty: PtyPair; source: SerialScannerSource }> {
  const pty = await createPtyPair(name);
  const source = startSource({ port: { path: pty.appPath }, decoder, kind });
  await waitForStatus(source, isConnected);
  return { pty, source };
}

const lines = (framing: LineFramerConfig): SerialScanDecoder => createLineScanDecoder(framing);
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.stop()));
  await killAllSocat();
});

describe('SerialScannerSource on a socat PTY', () => {
  it.each<[string, LineFramerConfig, string]>([
    ['CR', { terminator: 'cr' }, 'ORDER-4711\rOP-0010\r'],
    ['LF', { terminator: 'lf' }, 'ORDER-4711\nOP-0010\n'],
    ['CRLF', { terminator: 'crlf' }, 'ORDER-4711\r\nOP-0010\r\n'],
    ['STX/ETX', { terminator: 'stx-etx' }, '\u0002ORDER-4711\u0003\u0002OP-0010\u0003'],
  ])('delivers %s-framed scans as RawScans', async (name, framing, wire) => {
    const { pty, source } = await connectedSource(name.toLowerCase().replace('/', ''), lines(framing));
    const scans = nextScans(source, 2);
    pty.write(wire);
    expect(await scans).toEqual([
      expect.objectContaining({ text: 'ORDER-4711', source: 'serial', deviceId: 'scanner-1' }),
      expect.objectContaining({ text: 'OP-0010', source: 'serial', deviceId: 'scanner-1' }),
    ]);
    expect(source.status()).toMatchObject({ state: 'connected', scans: 2, errors: 0, lastScanAt: expect.any(Number) });
    // No keys holding undefined: the IPC contract validates these objects strictly.
    expect(Object.values(source.status())).not.toContain(undefined);
    expect((await scans).every((scan) => !('symbology' in scan))).toBe(true);
  });

  it('ends suffix-less scans after the inter-byte timeout', async () => {
    const { pty, source } = await connectedSource('timeout', lines({ terminator: 'none', interByteTimeoutMs: 40 }));
    const scans = nextScans(source, 2);
    pty.write('4006381333931');
    await pause(150);
    pty.write(']C1\u001d0104012345678901');
    expect((await scans).map((s) => s.text)).toEqual(['4006381333931', ']C1\u001d0104012345678901']);
  });

  it('reassembles frames split across writes', async () => {
    const { pty, source } = await connectedSource('split', lines({ terminator: 'crlf' }));
    const scans = nextScans(source, 2);
    for (const part of ['ORD', 'ER-1\r', '\nOP-', '0010', '\r', '\n']) {
      pty.write(part);
      await pause(15);
    }
    expect((await scans).map((s) => s.text)).toEqual(['ORDER-1', 'OP-0010']);
  });

  it('counts garbage and overlong frames as errors and keeps reading', async () => {
    const { pty, source } = await connectedSource('garbage', lines({ terminator: 'stx-etx', maxFrameLength: 64 }));
    const scans = nextScans(source, 1);
    pty.write(Uint8Array.of(0x00, 0xff, 0x03, 0x41, 0x0d, 0x0a));
    pty.write(`\u0002${'X'.repeat(5000)}\u0003`);
    pty.write('\u0002HALF\u0002ORDER-4711\u0003');
    expect((await scans).map((s) => s.text)).toEqual(['ORDER-4711']);
    expect(source.status()).toMatchObject({ scans: 1, errors: 2, code: 'frame-incomplete' });
  });

  it('reads EM4100 badge frames, rejects a bad checksum and debounces a card left on the reader', async () => {
    const { pty, source } = await connectedSource('em4100', createEm4100BadgeDecoder(1500), 'badge');
    const scans = nextScans(source, 2);
    pty.write('\u000262E3086CED08\u0003');
    pty.write('\u000262E3086CED08\u0003\u000262E3086CED08\u0003');
    pty.write('\u00020F00A1B2C3FF\u0003');
    pty.write('\u00020F00A1B2C3');
    pty.write('DF\r\n\u0003');
    const received = await scans;
    expect(received.map((s) => [s.source, s.text])).toEqual([
      ['badge', '62E3086CED'],
      ['badge', '0F00A1B2C3'],
    ]);
    expect(source.status()).toMatchObject({ scans: 2, errors: 1, code: 'em4100-checksum-mismatch' });
  });

  it('goes disconnected on unplug, retries, and reconnects to the replugged device', async () => {
    const { pty, source } = await connectedSource('replug', lines({ terminator: 'cr' }));
    await pty.unplug();
    const lost = await waitForStatus(source, (s) => s.state === 'disconnected');
    expect(lost).toMatchObject({ code: 'serial-disconnected', errors: 1 });
    // While unplugged the link is gone, so the retries report the port as missing.
    await waitForStatus(source, (s) => s.code === 'serial-port-not-found');
    await pause(300);
    await pty.replug();
    await waitForStatus(source, isConnected);
    const scans = nextScans(source, 1);
    pty.write('AFTER-REPLUG\r');
    expect((await scans)[0]).toMatchObject({ text: 'AFTER-REPLUG' });
  });

  it('drops a half-received frame when the device is unplugged', async () => {
    const { pty, source } = await connectedSource('half', lines({ terminator: 'cr' }));
    pty.write('HALF-');
    await pause(50);
    await pty.unplug();
    await waitForStatus(source, (s) => s.state === 'disconnected');
    await pty.replug();
    await waitForStatus(source, isConnected);
    const scans = nextScans(source, 1);
    pty.write('WHOLE\r');
    expect((await scans)[0]?.text).toBe('WHOLE');
  });

  it('stops cleanly: stop() resolves, the port is released, and no timer fires afterwards', async () => {
    const { pty, source } = await connectedSource('stop', lines({ terminator: 'none', interByteTimeoutMs: 200 }));
    pty.write('PENDING');
    await pause(30);
    const statuses: unknown[] = [];
    source.onStatus((s) => statuses.push(s));
    source.onScan((s) => statuses.push(s));
    await source.stop();
    await pause(400);
    expect(statuses).toEqual([]);
    // A second opener would fail with "Cannot lock port" if the first still held it.
    const again = startSource({ port: { path: pty.appPath }, decoder: lines({ terminator: 'cr' }) });
    await waitForStatus(again, isConnected);
  });

  it('stops while retrying an absent port without waiting for the backoff', async () => {
    const source = startSource({
      port: { path: '/tmp/takt-scan-does-not-exist' },
      decoder: lines({ terminator: 'cr' }),
      backoff: { initialDelayMs: 5000, maxDelayMs: 5000 },
    });
    expect(await waitForStatus(source, (s) => s.state === 'disconnected')).toMatchObject({
      code: 'serial-port-not-found',
    });
    const began = Date.now();
    await source.stop();
    expect(Date.now() - began).toBeLessThan(500);
  });
});

describe('SerialScannerSource port selection by USB id', () => {
  it('matches vendor and product id case-insensitively and opens the real port', async () => {
    const pty = await createPtyPair('by-id');
    const ports: SerialPortInfo[] = [
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyACM9', vendorId: '2341', productId: '0043' },
      { path: pty.appPath, vendorId: '0C2E', productId: '0B8F', serialNumber: 'ABC123' },
    ];
    const source = startSource({
      port: { vendorId: '0x0c2e', productId: 'b8f', serialNumber: 'abc123' },
      decoder: lines({ terminator: 'cr' }),
      list: async () => ports,
    });
    await waitForStatus(source, isConnected);
    const scans = nextScans(source, 1);
    pty.write('BY-ID\r');
    expect((await scans)[0]?.text).toBe('BY-ID');
  });

  it('reports a missing device as disconnected and a failing port list as an error', async () => {
    const missing = startSource({
      port: { vendorId: '0c2e', productId: '0b8f' },
      decoder: lines({ terminator: 'cr' }),
      list: async () => [{ path: '/dev/ttyS0' }],
    });
    expect(await waitForStatus(missing, (s) => s.state === 'disconnected')).toMatchObject({
      code: 'serial-port-not-found',
      detail: '0c2e:0b8f',
    });
    const failing = startSource({
      deviceId: 'scanner-2',
      port: { vendorId: '0c2e', productId: '0b8f' },
      decoder: lines({ terminator: 'cr' }),
      list: () => Promise.reject(new Error('udevadm: not found')),
    });
    expect(await waitForStatus(failing, (s) => s.state === 'error')).toMatchObject({
      code: 'serial-open-failed',
      detail: expect.stringContaining('udevadm'),
    });
  });

  it('reports a port it may not open as an error, with the OS text as detail', async () => {
    const denied = Object.assign(new Error('Error: Permission denied, cannot open /dev/ttyACM0'), { code: 'EACCES' });
    const source = startSource({
      port: { path: '/dev/ttyACM0' },
      decoder: lines({ terminator: 'cr' }),
      open: () => Promise.reject(denied),
    });
    expect(await waitForStatus(source, (s) => s.state === 'error')).toMatchObject({
      code: 'serial-open-failed',
      errors: 1,
      detail: expect.stringContaining('Permission denied'),
    });
  });

  it('stops at once while an open hangs, and closes the port if the open completes later', async () => {
    let markOpening: () => void = () => undefined;
    const isOpening = new Promise<void>((resolve) => (markOpening = resolve));
    let finishOpen: (connection: SerialConnection) => void = () => undefined;
    const source = startSource({
      port: { path: '/dev/ttyACM0' },
      decoder: lines({ terminator: 'cr' }),
      open: () => {
        markOpening();
        return new Promise((resolve) => (finishOpen = resolve));
      },
    });
    await isOpening;
    await source.stop();
    expect(source.status().state).toBe('connecting');
    let isClosed = false;
    finishOpen({ onData: () => undefined, onLost: () => undefined, close: async () => void (isClosed = true) });
    await pause(10);
    expect(isClosed).toBe(true);
  });

  it('backs off exponentially up to the cap while the device is missing', async () => {
    const attempts: number[] = [];
    const source = startSource({
      port: { vendorId: '0c2e', productId: '0b8f' },
      decoder: lines({ terminator: 'cr' }),
      backoff: { initialDelayMs: 20, maxDelayMs: 80 },
      list: async () => {
        attempts.push(performance.now());
        return [];
      },
    });
    await waitForStatus(source, (s) => s.state === 'disconnected');
    while (attempts.length < 6) await pause(20);
    await source.stop();
    const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] ?? at));
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
    expect(gaps[3]).toBeGreaterThanOrEqual(79);
    expect(Math.max(...gaps)).toBeLessThan(300);
  });

  it('lists ports with the real serialport without crashing (udevadm may be missing)', async () => {
    const result = await listSerialPorts().then(
      (ports) => ({ ok: true as const, ports }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (result.ok) expect(Array.isArray(result.ports)).toBe(true);
    else expect(result.error).toBeInstanceOf(Error);
  });
});
