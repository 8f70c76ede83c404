/**
 * Tells keyboard-wedge scans from human typing by timing, prefix and suffix.
 *
 * Design decisions (scanning research §1.2):
 * - Keys are grouped into *bursts*: a burst continues while each gap is at most `maxInterKeyMs`. We test
 *   every gap rather than an average over the scan (onScan.js style) because one human pause inside an
 *   average can hide behind a fast scanner, while a per-gap limit can never merge a slow typist into a scan.
 * - The first key of every burst is ambiguous (human or scanner?), so every key is held until its burst
 *   ends. Human keys therefore reach the focused field up to `endSilenceMs` late; that is the price of
 *   never leaking a scan's first characters into an input.
 * - With a configured suffix, only a burst that ends in the suffix is a scan, and it is committed the
 *   moment the suffix arrives (no waiting for silence). Without one, Enter or Tab still commit (most
 *   scanners send one even when nobody configured it) and silence is the fallback terminator.
 * - A configured prefix lets us split off a human key that landed just before the scan in the same burst:
 *   keys before the prefix are returned as typed, in order, ahead of the scan.
 * - Any other named key (Backspace, arrows, F-keys, chords) is never part of a scan: it ends the burst and
 *   is returned as typed immediately after it, so replayed keys keep their original order.
 * - Keys typed into a text field (the caller marks them `intoTextField`) need stricter evidence: a fast
 *   typist's rollover reaches 15 ms per key and ends a note with Enter, which the 30 ms per-gap limit alone
 *   would take for a scan and swallow. There the burst must also end with the terminator and its median
 *   gap be at most `textFieldMaxMedianGapMs` (scanners send 1-5 ms, no person sustains 8); anything slower
 *   goes to the field as typed. The median, not the mean: a busy machine stretches a gap or two of a scan
 *   to 20 ms, which must not turn the scan into typing, while a person's rolled pair cannot make a scan.
 * - The detector owns no clock: the caller feeds key timestamps and calls `tick(now)` from one monotonic
 *   clock, and must stamp keys on receipt, so a key never carries a time earlier than a tick already made.
 */

export interface WedgeKeyEvent {
  /** One character, 'Enter', 'Tab', GS (U+001D), or any other key name (which is never part of a scan). */
  readonly key: string;
  readonly at: number;
  /** The key was aimed at a field a person writes text into (not a number pad): see the text-field rule. */
  readonly intoTextField?: boolean;
}

export interface WedgeDetectorConfig {
  readonly maxInterKeyMs: number;
  /** Silence after which `tick` ends a burst; at least `maxInterKeyMs` so a tick can never split a scan. */
  readonly endSilenceMs: number;
  /** Shortest scan body (without prefix and suffix); shorter fast bursts are fast typing. */
  readonly minLength: number;
  /** A burst this long is a stuck key or a flood, not a barcode: it is released as typed. */
  readonly maxLength: number;
  /** Longest median gap between the keys of a scan typed into a text field (see the text-field rule). */
  readonly textFieldMaxMedianGapMs: number;
  /** Characters the scanner is configured to send before the data. */
  readonly prefix?: string;
  /** The one key the scanner sends after the data: 'Enter', 'Tab' or a single character. */
  readonly suffix?: string;
}

export const DEFAULT_WEDGE_DETECTOR_CONFIG: WedgeDetectorConfig = {
  maxInterKeyMs: 30,
  endSilenceMs: 50,
  minLength: 4,
  maxLength: 8192,
  textFieldMaxMedianGapMs: 8,
};

export type WedgeOutput<E extends WedgeKeyEvent = WedgeKeyEvent> =
  | { readonly kind: 'scan'; readonly text: string }
  /** The caller's original events, so it can replay exactly what the person pressed. */
  | { readonly kind: 'typed'; readonly keys: readonly E[] };

/** A Map, not an object literal, so key names like 'constructor' never hit a prototype property. */
const KEY_TEXT: ReadonlyMap<string, string> = new Map([
  ['Enter', '\r'],
  ['Tab', '\t'],
]);

function isSingleCharacter(key: string): boolean {
  return key.length > 0 && [...key].length === 1;
}

export class WedgeDetector<E extends WedgeKeyEvent = WedgeKeyEvent> {
  readonly #config: WedgeDetectorConfig;
  readonly #prefix: readonly string[];
  #burst: E[] = [];

  constructor(config: Partial<WedgeDetectorConfig> = {}) {
    this.#config = { ...DEFAULT_WEDGE_DETECTOR_CONFIG, ...config };
    const { maxInterKeyMs, endSilenceMs, minLength, maxLength, suffix } = this.#config;
    if (!(maxInterKeyMs >= 0) || !(endSilenceMs >= maxInterKeyMs)) {
      throw new RangeError('wedge detector needs 0 <= maxInterKeyMs <= endSilenceMs');
    }
    if (!(minLength >= 1) || !(maxLength > minLength)) {
      throw new RangeError('wedge detector needs 1 <= minLength < maxLength');
    }
    if (suffix !== undefined && !KEY_TEXT.has(suffix) && !isSingleCharacter(suffix)) {
      throw new RangeError('wedge suffix must be Enter, Tab or one character');
    }
    this.#prefix = [...(this.#config.prefix ?? '')];
  }

  feed(event: E): WedgeOutput<E>[] {
    const out: WedgeOutput<E>[] = [];
    const last = this.#burst.at(-1);
    // A clock step backwards counts as no gap rather than a huge one, so it cannot split a scan.
    if (last !== undefined && Math.max(0, event.at - last.at) > this.#config.maxInterKeyMs) {
      out.push(...this.#endBurst(false));
    }
    if (!this.#isScanKey(event.key)) {
      out.push(...this.#endBurst(false), { kind: 'typed', keys: [event] });
      return out;
    }
    this.#burst.push(event);
    if (this.#isTerminator(event.key)) {
      out.push(...this.#endBurst(true));
    } else if (this.#burst.length >= this.#config.maxLength) {
      out.push({ kind: 'typed', keys: this.#burst });
      this.#burst = [];
    }
    return out;
  }

  /** Ends a burst after `endSilenceMs` of silence; call it from a timer (see `nextDeadline`). */
  tick(now: number): WedgeOutput<E>[] {
    const last = this.#burst.at(-1);
    if (last === undefined || now - last.at < this.#config.endSilenceMs) return [];
    return this.#endBurst(false);
  }

  /** When `tick` next has work to do, or undefined when nothing is held. */
  nextDeadline(): number | undefined {
    const last = this.#burst.at(-1);
    return last === undefined ? undefined : last.at + this.#config.endSilenceMs;
  }

  /** Resolves whatever is held now, e.g. before focus moves, so held human keys reach the old field. */
  flush(): WedgeOutput<E>[] {
    return this.#endBurst(false);
  }

  #isScanKey(key: string): boolean {
    return KEY_TEXT.has(key) || isSingleCharacter(key);
  }

  #isTerminator(key: string): boolean {
    const { suffix } = this.#config;
    return suffix === undefined ? KEY_TEXT.has(key) : key === suffix;
  }

  #endBurst(endedByTerminator: boolean): WedgeOutput<E>[] {
    const keys = this.#burst;
    this.#burst = [];
    if (keys.length === 0) return [];
    if (!endedByTerminator && this.#config.suffix !== undefined) return [{ kind: 'typed', keys }];
    if (keys.some((key) => key.intoTextField === true) && !this.#isScannerPaced(keys, endedByTerminator)) {
      return [{ kind: 'typed', keys }];
    }

    const bodyEnd = endedByTerminator ? keys.length - 1 : keys.length;
    const prefixAt = this.#findPrefix(keys, bodyEnd);
    if (prefixAt === undefined) return [{ kind: 'typed', keys }];
    const body = keys.slice(prefixAt + this.#prefix.length, bodyEnd);
    if (body.length < this.#config.minLength) return [{ kind: 'typed', keys }];

    const scan: WedgeOutput<E> = { kind: 'scan', text: body.map((k) => KEY_TEXT.get(k.key) ?? k.key).join('') };
    return prefixAt > 0 ? [{ kind: 'typed', keys: keys.slice(0, prefixAt) }, scan] : [scan];
  }

  /** The text-field rule: ended by the terminator, at a pace no person sustains. */
  #isScannerPaced(keys: readonly E[], endedByTerminator: boolean): boolean {
    if (!endedByTerminator) return false;
    const gaps = keys.slice(1).map((key, i) => Math.max(0, key.at - (keys[i]?.at ?? key.at)));
    gaps.sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)];
    return median !== undefined && median <= this.#config.textFieldMaxMedianGapMs;
  }

  /** Index where the prefix starts (0 without a prefix), or undefined when the burst lacks it. */
  #findPrefix(keys: readonly E[], bodyEnd: number): number | undefined {
    const prefix = this.#prefix;
    if (prefix.length === 0) return 0;
    for (let start = 0; start + prefix.length <= bodyEnd; start++) {
      if (prefix.every((ch, i) => keys[start + i]?.key === ch)) return start;
    }
    return undefined;
  }
}
