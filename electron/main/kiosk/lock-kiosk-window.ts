import { APP_ENTRY_URL } from '../security/app-origin';
import type { KeyInput } from '../scanning/wedge-key-capture';
import type { KioskExit } from './kiosk-exit';
import { isKioskKeyAllowed } from './kiosk-shortcuts';
import { createRecoveryPolicy } from './renderer-recovery';

// Electron's side of the kiosk. Electron comes in as small ports (the parts of BrowserWindow, app and
// powerSaveBlocker used here) so that plain Node tests drive these functions with fakes.

const RECOVERY = { maxReloads: 3, windowMs: 10 * 60_000 };
export const RECOVERY_URL = `${APP_ENTRY_URL}?recovery=1`;

interface PreventableEvent {
  preventDefault(): void;
}

export interface KioskContents {
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
  on(event: 'zoom-changed', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  setVisualZoomLevelLimits(minimum: number, maximum: number): Promise<void>;
  setZoomFactor(factor: number): void;
  reload(): void;
  forcefullyCrashRenderer(): void;
}

export interface KioskWindow {
  webContents: KioskContents;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'unresponsive', listener: () => void): unknown;
  on(event: 'session-end', listener: () => void): unknown;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
}

export interface KioskPorts {
  app: { on(event: 'before-quit', listener: () => void): unknown };
  powerSaveBlocker: { start(type: 'prevent-display-sleep'): number };
  powerMonitor: { on(event: 'shutdown', listener: () => void): unknown };
  platform: NodeJS.Platform;
  exit: KioskExit;
}

/** Keys, zoom, closing and sleep: the operator cannot leave or break the terminal. */
export function lockKioskWindow(window: KioskWindow, ports: KioskPorts): void {
  const contents = window.webContents;
  contents.on('before-input-event', (event, input) => {
    if (!isKioskKeyAllowed(input, ports.platform)) event.preventDefault();
  });
  void contents.setVisualZoomLevelLimits(1, 1);
  contents.on('zoom-changed', () => contents.setZoomFactor(1));

  ports.app.on('before-quit', () => ports.exit.noteQuitting());
  // The OS ending the session (Windows log-off, shutdown, restart) or shutting down (Linux, macOS) does not
  // always pass through before-quit; a refused close there would hold up the station's shutdown.
  window.on('session-end', () => ports.exit.noteQuitting());
  ports.powerMonitor.on('shutdown', () => ports.exit.noteQuitting());
  window.on('close', (event) => {
    if (ports.exit.shouldRefuseClose()) event.preventDefault();
  });
  // A dark screen at a station looks like a dead terminal; the blocker lasts as long as the process.
  ports.powerSaveBlocker.start('prevent-display-sleep');
}

/** A crashed or hung page is reloaded; one that keeps dying gets the recovery screen instead of a loop. */
export function recoverCrashedRenderer(
  window: KioskWindow,
  log: (message: string) => void,
  now: () => number = Date.now,
): void {
  const decide = createRecoveryPolicy(RECOVERY);
  const recover = (why: string) => {
    const action = decide(now());
    log(`[takt] renderer ${why}: ${action}`);
    if (window.isDestroyed()) return;
    if (action === 'reload') window.webContents.reload();
    else void window.loadURL(RECOVERY_URL);
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') recover(`gone (${details.reason})`);
  });
  window.on('unresponsive', () => {
    window.webContents.forcefullyCrashRenderer();
    recover('unresponsive');
  });
}
