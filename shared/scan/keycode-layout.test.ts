import { describe, expect, it } from 'vitest';
import { KEYBOARD_LAYOUT_IDS, KEYBOARD_LAYOUTS } from './keyboard-layouts';
import { decodeAltCode, GROUP_SEPARATOR, KeyCodeDecoder, type PhysicalKeyEvent } from './keycode-layout';
import { WedgeDetector } from './wedge-detector';

type Stroke = string | { code: string; shift?: boolean; ctrl?: boolean; alt?: boolean; altGr?: boolean };

/** A scanner presses and releases each key; '+' before a code means with Shift. */
function strokes(list: readonly Stroke[]): PhysicalKeyEvent[] {
  return list.flatMap((s): PhysicalKeyEvent[] => {
    const stroke = typeof s === 'string' ? { code: s.replace(/^\+/, ''), shift: s.startsWith('+') } : s;
    return [
      { type: 'down', ...stroke },
      { type: 'up', ...stroke },
    ];
  });
}

function decode(
  layout: 'us' | 'de',
  list: readonly Stroke[],
  extra: ConstructorParameters<typeof KeyCodeDecoder>[0]['extraChords'] = [],
): string[] {
  const decoder = new KeyCodeDecoder({ layout, extraChords: extra });
  return strokes(list).flatMap((e) => decoder.feed(e));
}

describe('KeyCodeDecoder: layouts', () => {
  it('decodes a US-configured scanner independent of the OS layout', () => {
    const codes = [
      '+KeyQ',
      '+KeyC',
      'Minus',
      'Digit1',
      'Digit5',
      'Digit7',
      'Slash',
      'KeyX',
      '+Minus',
      'KeyY',
      'KeyZ',
      '+Semicolon',
      '+Digit2',
    ];
    expect(decode('us', codes).join('')).toBe('QC-157/x_yz:@');
  });

  it('decodes the same physical keys on German QWERTZ as ß, y/z swapped and - on Slash', () => {
    expect(
      decode('de', ['Minus', 'KeyY', 'KeyZ', 'Slash', '+Slash', 'BracketLeft', 'Semicolon', 'Quote', 'Backslash']).join(
        '',
      ),
    ).toBe('ßzy-_üöä#');
  });

  it('decodes a DE-configured scanner typing a GS1 Digital Link URL', () => {
    // h t t p s : / / i d . g s 1 . o r g / 0 1 / 1 ? 1 7 = 2 6 ...
    const url: Stroke[] = [
      'KeyH',
      'KeyT',
      'KeyT',
      'KeyP',
      'KeyS',
      '+Period',
      '+Digit7',
      '+Digit7',
      'KeyI',
      'KeyD',
      'Period',
      'KeyG',
      'KeyS',
      'Digit1',
      'Period',
      'KeyO',
      'KeyR',
      'KeyG',
      '+Digit7',
      'Digit0',
      'Digit1',
      '+Digit7',
      'Digit1',
      '+Minus',
      'Digit1',
      'Digit7',
      '+Digit0',
      'Digit2',
      'Digit6',
      { code: 'KeyQ', altGr: true },
      'KeyZ',
    ];
    expect(decode('de', url).join('')).toBe('https://id.gs1.org/01/1?17=26@y');
  });

  it('treats Ctrl+Alt as AltGr (how Windows reports it) and rejects AltGr keys the layout lacks', () => {
    expect(
      decode('de', [
        { code: 'KeyQ', ctrl: true, alt: true },
        { code: 'Digit8', altGr: true },
        { code: 'IntlBackslash', altGr: true },
      ]),
    ).toEqual(['@', '[', '|']);
    expect(decode('us', [{ code: 'KeyQ', altGr: true }])).toEqual(['AltGr+KeyQ']);
  });

  it('ignores Caps Lock and modifier keys: case comes from Shift only', () => {
    const decoder = new KeyCodeDecoder({ layout: 'us' });
    const events: PhysicalKeyEvent[] = [
      { type: 'down', code: 'CapsLock' },
      { type: 'down', code: 'ShiftLeft', shift: true },
      { type: 'down', code: 'KeyA', shift: true },
      { type: 'up', code: 'ShiftLeft' },
      { type: 'down', code: 'KeyB' },
    ];
    expect(events.flatMap((e) => decoder.feed(e))).toEqual(['A', 'b']);
  });

  it('maps Enter, NumpadEnter and Tab to key names, numpad keys to characters (DE decimal is a comma)', () => {
    expect(decode('us', ['Enter', 'NumpadEnter', 'Tab', 'Numpad7', 'NumpadDecimal', 'NumpadAdd'])).toEqual([
      'Enter',
      'Enter',
      'Tab',
      '7',
      '.',
      '+',
    ]);
    expect(decode('de', ['NumpadDecimal', 'NumpadSubtract'])).toEqual([',', '-']);
    expect(decode('us', ['+Tab'])).toEqual(['Shift+Tab']);
  });

  it('names keys that are not scan data so the wedge detector passes them through', () => {
    expect(
      decode('us', ['Backspace', 'ArrowLeft', 'F5', { code: 'KeyC', ctrl: true }, { code: 'KeyF', alt: true }]),
    ).toEqual(['Backspace', 'ArrowLeft', 'F5', 'Ctrl+KeyC', 'Alt+KeyF']);
  });

  it('never turns hostile codes into characters', () => {
    const hostile = ['constructor', '__proto__', 'toString', '', 'x', '\u001d', 'Key', 'Digit10', 'KeyÄ'];
    for (const layout of KEYBOARD_LAYOUT_IDS) {
      const keys = hostile.flatMap((code) => [
        ...decode(layout, [code]),
        ...decode(layout, [{ code, ctrl: true }]),
        ...decode(layout, [{ code, altGr: true }]),
      ]);
      for (const key of keys) expect([...key].length, `${layout} ${key}`).toBeGreaterThan(1);
    }
  });

  it.each(KEYBOARD_LAYOUT_IDS)('round-trips every character of the %s layout through its key and level', (layoutId) => {
    const decoder = new KeyCodeDecoder({ layout: layoutId });
    const layout = KEYBOARD_LAYOUTS[layoutId];
    for (const [code, levels] of layout.keys) {
      const cases: [Partial<PhysicalKeyEvent>, string | undefined][] = [
        [{}, levels.base],
        [{ shift: true }, levels.shift],
        [{ altGr: true }, levels.altGr],
      ];
      for (const [modifiers, expected] of cases) {
        if (expected === undefined) continue;
        decoder.reset();
        const out = decoder.feed({ type: 'down', code, ...modifiers });
        // Dead keys wait for the next key; Space releases the dead character itself.
        const keys = layout.deadKeys.has(expected) ? [...out, ...decoder.feed({ type: 'down', code: 'Space' })] : out;
        expect(keys, `${layoutId} ${code} ${JSON.stringify(modifiers)}`).toEqual([expected]);
      }
    }
  });
});

describe('KeyCodeDecoder: GS and other control characters', () => {
  it('decodes Ctrl+] (US) and Ctrl++ (DE, the same physical key) as GS', () => {
    expect(decode('us', [{ code: 'BracketRight', ctrl: true }])).toEqual([GROUP_SEPARATOR]);
    expect(decode('de', [{ code: 'BracketRight', ctrl: true }])).toEqual([GROUP_SEPARATOR]);
    expect(decode('de', [{ code: 'BracketRight', ctrl: true, shift: true }])).toEqual([GROUP_SEPARATOR]);
  });

  it('decodes RS (Ctrl+6 / Ctrl+^) and EOT (Ctrl+D) for ISO 15434 envelopes', () => {
    expect(
      decode('us', [
        { code: 'Digit6', ctrl: true, shift: true },
        { code: 'KeyD', ctrl: true },
      ]),
    ).toEqual(['\u001e', '\u0004']);
    expect(
      decode('de', [
        { code: 'Digit6', ctrl: true },
        { code: 'KeyD', ctrl: true },
      ]),
    ).toEqual(['\u001e', '\u0004']);
  });

  it('decodes Windows ALT-mode sequences when Alt is released', () => {
    const decoder = new KeyCodeDecoder({ layout: 'de' });
    const altCode = (digits: string): string[] => [
      ...decoder.feed({ type: 'down', code: 'AltLeft', alt: true }),
      ...[...digits].flatMap((d) => [
        ...decoder.feed({ type: 'down', code: `Numpad${d}`, alt: true }),
        ...decoder.feed({ type: 'up', code: `Numpad${d}`, alt: true }),
      ]),
      ...decoder.feed({ type: 'up', code: 'AltLeft' }),
    ];
    expect(altCode('0029')).toEqual([GROUP_SEPARATOR]);
    expect(altCode('65')).toEqual(['A']);
    expect(altCode('0228')).toEqual(['ä']);
    expect(decoder.feed({ type: 'up', code: 'AltLeft' })).toEqual([]);
  });

  it.each([
    ['0', '\ufffd'],
    ['0128', '\ufffd'],
    ['132', '\ufffd'],
    ['256', '\ufffd'],
    ['99999', '\ufffd'],
    ['29', '\u001d'],
    ['0252', 'ü'],
  ])('decodeAltCode(%s) = %j (unmappable codes stay visible as U+FFFD)', (digits, expected) => {
    expect(decodeAltCode(digits)).toBe(expected);
  });

  it('abandons an Alt code when another key interrupts it', () => {
    const decoder = new KeyCodeDecoder({ layout: 'us' });
    decoder.feed({ type: 'down', code: 'Numpad6', alt: true });
    expect(decoder.feed({ type: 'down', code: 'KeyF', alt: true })).toEqual(['Alt+KeyF']);
    expect(decoder.feed({ type: 'up', code: 'AltLeft' })).toEqual([]);
  });

  it('uses configured chords first: an F-key or Ctrl+5 remap of FNC1', () => {
    const chords = [
      { code: 'F8', char: GROUP_SEPARATOR },
      { code: 'Digit5', ctrl: true, char: GROUP_SEPARATOR },
    ];
    expect(decode('de', ['F8', { code: 'Digit5', ctrl: true }, 'Digit5', { code: 'F8', shift: true }], chords)).toEqual(
      [GROUP_SEPARATOR, GROUP_SEPARATOR, '5', 'F8'],
    );
  });
});

describe('KeyCodeDecoder: German dead keys', () => {
  it('types the dead character itself for dead key + Space', () => {
    expect(decode('de', ['Backquote', 'Space', 'Equal', 'Space', '+Equal', 'Space'])).toEqual(['^', '´', '`']);
  });

  it('keeps dead key + other key as two characters and chains dead keys', () => {
    expect(decode('de', ['Backquote', 'KeyA', 'Backquote', 'Backquote', 'Space', 'Backquote', 'Enter'])).toEqual([
      '^',
      'a',
      '^',
      '^',
      '^',
      'Enter',
    ]);
  });

  it('flushes a pending dead key before an Alt code', () => {
    const decoder = new KeyCodeDecoder({ layout: 'de' });
    decoder.feed({ type: 'down', code: 'Backquote' });
    decoder.feed({ type: 'down', code: 'Numpad6', alt: true });
    decoder.feed({ type: 'down', code: 'Numpad5', alt: true });
    expect(decoder.feed({ type: 'up', code: 'AltLeft' })).toEqual(['^', 'A']);
  });
});

describe('KeyCodeDecoder + WedgeDetector', () => {
  it('turns a German-layout GS1 scan with Ctrl++ separators into one scan', () => {
    const decoder = new KeyCodeDecoder({ layout: 'de' });
    const detector = new WedgeDetector({ suffix: 'Enter' });
    const data: Stroke[] = [
      'Digit0',
      'Digit1',
      ...[...'04012345678901'].map((d) => `Digit${d}`),
      'Digit1',
      'Digit0',
      '+KeyL',
      '+KeyO',
      '+KeyT',
      'Slash',
      'Digit7',
      { code: 'BracketRight', ctrl: true },
      'Digit2',
      'Digit1',
      '+KeyY',
      'Enter',
    ];
    let at = 0;
    const out = strokes(data).flatMap((e) => decoder.feed(e).flatMap((key) => detector.feed({ key, at: (at += 1) })));
    expect(out).toEqual([{ kind: 'scan', text: `010401234567890110LOT-7${GROUP_SEPARATOR}21Z` }]);
  });
});
