import { WedgeKeySchema } from '@shared/ipc/events';
import {
  DEFAULT_WEDGE_DETECTOR_CONFIG,
  WedgeDetector,
  type WedgeDetectorConfig,
  type WedgeKeyEvent,
} from '@shared/scan/wedge-detector';
import type { TaktBridge } from '@shared/ipc/contract';

// Keyboard-wedge scanners type into whatever has focus. Every key that could be scan data is held until
// its burst is judged (scan or person), so scan characters never land in an input; a person's keys are
// replayed into the field they were typed in. In a browser the keys come from DOM events; in Electron,
// main withholds them from the page and sends them decoded with the scanner's layout.

interface HeldKey extends WedgeKeyEvent {
  /** What to insert if a person typed it (the OS layout's character). */
  typedKey: string;
  target: EventTarget | null;
}

const GS = '\u001d';

export interface WedgeListenerOptions {
  config?: Partial<WedgeDetectorConfig>;
  onScan: (text: string) => void;
}

function createWedgeRouter(target: Window, options: WedgeListenerOptions) {
  const detector = new WedgeDetector<HeldKey>(options.config);
  const silenceMs = options.config?.endSilenceMs ?? DEFAULT_WEDGE_DETECTOR_CONFIG.endSilenceMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastAt = Number.NEGATIVE_INFINITY;
  let clockOffset = Number.POSITIVE_INFINITY; // local clock minus the keys' clock, smallest seen

  const handle = (outputs: ReturnType<typeof detector.feed>) => {
    for (const output of outputs) {
      if (output.kind === 'scan') {
        // Observable by diagnostics and end-to-end tests without reaching into the app's state.
        target.dispatchEvent(new CustomEvent('takt:scan', { detail: output.text }));
        options.onScan(output.text);
      } else {
        for (const key of output.keys) replayKey(key);
      }
    }
  };

  return {
    push(key: string, typedKey: string, at: number, keyTarget: EventTarget | null) {
      clockOffset = Math.min(clockOffset, performance.now() - at);
      // A key is never older than a tick already made (the detector's contract).
      lastAt = Math.max(lastAt, at);
      handle(detector.feed({ key, typedKey, at: lastAt, target: keyTarget, intoTextField: isTextField(keyTarget) }));
      clearTimeout(timer);
      // One tick just after the end-of-scan silence always ends the burst, whatever the detector holds.
      timer = setTimeout(() => {
        lastAt = Math.max(lastAt, performance.now() - clockOffset);
        handle(detector.tick(lastAt));
      }, silenceMs + 5);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}

/** Browser mode: wedge keys arrive as DOM key events on the window. */
export function listenForWedgeScans(target: Window, options: WedgeListenerOptions): () => void {
  const router = createWedgeRouter(target, options);
  const onKeyDown = (event: KeyboardEvent) => {
    const key = wedgeKeyOf(event);
    if (key === null) return;
    event.preventDefault();
    event.stopPropagation();
    // The event's own time (when the input reached the browser), not when this handler ran: a main thread
    // busy for 30 ms delays the handling of a scan's keys, not the keys, and must not split the scan.
    router.push(key, key, event.timeStamp, event.target);
  };
  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    router.stop();
  };
}

/** Electron mode: main captured and decoded the keys; they arrive over the bridge. */
export function listenForBridgeWedgeKeys(
  target: Window,
  bridge: TaktBridge,
  options: WedgeListenerOptions,
): () => void {
  const router = createWedgeRouter(target, options);
  const unsubscribe = bridge.subscribe('wedge:key', (payload) => {
    const key = WedgeKeySchema.safeParse(payload);
    if (key.success) router.push(key.data.scanKey, key.data.typedKey, key.data.at, target.document.activeElement);
  });
  return () => {
    unsubscribe();
    router.stop();
  };
}

/** The keys a scanner can send; anything else (arrows, F-keys, shortcuts) passes straight through. */
function wedgeKeyOf(event: KeyboardEvent): string | null {
  if (event.isComposing || event.metaKey || event.altKey) return null;
  // Ctrl+] is how most wedge scanners send the GS1 group separator on a US layout.
  if (event.ctrlKey) return event.code === 'BracketRight' || event.key === ']' ? GS : null;
  if (event.key === 'Enter' || event.key === 'Tab') return event.key;
  return [...event.key].length === 1 ? event.key : null;
}

/**
 * A field a person writes into, where fast typing must stay typing: text and PINs. The number pad's display
 * (no on-screen keyboard) is not one: a scan while it has focus is a scan.
 */
function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return !target.readOnly;
  if (!(target instanceof HTMLInputElement) || target.readOnly) return false;
  if (target.type === 'password') return true;
  const writesText = ['text', 'search', 'email', 'url'].includes(target.type);
  return writesText && !['none', 'numeric', 'decimal'].includes(target.inputMode);
}

function replayKey(key: HeldKey): void {
  const element = key.target;
  const typed = key.typedKey;
  if (typed === GS || key.key === GS) return;
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    if (typed === 'Enter') {
      if (element instanceof HTMLInputElement) element.form?.requestSubmit();
      else insertText(element, '\n');
      return;
    }
    if (typed === 'Tab') return;
    insertText(element, typed);
    return;
  }
  if (typed === 'Enter' && element instanceof HTMLButtonElement) element.click();
}

function insertText(element: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  const start = element.selectionStart ?? element.value.length;
  const end = element.selectionEnd ?? element.value.length;
  element.setRangeText(text, start, end, 'end');
  // React tracks the value it last set; an input event makes it read the new one.
  element.dispatchEvent(new Event('input', { bubbles: true }));
}
