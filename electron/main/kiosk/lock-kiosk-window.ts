import { app, powerSaveBlocker, type BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from '../security/app-origin';
import { isKioskKeyAllowed } from './kiosk-shortcuts';
import { createRecoveryPolicy } from './renderer-recovery';

// Electron's side of the kiosk: the decisions are the pure functions beside this file.

const RECOVERY = { maxReloads: 3, windowMs: 10 * 60_000 };
export const RECOVERY_URL = `${APP_ENTRY_URL}?recovery=1`;

/** Keys, zoom, closing and sleep: the operator cannot leave or break the terminal. */
export function lockKioskWindow(window: BrowserWindow): void {
  const contents = window.webContents;
  contents.on('before-input-event', (event, input) => {
    if (!isKioskKeyAllowed(input, process.platform)) event.preventDefault();
  });
  void contents.setVisualZoomLevelLimits(1, 1);
  contents.on('zoom-changed', () => contents.setZoomFactor(1));

  let isQuitting = false;
  app.on('before-quit', () => (isQuitting = true));
  window.on('close', (event) => {
    if (!isQuitting) event.preventDefault();
  });
  powerSaveBlocker.start('prevent-display-sleep');
}

/** A crashed or hung page is reloaded; one that keeps dying gets the recovery screen instead of a loop. */
export function recoverCrashedRenderer(window: BrowserWindow, log: (message: string) => void): void {
  const decide = createRecoveryPolicy(RECOVERY);
  const recover = (why: string) => {
    const action = decide(Date.now());
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
