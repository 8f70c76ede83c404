import { crc32 } from './crc32';

// One journal record on disk: MAGIC (4 bytes) | payload length (uint32 LE) | CRC-32 of the payload (uint32 LE)
// | payload (UTF-8 JSON). The magic lets a reader find the next record after a damaged one instead of giving
// up on the rest of the segment; the CRC tells a torn or bit-rotten payload from a whole one.

export const RECORD_MAGIC = Buffer.from('TKJ1', 'ascii');
export const HEADER_BYTES = 12;
/** A booking is a few hundred bytes; anything claiming more is a damaged header, not a record. */
export const MAX_PAYLOAD_BYTES = 1 << 20;

export function encodeRecord(payload: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  RECORD_MAGIC.copy(header, 0);
  header.writeUInt32LE(body.length, 4);
  header.writeUInt32LE(crc32(body), 8);
  return Buffer.concat([header, body]);
}

export interface DecodedSegment {
  /** Parsed payloads of the intact records, in file order. */
  records: unknown[];
  /** Records that were damaged (CRC mismatch, bad JSON, garbage between records) and skipped. */
  corrupt: number;
  /** True when the segment ends in an incomplete record: a write cut short by a crash or power cut. */
  truncatedTail: boolean;
}

/** Reads every intact record of a segment; never throws, whatever the bytes are. */
export function decodeSegment(bytes: Buffer): DecodedSegment {
  const records: unknown[] = [];
  let corrupt = 0;
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < HEADER_BYTES) {
      const tail = bytes.subarray(offset);
      return isMagicPrefix(tail)
        ? { records, corrupt, truncatedTail: true }
        : { records, corrupt: corrupt + 1, truncatedTail: false };
    }
    if (!bytes.subarray(offset, offset + 4).equals(RECORD_MAGIC)) {
      corrupt++;
      offset = nextMagic(bytes, offset + 1);
      continue;
    }
    const length = bytes.readUInt32LE(offset + 4);
    const expectedCrc = bytes.readUInt32LE(offset + 8);
    const end = offset + HEADER_BYTES + length;
    if (length > MAX_PAYLOAD_BYTES) {
      corrupt++;
      offset = nextMagic(bytes, offset + 1);
      continue;
    }
    if (end > bytes.length) {
      // Cut short. If another record starts inside the claimed span, the length was damaged instead.
      const next = nextMagic(bytes, offset + 1);
      if (next >= bytes.length) return { records, corrupt, truncatedTail: true };
      corrupt++;
      offset = next;
      continue;
    }
    const body = bytes.subarray(offset + HEADER_BYTES, end);
    const parsed = crc32(body) === expectedCrc ? parseJson(body) : undefined;
    if (parsed === undefined) {
      corrupt++;
      offset = nextMagic(bytes, offset + 1);
      continue;
    }
    records.push(parsed);
    offset = end;
  }
  return { records, corrupt, truncatedTail: false };
}

function nextMagic(bytes: Buffer, from: number): number {
  const found = bytes.indexOf(RECORD_MAGIC, from);
  return found === -1 ? bytes.length : found;
}

/** A tail shorter than a header counts as a torn write when it starts like a record. */
function isMagicPrefix(tail: Buffer): boolean {
  return RECORD_MAGIC.subarray(0, Math.min(tail.length, 4)).equals(tail.subarray(0, 4));
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
