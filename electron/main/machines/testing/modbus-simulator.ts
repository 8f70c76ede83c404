import net from 'node:net';
import { ModbusFrameReader, type ModbusFrame } from '../modbus/modbus-frame';

/**
 * A Modbus TCP device for the tests, on 127.0.0.1: discrete inputs, coils, input and holding registers it
 * answers reads from, an exception per address on request, and a hook that lets a test answer with any bytes
 * (a hostile or broken device).
 */

export interface ModbusSimulator {
  readonly port: number;
  readonly discreteInputs: Map<number, boolean>;
  readonly coils: Map<number, boolean>;
  readonly inputRegisters: Map<number, number>;
  readonly holdingRegisters: Map<number, number>;
  /** Answer reads touching these addresses (any table) with this exception code. */
  readonly exceptions: Map<number, number>;
  /** When set, its bytes are sent instead of the proper answer (undefined: answer properly; null: stay silent). */
  respond: ((frame: ModbusFrame) => Buffer | null | undefined) | undefined;
  /** Requests received so far. */
  readonly requests: ModbusFrame[];
  setRegisterPair(table: Map<number, number>, address: number, value: number, order: 'high-first' | 'low-first'): void;
  /** Connections accepted in this simulator's life. */
  readonly acceptedConnections: number;
  close(): Promise<void>;
}

export async function startModbusSimulator(port = 0): Promise<ModbusSimulator> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const simulator: ModbusSimulator = {
    port: 0,
    discreteInputs: new Map(),
    coils: new Map(),
    inputRegisters: new Map(),
    holdingRegisters: new Map(),
    exceptions: new Map(),
    respond: undefined,
    requests: [],
    setRegisterPair(table, address, value, order) {
      const high = Math.floor(value / 0x10000) & 0xffff;
      const low = value & 0xffff;
      table.set(address, order === 'high-first' ? high : low);
      table.set(address + 1, order === 'high-first' ? low : high);
    },
    get acceptedConnections() {
      return accepted;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    accepted++;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const reader = new ModbusFrameReader();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) {
        simulator.requests.push(frame);
        const custom = simulator.respond?.(frame);
        if (custom === null) continue;
        socket.write(custom ?? answer(simulator, frame));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return Object.assign(simulator, { port: (server.address() as net.AddressInfo).port });
}

function answer(simulator: ModbusSimulator, frame: ModbusFrame): Buffer {
  const pdu = Buffer.from(frame.pdu);
  const functionCode = pdu.readUInt8(0);
  const address = pdu.readUInt16BE(1);
  const quantity = pdu.readUInt16BE(3);
  const addresses = Array.from({ length: quantity }, (_, index) => address + index);
  const exception = addresses.map((a) => simulator.exceptions.get(a)).find((code) => code !== undefined);
  const bitTable = { 1: simulator.coils, 2: simulator.discreteInputs }[functionCode];
  const registerTable = { 3: simulator.holdingRegisters, 4: simulator.inputRegisters }[functionCode];
  let body: Buffer;
  if (exception !== undefined || (bitTable === undefined && registerTable === undefined)) {
    body = Buffer.from([functionCode | 0x80, exception ?? 1]);
  } else if (bitTable !== undefined) {
    const bytes = Buffer.alloc(Math.ceil(quantity / 8));
    addresses.forEach((a, index) => {
      if (bitTable.get(a) === true) bytes[index >> 3] = (bytes[index >> 3] as number) | (1 << (index & 7));
    });
    body = Buffer.concat([Buffer.from([functionCode, bytes.length]), bytes]);
  } else {
    const bytes = Buffer.alloc(quantity * 2);
    addresses.forEach((a, index) => bytes.writeUInt16BE(registerTable?.get(a) ?? 0, 2 * index));
    body = Buffer.concat([Buffer.from([functionCode, bytes.length]), bytes]);
  }
  return mbap(frame.transactionId, frame.unitId, body);
}

/** An MBAP frame around a PDU, for tests that build their own (broken) answers. */
export function mbap(transactionId: number, unitId: number, pdu: Buffer): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt16BE(transactionId, 0);
  header.writeUInt16BE(0, 2);
  header.writeUInt16BE(pdu.length + 1, 4);
  header.writeUInt8(unitId, 6);
  return Buffer.concat([header, pdu]);
}
