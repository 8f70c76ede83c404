import 'fake-indexeddb/auto';
import { describe } from 'vitest';
import { registerSeedTests, selectedSeeds } from './seeds';
import { registerMidBatchFaultTest } from './server-faults';
import { startSqliteSimServer } from './sim-server';

describe('sync simulation, odd seeds', () => {
  registerMidBatchFaultTest(() => startSqliteSimServer);
  registerSeedTests('odd seeds', selectedSeeds(1));
});
