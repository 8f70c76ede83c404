// When the kiosk window may close. Never on the operator's say (close button, Alt+F4 through the window
// manager): only when the app itself quits (an update, the OS shutting down) or a shift lead approved an
// exit with badge and PIN on the admin screen. The PIN is checked in the renderer, which holds the leads'
// PIN hashes (main has no copy); main records who approved, and logs every close it refused.

export interface KioskExit {
  /** The window's `close` event: true means preventDefault. */
  shouldRefuseClose(): boolean;
  /** The app's `before-quit`: a quit main or the OS started goes through. */
  noteQuitting(): void;
  /** The admin screen's exit, after a lead's PIN; quits the app (under systemd or Shell Launcher: a restart). */
  exit(approvedBy: string): void;
}

export function createKioskExit(options: { quit: () => void; log: (message: string) => void }): KioskExit {
  let isQuitting = false;
  let approvedBy: string | null = null;
  return {
    shouldRefuseClose() {
      if (isQuitting || approvedBy !== null) return false;
      options.log('closing the kiosk window refused (needs the admin exit with a lead PIN)');
      return true;
    },
    noteQuitting() {
      isQuitting = true;
    },
    exit(lead) {
      approvedBy ??= lead;
      options.log(`kiosk exit approved by ${lead}`);
      options.quit();
    },
  };
}
