import { KEYBOARD_LAYOUTS, type KeyboardLayout, type KeyboardLayoutId } from './keyboard-layouts';

/**
 * Decodes physical key events (KeyboardEvent.code + modifiers) into the characters the *scanner* meant,
 * using the layout the scanner is configured for instead of the OS layout. With a US-configured scanner on
 * a German OS, `key` would turn '-' into 'ß' and 'y' into 'z'; `code` is the physical key and is immune.
 * Caps Lock is ignored on purpose: scanners encode case with Shift, and Caps Lock would invert it.
 *
 * Output keys feed the wedge detector: one character, 'Enter', 'Tab', or a name for anything that is not
 * scan data ('Backspace', 'Ctrl+KeyC', ...), which the detector passes through as typed.
 */

export const GROUP_SEPARATOR = '\u001d';
const RECORD_SEPARATOR = '\u001e';
const END_OF_TRANSMISSION = '\u0004';
/** Shown instead of an Alt code we cannot map, so the scan fails validation visibly instead of shrinking. */
const REPLACEMENT_CHARACTER = '\ufffd';

export interface PhysicalKeyEvent {
  readonly type: 'down' | 'up';
  readonly code: string;
  readonly shift?: boolean;
  readonly ctrl?: boolean;
  readonly alt?: boolean;
  readonly altGr?: boolean;
}

/** A scanner-specific key combination (e.g. an F-key remap of FNC1) and the character it stands for. */
export interface KeyChord {
  readonly code: string;
  readonly shift?: boolean;
  readonly ctrl?: boolean;
  readonly alt?: boolean;
  readonly char: string;
}

export interface KeyCodeDecoderConfig {
  readonly layout: KeyboardLayoutId;
  /** Checked before the layout, e.g. `{code: 'F8', char: GROUP_SEPARATOR}` or `{code: 'Digit5', ctrl: true, ...}`. */
  readonly extraChords?: readonly KeyChord[] | undefined;
}

const MODIFIER_CODES = new Set([
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
  'OSLeft',
  'OSRight',
  'CapsLock',
  'NumLock',
  'ScrollLock',
]);

/**
 * Control characters sent as Ctrl + a key. GS and RS go by *physical* key because scanners keep the US
 * key position on every layout: GS is Ctrl+] on US and the same key, Ctrl++, on German (research §1.4, §1.6).
 */
const CONTROL_BY_CODE: ReadonlyMap<string, string> = new Map([
  ['BracketRight', GROUP_SEPARATOR],
  ['Digit6', RECORD_SEPARATOR],
]);
/** Letter controls go by the layout's letter (Ctrl+D is EOT in ISO 15434 envelopes, research §4.6). */
const CONTROL_BY_LETTER: ReadonlyMap<string, string> = new Map([['d', END_OF_TRANSMISSION]]);

// Maps, not object literals, so a code like 'constructor' never hits a prototype property.
const NAMED_KEYS: ReadonlyMap<string, string> = new Map([
  ['Enter', 'Enter'],
  ['NumpadEnter', 'Enter'],
  ['Tab', 'Tab'],
]);

/** Turns a Windows ALT-mode code (Alt held, numpad digits) into its character (research §1.3, §1.6). */
export function decodeAltCode(digits: string): string {
  const value = Number.parseInt(digits, 10);
  if (!/^\d{1,4}$/.test(digits) || value === 0 || value > 255) return REPLACEMENT_CHARACTER;
  if (value < 128) return String.fromCharCode(value);
  // A leading zero selects the ANSI code page (Windows-1252), which matches Latin-1 from 0xA0 upwards;
  // without it Windows uses the OEM code page, which we do not map.
  return digits.startsWith('0') && value >= 0xa0 ? String.fromCharCode(value) : REPLACEMENT_CHARACTER;
}

function sameModifiers(chord: KeyChord, event: PhysicalKeyEvent): boolean {
  return (
    Boolean(chord.shift) === Boolean(event.shift) &&
    Boolean(chord.ctrl) === Boolean(event.ctrl) &&
    Boolean(chord.alt) === Boolean(event.alt)
  );
}

export class KeyCodeDecoder {
  readonly #layout: KeyboardLayout;
  readonly #extraChords: readonly KeyChord[];
  #pendingDead: string | undefined;
  #altDigits = '';

  constructor(config: KeyCodeDecoderConfig) {
    this.#layout = KEYBOARD_LAYOUTS[config.layout];
    this.#extraChords = config.extraChords ?? [];
  }

  /** Returns the keys this event completes: usually one, none for modifiers, two after a dead key. */
  feed(event: PhysicalKeyEvent): string[] {
    if (event.type === 'up') return this.#release(event.code);
    if (MODIFIER_CODES.has(event.code)) return [];
    if (this.#isAltDigit(event)) {
      this.#altDigits += event.code.slice('Numpad'.length);
      return [];
    }
    this.#altDigits = '';
    const key = this.#decodeDown(event);
    if (this.#layout.deadKeys.has(key)) {
      const flushed = this.#takeDead();
      this.#pendingDead = key;
      return flushed;
    }
    const dead = this.#takeDead();
    // Dead key + Space is how a layout types the dead character itself; the space is not data.
    if (dead.length > 0 && key === ' ') return dead;
    return [...dead, key];
  }

  reset(): void {
    this.#pendingDead = undefined;
    this.#altDigits = '';
  }

  #release(code: string): string[] {
    if ((code !== 'AltLeft' && code !== 'AltRight') || this.#altDigits === '') return [];
    const char = decodeAltCode(this.#altDigits);
    this.#altDigits = '';
    return [...this.#takeDead(), char];
  }

  #isAltDigit(event: PhysicalKeyEvent): boolean {
    return Boolean(event.alt) && !event.ctrl && !event.altGr && /^Numpad\d$/.test(event.code);
  }

  #takeDead(): string[] {
    const dead = this.#pendingDead;
    this.#pendingDead = undefined;
    return dead === undefined ? [] : [dead];
  }

  #decodeDown(event: PhysicalKeyEvent): string {
    const { code } = event;
    const chord = this.#extraChords.find((c) => c.code === code && sameModifiers(c, event));
    if (chord !== undefined) return chord.char;
    const levels = this.#layout.keys.get(code);
    // Windows reports AltGr as Ctrl+Alt, so both spellings select the third level.
    if (event.altGr || (event.ctrl && event.alt)) return levels?.altGr ?? `AltGr+${code}`;
    if (event.ctrl) {
      const letter = levels?.base ?? '';
      return CONTROL_BY_CODE.get(code) ?? CONTROL_BY_LETTER.get(letter) ?? `Ctrl+${code}`;
    }
    if (event.alt) return `Alt+${code}`;
    const named = NAMED_KEYS.get(code);
    if (named !== undefined) return event.shift ? `Shift+${code}` : named;
    // An unknown code is passed on by name; one that is not a proper name must not pass for a character.
    if (levels === undefined) return code.length > 1 ? code : 'Unidentified';
    return event.shift ? levels.shift : levels.base;
  }
}
