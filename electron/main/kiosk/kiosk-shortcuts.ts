import type { KeyInput } from '../scanning/wedge-key-capture';

// A kiosk keyboard may type and edit, nothing else: an allow-list of what reaches the page, so a shortcut
// nobody thought of (close, quit, reload, zoom, devtools, print, history, full screen) is blocked too.

/** Ctrl (Cmd on macOS) combinations that edit text in a field. */
const EDITING_WITH_CONTROL = new Set([
  'a',
  'c',
  'v',
  'x',
  'z',
  'y',
  'Backspace',
  'Delete',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
]);

const isPrintable = (key: string) => [...key].length === 1;
const isFunctionKey = (key: string) => /^F\d{1,2}$/.test(key);
/** Multimedia keyboards' Browser*, Launch*, Zoom*, Print and similar keys act on the app, not the field. */
const isAppCommandKey = (key: string) =>
  /^(Browser|Launch|Zoom|Print|Close|Open|Save|New|Help|AudioVolume|MediaApps|Select|ContextMenu)/.test(key) ||
  key === 'Escape' ||
  key === 'Unidentified';

export function isKioskKeyAllowed(input: KeyInput, platform: NodeJS.Platform): boolean {
  if (input.type !== 'keyDown') return true; // what matters is the key going down; a lone key-up does nothing
  const key = typeof input.key === 'string' ? input.key : '';
  if (key === '' || isFunctionKey(key) || isAppCommandKey(key)) return false;
  // AltGr reports Ctrl+Alt on Windows and Linux: it types characters such as @ € { on European layouts.
  if (input.control && input.alt && !input.meta && isPrintable(key)) return platform !== 'darwin';
  const command = platform === 'darwin' ? input.meta : input.control;
  const other = platform === 'darwin' ? input.control : input.meta;
  if (other) return false;
  // Option on macOS types characters; Alt+Space would open the window menu on Windows.
  if (input.alt) return isPrintable(key) && key !== ' ' && !command;
  if (command) return EDITING_WITH_CONTROL.has(key.length === 1 ? key.toLowerCase() : key);
  return true;
}
