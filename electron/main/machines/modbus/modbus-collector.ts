import { ReconnectLoop, type BackoffConfig, type DeviceSession } from '../../hardware/reconnect-loop';
import type { Clock, MachineCollector, MachineConnectionStatus, ObservationSink } from '../collector';
import { ModbusTcpConnection } from './modbus-connection';
import { MODBUS_FUNCTION, describeException, type ReadRequest } from './modbus-frame';

/**
 * Polls a machine's "running" input and piece counter over Modbus TCP (a PLC, a remote I/O coupler with a
 * counter module, a gateway), and reconnects with backoff when the device goes away.
 */

export interface ModbusCollectorConfig {
  readonly machineId: string;
  readonly host: string;
  readonly port: number;
  readonly unitId: number;
  readonly pollIntervalMs: number;
  /** How long one request may wait for its answer before the connection is given up. */
  readonly timeoutMs: number;
  readonly running: {
    readonly table: 'discrete-input' | 'coil';
    readonly address: number;
    /** For a "machine stopped" signal wired where "running" was expected. */
    readonly invert: boolean;
  };
  readonly counter: {
    readonly table: 'input-register' | 'holding-register';
    readonly address: number;
    /** 2: a 32-bit counter in two consecutive registers; 1: a 16-bit counter. */
    readonly words: 1 | 2;
    /** Modbus fixes the byte order in a register, not the order of the two registers of a 32-bit value. */
    readonly wordOrder: 'high-first' | 'low-first';
  };
  readonly backoff: BackoffConfig;
}

export class ModbusCollector implements MachineCollector {
  readonly machineId: string;
  readonly #config: ModbusCollectorConfig;
  readonly #emit: ObservationSink;
  readonly #clock: Clock;
  readonly #loop: ReconnectLoop;
  readonly #runningRead: ReadRequest;
  readonly #counterRead: ReadRequest;
  #status: { status: MachineConnectionStatus; detail?: string | undefined } | undefined;

  constructor(config: ModbusCollectorConfig, emit: ObservationSink, clock: Clock = Date.now) {
    this.machineId = config.machineId;
    this.#config = config;
    this.#emit = emit;
    this.#clock = clock;
    this.#runningRead = {
      functionCode: config.running.table === 'coil' ? MODBUS_FUNCTION.readCoils : MODBUS_FUNCTION.readDiscreteInputs,
      address: config.running.address,
      quantity: 1,
    };
    this.#counterRead = {
      functionCode:
        config.counter.table === 'holding-register'
          ? MODBUS_FUNCTION.readHoldingRegisters
          : MODBUS_FUNCTION.readInputRegisters,
      address: config.counter.address,
      quantity: config.counter.words,
    };
    this.#loop = new ReconnectLoop({
      connect: () => this.#connect(),
      onState: (state, reason) => this.#setStatus(state, reason?.detail),
      onLost: () => undefined,
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
    const { host, port, unitId, timeoutMs } = this.#config;
    const connection = await ModbusTcpConnection.open(host, port, unitId, timeoutMs);
    const polling = this.#poll(connection);
    return {
      lost: connection.lost,
      close: async () => {
        await connection.close();
        await polling;
      },
    };
  }

  /** Reads both signals every interval until the connection ends; never overlaps two polls. */
  async #poll(connection: ModbusTcpConnection): Promise<void> {
    let isLost = false;
    let wakeUp: () => void = () => undefined;
    const lost = connection.lost.then(() => {
      isLost = true;
      wakeUp();
    });
    while (!isLost) {
      try {
        await this.#pollOnce(connection);
      } catch {
        // The read failed because the connection ended; `lost` carries the reason to the reconnect loop.
        break;
      }
      await new Promise<void>((resolve) => {
        if (isLost) return resolve();
        const timer = setTimeout(resolve, this.#config.pollIntervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await lost;
  }

  async #pollOnce(connection: ModbusTcpConnection): Promise<void> {
    const running = await connection.read(this.#runningRead);
    const counter = await connection.read(this.#counterRead);
    const at = this.#clock();
    const problems: string[] = [];
    if (running.ok)
      this.#emit({ kind: 'state', running: (running.values[0] === 1) !== this.#config.running.invert, at });
    else problems.push(`running input: ${describeException(running.exceptionCode)}`);
    if (counter.ok) this.#emit({ kind: 'counter', ...this.#counterValue(counter.values), at });
    else problems.push(`counter: ${describeException(counter.exceptionCode)}`);
    // The link works but the device refuses a read (wrong address, gateway target down): plant IT must look.
    if (problems.length > 0) this.#setStatus('error', problems.join('; '));
    else this.#setStatus('connected');
  }

  #counterValue(words: number[]): { value: number; bits: 16 | 32 } {
    const [first = 0, second = 0] = words;
    if (this.#config.counter.words === 1) return { value: first, bits: 16 };
    const [high, low] = this.#config.counter.wordOrder === 'high-first' ? [first, second] : [second, first];
    return { value: high * 0x10000 + low, bits: 32 };
  }

  #setStatus(status: MachineConnectionStatus, detail?: string): void {
    if (this.#status?.status === status && this.#status.detail === detail) return;
    this.#status = { status, detail };
    this.#emit({ kind: 'status', status, at: this.#clock(), ...(detail === undefined ? {} : { detail }) });
  }
}
