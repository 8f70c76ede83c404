import {
  DEFAULT_WEDGE_DETECTOR_CONFIG,
  WedgeDetector,
  type WedgeDetectorConfig,
  type WedgeKeyEvent,
} from '../../../shared/scan/wedge-detector';

// Keyboard-wedge scanners type into whatever has focus. We hold every printable key until its burst is
// judged (scan or human), so scan characters never land in an input, and replay human keys afterwards.

interface HeldKey extends WedgeKeyEvent {
  target: EventTarget | null;
}

const GS = '\u001d';

export interface WedgeListenerOptions {
  config?: Partial<WedgeDetectorConfig>;
  onScan: (text: string) => void;
  now?: () => number;
}

export function listenForWedgeScans(target: Window, options: WedgeListenerOptions): () => void {
  const detector = new WedgeDetector<HeldKey>(options.config);
  const now = options.now ?? (() => performance.now());
  let timer: ReturnType<typeof setTimeout> | undefined;

  const handle = (outputs: ReturnType<typeof detector.feed>) => {
    for (const output of outputs) {
      if (output.kind === 'scan') {
        // Observable by diagnostics and end-to-end tests without reaching into the app's state.
        target.dispatchEvent(new CustomEvent('takt:scan', { detail: output.text }));
        options.onScan(output.text);
      } else for (const key of output.keys) replayKey(key);
    }
  };

  const silenceMs = options.config?.endSilenceMs ?? DEFAULT_WEDGE_DETECTOR_CONFIG.endSilenceMs;
  // One tick just after the end-of-scan silence always ends the burst, whatever the detector holds.
  const scheduleTick = () => {
    clearTimeout(timer);
    timer = setTimeout(() => handle(detector.tick(now())), silenceMs + 5);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const key = wedgeKeyOf(event);
    if (key === null) return;
    event.preventDefault();
    event.stopPropagation();
    handle(detector.feed({ key, at: now(), target: event.target }));
    scheduleTick();
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    clearTimeout(timer);
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

function replayKey(key: HeldKey): void {
  const element = key.target;
  if (key.key === GS) return;
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    if (key.key === 'Enter') {
      if (element instanceof HTMLInputElement) element.form?.requestSubmit();
      else insertText(element, '\n');
      return;
    }
    if (key.key === 'Tab') return;
    insertText(element, key.key);
    return;
  }
  if (key.key === 'Enter' && element instanceof HTMLButtonElement) element.click();
}

function insertText(element: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  const start = element.selectionStart ?? element.value.length;
  const end = element.selectionEnd ?? element.value.length;
  element.setRangeText(text, start, end, 'end');
  // React tracks the value it last set; an input event makes it read the new one.
  element.dispatchEvent(new Event('input', { bubbles: true }));
}
