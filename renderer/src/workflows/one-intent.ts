import { useTerminalStore } from '../store/terminal-store';
import { createSingleFlight } from './single-flight';

/** The terminal's guard: every booking action goes through it, keyed by its booking type. */
export const oneIntent = createSingleFlight({
  onBusyChange: (busy) => useTerminalStore.setState({ savingActions: busy }),
});
