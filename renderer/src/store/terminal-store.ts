import { create } from 'zustand';
import type { Language } from '../i18n/messages';

// One store made of slices. Components read it through narrow selectors; side effects live in actions
// (in ./actions), never in components.

export interface ConnectionSlice {
  isOnline: boolean;
  pendingCount: number;
  oldestPendingAt: number | null;
  lastSyncAt: number | null;
  deadLetterCount: number;
  isSyncing: boolean;
}

export interface StationSlice {
  stationId: string | null;
  stationName: string | null;
}

export interface SessionSlice {
  operator: { id: string; name: string; role: 'operator' | 'lead' } | null;
}

export interface UiSlice {
  language: Language;
}

export type TerminalState = ConnectionSlice & StationSlice & SessionSlice & UiSlice;

export const initialConnection: ConnectionSlice = {
  isOnline: typeof navigator === 'undefined' ? true : navigator.onLine,
  pendingCount: 0,
  oldestPendingAt: null,
  lastSyncAt: null,
  deadLetterCount: 0,
  isSyncing: false,
};

export const useTerminalStore = create<TerminalState>()(() => ({
  ...initialConnection,
  stationId: null,
  stationName: null,
  operator: null,
  language: 'de',
}));
