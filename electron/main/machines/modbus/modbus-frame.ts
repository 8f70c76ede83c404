/**
 * Modbus TCP framing (Modbus Messaging on TCP/IP Implementation Guide V1.0b; Application Protocol V1.1b3):
 * the MBAP header and the read functions a machine collector needs. Responses come from a device on the
 * plant network, so every length is checked against the request before a value is believed.
 */

export const MODBUS_FUNCTION = {
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  readHoldingRegisters: 0x03,
  readInputRegisters: 0x04,
} as const;
export type ModbusReadFunction = (typeof MODBUS_FUNCTION)[keyof typeof MODBUS_FUNCTION];

const MBAP_LENGTH = 7;
/** Length field: unit id + PDU, and a PDU is at most 253 bytes. */
const MAX_MBAP_LENGTH_FIELD = 254;
const MAX_BITS_PER_READ = 2000;
const MAX_REGISTERS_PER_READ = 125;

export interface ReadRequest {
  readonly functionCode: ModbusReadFunction;
  readonly address: number;
  readonly quantity: number;
}

export interface ModbusFrame {
  readonly transactionId: number;
  readonly unitId: number;
  readonly pdu: Uint8Array;
}

export type ReadResult =
  { readonly ok: true; readonly values: number[] } | { readonly ok: false; readonly exceptionCode: number };

/** The device broke the protocol: the connection cannot be trusted to stay in step and must be dropped. */
export class ModbusProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModbusProtocolError';
  }
}

export function isBitRead(functionCode: ModbusReadFunction): boolean {
  return functionCode === MODBUS_FUNCTION.readCoils || functionCode === MODBUS_FUNCTION.readDiscreteInputs;
}

export function encodeReadRequest(transactionId: number, unitId: number, request: ReadRequest): Buffer {
  const maxQuantity = isBitRead(request.functionCode) ? MAX_BITS_PER_READ : MAX_REGISTERS_PER_READ;
  if (request.quantity < 1 || request.quantity > maxQuantity || request.address + request.quantity > 0x10000) {
    throw new RangeError(`cannot read ${request.quantity} items from address ${request.address}`);
  }
  const frame = Buffer.alloc(MBAP_LENGTH + 5);
  frame.writeUInt16BE(transactionId, 0);
  frame.writeUInt16BE(0, 2); // protocol id: always 0 for Modbus
  frame.writeUInt16BE(6, 4); // unit id + function + address + quantity
  frame.writeUInt8(unitId, 6);
  frame.writeUInt8(request.functionCode, 7);
  frame.writeUInt16BE(request.address, 8);
  frame.writeUInt16BE(request.quantity, 10);
  return frame;
}

/** Cuts a TCP byte stream into MBAP frames; a stream may deliver half a frame or several at once. */
export class ModbusFrameReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Returns the complete frames so far; throws ModbusProtocolError when the stream is not Modbus TCP. */
  push(chunk: Buffer): ModbusFrame[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: ModbusFrame[] = [];
    while (this.#pending.length >= MBAP_LENGTH) {
      const protocolId = this.#pending.readUInt16BE(2);
      const length = this.#pending.readUInt16BE(4);
      if (protocolId !== 0) throw new ModbusProtocolError(`protocol id ${protocolId} is not Modbus`);
      if (length < 2 || length > MAX_MBAP_LENGTH_FIELD) throw new ModbusProtocolError(`MBAP length ${length}`);
      const end = MBAP_LENGTH - 1 + length;
      if (this.#pending.length < end) break;
      frames.push({
        transactionId: this.#pending.readUInt16BE(0),
        unitId: this.#pending.readUInt8(6),
        pdu: Uint8Array.from(this.#pending.subarray(MBAP_LENGTH, end)),
      });
      this.#pending = this.#pending.subarray(end);
    }
    return frames;
  }
}

/** Reads the values from a response PDU: bits as 0/1, registers as unsigned 16-bit words. */
export function decodeReadResponse(request: ReadRequest, pdu: Uint8Array): ReadResult {
  const functionCode = pdu[0];
  if (functionCode === (request.functionCode | 0x80)) {
    if (pdu.length !== 2) throw new ModbusProtocolError(`exception response of ${pdu.length} bytes`);
    return { ok: false, exceptionCode: pdu[1] as number };
  }
  if (functionCode !== request.functionCode) {
    throw new ModbusProtocolError(`function ${functionCode} in answer to ${request.functionCode}`);
  }
  const byteCount = pdu[1];
  const expectedBytes = isBitRead(request.functionCode) ? Math.ceil(request.quantity / 8) : request.quantity * 2;
  if (byteCount !== expectedBytes || pdu.length !== 2 + expectedBytes) {
    throw new ModbusProtocolError(`${pdu.length - 2} data bytes (count ${byteCount}), expected ${expectedBytes}`);
  }
  const data = pdu.subarray(2);
  const values: number[] = [];
  for (let index = 0; index < request.quantity; index++) {
    values.push(
      isBitRead(request.functionCode)
        ? ((data[index >> 3] as number) >> (index & 7)) & 1
        : ((data[2 * index] as number) << 8) | (data[2 * index + 1] as number),
    );
  }
  return { ok: true, values };
}

const EXCEPTION_NAMES: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  6: 'server device busy',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

export function describeException(code: number): string {
  return `exception ${code} (${EXCEPTION_NAMES[code] ?? 'unknown'})`;
}
