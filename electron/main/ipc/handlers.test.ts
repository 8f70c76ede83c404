import { describe, expect, it, vi } from 'vitest';
import type { BookingJournal } from '../journal/journal';
import type { ServerClient } from '../terminal/server-client';
import { DEFAULT_MACHINE_SETTINGS } from '@shared/machine/settings';
import { createIpcHandlers } from './handlers';

const EPOCH = '01890000-0000-7000-8000-0000000000e1';

function setup(pushOutcome: Awaited<ReturnType<ServerClient['push']>>) {
  let reportAck: (ack: [string, number]) => void = () => undefined;
  const acknowledged = new Promise<[string, number]>((resolve) => (reportAck = resolve));
  const journal: BookingJournal = {
    append: vi.fn(async () => undefined),
    replay: vi.fn(),
    acknowledge: vi.fn(async (epoch: string, ackedUpTo: number) => {
      reportAck([epoch, ackedUpTo]);
      return { pruned: 0 };
    }),
    pendingCount: () => 0,
    close: vi.fn(),
  };
  const client = { push: vi.fn(async () => pushOutcome) } as unknown as ServerClient;
  const handlers = createIpcHandlers({
    appInfo: vi.fn(),
    serverClient: () => client,
    scanSources: () => [],
    journal: async () => journal,
    keystore: () => ({ state: 'secure' as const }),
    logTail: () => [],
    onSessionState: () => undefined,
    chooseExportPath: async () => undefined,
  });
  return { handlers, journal, acknowledged };
}

describe('IPC handlers and the journal', () => {
  it('prunes the journal on the acknowledgement main itself received from the server', async () => {
    const { handlers, acknowledged } = setup({
      kind: 'ok',
      value: { results: [], ackedUpTo: 7, serverTime: 1 },
    });
    await handlers['sync:push']({ terminalId: 'T-1', epoch: EPOCH, bookings: [{}] });
    expect(await acknowledged).toEqual([EPOCH, 7]);
  });

  it('prunes nothing when the push failed', async () => {
    const { handlers, journal } = setup({ kind: 'network-error', message: 'offline' });
    await handlers['sync:push']({ terminalId: 'T-1', epoch: EPOCH, bookings: [{}] });
    expect(journal.acknowledge).not.toHaveBeenCalled();
  });

  it('fails an append when the journal could not be opened', async () => {
    const handlers = createIpcHandlers({
      appInfo: vi.fn(),
      serverClient: () => null,
      scanSources: () => [],
      journal: () => Promise.reject(new Error('EACCES')),
      keystore: () => ({ state: 'secure' as const }),
      logTail: () => [],
      onSessionState: () => undefined,
      chooseExportPath: async () => undefined,
    });
    await expect(handlers['journal:append']({} as never)).rejects.toThrow('EACCES');
  });
});

describe("IPC handlers and the station's machine thresholds", () => {
  const base = {
    appInfo: vi.fn(),
    serverClient: () => null,
    scanSources: () => [],
    journal: () => Promise.reject(new Error('not used')),
    keystore: () => ({ state: 'secure' as const }),
    logTail: () => [],
    onSessionState: () => undefined,
    chooseExportPath: async () => undefined,
  };

  it('hands the acquisition the thresholds in milliseconds, defaults where master data has none', async () => {
    const updateSettings = vi.fn();
    const handlers = createIpcHandlers({ ...base, stationMachines: { stationId: 'ST-10', updateSettings } });
    const answer = await handlers['machine:settings']({
      stationId: 'ST-10',
      machine: { countIntervalSeconds: 30, stateHoldSeconds: 0.5 },
    });
    expect(answer).toEqual({ applied: true });
    expect(updateSettings).toHaveBeenCalledWith({
      ...DEFAULT_MACHINE_SETTINGS,
      countIntervalMs: 30_000,
      stateHoldMs: 500,
    });
  });

  it("refuses another station's thresholds", async () => {
    const updateSettings = vi.fn();
    const handlers = createIpcHandlers({ ...base, stationMachines: { stationId: 'ST-10', updateSettings } });
    await expect(handlers['machine:settings']({ stationId: 'ST-20', machine: {} })).rejects.toThrow('ST-20');
    expect(updateSettings).not.toHaveBeenCalled();
  });

  it('answers not applied on a terminal with no machine wired', async () => {
    const handlers = createIpcHandlers(base);
    expect(await handlers['machine:settings']({ stationId: 'ST-10', machine: {} })).toEqual({ applied: false });
  });
});
