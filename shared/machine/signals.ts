// What a collector reads from a machine, before it becomes a booking. Times are the terminal's clock in
// epoch milliseconds (the same clock that stamps `occurredAt`), so the server's clock offset applies to both.

/** The run signal of a machine; `unknown` while the collector cannot reach it (connection down, NDEATH). */
export const MACHINE_RUN_STATES = ['running', 'stopped', 'unknown'] as const;
export type MachineRunState = (typeof MACHINE_RUN_STATES)[number];

/** Widths of the part counters PLCs keep: Modbus register pairs and OPC UA UInt32, Modbus single registers, Sparkplug UInt64. */
export const COUNTER_BITS = [16, 32, 64] as const;
export type CounterBits = (typeof COUNTER_BITS)[number];

/** The run state as the collector saw it at `at`. */
export interface StateObservation {
  state: MachineRunState;
  at: number;
}

/** A raw counter value as the collector read it at `at`. */
export interface CounterReading {
  value: number;
  at: number;
}

/**
 * How many values a counter of this width can hold before it wraps to 0. A 64-bit counter is read into a
 * JavaScript number, so it is usable up to 2^53 and never wraps in practice.
 */
export function counterRange(bits: CounterBits): number {
  return bits === 64 ? Number.MAX_SAFE_INTEGER + 1 : 2 ** bits;
}

/** A value a counter of this width can show: a whole number from 0 below its range. */
export function isCounterValue(value: unknown, bits: CounterBits): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < counterRange(bits);
}
