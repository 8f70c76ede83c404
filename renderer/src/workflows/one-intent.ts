import { useTerminalStore } from '../store/terminal-store';
import { createSingleFlight } from './single-flight';

/**
 * How long, after a save finished, the buttons that may now sit where the tapped one was stay disabled:
 * the second tap of a double tap lands there 100-300 ms after the first, on whatever replaced the button
 * (after "End downtime", "Report downtime"; after "Start setup", "Start production").
 */
export const SETTLE_MS = 500;

let settleTimer: ReturnType<typeof setTimeout> | undefined;
/** On the events' clock (performance.now): taps that happened before this belong to the last save. */
let tapsIgnoredUntil = 0;

function settle(): void {
  clearTimeout(settleTimer);
  tapsIgnoredUntil = performance.now() + SETTLE_MS;
  useTerminalStore.setState({ isSettling: true });
  settleTimer = setTimeout(() => useTerminalStore.setState({ isSettling: false }), SETTLE_MS);
}

/** The terminal's guard: every booking action goes through it, keyed by its booking type. */
export const oneIntent = createSingleFlight({
  onBusyChange: (busy) => {
    useTerminalStore.setState({ savingActions: busy });
    // A panel may close before its save is done: a tap while anything saves is the rest of that tap, too.
    if (busy.size === 0) settle();
    else tapsIgnoredUntil = Number.POSITIVE_INFINITY;
  },
});

/**
 * Whether a tap is the rest of a double tap on a save. The disabled buttons cover this while the terminal keeps
 * up; a busy renderer may handle the second tap only after they were enabled again, so the tap is judged by
 * when it happened (the event's time stamp), not by when it was handled.
 */
export function isTapOfLastSave(eventTimeStamp: number): boolean {
  return eventTimeStamp < tapsIgnoredUntil;
}
