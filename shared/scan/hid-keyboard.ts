import { KEYBOARD_LAYOUTS, type KeyboardLayoutId } from './keyboard-layouts';
import { KeyCodeDecoder, type KeyChord, type PhysicalKeyEvent } from './keycode-layout';
import type { ScanInputErrorCode } from './scan-input-errors';

/**
 * Decodes 8-byte keyboard boot reports (modifier bits, reserved, 6 key usages) of a scanner in keyboard
 * mode that we read directly over HID: usage ID -> KeyboardEvent.code -> character on the scanner's
 * layout (keycode-layout.ts). A report lists every key held down, so only keys that were not in the
 * previous report are new presses; a scanner that types "AA" releases A in between.
 */

/** HID Usage Tables, Keyboard/Keypad page 0x07, named as KeyboardEvent.code (0x32 "Non-US #" is 'Backslash'). */
const USAGE_CODES: ReadonlyMap<number, string> = new Map<number, string>([
  ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((l, i): [number, string] => [0x04 + i, `Key${l}`]),
  ...[...'1234567890'].map((d, i): [number, string] => [0x1e + i, `Digit${d}`]),
  ...[
    'Enter',
    'Escape',
    'Backspace',
    'Tab',
    'Space',
    'Minus',
    'Equal',
    'BracketLeft',
    'BracketRight',
    'Backslash',
    'Backslash',
    'Semicolon',
    'Quote',
    'Backquote',
    'Comma',
    'Period',
    'Slash',
    'CapsLock',
  ].map((code, i): [number, string] => [0x28 + i, code]),
  ...Array.from({ length: 12 }, (_, i): [number, string] => [0x3a + i, `F${i + 1}`]),
  ...[
    'PrintScreen',
    'ScrollLock',
    'Pause',
    'Insert',
    'Home',
    'PageUp',
    'Delete',
    'End',
    'PageDown',
    'ArrowRight',
    'ArrowLeft',
    'ArrowDown',
    'ArrowUp',
    'NumLock',
    'NumpadDivide',
    'NumpadMultiply',
    'NumpadSubtract',
    'NumpadAdd',
    'NumpadEnter',
  ].map((code, i): [number, string] => [0x46 + i, code]),
  ...[...'1234567890'].map((d, i): [number, string] => [0x59 + i, `Numpad${d}`]),
  [0x63, 'NumpadDecimal'],
  [0x64, 'IntlBackslash'],
]);

/** Modifier byte bits, low to high. */
const MODIFIER_CODES = [
  'ControlLeft',
  'ShiftLeft',
  'AltLeft',
  'MetaLeft',
  'ControlRight',
  'ShiftRight',
  'AltRight',
  'MetaRight',
] as const;

/** What a keyboard sends in every key slot when too many keys are held to tell which (phantom state). */
const USAGE_ERROR_ROLL_OVER = 0x01;
const BOOT_REPORT_LENGTH = 8;

export interface HidKeyboardConfig {
  readonly layout: KeyboardLayoutId;
  readonly extraChords?: readonly KeyChord[] | undefined;
  /** Set when the device numbers its reports, so hidapi prepends this ID to the 8 bytes. */
  readonly reportId?: number | undefined;
  /** Keys that end a scan; a dedicated device has no human typing, so no timing is needed. */
  readonly endKeys?: readonly string[] | undefined;
  readonly maxScanLength?: number;
}

export type HidKeyboardErrorCode = Extract<
  ScanInputErrorCode,
  'hid-keyboard-report-too-short' | 'hid-keyboard-rollover' | 'hid-keyboard-unmapped-key' | 'hid-keyboard-scan-too-long'
>;

export type HidKeyboardEvent =
  { readonly kind: 'scan'; readonly text: string } | { readonly kind: 'error'; readonly code: HidKeyboardErrorCode };

export class HidKeyboardScanDecoder {
  readonly #config: HidKeyboardConfig;
  readonly #rightAltIsAltGr: boolean;
  readonly #keys: KeyCodeDecoder;
  readonly #endKeys: ReadonlySet<string>;
  readonly #maxScanLength: number;
  #modifiers = 0;
  #pressed: readonly number[] = [];
  #text = '';
  #isSkipping = false;

  constructor(config: HidKeyboardConfig) {
    this.#config = config;
    this.#rightAltIsAltGr = KEYBOARD_LAYOUTS[config.layout].hasAltGr;
    this.#keys = new KeyCodeDecoder({ layout: config.layout, extraChords: config.extraChords });
    this.#endKeys = new Set(config.endKeys ?? ['Enter']);
    this.#maxScanLength = config.maxScanLength ?? 8192;
  }

  push(input: Uint8Array): HidKeyboardEvent[] {
    const { reportId } = this.#config;
    if (reportId !== undefined && input[0] !== reportId) return [];
    const report = reportId === undefined ? input : input.subarray(1);
    if (report.length < BOOT_REPORT_LENGTH) return [{ kind: 'error', code: 'hid-keyboard-report-too-short' }];

    const modifiers = report[0] ?? 0;
    const pressed = [...report.subarray(2)].filter((usage) => usage !== 0);
    // In phantom state the key list is meaningless; keep the previous one so nothing repeats afterwards.
    if (pressed.includes(USAGE_ERROR_ROLL_OVER)) return [{ kind: 'error', code: 'hid-keyboard-rollover' }];

    const events: HidKeyboardEvent[] = [];
    for (const physical of this.#modifierChanges(modifiers)) this.#decode(physical, events);
    for (const usage of pressed) {
      if (this.#pressed.includes(usage)) continue;
      const code = USAGE_CODES.get(usage);
      if (code === undefined) events.push({ kind: 'error', code: 'hid-keyboard-unmapped-key' });
      else this.#decode(this.#keyDown(code, modifiers), events);
    }
    this.#modifiers = modifiers;
    this.#pressed = pressed;
    return events;
  }

  reset(): void {
    this.#keys.reset();
    this.#modifiers = 0;
    this.#pressed = [];
    this.#text = '';
    this.#isSkipping = false;
  }

  /** Modifier presses and releases as key events, so Alt+numpad codes complete on Alt release. */
  #modifierChanges(modifiers: number): PhysicalKeyEvent[] {
    return MODIFIER_CODES.flatMap((code, bit): PhysicalKeyEvent[] => {
      const was = (this.#modifiers >> bit) & 1;
      const is = (modifiers >> bit) & 1;
      if (was === is) return [];
      return [{ ...this.#keyDown(code, modifiers), type: is ? 'down' : 'up' }];
    });
  }

  #keyDown(code: string, modifiers: number): PhysicalKeyEvent {
    const rightAlt = (modifiers & 0x40) !== 0;
    return {
      type: 'down',
      code,
      ctrl: (modifiers & 0x11) !== 0,
      shift: (modifiers & 0x22) !== 0,
      alt: (modifiers & 0x04) !== 0 || (rightAlt && !this.#rightAltIsAltGr),
      altGr: rightAlt && this.#rightAltIsAltGr,
    };
  }

  #decode(physical: PhysicalKeyEvent, events: HidKeyboardEvent[]): void {
    for (const key of this.#keys.feed(physical)) {
      if (this.#endKeys.has(key)) {
        if (this.#text !== '' && !this.#isSkipping) events.push({ kind: 'scan', text: this.#text });
        this.#text = '';
        this.#isSkipping = false;
      } else if (key !== 'Tab' && [...key].length !== 1) {
        events.push({ kind: 'error', code: 'hid-keyboard-unmapped-key' });
      } else if (!this.#isSkipping) {
        this.#append(key === 'Tab' ? '\t' : key, events);
      }
    }
  }

  #append(char: string, events: HidKeyboardEvent[]): void {
    if (this.#text.length + char.length > this.#maxScanLength) {
      events.push({ kind: 'error', code: 'hid-keyboard-scan-too-long' });
      this.#text = '';
      this.#isSkipping = true;
      return;
    }
    this.#text += char;
  }
}
