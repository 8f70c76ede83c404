import { BadgeDebouncer, normalizeBadgeUid, type BadgeReaderConfig } from '@shared/scan/badge-uid';
import { Em4100Decoder } from '@shared/scan/em4100';
import { LineFramer, type LineFramerConfig } from '@shared/scan/line-framer';
import type { DecodedInput } from './scan-source';

/**
 * Turns a serial byte stream into scans. A SerialScannerSource owns one decoder and drives its timer:
 * times passed in are from one monotonic clock (milliseconds).
 */
export interface SerialScanDecoder {
  push(chunk: Uint8Array, now: number): DecodedInput[];
  /** Ends a frame by silence; call at `nextDeadline()`. */
  flush(now: number): DecodedInput[];
  nextDeadline(): number | undefined;
  /** Drops half-received data, e.g. after an unplug, so it is never glued to the next scan. */
  reset(): void;
}

export type TextEncodingName = 'utf8' | 'latin1';

const DEFAULT_BADGE_DEBOUNCE_MS = 1500;

/** Barcode scanners: every frame is one scan, decoded as UTF-8 (ASCII and GS pass unchanged) or Latin-1. */
export function createLineScanDecoder(
  framing: LineFramerConfig,
  encoding: TextEncodingName = 'utf8',
): SerialScanDecoder {
  const framer = new LineFramer(framing);
  const toInputs = (events: ReturnType<LineFramer['push']>): DecodedInput[] =>
    events.map((e) => (e.kind === 'frame' ? { kind: 'scan', text: Buffer.from(e.bytes).toString(encoding) } : e));
  return {
    push: (chunk, now) => toInputs(framer.push(chunk, now)),
    flush: (now) => toInputs(framer.flush(now)),
    nextDeadline: () => framer.nextDeadline(),
    reset: () => framer.reset(),
  };
}

/** Badge readers that send the UID as a text line (hex, decimal, Wiegand): normalised and debounced. */
export function createBadgeLineDecoder(
  framing: LineFramerConfig,
  reader: BadgeReaderConfig,
  debounceMs = DEFAULT_BADGE_DEBOUNCE_MS,
): SerialScanDecoder {
  const lines = createLineScanDecoder(framing, 'latin1');
  const debouncer = new BadgeDebouncer(debounceMs);
  const toBadges = (inputs: DecodedInput[], now: number): DecodedInput[] =>
    inputs.flatMap((input): DecodedInput[] => {
      if (input.kind === 'error') return [input];
      const uid = normalizeBadgeUid(input.text, reader);
      if (!uid.ok) return [{ kind: 'error', code: uid.code }];
      return debouncer.accept(uid.uid, now) ? [{ kind: 'scan', text: uid.uid }] : [];
    });
  return {
    push: (chunk, now) => toBadges(lines.push(chunk, now), now),
    flush: (now) => toBadges(lines.flush(now), now),
    nextDeadline: () => lines.nextDeadline(),
    reset: () => lines.reset(),
  };
}

/** EM4100 reader modules: checksummed STX/ETX frames, repeated while a card lies on the reader. */
export function createEm4100BadgeDecoder(debounceMs = DEFAULT_BADGE_DEBOUNCE_MS): SerialScanDecoder {
  const frames = new Em4100Decoder();
  const debouncer = new BadgeDebouncer(debounceMs);
  return {
    push: (chunk, now) =>
      frames.push(chunk).flatMap((event): DecodedInput[] => {
        if (event.kind === 'error') return [event];
        return debouncer.accept(event.uid, now) ? [{ kind: 'scan', text: event.uid }] : [];
      }),
    flush: () => [],
    nextDeadline: () => undefined,
    reset: () => frames.reset(),
  };
}
