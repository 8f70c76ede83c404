// Whether the station window runs as a kiosk. A packaged terminal always does: an environment variable on a
// shop-floor PC must not be a way out. Development builds start windowed unless TAKT_KIOSK=1 asks otherwise.

export interface KioskModeInput {
  isPackaged: boolean;
  nodeEnv: string | undefined;
  kioskVariable: string | undefined;
}

export function decideKioskMode(input: KioskModeInput): boolean {
  if (input.isPackaged || input.nodeEnv === 'production') return true;
  return input.kioskVariable === '1';
}

/**
 * `startOnLogin` from takt-terminal.json as app.setLoginItemSettings wants it, or null to leave the OS alone:
 * when unset, on Linux (Electron has no login items there; the systemd unit starts the terminal) and in a
 * development build (it would register the bare Electron binary).
 */
export function loginItemSettings(
  startOnLogin: boolean | undefined,
  platform: NodeJS.Platform,
  isPackaged: boolean,
): { openAtLogin: boolean } | null {
  if (startOnLogin === undefined || platform === 'linux' || !isPackaged) return null;
  return { openAtLogin: startOnLogin };
}
