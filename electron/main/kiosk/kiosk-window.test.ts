import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { dispatchIpc } from '../ipc/dispatch';
import { createIpcHandlers, type HandlerDeps } from '../ipc/handlers';
import type { KeyInput } from '../scanning/wedge-key-capture';
import { APP_ENTRY_URL } from '../security/app-origin';
import { createKioskExit } from './kiosk-exit';
import { loginItemSettings } from './kiosk-mode';
import { lockKioskWindow, recoverCrashedRenderer, RECOVERY_URL, type KioskWindow } from './lock-kiosk-window';
import { claimSingleInstance } from './single-instance';

// Electron's window, app and power-save blocker as plain event emitters: what the kiosk does with them.

function fakeWindow() {
  const calls: string[] = [];
  const contents = Object.assign(new EventEmitter(), {
    setVisualZoomLevelLimits: async (min: number, max: number) => void calls.push(`zoom limits ${min}-${max}`),
    setZoomFactor: (factor: number) => void calls.push(`zoom ${factor}`),
    reload: () => void calls.push('reload'),
    forcefullyCrashRenderer: () => void calls.push('crash'),
  });
  const window = Object.assign(new EventEmitter(), {
    webContents: contents,
    isDestroyed: () => false,
    loadURL: async (url: string) => void calls.push(`load ${url}`),
  });
  return { window: window as unknown as KioskWindow & EventEmitter, contents, calls };
}

/** Emits a cancellable event and says whether a listener cancelled it. */
function isPrevented(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  emitter.emit(name, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

const keyDown = (key: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key,
  code: '',
  shift: false,
  control: false,
  alt: false,
  meta: false,
  ...mods,
});

function lockedKiosk() {
  const { window, contents, calls } = fakeWindow();
  const app = new EventEmitter();
  const logs: string[] = [];
  let quits = 0;
  const exit = createKioskExit({ quit: () => void quits++, log: (message) => logs.push(message) });
  const blockers: string[] = [];
  const powerMonitor = new EventEmitter();
  lockKioskWindow(window, {
    app,
    powerSaveBlocker: { start: (type) => blockers.push(type) },
    powerMonitor,
    platform: 'linux',
    exit,
  });
  return { window, contents, calls, app, powerMonitor, exit, logs, blockers, quits: () => quits };
}

describe('a locked kiosk window', () => {
  it('swallows keys that leave or break the app and lets typing through', () => {
    const { contents } = lockedKiosk();
    expect(isPrevented(contents, 'before-input-event', keyDown('F4', { alt: true }))).toBe(true);
    expect(isPrevented(contents, 'before-input-event', keyDown('w', { control: true }))).toBe(true);
    expect(isPrevented(contents, 'before-input-event', keyDown('F5'))).toBe(true);
    expect(isPrevented(contents, 'before-input-event', keyDown('7'))).toBe(false);
  });

  it('pins the zoom at 100 % and keeps the display on', () => {
    const { contents, calls, blockers } = lockedKiosk();
    contents.emit('zoom-changed');
    expect(calls).toEqual(['zoom limits 1-1', 'zoom 1']);
    expect(blockers).toEqual(['prevent-display-sleep']);
  });

  it('refuses every close the operator can cause, and logs each refusal', () => {
    const { window, logs, quits } = lockedKiosk();
    expect(isPrevented(window, 'close')).toBe(true);
    expect(isPrevented(window, 'close')).toBe(true);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/refused/);
    expect(quits()).toBe(0);
  });

  it('closes after a lead approved the exit, and records who', () => {
    const { window, exit, logs, quits } = lockedKiosk();
    exit.exit('OP-LEAD-1');
    expect(quits()).toBe(1);
    expect(isPrevented(window, 'close')).toBe(false);
    expect(logs).toEqual(['kiosk exit approved by OP-LEAD-1']);
  });

  it('closes when the app itself quits (an update, the OS shutting down)', () => {
    const { window, app } = lockedKiosk();
    app.emit('before-quit');
    expect(isPrevented(window, 'close')).toBe(false);
  });

  it('never holds up the operating system: a Windows session end or a system shutdown lets it close', () => {
    const windows = lockedKiosk();
    windows.window.emit('session-end');
    expect(isPrevented(windows.window, 'close')).toBe(false);
    const linux = lockedKiosk();
    linux.powerMonitor.emit('shutdown');
    expect(isPrevented(linux.window, 'close')).toBe(false);
    expect([...windows.logs, ...linux.logs]).toEqual([]);
  });
});

describe('the admin exit over IPC', () => {
  const deps = (exitKiosk?: (approvedBy: string) => void): HandlerDeps => ({
    appInfo: () => ({ version: '1', platform: 'linux', electronVersion: '40', isPackaged: true }),
    serverClient: () => null,
    scanSources: () => [],
    journal: () => Promise.reject(new Error('not used')),
    keystore: () => ({ state: 'secure' }),
    logTail: () => [],
    onSessionState: () => undefined,
    chooseExportPath: async () => undefined,
    ...(exitKiosk ? { exitKiosk } : {}),
  });
  const page = { frameUrl: APP_ENTRY_URL, isMainFrame: true };

  it("opens the locked window for the lead the renderer's PIN check approved", async () => {
    const { window, exit, logs, quits } = lockedKiosk();
    const handlers = createIpcHandlers(deps((lead) => exit.exit(lead)));
    expect(await dispatchIpc('kiosk:exit', page, { approvedBy: ' OP-LEAD-1 ' }, handlers)).toEqual({
      ok: true,
      value: { exiting: true },
    });
    expect(quits()).toBe(1);
    expect(logs).toEqual(['kiosk exit approved by OP-LEAD-1']);
    expect(isPrevented(window, 'close')).toBe(false);
  });

  it('without an approving lead, or without an exit wired in, the window stays locked', async () => {
    const { window, exit, quits } = lockedKiosk();
    const handlers = createIpcHandlers(deps((lead) => exit.exit(lead)));
    expect(await dispatchIpc('kiosk:exit', page, {}, handlers)).toMatchObject({ ok: false });
    expect(await dispatchIpc('kiosk:exit', page, { approvedBy: 'OP-1' }, createIpcHandlers(deps()))).toMatchObject({
      ok: false,
      error: { code: 'handler-failed' },
    });
    expect(quits()).toBe(0);
    expect(isPrevented(window, 'close')).toBe(true);
  });
});

describe('renderer recovery on the window', () => {
  it('reloads a crashed or hung page three times, then shows the recovery screen; a clean exit is left alone', () => {
    const { window, contents, calls } = fakeWindow();
    const logs: string[] = [];
    let clock = 0;
    recoverCrashedRenderer(
      window,
      (message) => logs.push(message),
      () => clock,
    );
    contents.emit('render-process-gone', {}, { reason: 'clean-exit' });
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    clock += 1_000;
    window.emit('unresponsive');
    clock += 1_000;
    contents.emit('render-process-gone', {}, { reason: 'oom' });
    clock += 1_000;
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(calls).toEqual(['reload', 'crash', 'reload', 'reload', `load ${RECOVERY_URL}`]);
    expect(logs).toHaveLength(4);
    expect(logs.at(-1)).toMatch(/gone \(crashed\): show-recovery/);
  });
});

describe('single instance', () => {
  function fakeApp(hasLock: boolean) {
    const app = Object.assign(new EventEmitter(), { quits: 0 });
    return Object.assign(app, {
      requestSingleInstanceLock: () => hasLock,
      quit: () => void app.quits++,
    });
  }

  it('the first terminal keeps running and is brought forward by a second start', () => {
    const app = fakeApp(true);
    let forward = 0;
    expect(claimSingleInstance(app, () => void forward++)).toBe(true);
    app.emit('second-instance');
    expect({ forward, quits: app.quits }).toEqual({ forward: 1, quits: 0 });
  });

  it('a second terminal quits at once', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(app, () => undefined)).toBe(false);
    expect(app.quits).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });
});

describe('start on login', () => {
  it.each<[boolean | undefined, NodeJS.Platform, boolean, { openAtLogin: boolean } | null]>([
    [true, 'win32', true, { openAtLogin: true }],
    [false, 'win32', true, { openAtLogin: false }],
    [true, 'darwin', true, { openAtLogin: true }],
    [undefined, 'win32', true, null],
    [true, 'linux', true, null],
    [true, 'win32', false, null],
  ])('startOnLogin %j on %s (packaged %j) → %j', (startOnLogin, platform, isPackaged, expected) => {
    expect(loginItemSettings(startOnLogin, platform, isPackaged)).toEqual(expected);
  });
});
