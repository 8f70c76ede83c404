import { describe, expect, it } from 'vitest';
import { createWedgeKeyCapture, type KeyInput } from './wedge-key-capture';

const down = (code: string, key: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key,
  code,
  shift: false,
  control: false,
  alt: false,
  meta: false,
  ...mods,
});

describe('wedge key capture in main', () => {
  it('decodes a US-configured scanner correctly on a German OS', () => {
    const capture = createWedgeKeyCapture({ layout: 'us' });
    // The OS (German) reports 'ß' for the Minus key and 'z' for KeyY; the scanner meant '-' and 'y'.
    const minus = capture(down('Minus', 'ß'), 1);
    const y = capture(down('KeyY', 'z'), 2);
    expect(minus).toEqual({ withhold: true, keys: [{ scanKey: '-', typedKey: 'ß', at: 1 }] });
    expect(y.keys[0]).toMatchObject({ scanKey: 'y', typedKey: 'z' });
  });

  it('decodes a German-configured scanner on its own layout', () => {
    const capture = createWedgeKeyCapture({ layout: 'de' });
    expect(capture(down('KeyY', 'z'), 1).keys[0]?.scanKey).toBe('z');
    expect(capture(down('Digit7', '/', { shift: true }), 2).keys[0]?.scanKey).toBe('/');
  });

  it('turns Ctrl+] into the GS separator and never replays it as text', () => {
    const capture = createWedgeKeyCapture({ layout: 'us' });
    expect(capture(down('BracketRight', ']', { control: true }), 5)).toEqual({
      withhold: true,
      keys: [{ scanKey: '\u001d', typedKey: '\u001d', at: 5 }],
    });
  });

  it('withholds Enter and Tab (scan suffixes) but passes navigation and shortcuts', () => {
    const capture = createWedgeKeyCapture({ layout: 'us' });
    expect(capture(down('Enter', 'Enter'), 1).withhold).toBe(true);
    expect(capture(down('Tab', 'Tab'), 1).withhold).toBe(true);
    for (const input of [
      down('Backspace', 'Backspace'),
      down('ArrowLeft', 'ArrowLeft'),
      down('KeyC', 'c', { control: true }),
      down('KeyR', 'r', { meta: true }),
    ]) {
      expect(capture(input, 1)).toEqual({ withhold: false, keys: [] });
    }
  });

  it('ignores key-up, modifiers, char events and hostile input', () => {
    const capture = createWedgeKeyCapture({ layout: 'de' });
    expect(capture({ ...down('KeyA', 'a'), type: 'keyUp' }, 1).withhold).toBe(false);
    expect(capture(down('ShiftLeft', 'Shift'), 1).withhold).toBe(false);
    expect(capture({ ...down('KeyA', 'a'), type: 'char' }, 1).withhold).toBe(false);
    expect(capture(down('x'.repeat(1000), 'a'), 1).withhold).toBe(false);
    expect(capture(down('__proto__', 'a'), 1).withhold).toBe(false);
    expect(capture(down('constructor', 'a'), 1).withhold).toBe(false);
  });
});
