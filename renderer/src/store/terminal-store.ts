import { create } from 'zustand';
import type { StationScanPatterns } from '@shared/master-data';
import type { Language } from '../i18n/messages';
import { DEFAULT_MACHINE_SETTINGS, type MachineSettings } from '@shared/machine';
import { INITIAL_SYNC_HEALTH, type SyncHealth } from '@shared/sync-health';
import type { MaterialEntry } from '../workflows/material-scan';
import type { MachineFacts } from '../workflows/machine/machine-view';
import type { StationActivity } from '../workflows/operation-activity';
import type { OperationInspections } from '../workflows/quality/inspection-history';
import type { TeamMember } from '../workflows/identity/team';
import type { Question } from '../workflows/rules/verdict';

// One store made of slices. Components read it through narrow selectors; side effects live in the
// workflows (renderer/src/workflows/), which write the results here, never in components.

/** The sync engine's health, as it publishes it. */
export type ConnectionSlice = SyncHealth;

export interface StationSlice {
  stationId: string | null;
  stationName: string | null;
  scanPatterns: StationScanPatterns;
  /** Bumped whenever a master-data pull lands, so screens re-read what they show. */
  masterRevision: number;
  /** Every dataset has been downloaded at least once; until then badges and orders cannot be checked. */
  hasMasterData: boolean;
  /** The station's machine thresholds from master data (defaults where it says nothing). */
  machineSettings: MachineSettings;
  /** Master data says a machine is wired to this station (its `machine` settings are there). */
  hasMachineSettings: boolean;
  /** 'setup' until the terminal is enrolled and has master data; then 'ready'. */
  /** `insecure`: a browser terminal on plain http (no crypto, no service worker); `recovery`: main gave up reloading a crashing page. */
  phase: 'starting' | 'setup' | 'ready' | 'insecure' | 'recovery';
}

export type WorkPanel =
  | 'good'
  | 'scrap'
  | 'rework'
  | 'partial'
  | 'interrupt'
  | 'downtime'
  | 'quality'
  | 'note'
  | 'history'
  | 'material'
  | null;

/** A booking held back until the operator answers a question about it (plausibility, downtime, finish). */
export interface PendingConfirmation {
  question: Question;
  accept: () => Promise<void>;
  /** Told when the operator says no (or cancels), for a step that waits on the answer. */
  decline?: () => void;
}

export interface WorkSlice {
  selectedOperationId: string | null;
  panel: WorkPanel;
  activity: StationActivity;
  /** The machine bookings of the station, read with the activity. */
  machine: MachineFacts;
  /** Per operation: what the quality plan's due rules count from. */
  inspections: Map<string, OperationInspections>;
  confirmation: PendingConfirmation | null;
  /** Actions (booking types) being saved right now; their buttons show it and ignore repeats. */
  savingActions: ReadonlySet<string>;
  /** A save just finished: buttons that may have taken the tapped one's place ignore the rest of the tap. */
  isSettling: boolean;
  /** A checked component label waiting for the operator to enter its quantity. */
  materialEntry: MaterialEntry | null;
}

/** The PIN step of a login or a lead approval, as the dialog shows it. */
export interface PinPrompt {
  purpose: 'login' | 'approval';
  /** `badge`: an approval waits for a lead's badge; `pin`: waits for the PIN of `name`. */
  step: 'badge' | 'pin';
  /** Whose PIN is asked for; null for a typed badge number (not checked until the PIN is entered). */
  name: string | null;
  /** Why a lead is asked (translation key), for approvals. */
  reasonKey: string | null;
  lockedUntil: number | null;
  attemptsLeft: number;
  isChecking: boolean;
  /** Translation key of the last failure, shown inside the dialog. */
  errorKey: string | null;
}

export interface SessionSlice {
  /** The active team member: bookings carry this one. */
  operator: TeamMember | null;
  /** Everyone logged in at this station, in joining order. */
  team: readonly TeamMember[];
  pinPrompt: PinPrompt | null;
  /** Set while the idle warning is shown: when the team will be logged out. */
  idleLogoutAt: number | null;
}

export interface UiSlice {
  language: Language;
  view: 'work' | 'status';
}

export type TerminalState = ConnectionSlice & StationSlice & SessionSlice & WorkSlice & UiSlice;

export const initialConnection: ConnectionSlice = {
  ...INITIAL_SYNC_HEALTH,
  isOnline: typeof navigator === 'undefined' ? true : navigator.onLine,
};

export const useTerminalStore = create<TerminalState>()(() => ({
  ...initialConnection,
  stationId: null,
  stationName: null,
  scanPatterns: {},
  masterRevision: 0,
  hasMasterData: false,
  machineSettings: DEFAULT_MACHINE_SETTINGS,
  hasMachineSettings: false,
  phase: 'starting',
  operator: null,
  team: [],
  pinPrompt: null,
  idleLogoutAt: null,
  selectedOperationId: null,
  panel: null,
  confirmation: null,
  activity: { operations: new Map(), downtimeReason: null, downtimeChangedAt: null },
  machine: { machineId: null, runs: [], counts: [], downtimeStarts: [] },
  savingActions: new Set(),
  isSettling: false,
  inspections: new Map(),
  materialEntry: null,
  language: 'de',
  view: 'work',
}));
