import type { ScanInputErrorCode } from './scan-input-errors';

/**
 * Cuts a serial scanner's byte stream into frames (scanning research §3.3). Pure: bytes and times go in,
 * frames come out; the caller owns the timer and calls `flush(now)` at `nextDeadline()`.
 *
 * - 'cr' / 'lf' also accept CRLF (an LF right after the CR is dropped; a CR right before the LF is
 *   stripped), because scanners are often set to CRLF when the profile says CR.
 * - 'crlf' ends frames only at CR LF; a lone CR or LF is data.
 * - 'stx-etx' keeps only what lies between STX and ETX; a frame cut short is reported, not guessed.
 * - 'none' ends frames by silence alone. Two scans inside the timeout merge, so for the other terminators
 *   the timeout is only a fallback for a lost suffix.
 * - Empty frames are dropped. After an overlong frame the rest of it is skipped up to the next boundary, so
 *   its tail is never mistaken for a scan.
 */

export const LINE_TERMINATORS = ['cr', 'lf', 'crlf', 'stx-etx', 'none'] as const;
export type LineTerminator = (typeof LINE_TERMINATORS)[number];

export interface LineFramerConfig {
  readonly terminator: LineTerminator;
  /** Silence that ends a frame; required for 'none'. */
  readonly interByteTimeoutMs?: number | undefined;
  /** Longest accepted frame in bytes (without terminator); QR codes reach ~7000 characters. */
  readonly maxFrameLength?: number | undefined;
}

export type LineFramerErrorCode = Extract<ScanInputErrorCode, 'frame-too-long' | 'frame-incomplete'>;

export type LineFramerEvent =
  | { readonly kind: 'frame'; readonly bytes: Uint8Array }
  | { readonly kind: 'error'; readonly code: LineFramerErrorCode };

const DEFAULT_MAX_FRAME_LENGTH = 8192;

const STX = 0x02;
const ETX = 0x03;
const LF = 0x0a;
const CR = 0x0d;

export class LineFramer {
  readonly #terminator: LineTerminator;
  readonly #timeoutMs: number | undefined;
  readonly #maxLength: number;
  #buffer: number[] = [];
  /** Between STX and ETX ('stx-etx' only). */
  #isInFrame = false;
  /** Dropping the rest of an overlong frame. */
  #isSkipping = false;
  #dropNextLf = false;
  #previousByte: number | undefined;
  #lastByteAt: number | undefined;

  constructor(config: LineFramerConfig) {
    const { terminator, interByteTimeoutMs, maxFrameLength = DEFAULT_MAX_FRAME_LENGTH } = config;
    if (interByteTimeoutMs !== undefined && !(interByteTimeoutMs > 0))
      throw new RangeError('interByteTimeoutMs must be > 0');
    if (terminator === 'none' && interByteTimeoutMs === undefined)
      throw new RangeError("terminator 'none' needs interByteTimeoutMs");
    if (!(Number.isInteger(maxFrameLength) && maxFrameLength > 0))
      throw new RangeError('maxFrameLength must be a positive integer');
    this.#terminator = terminator;
    this.#timeoutMs = interByteTimeoutMs;
    this.#maxLength = maxFrameLength;
  }

  push(chunk: Uint8Array, now: number): LineFramerEvent[] {
    // Silence that passed before this chunk ends the old frame even if the caller's timer fired late.
    const events = this.flush(now);
    if (chunk.length === 0) return events;
    this.#lastByteAt = now;
    for (const byte of chunk) {
      this.#take(byte, events);
      this.#previousByte = byte;
    }
    return events;
  }

  /** Ends the pending frame if the line has been silent for the inter-byte timeout. */
  flush(now: number): LineFramerEvent[] {
    const deadline = this.nextDeadline();
    if (deadline === undefined || now < deadline) return [];
    const events: LineFramerEvent[] = [];
    if (this.#terminator === 'stx-etx') {
      if (!this.#isSkipping) events.push({ kind: 'error', code: 'frame-incomplete' });
      this.#isInFrame = false;
    } else if (!this.#isSkipping) {
      this.#emit(this.#buffer, events);
    }
    this.#buffer = [];
    this.#isSkipping = false;
    return events;
  }

  /** When `flush` next has work to do; undefined when nothing is pending or no timeout is configured. */
  nextDeadline(): number | undefined {
    if (this.#timeoutMs === undefined || this.#lastByteAt === undefined) return undefined;
    const isPending = this.#buffer.length > 0 || this.#isInFrame || this.#isSkipping;
    return isPending ? this.#lastByteAt + this.#timeoutMs : undefined;
  }

  /** Forgets a half-received frame, e.g. after the device was unplugged. */
  reset(): void {
    this.#buffer = [];
    this.#isInFrame = false;
    this.#isSkipping = false;
    this.#dropNextLf = false;
    this.#previousByte = undefined;
    this.#lastByteAt = undefined;
  }

  #take(byte: number, events: LineFramerEvent[]): void {
    switch (this.#terminator) {
      case 'cr':
        if (byte === LF && this.#dropNextLf) {
          this.#dropNextLf = false;
          return;
        }
        this.#dropNextLf = byte === CR;
        return byte === CR ? this.#endFrame(events) : this.#append(byte, events);
      case 'lf':
        return byte === LF ? this.#endFrame(events, true) : this.#append(byte, events);
      case 'crlf':
        return byte === LF && this.#previousByte === CR ? this.#endFrame(events, true) : this.#append(byte, events);
      case 'none':
        return this.#append(byte, events);
      case 'stx-etx':
        return this.#takeStxEtx(byte, events);
    }
  }

  #takeStxEtx(byte: number, events: LineFramerEvent[]): void {
    if (byte === STX) {
      if (this.#isInFrame && !this.#isSkipping) events.push({ kind: 'error', code: 'frame-incomplete' });
      this.#buffer = [];
      this.#isInFrame = true;
      this.#isSkipping = false;
    } else if (byte === ETX && this.#isInFrame) {
      this.#endFrame(events);
      this.#isInFrame = false;
    } else if (this.#isInFrame) {
      this.#append(byte, events);
    }
  }

  #append(byte: number, events: LineFramerEvent[]): void {
    if (this.#isSkipping) return;
    // One byte of slack holds the CR of a CRLF; the real limit is checked when the frame ends.
    if (this.#buffer.length > this.#maxLength) {
      events.push({ kind: 'error', code: 'frame-too-long' });
      this.#buffer = [];
      this.#isSkipping = true;
      return;
    }
    this.#buffer.push(byte);
  }

  #endFrame(events: LineFramerEvent[], stripCr = false): void {
    const frame = this.#buffer;
    this.#buffer = [];
    if (this.#isSkipping) {
      this.#isSkipping = false;
      return;
    }
    if (stripCr && frame.at(-1) === CR) frame.pop();
    this.#emit(frame, events);
  }

  #emit(frame: readonly number[], events: LineFramerEvent[]): void {
    if (frame.length === 0) return;
    if (frame.length > this.#maxLength) events.push({ kind: 'error', code: 'frame-too-long' });
    else events.push({ kind: 'frame', bytes: Uint8Array.from(frame) });
  }
}
