import { describe, expect, it } from 'vitest';
import { WireFormatError } from './protobuf-wire';
import { SPARKPLUG_DATA_TYPE as T, decodeSparkplugPayload, encodeSparkplugPayload } from './sparkplug-payload';

describe('Sparkplug B payload codec', () => {
  it('reads a payload written by hand from the wire format', () => {
    // timestamp 1, one metric { name "a", datatype Int32, int_value 0xffffffff }, seq 5
    const bytes = [
      0x08, 0x01, 0x12, 0x0b, 0x0a, 0x01, 0x61, 0x20, 0x03, 0x50, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x18, 0x05,
    ];
    expect(decodeSparkplugPayload(Uint8Array.from(bytes))).toEqual({
      timestamp: 1,
      seq: 5,
      metrics: [{ name: 'a', datatype: T.Int32, value: -1 }],
    });
  });

  it.each([
    [T.Int8, -5],
    [T.Int16, -300],
    [T.Int32, -2_000_000_000],
    [T.Int64, -2n],
    [T.UInt8, 255],
    [T.UInt16, 65_535],
    [T.UInt32, 4_294_967_295],
    [T.UInt64, 2n ** 64n - 1n],
    [T.DateTime, 1_796_000_000_000n],
    [T.Float, 1.5],
    [T.Double, 0.1],
    [T.Boolean, false],
    [T.Boolean, true],
    [T.String, 'Grüße, 工作'],
    [T.Text, ''],
  ])('round-trips datatype %i with value %s', (datatype, value) => {
    const payload = {
      timestamp: 1_796_226_000_000,
      seq: 255,
      metrics: [{ name: 'Line/Count', alias: 2n ** 40n, timestamp: 1_796_226_000_001, datatype, value }],
    };
    expect(decodeSparkplugPayload(encodeSparkplugPayload(payload))).toEqual(payload);
  });

  it('reads a null metric without a value and a data message with aliases only', () => {
    const payload = {
      metrics: [
        { name: 'Idle', datatype: T.Boolean, isNull: true },
        { alias: 7n, datatype: T.UInt32, value: 3 },
      ],
    };
    expect(decodeSparkplugPayload(encodeSparkplugPayload(payload))).toEqual({
      ...payload,
      timestamp: undefined,
      seq: undefined,
    });
  });

  it('skips the fields it does not read: uuid, body, metadata, properties, bytes, fixed-width extensions', () => {
    const metric = [
      0x0a,
      0x01,
      0x62, // name "b"
      0x28,
      0x01, // is_historical
      0x42,
      0x02,
      0x08,
      0x01, // metadata { is_multi_part }
      0x4a,
      0x00, // properties {}
      0x20,
      0x0b, // datatype Boolean
      0x70,
      0x01, // boolean_value true
      0xad,
      0x01,
      0,
      0,
      0,
      0, // an unknown fixed32 field 21
      0xb1,
      0x01,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0, // an unknown fixed64 field 22
    ];
    const bytes = [0x22, 0x02, 0x75, 0x31, 0x2a, 0x01, 0xff, 0x12, metric.length, ...metric, 0x18, 0x00];
    expect(decodeSparkplugPayload(Uint8Array.from(bytes))).toEqual({
      timestamp: undefined,
      seq: 0,
      metrics: [{ name: 'b', datatype: T.Boolean, value: true }],
    });
  });

  it.each([
    ['a varint that never ends', [0x08, 0x80]],
    ['a varint of 11 bytes', [0x08, ...Array<number>(10).fill(0xff), 0x01]],
    ['a metric longer than the payload', [0x12, 0x05, 0x0a]],
    ['a length beyond 2^32', [0x12, 0xff, 0xff, 0xff, 0xff, 0x7f]],
    ['a truncated float', [0x12, 0x03, 0x65, 0x00, 0x00]],
    ['a group start', [0x0b]],
    ['wire type 6', [0x0e]],
    ['field number 0', [0x00, 0x01]],
    ['a timestamp beyond 2^53', [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]],
  ])('rejects %s', (_, bytes) => {
    expect(() => decodeSparkplugPayload(Uint8Array.from(bytes))).toThrow(WireFormatError);
  });
});
