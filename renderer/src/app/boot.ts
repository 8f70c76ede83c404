import { appVersion } from './app-version';
import { getTerminalData } from '../data';
import { electronBridge } from '../platform/bridge';
import { useTerminalStore } from '../store/terminal-store';
import {
  createFetchTransport,
  createIpcTransport,
  enrollTerminal,
  startBrowserTokenRotation,
  startSyncEngine,
  type SyncEngine,
} from '../sync';
import type { TaktBridge } from '@shared/ipc/contract';
import { machineSettingsOf } from '@shared/machine';
import { ScanReceivedSchema } from '@shared/ipc/events';
import { listenForBridgeWedgeKeys, listenForWedgeScans } from '../scan/wedge-listener';
import { routeScan } from '../workflows/scan-router';
import { refreshActivity } from '../workflows/station-work';
import { createMachineDraftCapture } from '../workflows/machine-drafts';
import { createMachineSettingsTeller } from '../workflows/machine/machine-settings-for-main';
import { journalThroughMain, reconcileWithJournal } from './journal-reconcile';
import { startSessionTimers } from '../workflows/identity/session-timers';
import { teamFromBookings } from '../workflows/identity/team';
import { restoreSelectedOperation, rememberSelectedOperation } from '../workflows/selection-memory';
import { restoreTeam } from '../workflows/session';

// Start-up: open local data, find out who this terminal is (Electron: ask main; browser: own enrollment),
// start syncing, and listen for scans. Nothing here waits for the network: the terminal works offline.

let engine: SyncEngine | null = null;
let stopTokenRotation: (() => void) | null = null;

const MAIN_ENROLLMENT_POLL_MS = 2_000;

export async function bootTerminal(): Promise<void> {
  const bridge = electronBridge();
  if (!bridge && !window.isSecureContext) {
    // Badge hashing (crypto.subtle) and the offline shell need a secure origin: say so before anything fails.
    useTerminalStore.setState({ phase: 'insecure' });
    return;
  }
  const data = getTerminalData();
  if (bridge) {
    // Before anything can be captured: from now on "saved" means IndexedDB and main's journal hold it.
    data.attachJournal(journalThroughMain(bridge));
    // Main enrolls with the station's configured code (maybe while the network is still coming up).
    while (!(await adoptIdentityFromMain(bridge)) && !(await getTerminalData().readIdentity())) {
      useTerminalStore.setState({ phase: 'setup' });
      await new Promise((resolve) => setTimeout(resolve, MAIN_ENROLLMENT_POLL_MS));
    }
    // Before sync starts and before the operator can book: lost bookings come back with their own seqs.
    await reconcileWithJournal(bridge);
  } else {
    await enrollFromSetupLink();
  }

  const identity = await getTerminalData().readIdentity();
  if (!identity) {
    useTerminalStore.setState({ phase: 'setup' });
    return;
  }
  await startTerminal(identity.stationId);
}

/** Called by the setup screen once enrollment succeeded. */
export async function completeSetup(stationId: string, enrollmentCode: string): Promise<void> {
  await enrollTerminal(window.location.origin, stationId, enrollmentCode);
  await startTerminal(stationId);
}

/**
 * The admin screen's re-enrollment (browser terminal). The old identity's token stays stored until its
 * pending bookings are sent (saveIdentity); the page then starts afresh as the new identity, so nothing of
 * the old station (its operation, its subscriptions) carries over.
 */
export async function reenrollTerminal(stationId: string, enrollmentCode: string): Promise<void> {
  await enrollTerminal(window.location.origin, stationId, enrollmentCode);
  window.location.reload();
}

let isListeningForScans = false;

async function startTerminal(stationId: string): Promise<void> {
  // Listen first: a scan during start-up is routed once the data is there, never lost.
  if (!isListeningForScans) {
    listenForScans();
    startSessionTimers();
    isListeningForScans = true;
  }
  useTerminalStore.setState({ stationId, phase: 'ready' });
  await loadStation(stationId);
  getTerminalData().changes.subscribe((change) => {
    if (change === 'master') void loadStation(stationId);
    if (change === 'captured') void refreshActivity();
  });
  await refreshActivity();
  await restoreOperator();
  await restoreSelection(stationId);
  window.dispatchEvent(new Event('takt:ready'));
  // Sync starts once the operator can work: its first reads of a large backlog must not delay that.
  startSync();
}

function startSync(): void {
  const bridge = electronBridge();
  const transport = bridge
    ? createIpcTransport(bridge)
    : createFetchTransport({
        baseUrl: window.location.origin,
        getToken: (terminalId) => getTerminalData().readToken(terminalId),
      });
  void engine?.stop();
  const started = startSyncEngine({ transport, heartbeat: { appVersion: appVersion() } });
  engine = started;
  // Electron's token is main's to rotate; a browser terminal rotates its own.
  stopTokenRotation?.();
  stopTokenRotation = bridge
    ? null
    : startBrowserTokenRotation({ store: getTerminalData().tokenRotation, baseUrl: window.location.origin });
  // The health goes to the store as the engine publishes it: one shape, no copy. A replaced engine's last
  // words are not news.
  started.health.subscribe((health) => {
    if (engine === started) useTerminalStore.setState(health);
  });
  useTerminalStore.setState(started.health.getHealth());
}

/** "Retry now": push and pull at once, whatever the backoff says. */
export async function retrySyncNow(): Promise<void> {
  await engine?.syncNow();
}

function listenForScans(): void {
  const onScan = (text: string) => void routeScan({ text });
  const bridge = electronBridge();
  if (!bridge) {
    listenForWedgeScans(window, { onScan });
    return;
  }
  listenForBridgeWedgeKeys(window, bridge, { onScan });
  bridge.subscribe('scan:received', (payload) => {
    const scan = ScanReceivedSchema.safeParse(payload);
    if (scan.success) void routeScan({ text: scan.data.text, isBadgeSource: scan.data.source === 'badge' });
  });
  // Machine bookings drafted in main are captured here like any other booking (workflows/machine-drafts.ts).
  const captureMachineDraft = createMachineDraftCapture(() => useTerminalStore.getState().stationId);
  bridge.subscribe('machine:draft', (payload) => void captureMachineDraft(payload));
}

let tellMainMachineSettings: ReturnType<typeof createMachineSettingsTeller> | null = null;

async function loadStation(stationId: string): Promise<void> {
  const station = await getTerminalData().master.getStation(stationId);
  // Main counts and debounces by these thresholds (Electron only; a browser terminal has no main).
  tellMainMachineSettings ??= createMachineSettingsTeller(electronBridge());
  void tellMainMachineSettings(stationId, station);
  const datasets = await getTerminalData().master.readStatus();
  useTerminalStore.setState((state) => ({
    hasMasterData: datasets.every((dataset) => dataset.hasData),
    stationName: station?.name ?? null,
    scanPatterns: station?.scanPatterns ?? {},
    machineSettings: machineSettingsOf(station),
    hasMachineSettings: station?.machine !== undefined,
    masterRevision: state.masterRevision + 1,
  }));
}

/** After a reload or crash the team that was logged in (by the bookings) stays logged in. */
async function restoreOperator(): Promise<void> {
  const preferred = await getTerminalData().session.readActiveOperatorId();
  const { memberIds, activeId } = teamFromBookings(await getTerminalData().history.listRecentBookings(500), preferred);
  await restoreTeam(memberIds, activeId);
}

let forgetSelection: (() => void) | null = null;

/** The operation selected before the reload is selected again while someone is logged in to work on it. */
async function restoreSelection(stationId: string): Promise<void> {
  forgetSelection?.();
  if (useTerminalStore.getState().team.length > 0) await restoreSelectedOperation(stationId);
  forgetSelection = rememberSelectedOperation(stationId);
}

/** True once main has enrolled and the renderer knows the terminal id (never the token). */
async function adoptIdentityFromMain(bridge: TaktBridge): Promise<boolean> {
  const info = await bridge['app:info'](undefined);
  if (!info.ok || !info.value.terminalId || !info.value.stationId) return false;
  const current = await getTerminalData().readIdentity();
  if (current?.terminalId !== info.value.terminalId || current.stationId !== info.value.stationId) {
    await getTerminalData().saveIdentity({ terminalId: info.value.terminalId, stationId: info.value.stationId });
  }
  return true;
}

/**
 * A setup link `/?station=ST-10&enroll=CODE` enrolls a browser terminal once. The code is removed from the
 * address bar straight away so it does not stay in history.
 */
async function enrollFromSetupLink(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const stationId = params.get('station');
  const code = params.get('enroll');
  if (!stationId || !code) return;
  window.history.replaceState(null, '', window.location.pathname);
  const current = await getTerminalData().readIdentity();
  if (current?.stationId === stationId) return;
  try {
    await enrollTerminal(window.location.origin, stationId, code);
  } catch {
    // The setup screen shows and lets IT enter the station and code by hand.
  }
}
