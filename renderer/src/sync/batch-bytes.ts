// Push requests are capped by size as well as by count: the server refuses a body over 2 MiB
// (`BODY_LIMIT` in server/src/app.ts), and 500 bookings with long free-text payloads can exceed it.
// Half the server's limit leaves room for a server that measures a little differently.

export const MAX_PUSH_BYTES = 1024 * 1024;
/** The envelope around the bookings: terminal id, epoch, brackets. */
const ENVELOPE_BYTES = 512;

const encoder = new TextEncoder();
/** Anything but printable ASCII: only then is the UTF-8 length worth computing (JSON escapes control characters). */
const NOT_PRINTABLE_ASCII = /[^ -~]/;

/**
 * The longest prefix of `bookings` whose push request stays within `maxBytes` serialized, but always at
 * least the first booking: one booking over the cap still goes alone (and a 413 halves nothing below one).
 */
export function fitToBytes<T>(bookings: readonly T[], maxBytes: number): T[] {
  let total = ENVELOPE_BYTES;
  for (let i = 0; i < bookings.length; i++) {
    total += utf8Length(JSON.stringify(bookings[i])) + 1;
    if (total > maxBytes) return bookings.slice(0, Math.max(1, i));
  }
  return [...bookings];
}

function utf8Length(text: string): number {
  return NOT_PRINTABLE_ASCII.test(text) ? encoder.encode(text).length : text.length;
}
