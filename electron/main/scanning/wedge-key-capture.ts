import type { WedgeKey } from '@shared/ipc/events';
import { KeyCodeDecoder, type KeyChord } from '@shared/scan/keycode-layout';
import type { KeyboardLayoutId } from '@shared/scan/keyboard-layouts';

// In Electron, wedge keys are taken in main before the page sees them: decoded from the physical key
// with the scanner's layout (a German OS cannot turn '-' into 'ß'), withheld from the page, and sent to
// the renderer, which tells scans from typing and replays what a person typed.

/** The fields of Electron's `Input` (before-input-event) that matter here. */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  shift: boolean;
  control: boolean;
  alt: boolean;
  meta: boolean;
}

export interface WedgeCaptureConfig {
  layout: KeyboardLayoutId;
  extraChords?: readonly KeyChord[];
}

export interface CaptureDecision {
  /** True when the page must not see this key (it is scan data or will be replayed). */
  withhold: boolean;
  keys: WedgeKey[];
}

const PASS: CaptureDecision = { withhold: false, keys: [] };

const isDataKey = (key: string) => key === 'Enter' || key === 'Tab' || [...key].length === 1;

export function createWedgeKeyCapture(config: WedgeCaptureConfig): (input: KeyInput, at: number) => CaptureDecision {
  const decoder = new KeyCodeDecoder({
    layout: config.layout,
    ...(config.extraChords ? { extraChords: config.extraChords } : {}),
  });
  return (input, at) => {
    const type = input.type === 'keyDown' ? 'down' : input.type === 'keyUp' ? 'up' : null;
    if (type === null || input.meta || typeof input.code !== 'string' || input.code.length > 32) return PASS;
    const decoded = decoder.feed({ type, code: input.code, shift: input.shift, ctrl: input.control, alt: input.alt });
    // Named keys (Backspace, arrows, shortcuts) and modifiers go to the page untouched.
    if (decoded.length === 0 || !decoded.every(isDataKey)) return PASS;
    const typedKey = decoded.length === 1 && isDataKey(input.key) && !input.control ? input.key : null;
    return { withhold: true, keys: decoded.map((scanKey) => ({ scanKey, typedKey: typedKey ?? scanKey, at })) };
  };
}
