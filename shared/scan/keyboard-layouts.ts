/**
 * Which character each physical key (KeyboardEvent.code) types on the keyboard layouts a scanner can be
 * set to emit. Standard PC layouts; the US/DE differences are the ones listed in scanning research §1.4.
 */

export const KEYBOARD_LAYOUT_IDS = ['us', 'de'] as const;
export type KeyboardLayoutId = (typeof KEYBOARD_LAYOUT_IDS)[number];

/** Characters one physical key types without modifier, with Shift, and with AltGr (if any). */
export interface KeyLevels {
  readonly base: string;
  readonly shift: string;
  readonly altGr?: string;
}

export interface KeyboardLayout {
  readonly keys: ReadonlyMap<string, KeyLevels>;
  /** Characters whose key is a dead key on this layout (they wait for the next key). */
  readonly deadKeys: ReadonlySet<string>;
  /** Whether the right Alt key is AltGr (third level) rather than a second Alt. */
  readonly hasAltGr: boolean;
}

type LevelRow = readonly [code: string, base: string, shift: string, altGr?: string];

function levels([, base, shift, altGr]: LevelRow): KeyLevels {
  return altGr === undefined ? { base, shift } : { base, shift, altGr };
}

/** Letter keys by their US name; `swaps` moves letters (QWERTZ), `altGr` adds third-level characters. */
function letterRows(swaps: Readonly<Record<string, string>>, altGr: Readonly<Record<string, string>>): LevelRow[] {
  return [...'abcdefghijklmnopqrstuvwxyz'].map((letter) => {
    const typed = swaps[letter] ?? letter;
    const third = altGr[letter];
    const code = `Key${letter.toUpperCase()}`;
    return third === undefined ? [code, typed, typed.toUpperCase()] : [code, typed, typed.toUpperCase(), third];
  });
}

function numpadRows(decimal: string): LevelRow[] {
  // Scanners type numpad keys only with NumLock on, so both levels are the digit or operator.
  const rows: LevelRow[] = [...'0123456789'].map((d) => [`Numpad${d}`, d, d]);
  return [
    ...rows,
    ['NumpadDivide', '/', '/'],
    ['NumpadMultiply', '*', '*'],
    ['NumpadSubtract', '-', '-'],
    ['NumpadAdd', '+', '+'],
    ['NumpadDecimal', decimal, decimal],
  ];
}

function buildLayout(rows: readonly LevelRow[], deadKeys: readonly string[]): KeyboardLayout {
  return {
    keys: new Map(rows.map((row) => [row[0], levels(row)])),
    deadKeys: new Set(deadKeys),
    hasAltGr: rows.some((row) => row[3] !== undefined),
  };
}

const US_ROWS: readonly LevelRow[] = [
  ...letterRows({}, {}),
  ['Backquote', '`', '~'],
  ['Digit1', '1', '!'],
  ['Digit2', '2', '@'],
  ['Digit3', '3', '#'],
  ['Digit4', '4', '$'],
  ['Digit5', '5', '%'],
  ['Digit6', '6', '^'],
  ['Digit7', '7', '&'],
  ['Digit8', '8', '*'],
  ['Digit9', '9', '('],
  ['Digit0', '0', ')'],
  ['Minus', '-', '_'],
  ['Equal', '=', '+'],
  ['BracketLeft', '[', '{'],
  ['BracketRight', ']', '}'],
  ['Backslash', '\\', '|'],
  ['IntlBackslash', '\\', '|'],
  ['Semicolon', ';', ':'],
  ['Quote', "'", '"'],
  ['Comma', ',', '<'],
  ['Period', '.', '>'],
  ['Slash', '/', '?'],
  ['Space', ' ', ' '],
  ...numpadRows('.'),
];

const DE_ROWS: readonly LevelRow[] = [
  ...letterRows({ y: 'z', z: 'y' }, { q: '@', e: '€', m: 'µ' }),
  ['Backquote', '^', '°'],
  ['Digit1', '1', '!'],
  ['Digit2', '2', '"', '²'],
  ['Digit3', '3', '§', '³'],
  ['Digit4', '4', '$'],
  ['Digit5', '5', '%'],
  ['Digit6', '6', '&'],
  ['Digit7', '7', '/', '{'],
  ['Digit8', '8', '(', '['],
  ['Digit9', '9', ')', ']'],
  ['Digit0', '0', '=', '}'],
  ['Minus', 'ß', '?', '\\'],
  ['Equal', '´', '`'],
  ['BracketLeft', 'ü', 'Ü'],
  ['BracketRight', '+', '*', '~'],
  ['Backslash', '#', "'"],
  ['IntlBackslash', '<', '>', '|'],
  ['Semicolon', 'ö', 'Ö'],
  ['Quote', 'ä', 'Ä'],
  ['Comma', ',', ';'],
  ['Period', '.', ':'],
  ['Slash', '-', '_'],
  ['Space', ' ', ' '],
  ...numpadRows(','),
];

export const KEYBOARD_LAYOUTS: Readonly<Record<KeyboardLayoutId, KeyboardLayout>> = {
  us: buildLayout(US_ROWS, []),
  de: buildLayout(DE_ROWS, ['^', '´', '`']),
};
