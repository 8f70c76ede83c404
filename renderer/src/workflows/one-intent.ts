import { useTerminalStore } from '../store/terminal-store';
import { createSingleFlight } from './single-flight';

/**
 * How long, after a save finished, the buttons that may now sit where the tapped one was stay disabled:
 * the second tap of a double tap lands there 100-300 ms after the first, on whatever replaced the button
 * (after "End downtime", "Report downtime"; after "Start setup", "Start production").
 */
export const SETTLE_MS = 500;

let settleTimer: ReturnType<typeof setTimeout> | undefined;

function settle(): void {
  clearTimeout(settleTimer);
  useTerminalStore.setState({ isSettling: true });
  settleTimer = setTimeout(() => useTerminalStore.setState({ isSettling: false }), SETTLE_MS);
}

/** The terminal's guard: every booking action goes through it, keyed by its booking type. */
export const oneIntent = createSingleFlight({
  onBusyChange: (busy) => {
    useTerminalStore.setState({ savingActions: busy });
    if (busy.size === 0) settle();
  },
});
