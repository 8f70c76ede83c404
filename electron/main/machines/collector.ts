/**
 * What a protocol collector reports about one machine: raw observations, nothing derived. Counting (resets,
 * wrap-around), aggregation into bookings and the machine state engine live in shared/machine; a collector
 * only says what it saw and when, so every protocol feeds the same arithmetic.
 */

export type MachineConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'error';

export type MachineObservation =
  /** The machine's "running" signal as read; emitted on every poll or report, changed or not. */
  | { readonly kind: 'state'; readonly running: boolean; readonly at: number }
  /** The raw piece counter; `bits` is the width at which it wraps (a 64-bit source is reported modulo 2^32). */
  | { readonly kind: 'counter'; readonly value: number; readonly bits: 16 | 32; readonly at: number }
  /** The link to the machine; `detail` is technical text for plant IT, never shown to operators as is. */
  | {
      readonly kind: 'status';
      readonly status: MachineConnectionStatus;
      readonly at: number;
      readonly detail?: string;
    };

export type ObservationSink = (observation: MachineObservation) => void;

/** One machine's acquisition. It reconnects by itself after start() until stop() has resolved. */
export interface MachineCollector {
  readonly machineId: string;
  start(): void;
  stop(): Promise<void>;
}

/** Collectors read the time through this, so tests and the aggregator can agree on one clock. */
export type Clock = () => number;
