import type { ScanInputErrorCode } from './scan-input-errors';

/**
 * Streaming decoder for EM4100 125 kHz reader modules (RDM6300 style, 9600 8N1, scanning research §2.3):
 * STX 0x02, 10 ASCII hex digits (customer/version byte + 4 ID bytes), 2 ASCII hex digits holding the XOR
 * of those 5 bytes, optional CR/LF, ETX 0x03. Chunks may split frames anywhere; bytes outside a frame are
 * line noise and are skipped; a broken frame is reported and the decoder resyncs on the next STX.
 */

const STX = 0x02;
const ETX = 0x03;
const CR = 0x0d;
const LF = 0x0a;
/** 12 hex digits plus CR LF; anything longer is not an EM4100 frame, so we stop collecting it. */
const MAX_BODY_LENGTH = 14;

export type Em4100ErrorCode = Extract<ScanInputErrorCode, 'em4100-malformed-frame' | 'em4100-checksum-mismatch'>;

export type Em4100Event =
  /** `uid` is the canonical badge form: all 5 bytes, uppercase hex, MSB first. */
  { readonly kind: 'tag'; readonly uid: string } | { readonly kind: 'error'; readonly code: Em4100ErrorCode };

export class Em4100Decoder {
  /** The bytes after STX, or undefined while waiting for STX. */
  #body: number[] | undefined;

  push(chunk: Uint8Array): Em4100Event[] {
    const events: Em4100Event[] = [];
    for (const byte of chunk) {
      if (byte === STX) {
        // A new STX inside a frame means the previous frame lost its end.
        if (this.#body !== undefined) events.push({ kind: 'error', code: 'em4100-malformed-frame' });
        this.#body = [];
      } else if (this.#body === undefined) {
        continue;
      } else if (byte === ETX) {
        events.push(decodeBody(this.#body));
        this.#body = undefined;
      } else if (this.#body.length >= MAX_BODY_LENGTH) {
        events.push({ kind: 'error', code: 'em4100-malformed-frame' });
        this.#body = undefined;
      } else {
        this.#body.push(byte);
      }
    }
    return events;
  }

  /** Drops a half-received frame, e.g. after the port was unplugged. */
  reset(): void {
    this.#body = undefined;
  }
}

function decodeBody(body: readonly number[]): Em4100Event {
  let end = body.length;
  while (end > 0 && (body[end - 1] === CR || body[end - 1] === LF)) end--;
  const text = String.fromCharCode(...body.slice(0, end));
  if (!/^[0-9A-Fa-f]{12}$/.test(text)) return { kind: 'error', code: 'em4100-malformed-frame' };

  const bytes = (text.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  const data = bytes.slice(0, 5);
  const checksum = data.reduce((xor, b) => xor ^ b, 0);
  if (checksum !== bytes[5]) return { kind: 'error', code: 'em4100-checksum-mismatch' };
  return { kind: 'tag', uid: text.slice(0, 10).toUpperCase() };
}
