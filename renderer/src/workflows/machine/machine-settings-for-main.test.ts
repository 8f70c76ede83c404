import { describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '@shared/ipc/contract';
import { createMachineSettingsTeller, type MachineSettingsBridge } from './machine-settings-for-main';

function fakeMain(answers: Array<IpcResult<{ applied: boolean }> | Error> = []) {
  const call = vi.fn(async (request: unknown) => {
    void request;
    const answer = answers.shift() ?? { ok: true as const, value: { applied: true } };
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { bridge: { 'machine:settings': call } satisfies MachineSettingsBridge, call };
}

describe("telling main the station's machine thresholds", () => {
  it('sends them when the station is loaded and again only when they change', async () => {
    const { bridge, call } = fakeMain();
    const tell = createMachineSettingsTeller(bridge);
    await tell('ST-10', { machine: { countIntervalSeconds: 30, stateHoldSeconds: 1 } });
    await tell('ST-10', { machine: { countIntervalSeconds: 30, stateHoldSeconds: 1 } });
    await tell('ST-10', { machine: { countIntervalSeconds: 10 } });
    // Master data dropped the station's machine: main goes back to the defaults.
    await tell('ST-10', {});
    expect(call.mock.calls.map(([request]) => request)).toEqual([
      { stationId: 'ST-10', machine: { countIntervalSeconds: 30, stateHoldSeconds: 1 } },
      { stationId: 'ST-10', machine: { countIntervalSeconds: 10 } },
      { stationId: 'ST-10', machine: {} },
    ]);
  });

  it('tells nothing while the station is not in master data, and nothing without main (browser terminal)', async () => {
    const { bridge, call } = fakeMain();
    await createMachineSettingsTeller(bridge)('ST-10', undefined);
    expect(call).not.toHaveBeenCalled();
    await expect(createMachineSettingsTeller(null)('ST-10', { machine: {} })).resolves.toBeUndefined();
  });

  it('tries again at the next load when main refused or the bridge failed', async () => {
    const { bridge, call } = fakeMain([
      { ok: false, error: { code: 'handler-failed', message: 'not this station' } },
      new Error('bridge gone'),
    ]);
    const tell = createMachineSettingsTeller(bridge);
    const station = { machine: { microStopSeconds: 60 } };
    await tell('ST-10', station);
    await tell('ST-10', station);
    await tell('ST-10', station);
    await tell('ST-10', station);
    expect(call).toHaveBeenCalledTimes(3);
  });
});
