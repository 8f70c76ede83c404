import { getTerminalData } from '../data';
import { useTerminalStore } from '../store/terminal-store';
import { currentWorkState } from './operation-rules';

// The selected operation survives a reload (a crash, an update, a browser refresh): it is kept per station
// in the terminal's session data and selected again at start-up while work can still be booked on it.

/** Selects the operation that was selected before the reload, if it still exists here and is not closed. */
export async function restoreSelectedOperation(stationId: string): Promise<void> {
  const operationId = await getTerminalData().session.readSelectedOperationId(stationId);
  if (!operationId) return;
  const operation = await getTerminalData().master.getOperation(operationId);
  const isSelectable =
    operation !== undefined && operation.stationId === stationId && (await currentWorkState(operation)) !== 'closed';
  // Only if nothing was selected meanwhile (a scan during start-up wins).
  if (isSelectable && useTerminalStore.getState().selectedOperationId === null) {
    useTerminalStore.setState({ selectedOperationId: operationId });
  }
}

/** From now on every change of the selection (tap, scan, logout of the last member) is kept. */
export function rememberSelectedOperation(stationId: string): () => void {
  return useTerminalStore.subscribe((state, previous) => {
    if (state.selectedOperationId === previous.selectedOperationId) return;
    void getTerminalData().session.saveSelectedOperationId(stationId, state.selectedOperationId);
  });
}
