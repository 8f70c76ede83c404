import { getTerminalData } from '../../data';
import { useTerminalStore } from '../../store/terminal-store';
import { logoutAll } from '../session';
import { DEFAULT_IDLE_LOGOUT_MINUTES, nextShiftEnd, watchIdle, type IdleWatch } from './idle-logout';

// Runs while anyone is logged in: the idle logout (with its visible warning) and the logout at the end of
// the shift. Input anywhere on the page counts as activity, and so does a scan.

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'takt:scan'] as const;
// Timers longer than this overflow in browsers; a later shift end is re-planned when this one fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

export function startSessionTimers(target: Window = window): () => void {
  let idle: IdleWatch | null = null;
  let shiftTimer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  const onActivity = () => idle?.activity();

  const stop = () => {
    generation += 1;
    idle?.stop();
    idle = null;
    if (shiftTimer !== null) clearTimeout(shiftTimer);
    shiftTimer = null;
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onActivity, true);
    useTerminalStore.setState({ idleLogoutAt: null });
  };

  const start = async () => {
    const run = ++generation;
    const { stationId } = useTerminalStore.getState();
    const [station, shifts] = await Promise.all([
      stationId ? getTerminalData().master.getStation(stationId) : undefined,
      getTerminalData().master.listShifts(),
    ]);
    if (run !== generation) return;
    const minutes = station?.idleLogoutMinutes ?? DEFAULT_IDLE_LOGOUT_MINUTES;
    idle = watchIdle({
      idleMs: minutes * 60_000,
      onWarn: (logoutAt) => useTerminalStore.setState({ idleLogoutAt: logoutAt }),
      onActive: () => useTerminalStore.setState({ idleLogoutAt: null }),
      onTimeout: () => void logoutAll('timeout'),
    });
    for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onActivity, { capture: true, passive: true });
    const end = nextShiftEnd(shifts, new Date());
    if (end) {
      const delay = end.getTime() - Date.now();
      shiftTimer = setTimeout(
        () => {
          if (delay <= MAX_TIMER_MS) void logoutAll('shift-end');
          else void restart();
        },
        Math.min(delay, MAX_TIMER_MS),
      );
    }
  };
  const restart = async () => {
    stop();
    if (useTerminalStore.getState().team.length > 0) await start();
  };

  let wasLoggedIn = useTerminalStore.getState().team.length > 0;
  if (wasLoggedIn) void start();
  const unsubscribe = useTerminalStore.subscribe((state) => {
    const isLoggedIn = state.team.length > 0;
    if (isLoggedIn === wasLoggedIn) return;
    wasLoggedIn = isLoggedIn;
    if (isLoggedIn) void start();
    else stop();
  });
  return () => {
    unsubscribe();
    stop();
  };
}
