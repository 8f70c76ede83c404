import net from 'node:net';
import { DeviceUnavailable, type DeviceSession } from '../../hardware/reconnect-loop';
import type { StateReason } from '../../hardware/scan-source';
import {
  ModbusFrameReader,
  ModbusProtocolError,
  decodeReadResponse,
  encodeReadRequest,
  type ReadRequest,
  type ReadResult,
} from './modbus-frame';

interface PendingRead {
  readonly request: ReadRequest;
  readonly resolve: (result: ReadResult) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One TCP connection to a Modbus TCP device (or gateway). Any broken frame, unanswered request or closed
 * socket ends the connection: after a timeout a late answer could be taken for the next request's, and a
 * device that breaks the framing cannot be trusted to stay in step. The reconnect loop opens a new one.
 */
export class ModbusTcpConnection implements DeviceSession {
  readonly lost: Promise<StateReason>;
  readonly #socket: net.Socket;
  readonly #unitId: number;
  readonly #timeoutMs: number;
  readonly #reader = new ModbusFrameReader();
  readonly #pending = new Map<number, PendingRead>();
  #nextTransactionId = 1;
  #failure: Error | undefined;
  #markLost: (reason: StateReason) => void = () => undefined;

  private constructor(socket: net.Socket, unitId: number, timeoutMs: number) {
    this.#socket = socket;
    this.#unitId = unitId;
    this.#timeoutMs = timeoutMs;
    this.lost = new Promise((resolve) => {
      this.#markLost = resolve;
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.#fail(error.message));
    socket.on('close', () => this.#fail('connection closed by the device'));
  }

  static open(host: string, port: number, unitId: number, timeoutMs: number): Promise<ModbusTcpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host, port });
      const refuse = (detail: string) => {
        socket.destroy();
        reject(new DeviceUnavailable('disconnected', { detail }));
      };
      const timer = setTimeout(() => refuse(`no connection to ${host}:${port} within ${timeoutMs} ms`), timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        refuse(`${host}:${port}: ${error.message}`);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        // A pulled cable leaves a half-open connection; keep-alive and the request timeout both notice it.
        socket.setKeepAlive(true, 10_000);
        resolve(new ModbusTcpConnection(socket, unitId, timeoutMs));
      });
    });
  }

  read(request: ReadRequest): Promise<ReadResult> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const transactionId = this.#nextTransactionId;
    this.#nextTransactionId = (transactionId + 1) & 0xffff;
    const frame = encodeReadRequest(transactionId, this.#unitId, request);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#fail(`no answer within ${this.#timeoutMs} ms`), this.#timeoutMs);
      this.#pending.set(transactionId, { request, resolve, reject, timer });
      this.#socket.write(frame);
    });
  }

  close(): Promise<void> {
    this.#fail('closed');
    if (this.#socket.closed) return Promise.resolve();
    return new Promise((resolve) => this.#socket.once('close', () => resolve()));
  }

  #onData(chunk: Buffer): void {
    try {
      for (const frame of this.#reader.push(chunk)) {
        const pending = this.#pending.get(frame.transactionId);
        if (pending === undefined)
          throw new ModbusProtocolError(`answer to unknown transaction ${frame.transactionId}`);
        if (frame.unitId !== this.#unitId) throw new ModbusProtocolError(`answer from unit ${frame.unitId}`);
        const result = decodeReadResponse(pending.request, frame.pdu);
        this.#pending.delete(frame.transactionId);
        clearTimeout(pending.timer);
        pending.resolve(result);
      }
    } catch (error) {
      if (!(error instanceof ModbusProtocolError)) throw error;
      this.#fail(`protocol error: ${error.message}`);
    }
  }

  #fail(detail: string): void {
    if (this.#failure !== undefined) return;
    this.#failure = new Error(detail);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(this.#failure);
    }
    this.#pending.clear();
    this.#socket.destroy();
    this.#markLost({ detail });
  }
}
