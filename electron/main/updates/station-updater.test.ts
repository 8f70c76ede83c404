import { describe, expect, it } from 'vitest';
import { createStationUpdater, updateFeedUrl, type UpdaterPort } from './station-updater';

function fakeUpdater(check: () => Promise<unknown> = async () => null) {
  const listeners = new Map<string, (value: unknown) => void>();
  const calls: string[] = [];
  const updater: UpdaterPort = {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    setFeedURL: (options) => void calls.push(`feed ${options.provider} ${options.url}`),
    checkForUpdates: () => {
      calls.push('check');
      return check();
    },
    quitAndInstall: () => void calls.push('install'),
    on: (event, listener) => listeners.set(event, listener),
  };
  return { updater, calls, emit: (event: string, value: unknown) => listeners.get(event)?.(value) };
}

function setup(check?: () => Promise<unknown>) {
  const fake = fakeUpdater(check);
  const state = { pendingInJournal: 0 as number | null, isOperatorLoggedIn: false as boolean | null };
  let clock = new Date(2026, 11, 2, 3, 0); // 03:00 local, inside the window
  const logs: string[] = [];
  const stationUpdater = createStationUpdater({
    updater: fake.updater,
    serverUrl: 'https://mes.plant.local:8443/ignored/path?x=1',
    maintenanceWindow: '02:00-04:00',
    state: () => state,
    now: () => clock,
    log: (level, message) => logs.push(`${level} ${message}`),
  });
  return { ...fake, state, logs, stationUpdater, setClock: (date: Date) => (clock = date) };
}

describe('station updater', () => {
  it('asks the central server, never installs on an ordinary quit', () => {
    const { updater, calls } = setup();
    expect(calls).toEqual(['feed generic https://mes.plant.local:8443/updates/']);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updateFeedUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/updates/');
  });

  it('looks for an update only inside the window, with an empty journal and nobody logged in', async () => {
    const { calls, state, stationUpdater, setClock } = setup();
    state.isOperatorLoggedIn = true;
    await stationUpdater.tick();
    state.isOperatorLoggedIn = false;
    state.pendingInJournal = 2;
    await stationUpdater.tick();
    state.pendingInJournal = 0;
    setClock(new Date(2026, 11, 2, 10, 0));
    await stationUpdater.tick();
    expect(calls.filter((call) => call === 'check')).toEqual([]);
    setClock(new Date(2026, 11, 2, 2, 30));
    await stationUpdater.tick();
    expect(calls.filter((call) => call === 'check')).toEqual(['check']);
  });

  it('installs a downloaded update only once nobody is logged in any more', async () => {
    const { calls, state, stationUpdater, emit } = setup();
    await stationUpdater.tick();
    state.isOperatorLoggedIn = true; // someone logged in while it downloaded
    emit('update-downloaded', { version: '1.2.0' });
    expect(calls).not.toContain('install');
    await stationUpdater.tick();
    expect(calls).not.toContain('install');
    state.isOperatorLoggedIn = false;
    await stationUpdater.tick();
    expect(calls.filter((call) => call === 'install')).toHaveLength(1);
  });

  it('logs a failing check and an updater error instead of rejecting', async () => {
    const { stationUpdater, logs, emit } = setup(() => Promise.reject(new Error('404 latest-linux.yml')));
    await expect(stationUpdater.tick()).resolves.toBeUndefined();
    emit('error', new Error('sha512 checksum mismatch'));
    expect(logs).toEqual([
      'warn update check failed: 404 latest-linux.yml',
      'warn update failed: sha512 checksum mismatch',
    ]);
  });

  it('never updates without a maintenance window', async () => {
    const fake = fakeUpdater();
    const stationUpdater = createStationUpdater({
      updater: fake.updater,
      serverUrl: 'https://mes.plant.local:8443',
      maintenanceWindow: undefined,
      state: () => ({ pendingInJournal: 0, isOperatorLoggedIn: false }),
      log: () => undefined,
    });
    await stationUpdater.tick();
    expect(fake.calls).not.toContain('check');
  });
});
