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
