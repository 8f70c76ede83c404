import type { TaktBridge } from '@shared/ipc/contract';
import type { Station } from '@shared/master-data';

// Main counts the machine's pieces and debounces its run state, but has no master data: the renderer tells it
// the station's thresholds whenever the station's master data is loaded or changes. Main keeps them in memory
// only; after a restart the renderer tells it again, and until then main uses the defaults.

export type MachineSettingsBridge = Pick<TaktBridge, 'machine:settings'>;

/**
 * A teller for one page: sends the station's `machine` thresholds when they differ from what main was last told
 * (master data reloads often, mostly for other datasets). Null bridge (a browser terminal, no main): nothing.
 */
export function createMachineSettingsTeller(
  bridge: MachineSettingsBridge | null,
): (stationId: string, station: Pick<Station, 'machine'> | undefined) => Promise<void> {
  let told: string | null = null;
  return async (stationId, station) => {
    // No station in master data yet (first start, or mid-replace): main keeps what it has.
    if (!bridge || !station) return;
    const request = { stationId, machine: station.machine ?? {} };
    const key = JSON.stringify(request);
    if (key === told) return;
    told = key;
    try {
      const answer = await bridge['machine:settings'](request);
      if (!answer.ok) told = null; // told again at the next load of master data
    } catch {
      told = null;
    }
  };
}
