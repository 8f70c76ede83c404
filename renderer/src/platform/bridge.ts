import type { TaktBridge } from '@shared/ipc/contract';

declare global {
  interface Window {
    /** Present only inside the Electron shell (exposed by the preload); absent in a plain browser. */
    takt?: TaktBridge;
  }
}

export function electronBridge(): TaktBridge | null {
  return typeof window !== 'undefined' && window.takt ? window.takt : null;
}
