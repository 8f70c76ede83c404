import {
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
  WireFormatError,
  WireReader,
  WireWriter,
} from './protobuf-wire';

/**
 * The Sparkplug B payload (Eclipse Sparkplug 3.0, sparkplug_b.proto, `org.eclipse.tahu.protobuf.Payload`),
 * the scalar part a machine collector reads: timestamp, seq and metrics with name, alias, timestamp,
 * datatype and an int/long/float/double/boolean/string value. Datasets, templates, properties and metadata
 * are skipped on read and never written.
 */

/** sparkplug_b.proto `DataType`, the scalar members. */
export const SPARKPLUG_DATA_TYPE = {
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
} as const;

/** 64-bit integers stay bigint: a uint64 counter past 2^53 must not silently lose its low digits. */
export type SparkplugValue = number | bigint | boolean | string;

export interface SparkplugMetric {
  readonly name?: string | undefined;
  readonly alias?: bigint | undefined;
  readonly timestamp?: number | undefined;
  readonly datatype?: number | undefined;
  readonly isNull?: boolean | undefined;
  readonly value?: SparkplugValue | undefined;
}

export interface SparkplugPayload {
  readonly timestamp?: number | undefined;
  readonly seq?: number | undefined;
  readonly metrics: readonly SparkplugMetric[];
}

const PAYLOAD = { timestamp: 1, metrics: 2, seq: 3 } as const;
const METRIC = {
  name: 1,
  alias: 2,
  timestamp: 3,
  datatype: 4,
  isNull: 7,
  intValue: 10,
  longValue: 11,
  floatValue: 12,
  doubleValue: 13,
  booleanValue: 14,
  stringValue: 15,
} as const;

/** Throws WireFormatError for anything that is not a well-formed payload. */
export function decodeSparkplugPayload(bytes: Uint8Array): SparkplugPayload {
  const reader = new WireReader(bytes);
  let timestamp: number | undefined;
  let seq: number | undefined;
  const metrics: SparkplugMetric[] = [];
  while (!reader.isAtEnd) {
    const { field, wireType } = reader.readTag();
    if (field === PAYLOAD.timestamp && wireType === WIRE_VARINT) timestamp = safeNumber(reader.readVarint());
    else if (field === PAYLOAD.seq && wireType === WIRE_VARINT) seq = safeNumber(reader.readVarint());
    else if (field === PAYLOAD.metrics && wireType === WIRE_LENGTH_DELIMITED) {
      metrics.push(decodeMetric(reader.readLengthDelimited()));
    } else reader.skip(wireType);
  }
  return { timestamp, seq, metrics };
}

function decodeMetric(bytes: Uint8Array): SparkplugMetric {
  const reader = new WireReader(bytes);
  const metric: {
    name?: string | undefined;
    alias?: bigint | undefined;
    timestamp?: number | undefined;
    datatype?: number | undefined;
    isNull?: boolean | undefined;
    raw?: { field: number; value: bigint | number | string };
  } = {};
  while (!reader.isAtEnd) {
    const { field, wireType } = reader.readTag();
    if (field === METRIC.name && wireType === WIRE_LENGTH_DELIMITED) metric.name = utf8(reader.readLengthDelimited());
    else if (field === METRIC.alias && wireType === WIRE_VARINT) metric.alias = reader.readVarint();
    else if (field === METRIC.timestamp && wireType === WIRE_VARINT) metric.timestamp = safeNumber(reader.readVarint());
    else if (field === METRIC.datatype && wireType === WIRE_VARINT)
      metric.datatype = Number(BigInt.asUintN(32, reader.readVarint()));
    else if (field === METRIC.isNull && wireType === WIRE_VARINT) metric.isNull = reader.readVarint() !== 0n;
    else if (
      (field === METRIC.intValue || field === METRIC.longValue || field === METRIC.booleanValue) &&
      wireType === WIRE_VARINT
    ) {
      metric.raw = { field, value: reader.readVarint() };
    } else if (field === METRIC.floatValue && wireType === WIRE_FIXED32) {
      metric.raw = { field, value: reader.readFixed32().getFloat32(0, true) };
    } else if (field === METRIC.doubleValue && wireType === WIRE_FIXED64) {
      metric.raw = { field, value: reader.readFixed64().getFloat64(0, true) };
    } else if (field === METRIC.stringValue && wireType === WIRE_LENGTH_DELIMITED) {
      metric.raw = { field, value: utf8(reader.readLengthDelimited()) };
    } else reader.skip(wireType);
  }
  const { raw, ...rest } = metric;
  if (raw === undefined || metric.isNull === true) return rest;
  return { ...rest, value: interpret(raw.field, raw.value, metric.datatype) };
}

/** Signed types are two's complement in the unsigned fields (Sparkplug 3.0, 6.4.16). */
function interpret(field: number, value: bigint | number | string, datatype: number | undefined): SparkplugValue {
  if (typeof value !== 'bigint') return value;
  if (field === METRIC.booleanValue) return value !== 0n;
  if (field === METRIC.intValue) {
    const word = BigInt.asUintN(32, value);
    if (datatype === SPARKPLUG_DATA_TYPE.Int8) return Number(BigInt.asIntN(8, word));
    if (datatype === SPARKPLUG_DATA_TYPE.Int16) return Number(BigInt.asIntN(16, word));
    if (datatype === SPARKPLUG_DATA_TYPE.Int32) return Number(BigInt.asIntN(32, word));
    return Number(word);
  }
  return datatype === SPARKPLUG_DATA_TYPE.Int64 ? BigInt.asIntN(64, value) : value;
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireFormatError(`${value} is too large for this field`);
  return Number(value);
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Writes a payload; used for the rebirth command and by the tests' edge node. */
export function encodeSparkplugPayload(payload: SparkplugPayload): Uint8Array {
  const writer = new WireWriter();
  if (payload.timestamp !== undefined) writer.varintField(PAYLOAD.timestamp, payload.timestamp);
  for (const metric of payload.metrics) writer.bytesField(PAYLOAD.metrics, encodeMetric(metric));
  if (payload.seq !== undefined) writer.varintField(PAYLOAD.seq, payload.seq);
  return writer.finish();
}

function encodeMetric(metric: SparkplugMetric): Uint8Array {
  const writer = new WireWriter();
  if (metric.name !== undefined) writer.stringField(METRIC.name, metric.name);
  if (metric.alias !== undefined) writer.varintField(METRIC.alias, metric.alias);
  if (metric.timestamp !== undefined) writer.varintField(METRIC.timestamp, metric.timestamp);
  if (metric.datatype !== undefined) writer.varintField(METRIC.datatype, metric.datatype);
  if (metric.isNull === true) writer.varintField(METRIC.isNull, 1);
  const { value, datatype } = metric;
  if (value === undefined || metric.isNull === true) return writer.finish();
  if (typeof value === 'boolean') writer.varintField(METRIC.booleanValue, value ? 1 : 0);
  else if (typeof value === 'string') writer.stringField(METRIC.stringValue, value);
  else if (datatype === SPARKPLUG_DATA_TYPE.Float) writer.float32Field(METRIC.floatValue, Number(value));
  else if (datatype === SPARKPLUG_DATA_TYPE.Double) writer.float64Field(METRIC.doubleValue, Number(value));
  else if (datatype !== undefined && datatype <= SPARKPLUG_DATA_TYPE.UInt32 && datatype !== SPARKPLUG_DATA_TYPE.Int64) {
    writer.varintField(METRIC.intValue, BigInt.asUintN(32, BigInt(value)));
  } else writer.varintField(METRIC.longValue, BigInt.asUintN(64, BigInt(value)));
  return writer.finish();
}
