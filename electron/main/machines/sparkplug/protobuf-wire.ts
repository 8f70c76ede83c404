/**
 * The few pieces of the protobuf wire format that sparkplug_b.proto needs: varints, length-delimited fields
 * and fixed 32/64-bit fields. The payload arrives from the plant network, so every read is bounds-checked and
 * a broken message throws a WireFormatError instead of reading past the end.
 *
 * No zigzag: the Sparkplug payload declares no sint fields; signed values travel as two's complement in
 * uint32/uint64 (see sparkplug-payload.ts).
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

const MAX_VARINT_BYTES = 10;

export class WireReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get isAtEnd(): boolean {
    return this.#offset >= this.#bytes.length;
  }

  /** A field key: field number and wire type. */
  readTag(): { field: number; wireType: number } {
    const key = this.readVarint();
    const field = Number(key >> 3n);
    if (field < 1 || field > 0x1fffffff) throw new WireFormatError(`field number ${field} out of range`);
    return { field, wireType: Number(key & 7n) };
  }

  /** An unsigned varint of up to 64 bits; bigint because uint64 counters and aliases exceed 2^53. */
  readVarint(): bigint {
    let result = 0n;
    for (let index = 0; index < MAX_VARINT_BYTES; index++) {
      const byte = this.#byte();
      result |= BigInt(byte & 0x7f) << BigInt(7 * index);
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new WireFormatError('varint longer than 10 bytes');
  }

  readFixed32(): DataView {
    return this.#take(4);
  }

  readFixed64(): DataView {
    return this.#take(8);
  }

  readLengthDelimited(): Uint8Array {
    const length = this.readVarint();
    if (length > BigInt(this.#bytes.length - this.#offset)) {
      throw new WireFormatError(`length ${length} runs past the end of the message`);
    }
    const start = this.#offset;
    this.#offset += Number(length);
    return this.#bytes.subarray(start, this.#offset);
  }

  /** Skips a field this decoder does not read (metadata, properties, datasets, future fields). */
  skip(wireType: number): void {
    if (wireType === WIRE_VARINT) this.readVarint();
    else if (wireType === WIRE_FIXED64) this.#take(8);
    else if (wireType === WIRE_LENGTH_DELIMITED) this.readLengthDelimited();
    else if (wireType === WIRE_FIXED32) this.#take(4);
    // Groups (3, 4) are proto2 relics no Sparkplug field uses; anything else is not protobuf.
    else throw new WireFormatError(`wire type ${wireType} is not supported`);
  }

  #byte(): number {
    if (this.#offset >= this.#bytes.length) throw new WireFormatError('message ends inside a field');
    return this.#bytes[this.#offset++] as number;
  }

  #take(length: number): DataView {
    if (this.#offset + length > this.#bytes.length) throw new WireFormatError('message ends inside a field');
    const view = new DataView(this.#view.buffer, this.#view.byteOffset + this.#offset, length);
    this.#offset += length;
    return view;
  }
}

export class WireWriter {
  readonly #chunks: number[] = [];

  varintField(field: number, value: bigint | number): this {
    this.#varint(BigInt(field) << 3n);
    this.#varint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    this.#varint((BigInt(field) << 3n) | BigInt(WIRE_LENGTH_DELIMITED));
    this.#varint(BigInt(value.length));
    for (const byte of value) this.#chunks.push(byte);
    return this;
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  float32Field(field: number, value: number): this {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    return this.#fixed(field, WIRE_FIXED32, view);
  }

  float64Field(field: number, value: number): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    return this.#fixed(field, WIRE_FIXED64, view);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#chunks);
  }

  #fixed(field: number, wireType: number, view: DataView): this {
    this.#varint((BigInt(field) << 3n) | BigInt(wireType));
    for (let index = 0; index < view.byteLength; index++) this.#chunks.push(view.getUint8(index));
    return this;
  }

  #varint(value: bigint): void {
    let rest = value;
    while (rest >= 0x80n) {
      this.#chunks.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.#chunks.push(Number(rest));
  }
}
