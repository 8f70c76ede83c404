import type { Station } from '../master-data';

/** A station's machine thresholds in milliseconds and shares, defaults filled in. */
export interface MachineSettings {
  microStopMs: number;
  /** 0..1: running below this share of the cycle-time rate is reduced speed. */
  reducedSpeedShare: number;
  rateWindowMs: number;
  countIntervalMs: number;
  stateHoldMs: number;
}

export const DEFAULT_MACHINE_SETTINGS: MachineSettings = {
  microStopMs: 120_000,
  reducedSpeedShare: 0.8,
  rateWindowMs: 300_000,
  countIntervalMs: 60_000,
  stateHoldMs: 2_000,
};

export function machineSettingsOf(station: Pick<Station, 'machine'> | undefined): MachineSettings {
  const machine = station?.machine ?? {};
  const defaults = DEFAULT_MACHINE_SETTINGS;
  return {
    microStopMs: machine.microStopSeconds === undefined ? defaults.microStopMs : machine.microStopSeconds * 1_000,
    reducedSpeedShare:
      machine.reducedSpeedPercent === undefined ? defaults.reducedSpeedShare : machine.reducedSpeedPercent / 100,
    rateWindowMs: machine.rateWindowSeconds === undefined ? defaults.rateWindowMs : machine.rateWindowSeconds * 1_000,
    countIntervalMs:
      machine.countIntervalSeconds === undefined ? defaults.countIntervalMs : machine.countIntervalSeconds * 1_000,
    stateHoldMs: machine.stateHoldSeconds === undefined ? defaults.stateHoldMs : machine.stateHoldSeconds * 1_000,
  };
}
