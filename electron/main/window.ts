import { BrowserWindow, session, type WebContents } from 'electron';
import { APP_ENTRY_URL } from './security/app-origin';
import { decideNavigation, decideWindowOpen } from './security/navigation-guard';

export interface StationWindowOptions {
  preloadPath: string;
  isDevelopment: boolean;
  kiosk: boolean;
}

/** The one window of a station terminal, locked down per Electron's security checklist. */
export function createStationWindow(options: StationWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk: options.kiosk,
    backgroundColor: '#0b0f14',
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.isDevelopment,
    },
  });
  lockDownContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!decideNavigation(url).allow) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!decideNavigation(url).allow) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => decideWindowOpen());
}

/** No camera, microphone, geolocation or notifications prompts on a kiosk: deny every permission. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
