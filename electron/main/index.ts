import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, Menu, safeStorage } from 'electron';
import { registerAppScheme, serveRendererFrom } from './app-protocol';
import { ScanSourceRegistry } from './hardware/scan-sources';
import { createIpcHandlers } from './ipc/handlers';
import { decideKioskMode } from './kiosk/kiosk-mode';
import { lockKioskWindow, recoverCrashedRenderer } from './kiosk/lock-kiosk-window';
import { registerIpcHandlers } from './ipc/register';
import { openJournal } from './journal/journal';
import { createCredentialStore } from './terminal/credential-store';
import { forgetEnrollmentCode, redactEnrollmentCode } from './terminal/forget-enrollment-code';
import { createTerminalConnection, type TerminalConnection } from './terminal/terminal-connection';
import { readTerminalConfig, type TerminalConfig } from './terminal/terminal-config';
import { forwardScansTo } from './scanning/scan-forwarding';
import { createStationWindow, denyAllPermissions } from './window';

// Thin on purpose: everything with logic lives in modules that plain Node tests exercise.

const here = path.dirname(fileURLToPath(import.meta.url));
const ENROLL_RETRY_MS = 10_000;
const isDevelopment = !app.isPackaged && process.env.NODE_ENV !== 'production';

registerAppScheme();

/** The configured enrollment code, kept out of every log line main writes. */
let enrollmentCode: string | undefined;
const logError = (prefix: string, problem: unknown) =>
  console.error(
    redactEnrollmentCode(
      `${prefix} ${problem instanceof Error ? (problem.stack ?? problem.message) : String(problem)}`,
      enrollmentCode,
    ),
  );

// Main never dies of an unexpected error: it is logged, and the terminal keeps its bookings and scanners.
process.on('uncaughtException', (error) => logError('[takt] uncaught error in main:', error));
process.on('unhandledRejection', (reason) => logError('[takt] unhandled rejection in main:', reason));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    // A second start (double-tap on the desktop icon) brings the running terminal forward instead.
    const [window] = BrowserWindow.getAllWindows();
    window?.restore();
    window?.focus();
  });
  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  denyAllPermissions();
  serveRendererFrom(path.join(here, '../renderer'));

  const configFile = path.join(app.getPath('userData'), 'takt-terminal.json');
  const configResult = readTerminalConfig(readOptional(configFile), process.env);
  if (!configResult.ok) logError('[takt] terminal not configured:', configResult.problem);
  const config: TerminalConfig | null = configResult.ok ? configResult.config : null;
  enrollmentCode = config?.enrollmentCode;

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
  scanners.start();
  app.on('will-quit', () => void scanners.stop());

  // Opened once; a journal that cannot be opened makes every append fail, which the operator is told about.
  const journal = openJournal({ dir: path.join(app.getPath('userData'), 'journal') });
  journal.catch((error: unknown) => console.error('[takt] booking journal could not be opened:', error));
  app.on('will-quit', () => void journal.then((opened) => opened.close()).catch(() => undefined));

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
      journal: () => journal,
    }),
  );

  const kiosk = decideKioskMode({
    isPackaged: app.isPackaged,
    nodeEnv: process.env.NODE_ENV,
    kioskVariable: process.env.TAKT_KIOSK,
  });
  const window = createStationWindow({ preloadPath: path.join(here, '../preload/index.cjs'), isDevelopment, kiosk });
  if (kiosk) lockKioskWindow(window);
  recoverCrashedRenderer(window, (message) => console.error(message));
  if (config?.startOnLogin !== undefined && process.platform !== 'linux') {
    // Linux has no login items in Electron: the README's systemd unit starts the terminal there.
    app.setLoginItemSettings({ openAtLogin: config.startOnLogin });
  }
  forwardScansTo(window.webContents, { layout: config?.wedgeLayout ?? 'us' }, scanners);
}

/**
 * A terminal often starts before the network does: try again until the server answers. A code that has
 * just been used is removed from the config file (TAKT_ENROLLMENT_CODE in the environment is IT's to clear).
 */
async function keepEnrolling(connection: TerminalConnection, configFile: string): Promise<void> {
  const wasEnrolled = connection.terminalId() !== null;
  for (;;) {
    const state = await connection.ensureEnrolled();
    console.info(`[takt] enrollment: ${state}`);
    if (state === 'enrolled' && !wasEnrolled) {
      console.info(`[takt] enrollment code in takt-terminal.json: ${forgetEnrollmentCode(configFile)}`);
    }
    if (state !== 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, ENROLL_RETRY_MS));
  }
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
