import { describe, expect, it } from 'vitest';
import type { KeyInput } from '../scanning/wedge-key-capture';
import { decideKioskMode } from './kiosk-mode';
import { isKioskKeyAllowed } from './kiosk-shortcuts';
import { createRecoveryPolicy } from './renderer-recovery';

const key = (k: string, mods: Partial<KeyInput> = {}, code = ''): KeyInput => ({
  type: 'keyDown',
  key: k,
  code,
  shift: false,
  control: false,
  alt: false,
  meta: false,
  ...mods,
});

describe('kiosk shortcuts (Linux/Windows)', () => {
  const blocked: Array<[string, KeyInput]> = [
    ['Ctrl+W closes the window', key('w', { control: true })],
    ['Ctrl+Shift+W', key('W', { control: true, shift: true })],
    ['Ctrl+Q quits', key('q', { control: true })],
    ['Alt+F4 closes', key('F4', { alt: true })],
    ['Ctrl+F4', key('F4', { control: true })],
    ['Ctrl+R reloads', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['F5 reloads', key('F5')],
    ['F11 full screen', key('F11')],
    ['F12 devtools', key('F12')],
    ['Ctrl+Shift+I devtools', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J console', key('J', { control: true, shift: true })],
    ['Ctrl+P prints', key('p', { control: true })],
    ['Ctrl++ zooms', key('+', { control: true })],
    ['Ctrl+= zooms', key('=', { control: true })],
    ['Ctrl+- zooms out', key('-', { control: true })],
    ['Ctrl+0 resets zoom', key('0', { control: true })],
    ['Ctrl+N new window', key('n', { control: true })],
    ['Ctrl+T', key('t', { control: true })],
    ['Ctrl+L', key('l', { control: true })],
    ['Ctrl+O', key('o', { control: true })],
    ['Ctrl+S', key('s', { control: true })],
    ['Ctrl+Tab', key('Tab', { control: true })],
    ['Ctrl+PageDown', key('PageDown', { control: true })],
    ['Alt+Left goes back', key('ArrowLeft', { alt: true })],
    ['Alt+Right goes forward', key('ArrowRight', { alt: true })],
    ['Alt+Home', key('Home', { alt: true })],
    ['Alt+Space opens the window menu', key(' ', { alt: true })],
    ['Super key combos', key('d', { meta: true })],
    ['Super alone', key('Meta', { meta: true })],
    ['browser back key', key('BrowserBack')],
    ['browser refresh key', key('BrowserRefresh')],
    ['zoom key', key('ZoomIn')],
    ['print key', key('Print')],
    ['Escape leaves full screen', key('Escape')],
    ['an unidentified key', key('Unidentified')],
    ['an empty key', key('')],
    ['Ctrl+Alt+F2 switches the console', key('F2', { control: true, alt: true })],
    ['Ctrl+Alt+Backspace', key('Backspace', { control: true, alt: true })],
  ];
  it.each(blocked)('blocks %s', (_name, input) => {
    expect(isKioskKeyAllowed(input, 'linux')).toBe(false);
    expect(isKioskKeyAllowed(input, 'win32')).toBe(false);
  });

  const allowed: Array<[string, KeyInput]> = [
    ['a letter', key('a')],
    ['a capital', key('A', { shift: true })],
    ['a digit', key('7')],
    ['Enter', key('Enter')],
    ['Backspace', key('Backspace')],
    ['Tab', key('Tab')],
    ['an arrow', key('ArrowDown')],
    ['Ctrl+C copies', key('c', { control: true })],
    ['Ctrl+V pastes', key('v', { control: true })],
    ['Ctrl+A selects all', key('a', { control: true })],
    ['Ctrl+Z undoes', key('z', { control: true })],
    ['Ctrl+Backspace deletes a word', key('Backspace', { control: true })],
    ['Ctrl+Shift+Left selects a word', key('ArrowLeft', { control: true, shift: true })],
    ['AltGr+Q types @ on a German keyboard', key('@', { control: true, alt: true }, 'KeyQ')],
    ['AltGr+E types €', key('€', { control: true, alt: true }, 'KeyE')],
    ['a key-up of anything', { ...key('w', { control: true }), type: 'keyUp' }],
  ];
  it.each(allowed)('lets through %s', (_name, input) => {
    expect(isKioskKeyAllowed(input, 'linux')).toBe(true);
    expect(isKioskKeyAllowed(input, 'win32')).toBe(true);
  });
});

describe('kiosk shortcuts (macOS)', () => {
  it('blocks Cmd+Q, Cmd+W, Cmd+R, Cmd+Option+I and Ctrl combos, lets Cmd+C and Option characters through', () => {
    expect(isKioskKeyAllowed(key('q', { meta: true }), 'darwin')).toBe(false);
    expect(isKioskKeyAllowed(key('w', { meta: true }), 'darwin')).toBe(false);
    expect(isKioskKeyAllowed(key('r', { meta: true }), 'darwin')).toBe(false);
    expect(isKioskKeyAllowed(key('i', { meta: true, alt: true }), 'darwin')).toBe(false);
    expect(isKioskKeyAllowed(key('c', { control: true }), 'darwin')).toBe(false);
    expect(isKioskKeyAllowed(key('c', { meta: true }), 'darwin')).toBe(true);
    expect(isKioskKeyAllowed(key('@', { alt: true }), 'darwin')).toBe(true);
  });
});

describe('kiosk mode', () => {
  it('a packaged terminal is always a kiosk, whatever the environment says', () => {
    expect(decideKioskMode({ isPackaged: true, nodeEnv: undefined, kioskVariable: '0' })).toBe(true);
    expect(decideKioskMode({ isPackaged: true, nodeEnv: 'development', kioskVariable: undefined })).toBe(true);
    expect(decideKioskMode({ isPackaged: false, nodeEnv: 'production', kioskVariable: '0' })).toBe(true);
  });
  it('a development build is windowed unless TAKT_KIOSK=1', () => {
    expect(decideKioskMode({ isPackaged: false, nodeEnv: undefined, kioskVariable: undefined })).toBe(false);
    expect(decideKioskMode({ isPackaged: false, nodeEnv: undefined, kioskVariable: '1' })).toBe(true);
    expect(decideKioskMode({ isPackaged: false, nodeEnv: undefined, kioskVariable: 'yes' })).toBe(false);
  });
});

describe('renderer recovery', () => {
  it('reloads up to the limit within the window, then shows the recovery screen', () => {
    const decide = createRecoveryPolicy({ maxReloads: 3, windowMs: 600_000 });
    expect([decide(0), decide(1_000), decide(2_000)]).toEqual(['reload', 'reload', 'reload']);
    expect(decide(3_000)).toBe('show-recovery');
    expect(decide(500_000)).toBe('show-recovery');
  });
  it('forgets crashes older than the window', () => {
    const decide = createRecoveryPolicy({ maxReloads: 2, windowMs: 60_000 });
    expect(decide(0)).toBe('reload');
    expect(decide(10_000)).toBe('reload');
    expect(decide(20_000)).toBe('show-recovery');
    expect(decide(70_001)).toBe('reload');
  });
});
