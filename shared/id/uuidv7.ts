// UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits. Sortable by creation time, which keeps
// the bookings index append-friendly and lets support staff read the capture time out of an id.

export interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

declare const crypto: RandomSource;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function uuidv7(now: number = Date.now(), random: RandomSource = crypto): string {
  const bytes = random.getRandomValues(new Uint8Array(16));
  let ms = Math.floor(now);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70; // version 7
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const h = Array.from(bytes, (b) => HEX[b] ?? '00').join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function uuidv7Timestamp(id: string): number | undefined {
  if (!UUID_PATTERN.test(id) || id[14] !== '7') return undefined;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
