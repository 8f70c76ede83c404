import { describe, expect, it, vi } from 'vitest';
import { dispatchIpc, type IpcHandlers, type IpcSender } from './dispatch';

const trusted: IpcSender = { frameUrl: 'app://terminal/index.html', isMainFrame: true };

function handlers(): IpcHandlers {
  return {
    'app:info': vi.fn(async () => ({ version: '1', platform: 'linux', electronVersion: '40', isPackaged: false })),
    'sync:push': vi.fn(async () => ({ kind: 'network-error' as const, message: 'offline' })),
    'sync:pull': vi.fn(async () => ({ kind: 'network-error' as const, message: 'offline' })),
    'sync:probe': vi.fn(async () => ({ kind: 'network-error' as const, message: 'offline' })),
    'scan:sources': vi.fn(async () => []),
    'journal:append': vi.fn(async () => ({ durable: true as const })),
    'journal:replay': vi.fn(async () => ({ bookings: [], corruptRecords: 0, truncatedSegments: 0, segments: 0 })),
    'app:keystore': vi.fn(async () => ({ state: 'secure' as const })),
    'log:tail': vi.fn(async () => ({ lines: [] })),
    'session:state': vi.fn(async () => ({ received: true as const })),
    'sync:heartbeat': vi.fn(async () => ({ kind: 'network-error' as const, message: 'offline' })),
    'line:read': vi.fn(async () => ({ kind: 'network-error' as const, message: 'offline' })),
    'export:save': vi.fn(async () => ({ outcome: 'cancelled' as const })),
    'kiosk:exit': vi.fn(async () => ({ exiting: true as const })),
    'machine:settings': vi.fn(async () => ({ applied: true })),
  };
}

describe('dispatchIpc', () => {
  it('answers a valid call from our main frame', async () => {
    const h = handlers();
    const result = await dispatchIpc('app:info', trusted, undefined, h);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ version: '1' }) });
  });

  it.each([undefined, null, '', 'app:quit', 'constructor', '__proto__', 'toString', 42, { channel: 'app:info' }])(
    'refuses unknown channel %j',
    async (channel) => {
      const h = handlers();
      expect(await dispatchIpc(channel, trusted, undefined, h)).toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      });
      expect(h['app:info']).not.toHaveBeenCalled();
    },
  );

  it.each<IpcSender>([
    { frameUrl: 'https://evil.example/', isMainFrame: true },
    { frameUrl: 'app://terminal.evil/index.html', isMainFrame: true },
    { frameUrl: 'app://terminal/index.html', isMainFrame: false },
    { frameUrl: null, isMainFrame: true },
    { frameUrl: 'file:///tmp/x.html', isMainFrame: true },
    { frameUrl: 'devtools://devtools/', isMainFrame: true },
  ])('refuses sender %j', async (sender) => {
    const h = handlers();
    expect(await dispatchIpc('app:info', sender, undefined, h)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(h['app:info']).not.toHaveBeenCalled();
  });

  it.each([
    null,
    {},
    { terminalId: 't', epoch: 'e', bookings: [] },
    { terminalId: 't', epoch: 'e', bookings: Array.from({ length: 501 }, () => ({})) },
    { terminalId: 't', epoch: 'e', bookings: [{}], extra: true },
    { terminalId: '', epoch: 'e', bookings: [{}] },
    'push',
  ])('refuses malformed sync:push input %j', async (input) => {
    const h = handlers();
    expect(await dispatchIpc('sync:push', trusted, input, h)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(h['sync:push']).not.toHaveBeenCalled();
  });

  it.each([
    { dataset: 'secrets' },
    { dataset: 'orders', limit: 0 },
    { dataset: 'orders', cursor: 'x'.repeat(500) },
    {},
  ])('refuses malformed sync:pull input %j', async (input) => {
    const h = handlers();
    expect(await dispatchIpc('sync:pull', trusted, input, h)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it.each([
    null,
    {},
    { id: 'not-a-uuid', type: 'quantity.good' },
    { ...validBooking(), payload: { quantity: -1, unit: 'pcs' } },
    { ...validBooking(), extra: true },
  ])('refuses a journal:append of something that is not a valid booking %j', async (input) => {
    const h = handlers();
    expect(await dispatchIpc('journal:append', trusted, input, h)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(h['journal:append']).not.toHaveBeenCalled();
  });

  it('journals a valid booking', async () => {
    const h = handlers();
    expect(await dispatchIpc('journal:append', trusted, validBooking(), h)).toEqual({
      ok: true,
      value: { durable: true },
    });
    expect(h['journal:append']).toHaveBeenCalledWith(validBooking());
  });

  it.each(['app:info', 'sync:probe', 'scan:sources', 'journal:replay'] as const)(
    'refuses input on %s, which takes none',
    async (channel) => {
      const h = handlers();
      expect(await dispatchIpc(channel, trusted, { sneaky: true }, h)).toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      });
      expect(h[channel]).not.toHaveBeenCalled();
    },
  );

  it.each([
    undefined,
    null,
    {},
    { approvedBy: '' },
    { approvedBy: '   ' },
    { approvedBy: 'x'.repeat(65) },
    { approvedBy: 'OP\ud800' },
    { approvedBy: 'OP-1', force: true },
    { approvedBy: 42 },
  ])('refuses a kiosk:exit without a proper approving lead %j', async (input) => {
    const h = handlers();
    expect(await dispatchIpc('kiosk:exit', trusted, input, h)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(h['kiosk:exit']).not.toHaveBeenCalled();
  });

  it('refuses a kiosk:exit from a sub-frame or a foreign page', async () => {
    const h = handlers();
    for (const sender of [
      { ...trusted, isMainFrame: false },
      { frameUrl: 'https://evil.example/', isMainFrame: true },
    ]) {
      expect(await dispatchIpc('kiosk:exit', sender, { approvedBy: 'OP-1' }, h)).toMatchObject({
        ok: false,
        error: { code: 'forbidden-sender' },
      });
    }
    expect(h['kiosk:exit']).not.toHaveBeenCalled();
  });

  it("passes a station's machine thresholds, every field at its bounds or absent", async () => {
    const h = handlers();
    for (const machine of [
      {},
      {
        microStopSeconds: 1,
        reducedSpeedPercent: 1,
        rateWindowSeconds: 10,
        countIntervalSeconds: 5,
        stateHoldSeconds: 0,
      },
      {
        microStopSeconds: 86_400,
        reducedSpeedPercent: 100,
        rateWindowSeconds: 86_400,
        countIntervalSeconds: 3_600,
        stateHoldSeconds: 60,
      },
      { stateHoldSeconds: 0.5 },
    ]) {
      expect(await dispatchIpc('machine:settings', trusted, { stationId: 'ST-10', machine }, h)).toEqual({
        ok: true,
        value: { applied: true },
      });
      expect(h['machine:settings']).toHaveBeenLastCalledWith({ stationId: 'ST-10', machine });
    }
  });

  it.each([
    undefined,
    null,
    {},
    { machine: {} },
    { stationId: 'ST-10' },
    { stationId: '', machine: {} },
    { stationId: 'ST\ud800', machine: {} },
    { stationId: 'ST-10', machine: {}, extra: true },
    { stationId: 'ST-10', machine: { countIntervalSeconds: 60, holdMs: 5 } },
    { stationId: 'ST-10', machine: { microStopSeconds: 0 } },
    { stationId: 'ST-10', machine: { microStopSeconds: 86_401 } },
    { stationId: 'ST-10', machine: { microStopSeconds: 1.5 } },
    { stationId: 'ST-10', machine: { reducedSpeedPercent: 0 } },
    { stationId: 'ST-10', machine: { reducedSpeedPercent: 101 } },
    { stationId: 'ST-10', machine: { rateWindowSeconds: 9 } },
    { stationId: 'ST-10', machine: { rateWindowSeconds: 86_401 } },
    { stationId: 'ST-10', machine: { countIntervalSeconds: 4 } },
    { stationId: 'ST-10', machine: { countIntervalSeconds: 3_601 } },
    { stationId: 'ST-10', machine: { countIntervalSeconds: 30.5 } },
    { stationId: 'ST-10', machine: { countIntervalSeconds: '60' } },
    { stationId: 'ST-10', machine: { stateHoldSeconds: -0.1 } },
    { stationId: 'ST-10', machine: { stateHoldSeconds: 60.1 } },
    { stationId: 'ST-10', machine: { stateHoldSeconds: Number.NaN } },
    { stationId: 'ST-10', machine: { stateHoldSeconds: Number.POSITIVE_INFINITY } },
    { stationId: 'ST-10', machine: null },
  ])('refuses machine:settings out of bounds or malformed %j', async (input) => {
    const h = handlers();
    expect(await dispatchIpc('machine:settings', trusted, input, h)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(h['machine:settings']).not.toHaveBeenCalled();
  });

  it.each<IpcSender>([
    { frameUrl: 'app://terminal/index.html', isMainFrame: false },
    { frameUrl: 'https://evil.example/', isMainFrame: true },
    { frameUrl: null, isMainFrame: true },
  ])('refuses machine:settings from sender %j', async (sender) => {
    const h = handlers();
    expect(
      await dispatchIpc('machine:settings', sender, { stationId: 'ST-10', machine: { countIntervalSeconds: 5 } }, h),
    ).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(h['machine:settings']).not.toHaveBeenCalled();
  });

  it('refuses a probe from a sub-frame', async () => {
    const h = handlers();
    expect(await dispatchIpc('sync:probe', { ...trusted, isMainFrame: false }, undefined, h)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(h['sync:probe']).not.toHaveBeenCalled();
  });

  it('turns a handler exception into a result', async () => {
    const h = handlers();
    h['app:info'] = async () => {
      throw new Error('boom');
    };
    expect(await dispatchIpc('app:info', trusted, undefined, h)).toEqual({
      ok: false,
      error: { code: 'handler-failed', message: 'boom' },
    });
  });

  it('passes validated input to the handler', async () => {
    const h = handlers();
    await dispatchIpc('sync:pull', trusted, { dataset: 'orders', limit: '50' }, h);
    expect(h['sync:pull']).toHaveBeenCalledWith({ dataset: 'orders', limit: 50 });
  });
});

function validBooking() {
  return {
    id: '01890000-0000-7000-8000-000000000001',
    terminalId: 'T-1',
    epoch: '01890000-0000-7000-8000-0000000000e1',
    seq: 1,
    type: 'quantity.good',
    occurredAt: 1_700_000_000_000,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    orderId: 'FA1000004',
    operationId: '0010',
    masterDataVersion: 'v1',
    payload: { quantity: 3, unit: 'pcs' },
  };
}
