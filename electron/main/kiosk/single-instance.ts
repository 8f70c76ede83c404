// One terminal per station PC: a second start (a double tap on the desktop icon, an autostart beside the
// systemd unit) would open a second journal writer and fight over the scanners. It quits and brings the
// running terminal forward instead.

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** True when this process is the terminal; false when another one runs (this one is quitting). */
export function claimSingleInstance(app: SingleInstanceApp, bringForward: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', bringForward);
  return true;
}
