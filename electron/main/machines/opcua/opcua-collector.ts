import { ReconnectLoop, type BackoffConfig, type DeviceSession } from '../../hardware/reconnect-loop';
import type { Clock, MachineCollector, MachineConnectionStatus, ObservationSink } from '../collector';
import type { OpcuaLinkConfig, OpcuaSignal } from './opcua-link';
import type { DataValue, NodeId } from './opcua-library';
import type { RunningValue } from './opcua-signals';

// node-opcua takes about a second to load: only a station with an OPC UA machine pays for it, on its first connect.
const loadOpcua = () => Promise.all([import('./opcua-link'), import('./opcua-signals')]);
type Readers = Awaited<ReturnType<typeof loadOpcua>>[1];

/**
 * Follows a machine's running state and piece counter on an OPC UA server (the machine's own, or an edge
 * gateway's) through a subscription: the server sends changes, nothing is polled. By default the running
 * state is OPC 40001 Machinery's MachineryItemState (Executing = running). Reconnects with backoff.
 */

export interface OpcuaCollectorConfig extends OpcuaLinkConfig {
  readonly running?:
    { readonly nodeId: string; readonly runningValues?: readonly RunningValue[] | undefined } | undefined;
  readonly counter: { readonly nodeId: string; readonly bits?: 16 | 32 | undefined };
  /** Where the server certificates to trust are kept; absent: `defaultPkiFolder`. */
  readonly pkiFolder?: string | undefined;
  readonly backoff: BackoffConfig;
}

export interface OpcuaCollectorOptions {
  readonly clock?: Clock | undefined;
  /** The PKI folder for a machine that names none (main: opcua-pki in the user-data folder). */
  readonly defaultPkiFolder: () => Promise<string>;
}

export class OpcuaCollector implements MachineCollector {
  readonly machineId: string;
  readonly #config: OpcuaCollectorConfig;
  readonly #emit: ObservationSink;
  readonly #clock: Clock;
  readonly #defaultPkiFolder: () => Promise<string>;
  readonly #loop: ReconnectLoop;
  /** Why a signal cannot be followed on the current connection. */
  readonly #problems = new Map<OpcuaSignal, string>();
  #executingState: NodeId | undefined;
  #readers: Readers | undefined;
  #status: { status: MachineConnectionStatus; detail?: string | undefined } | undefined;

  constructor(config: OpcuaCollectorConfig, emit: ObservationSink, options: OpcuaCollectorOptions) {
    this.machineId = config.machineId;
    this.#config = config;
    this.#emit = emit;
    this.#clock = options.clock ?? Date.now;
    this.#defaultPkiFolder = options.defaultPkiFolder;
    this.#loop = new ReconnectLoop({
      connect: () => this.#connect(),
      onState: (state, reason) => {
        if (state === 'connected') this.#showProblems();
        else this.#setStatus(state, reason?.detail);
      },
      onLost: () => this.#problems.clear(),
      describeFailure: (error) => ({ detail: error instanceof Error ? error.message : String(error) }),
      backoff: config.backoff,
    });
  }

  start(): void {
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
    this.#setStatus('disconnected', 'stopped');
  }

  async #connect(): Promise<DeviceSession> {
    this.#problems.clear();
    const pkiFolder = this.#config.pkiFolder ?? (await this.#defaultPkiFolder());
    const [{ openOpcuaLink }, readers] = await loadOpcua();
    this.#readers = readers;
    const link = await openOpcuaLink(this.#config, pkiFolder, {
      onValue: (signal, value) => this.#onValue(signal, value),
      onProblem: (signal, problem) => this.#onProblem(signal, problem),
    });
    this.#executingState = link.executingState;
    return { lost: link.lost, close: () => link.close() };
  }

  #onValue(signal: OpcuaSignal, dataValue: DataValue): void {
    const readers = this.#readers;
    if (readers === undefined) return;
    const at = this.#clock();
    if (signal === 'running') {
      const running = readers.readRunning(dataValue.value, {
        ...(this.#config.running?.runningValues === undefined
          ? {}
          : { runningValues: this.#config.running.runningValues }),
        ...(this.#executingState === undefined ? {} : { executingState: this.#executingState }),
      });
      if (!running.ok) return this.#onProblem(signal, `running ${this.#runningSource()} ${running.problem}`);
      this.#emit({ kind: 'state', running: running.value, at });
    } else {
      const counter = readers.readCounter(dataValue.value, this.#config.counter.bits);
      if (!counter.ok) return this.#onProblem(signal, `counter ${this.#config.counter.nodeId} ${counter.problem}`);
      this.#emit({ kind: 'counter', value: counter.value.value, bits: counter.value.bits, at });
    }
    this.#onProblem(signal, undefined);
  }

  /** A signal that cannot be followed shows the link as `error` while the other one is still reported. */
  #onProblem(signal: OpcuaSignal, problem: string | undefined): void {
    if (problem === undefined) this.#problems.delete(signal);
    else this.#problems.set(signal, problem);
    if (this.#status?.status === 'connected' || this.#status?.status === 'error') this.#showProblems();
  }

  #showProblems(): void {
    if (this.#problems.size === 0) this.#setStatus('connected');
    else this.#setStatus('error', [...this.#problems.values()].join('; '));
  }

  #runningSource(): string {
    return this.#config.running?.nodeId ?? `${this.#config.machine ?? ''} MachineryItemState`;
  }

  #setStatus(status: MachineConnectionStatus, detail?: string): void {
    if (this.#status?.status === status && this.#status.detail === detail) return;
    this.#status = { status, detail };
    this.#emit({ kind: 'status', status, at: this.#clock(), ...(detail === undefined ? {} : { detail }) });
  }
}
