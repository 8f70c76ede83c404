import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Operation } from '@shared/master-data';
import { useTerminalStore } from '../store/terminal-store';
import type { WorkState } from '@shared/work';

// The selection is kept in the real session database (fake IndexedDB); master data and the work state are
// stand-ins, so each case says which operation exists and where it stands.

const world = vi.hoisted(() => ({
  operations: new Map<string, Operation>(),
  states: new Map<string, WorkState>(),
}));
vi.mock('../data', async () => {
  const { openSessionStore, SessionDb } = await import('../data/session/session-db');
  const session = openSessionStore(new SessionDb('selection-memory-test', {}));
  const master = { getOperation: async (id: string) => world.operations.get(id) };
  return { getTerminalData: () => ({ session, master }) };
});
vi.mock('./operation-rules', () => ({
  currentWorkState: async (operation: Operation) => world.states.get(operation.id) ?? 'released',
}));

const { restoreSelectedOperation, rememberSelectedOperation } = await import('./selection-memory');

function operation(id: string, stationId = 'ST-10'): Operation {
  const op = { id, stationId, orderId: 'FA1', number: '0010', status: 'released' } as Operation;
  world.operations.set(id, op);
  return op;
}

let forget: () => void = () => {};
beforeEach(() => {
  world.operations.clear();
  world.states.clear();
  useTerminalStore.setState({ selectedOperationId: null });
});
afterEach(() => forget());

/** Selects in one "session", then starts a fresh one the way a reload does. */
async function selectThenReload(stationId: string, operationId: string | null): Promise<void> {
  forget = rememberSelectedOperation(stationId);
  useTerminalStore.setState({ selectedOperationId: operationId });
  forget();
  // The save is not awaited by the store: wait until the database says so.
  await vi.waitFor(async () => {
    const { getTerminalData } = await import('../data');
    expect(await getTerminalData().session.readSelectedOperationId(stationId)).toBe(operationId);
  });
  useTerminalStore.setState({ selectedOperationId: null });
}

describe('the selected operation across a reload', () => {
  it('is selected again when it still exists and is not closed', async () => {
    operation('OP-1');
    await selectThenReload('ST-10', 'OP-1');
    await restoreSelectedOperation('ST-10');
    expect(useTerminalStore.getState().selectedOperationId).toBe('OP-1');
  });

  it('is not selected again once closed, gone from master data, or at another station', async () => {
    operation('OP-2');
    world.states.set('OP-2', 'closed');
    await selectThenReload('ST-10', 'OP-2');
    await restoreSelectedOperation('ST-10');
    expect(useTerminalStore.getState().selectedOperationId).toBeNull();

    await selectThenReload('ST-10', 'OP-GONE');
    await restoreSelectedOperation('ST-10');
    expect(useTerminalStore.getState().selectedOperationId).toBeNull();

    operation('OP-3', 'ST-20');
    await selectThenReload('ST-10', 'OP-3');
    await restoreSelectedOperation('ST-10');
    expect(useTerminalStore.getState().selectedOperationId).toBeNull();
  });

  it('is kept per station, and a cleared selection stays cleared', async () => {
    operation('OP-4');
    operation('OP-5', 'ST-20');
    await selectThenReload('ST-10', 'OP-4');
    await selectThenReload('ST-20', 'OP-5');
    await restoreSelectedOperation('ST-10');
    expect(useTerminalStore.getState().selectedOperationId).toBe('OP-4');

    await selectThenReload('ST-10', null);
    await restoreSelectedOperation('ST-10');
    expect(useTerminalStore.getState().selectedOperationId).toBeNull();
  });
});
