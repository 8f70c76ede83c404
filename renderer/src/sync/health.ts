import { INITIAL_SYNC_HEALTH, type SyncHealth } from '@shared/sync-health';

// Sync health for the top bar and for other modules. A tiny observable with no UI library inside: the UI
// wires it to its store (e.g. React's useSyncExternalStore(health.subscribe, health.getHealth)).

/** The current health and its changes. */
export interface SyncHealthFeed {
  /** The same object until something changes, so it is safe as an external-store snapshot. */
  getHealth(): SyncHealth;
  subscribe(listener: (health: SyncHealth) => void): () => void;
}

export function createHealthState(initial: SyncHealth = INITIAL_SYNC_HEALTH) {
  let snapshot = initial;
  const listeners = new Set<(health: SyncHealth) => void>();
  return {
    getHealth: () => snapshot,
    subscribe(listener: (health: SyncHealth) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    update(patch: Partial<SyncHealth>): void {
      const keys = Object.keys(patch) as (keyof SyncHealth)[];
      if (keys.every((key) => patch[key] === snapshot[key])) return;
      snapshot = { ...snapshot, ...patch };
      for (const listener of [...listeners]) listener(snapshot);
    },
  };
}

export type HealthState = ReturnType<typeof createHealthState>;
