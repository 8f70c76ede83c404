import { decideUpdate, parseMaintenanceWindow, type UpdateConditions, type UpdateVerdict } from './update-policy';

// Drives electron-updater (generic provider, files hosted by the central server) by the update policy:
// look for an update only when a restart would hurt nobody, download it, and install it only if that is
// still true once the download is done. Nothing here rejects or throws into main: failures are logged.

/** The part of electron-updater's AppUpdater this uses (a fake in tests). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded' | 'error', listener: (value: unknown) => void): unknown;
}

export interface StationUpdaterOptions {
  updater: UpdaterPort;
  serverUrl: string;
  maintenanceWindow: string | undefined;
  /** What the journal and the renderer say right now. */
  state: () => Pick<UpdateConditions, 'pendingInJournal' | 'isOperatorLoggedIn'>;
  now?: () => Date;
  log: (level: 'info' | 'warn', message: string) => void;
}

export interface StationUpdater {
  /** One look: called on a timer by main (and directly by tests). */
  tick(): Promise<void>;
}

/** The folder the central server serves update files from (`--updates`). */
export function updateFeedUrl(serverUrl: string): string {
  return new URL('/updates/', serverUrl).href;
}

export function createStationUpdater(options: StationUpdaterOptions): StationUpdater {
  const { updater, log } = options;
  const now = options.now ?? (() => new Date());
  const window = parseMaintenanceWindow(options.maintenanceWindow);
  let isChecking = false;
  let downloadedVersion: string | null = null;

  updater.autoDownload = true;
  // Installing on an ordinary quit would bypass the policy (a kiosk quits when IT restarts it mid-shift).
  updater.autoInstallOnAppQuit = false;
  updater.setFeedURL({ provider: 'generic', url: updateFeedUrl(options.serverUrl) });
  updater.on('update-downloaded', (info) => {
    downloadedVersion = versionOf(info);
    log('info', `update ${downloadedVersion} downloaded; installed when the policy allows`);
    installIfAllowed();
  });
  updater.on('error', (error) =>
    log('warn', `update failed: ${error instanceof Error ? error.message : String(error)}`),
  );

  function verdict(): UpdateVerdict {
    const at = now();
    return decideUpdate({ ...options.state(), window, minuteOfDay: at.getHours() * 60 + at.getMinutes() });
  }

  function installIfAllowed(): void {
    if (downloadedVersion === null) return;
    const current = verdict();
    if (!current.allowed) return;
    log('info', `installing update ${downloadedVersion} and restarting`);
    try {
      updater.quitAndInstall(true, true);
    } catch (error) {
      log('warn', `installing the update failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    async tick() {
      if (downloadedVersion !== null) return installIfAllowed();
      if (isChecking || !verdict().allowed) return;
      isChecking = true;
      try {
        await updater.checkForUpdates();
      } catch (error) {
        log('warn', `update check failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        isChecking = false;
      }
    },
  };
}

function versionOf(info: unknown): string {
  return typeof info === 'object' && info !== null && 'version' in info && typeof info.version === 'string'
    ? info.version
    : 'unknown';
}
