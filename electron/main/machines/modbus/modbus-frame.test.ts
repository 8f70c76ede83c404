import { describe, expect, it } from 'vitest';
import {
  MODBUS_FUNCTION,
  ModbusFrameReader,
  ModbusProtocolError,
  decodeReadResponse,
  describeException,
  encodeReadRequest,
} from './modbus-frame';

const readInputs = { functionCode: MODBUS_FUNCTION.readDiscreteInputs, address: 0, quantity: 10 } as const;
const readRegisters = { functionCode: MODBUS_FUNCTION.readInputRegisters, address: 4, quantity: 2 } as const;

describe('Modbus TCP framing', () => {
  it('encodes a read request with its MBAP header', () => {
    expect([...encodeReadRequest(0x1234, 7, { functionCode: 0x04, address: 0x0102, quantity: 2 })]).toEqual([
      0x12, 0x34, 0, 0, 0, 6, 7, 0x04, 0x01, 0x02, 0, 2,
    ]);
  });

  it.each([
    [{ functionCode: 0x03, address: 0, quantity: 0 }],
    [{ functionCode: 0x03, address: 0, quantity: 126 }],
    [{ functionCode: 0x01, address: 0, quantity: 2001 }],
    [{ functionCode: 0x04, address: 0xffff, quantity: 2 }],
  ] as const)('refuses a read the protocol cannot carry: %j', (request) => {
    expect(() => encodeReadRequest(1, 1, request)).toThrow(RangeError);
  });

  it('cuts frames out of a stream delivered in pieces and in bulk', () => {
    const one = Buffer.from([0, 1, 0, 0, 0, 5, 1, 0x04, 2, 0xab, 0xcd]);
    const two = Buffer.from([0, 2, 0, 0, 0, 3, 1, 0x84, 2]);
    const reader = new ModbusFrameReader();
    expect(reader.push(one.subarray(0, 3))).toEqual([]);
    expect(reader.push(one.subarray(3, 8))).toEqual([]);
    const frames = reader.push(Buffer.concat([one.subarray(8), two]));
    expect(frames.map((f) => [f.transactionId, f.unitId, [...f.pdu]])).toEqual([
      [1, 1, [0x04, 2, 0xab, 0xcd]],
      [2, 1, [0x84, 2]],
    ]);
  });

  it.each([
    ['a foreign protocol id', [0, 1, 0, 1, 0, 3, 1, 0x04, 0]],
    ['a length too short for a PDU', [0, 1, 0, 0, 0, 1, 1]],
    ['a length beyond the largest PDU', [0, 1, 0, 0, 0x01, 0x00, 1]],
    ['HTTP instead of Modbus', [...Buffer.from('HTTP/1.1 400 Bad Request\r\n')]],
  ])('rejects a stream with %s', (_, bytes) => {
    expect(() => new ModbusFrameReader().push(Buffer.from(bytes))).toThrow(ModbusProtocolError);
  });

  it('reads bits LSB first and registers big-endian', () => {
    expect(decodeReadResponse(readInputs, Uint8Array.from([0x02, 2, 0b1000_0101, 0b10]))).toEqual({
      ok: true,
      values: [1, 0, 1, 0, 0, 0, 0, 1, 0, 1],
    });
    expect(decodeReadResponse(readRegisters, Uint8Array.from([0x04, 4, 0x12, 0x34, 0xff, 0xfe]))).toEqual({
      ok: true,
      values: [0x1234, 0xfffe],
    });
  });

  it('returns an exception response as a result, with a readable name', () => {
    expect(decodeReadResponse(readRegisters, Uint8Array.from([0x84, 2]))).toEqual({ ok: false, exceptionCode: 2 });
    expect(describeException(2)).toBe('exception 2 (illegal data address)');
    expect(describeException(99)).toBe('exception 99 (unknown)');
  });

  it.each([
    ['another function', [0x03, 4, 0, 0, 0, 0]],
    ['another function exception', [0x83, 2]],
    ['a byte count that does not match the request', [0x04, 2, 0, 0]],
    ['a byte count that does not match the data', [0x04, 4, 0, 0]],
    ['more data than counted', [0x04, 4, 0, 0, 0, 0, 0]],
    ['an exception with extra bytes', [0x84, 2, 0]],
    ['an empty PDU', []],
  ])('rejects an answer with %s', (_, pdu) => {
    expect(() => decodeReadResponse(readRegisters, Uint8Array.from(pdu))).toThrow(ModbusProtocolError);
  });
});
