import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, powerMonitor, powerSaveBlocker, safeStorage } from 'electron';
import electronUpdater from 'electron-updater';
import { registerAppScheme, serveRendererFrom } from './app-protocol';
import { ScanSourceRegistry } from './hardware/scan-sources';
import { createIpcHandlers } from './ipc/handlers';
import { decideKioskMode, loginItemSettings } from './kiosk/kiosk-mode';
import { createKioskExit } from './kiosk/kiosk-exit';
import { claimSingleInstance } from './kiosk/single-instance';
import { lockKioskWindow, recoverCrashedRenderer } from './kiosk/lock-kiosk-window';
import { registerIpcHandlers } from './ipc/register';
import { openJournal, type BookingJournal } from './journal/journal';
import { createCredentialStore } from './terminal/credential-store';
import { checkKeystore } from './keystore/keystore-status';
import { createDeviceLog, createSyncErrorLog } from './log/change-log';
import { redactSecrets } from './log/redact-secrets';
import { createRotatingLog, describeProblem } from './log/rotating-log';
import { forgetEnrollmentCode } from './terminal/forget-enrollment-code';
import { createTerminalConnection, type TerminalConnection } from './terminal/terminal-connection';
import { startMainHeartbeat } from './terminal/terminal-heartbeat';
import { startTokenRotation } from './terminal/token-rotation';
import { readTerminalConfig, type TerminalConfig } from './terminal/terminal-config';
import { forwardScansTo } from './scanning/scan-forwarding';
import { createStationUpdater } from './updates/station-updater';
import { createStationWindow, denyAllPermissions } from './window';
import { startStationMachines } from './machines/station-machines';
import type { KeystoreStatus } from '@shared/ipc/terminal-health';

// Thin on purpose: everything with logic lives in modules that plain Node tests exercise.

const here = path.dirname(fileURLToPath(import.meta.url));
const ENROLL_RETRY_MS = 10_000;
const UPDATE_LOOK_MS = 10 * 60_000;
const HEARTBEAT_MS = 30_000;
const isDevelopment = !app.isPackaged && process.env.NODE_ENV !== 'production';

registerAppScheme();

/** The configured enrollment code, kept out of every log line main writes. */
let enrollmentCode: string | undefined;
// Rotating files in the user-data folder (`logs/takt.log`); a development build shows the lines too.
const log = createRotatingLog({
  dir: path.join(app.getPath('userData'), 'logs'),
  redact: (line) => redactSecrets(line, enrollmentCode),
  fallback: (line) => console.error(line),
  ...(isDevelopment ? { echo: (line: string) => console.info(line) } : {}),
});
let keystore: KeystoreStatus = { state: 'unknown' };
/** As the renderer last reported it; unknown (no update) until it has. */
let isOperatorLoggedIn: boolean | null = null;

// Main never dies of an unexpected error: it is logged, and the terminal keeps its bookings and scanners.
process.on('uncaughtException', (error) => log.error('main', 'uncaught error:', error));
process.on('unhandledRejection', (reason) => log.error('main', 'unhandled rejection:', reason));

// The kiosk window closes only when the app quits or a lead approved the exit (kiosk/kiosk-exit.ts).
const kioskExit = createKioskExit({ quit: () => app.quit(), log: (message) => log.warn('kiosk', message) });

const isTheTerminal = claimSingleInstance(app, () => {
  const [window] = BrowserWindow.getAllWindows();
  window?.restore();
  window?.focus();
});
if (isTheTerminal) {
  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  denyAllPermissions();
  serveRendererFrom(path.join(here, '../renderer'));

  const configFile = path.join(app.getPath('userData'), 'takt-terminal.json');
  const configResult = readTerminalConfig(readOptional(configFile), process.env);
  const config: TerminalConfig | null = configResult.ok ? configResult.config : null;
  enrollmentCode = config?.enrollmentCode;
  log.info('start', `Takt ${app.getVersion()} on ${process.platform}, Electron ${process.versions.electron ?? '?'}`);
  if (config) log.info('config', describeConfig(config));
  else log.error('config', 'terminal not configured:', configResult.ok ? 'no config' : configResult.problem);
  void checkKeystore(
    {
      platform: process.platform,
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      selectedBackend: () => safeStorage.getSelectedStorageBackend(),
    },
    { onAttemptFailed: (problem) => log.warn('keystore', `check failed, trying again: ${describeProblem(problem)}`) },
  ).then((status) => {
    keystore = status;
    const line = `token protection: ${status.state}${status.backend ? ` (backend ${status.backend})` : ''}`;
    if (status.state === 'secure') log.info('keystore', line);
    else log.warn('keystore', `${line}: a copied user-data folder gives the terminal token away`);
  });

  const connection: TerminalConnection | null = config
    ? createTerminalConnection(
        config,
        createCredentialStore(path.join(app.getPath('userData'), 'credentials.json'), {
          encrypt: (plain) => safeStorage.encryptString(plain),
          decrypt: (encrypted) => safeStorage.decryptString(encrypted),
        }),
      )
    : null;
  if (connection) void keepEnrolling(connection, configFile);

  const scanners = ScanSourceRegistry.fromConfigs(config?.scanSources ?? []);
  scanners.onStatus(createDeviceLog(log));
  scanners.start();
  app.on('will-quit', () => void scanners.stop());

  const heartbeat = startMainHeartbeat({
    client: () => connection?.client() ?? null,
    appVersion: app.getVersion(),
    scanners: () => scanners.statuses(),
    intervalMs: HEARTBEAT_MS,
  });
  app.on('will-quit', () => heartbeat.stop());

  // The token is renewed on a schedule; a rotation that fails leaves the old token valid and is tried again.
  const tokenRotation = connection
    ? startTokenRotation({
        connection,
        ...(config?.tokenRotationDays === undefined ? {} : { everyDays: config.tokenRotationDays }),
        onResult: (result) => {
          if (result === 'failed') log.warn('token', 'token rotation failed; the current token stays valid');
          else if (result === 'unsupported') log.info('token', 'the server cannot rotate tokens; the token stays');
          else if (result !== 'not-enrolled') log.info('token', `token rotation: ${result}`);
        },
      })
    : null;
  app.on('will-quit', () => tokenRotation?.stop());

  // Opened once; a journal that cannot be opened makes every append fail, which the operator is told about.
  const journal = openJournal({ dir: path.join(app.getPath('userData'), 'journal') });
  journal.catch((error: unknown) => log.error('journal', 'booking journal could not be opened:', error));
  app.on('will-quit', () => void journal.then((opened) => opened.close()).catch(() => undefined));

  // Machines wired to the station: their bookings are drafted here and captured by the page like any other
  // (electron/main/machines/acquisition-outlet.ts); without `machines` in the config nothing of this runs.
  // The window comes after the IPC handlers; until it is there, drafts wait in the outlet.
  const stationPage: { contents?: Electron.WebContents } = {};
  const machines = config?.machines?.length
    ? startStationMachines({
        machines: config.machines,
        journal,
        resumeFile: path.join(app.getPath('userData'), 'machine-resume.json'),
        send: (message) => {
          const page = stationPage.contents;
          if (page && !page.isDestroyed()) page.send('machine:draft', message);
        },
        log,
      })
    : null;
  if (machines) app.on('will-quit', () => void machines.stop());

  registerIpcHandlers(
    createIpcHandlers({
      appInfo: () => ({
        version: app.getVersion(),
        platform: process.platform,
        electronVersion: process.versions.electron ?? 'unknown',
        isPackaged: app.isPackaged,
        ...(config ? { stationId: config.stationId, serverUrl: config.serverUrl } : {}),
        ...terminalIdOf(connection),
      }),
      serverClient: () => connection?.client() ?? null,
      scanSources: () => scanners.statuses(),
      journal: () => machines?.journal ?? journal,
      keystore: () => keystore,
      logTail: (lines) => log.tail(lines),
      onSyncOutcome: createSyncErrorLog(log),
      onAcknowledged: (opened) => {
        // An earlier identity's token is kept until the journal holds none of its bookings unacknowledged.
        const forgotten = connection?.forgetDrained((terminalId) => opened.pendingCount(terminalId) === 0) ?? [];
        for (const terminalId of forgotten) log.info('enrollment', `credentials of ${terminalId} deleted: all sent`);
      },
      exitKiosk: (approvedBy) => kioskExit.exit(approvedBy),
      ...(machines && config
        ? {
            stationMachines: {
              stationId: config.stationId,
              updateSettings: (settings) => {
                machines.updateSettings(settings);
                log.info(
                  'machines',
                  `station thresholds: a count every ${settings.countIntervalMs / 1_000} s, states held ${settings.stateHoldMs / 1_000} s`,
                );
              },
            },
          }
        : {}),
      onSessionState: (loggedIn) => {
        isOperatorLoggedIn = loggedIn;
      },
      log: (message) => log.warn('journal', message),
      reportOutbox: (report) => heartbeat.report(report),
      chooseExportPath: async (suggestedName) => {
        const [owner] = BrowserWindow.getAllWindows();
        const options = {
          defaultPath: path.join(app.getPath('documents'), suggestedName),
          filters: [{ name: 'JSON', extensions: ['json'] }],
        };
        const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
        return choice.canceled || !choice.filePath ? undefined : choice.filePath;
      },
      onExportSaved: (answer) =>
        answer.outcome === 'failed'
          ? log.error('export', `pending bookings not saved: ${answer.reason}`)
          : log.info('export', answer.outcome === 'saved' ? `pending bookings saved to ${answer.path}` : 'cancelled'),
    }),
  );

  const kiosk = decideKioskMode({
    isPackaged: app.isPackaged,
    nodeEnv: process.env.NODE_ENV,
    kioskVariable: process.env.TAKT_KIOSK,
  });
  const window = createStationWindow({ preloadPath: path.join(here, '../preload/index.cjs'), isDevelopment, kiosk });
  if (kiosk)
    lockKioskWindow(window, { app, powerSaveBlocker, powerMonitor, platform: process.platform, exit: kioskExit });
  recoverCrashedRenderer(window, (message) => log.error('renderer', message));
  stationPage.contents = window.webContents;
  // A draft sent before the page listened, or lost with a crashed page, goes again once it has loaded.
  if (machines) window.webContents.on('did-finish-load', () => machines.resend());
  const loginItem = loginItemSettings(config?.startOnLogin, process.platform, app.isPackaged);
  if (loginItem) app.setLoginItemSettings(loginItem);
  forwardScansTo(window.webContents, { layout: config?.wedgeLayout ?? 'us' }, scanners);
  if (config && app.isPackaged) startUpdates(config, journal);
}

/** Updates from the central server's update folder, by the policy in updates/update-policy.ts. */
function startUpdates(config: TerminalConfig, journal: Promise<BookingJournal>): void {
  // Read live at each decision: a journal that could not be opened counts as unknown, which never updates.
  let openedJournal: BookingJournal | null = null;
  journal.then((opened) => (openedJournal = opened)).catch(() => undefined);
  const updater = createStationUpdater({
    updater: electronUpdater.autoUpdater,
    serverUrl: config.serverUrl,
    maintenanceWindow: config.maintenanceWindow,
    state: () => ({ pendingInJournal: openedJournal?.pendingCount() ?? null, isOperatorLoggedIn }),
    log: (level, message) => log[level]('update', message),
  });
  if (config.maintenanceWindow === undefined) log.info('update', 'no maintenanceWindow configured: updates off');
  setInterval(() => void updater.tick(), UPDATE_LOOK_MS);
}

/**
 * A terminal often starts before the network does: try again until the server answers. A code that has
 * just been used is removed from the config file (TAKT_ENROLLMENT_CODE in the environment is IT's to clear).
 */
async function keepEnrolling(connection: TerminalConnection, configFile: string): Promise<void> {
  const wasEnrolled = connection.terminalId() !== null;
  for (;;) {
    const state = await connection.ensureEnrolled();
    log.info('enrollment', state);
    if (state === 'enrolled' && !wasEnrolled) {
      log.info('enrollment', `enrollment code in takt-terminal.json: ${forgetEnrollmentCode(configFile)}`);
    }
    if (state !== 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, ENROLL_RETRY_MS));
  }
}

/** Station, server and devices: what plant IT needs to read a log, without the enrollment code. */
function describeConfig(config: TerminalConfig): string {
  const devices = config.scanSources.map((source) => `${source.deviceId} (${source.kind})`).join(', ');
  const machines = (config.machines ?? []).map((machine) => `${machine.machineId} (${machine.kind})`).join(', ');
  return `station ${config.stationId}, server ${config.serverUrl}, devices: ${devices || 'none'}, machines: ${machines || 'none'}`;
}

function terminalIdOf(connection: TerminalConnection | null): { terminalId?: string } {
  const terminalId = connection?.terminalId();
  return terminalId ? { terminalId } : {};
}

function readOptional(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
