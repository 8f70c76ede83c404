import 'fake-indexeddb/auto';
import { describePgSimulation } from './pg-simulation';
import { registerSeedTests, selectedPgSeeds } from './seeds';

// The even half of the PostgreSQL seeds (see seeds-pg-odd.test.ts).

describePgSimulation('sync simulation, even seeds', (startServer) => {
  registerSeedTests('on PostgreSQL, even seeds', selectedPgSeeds(0), startServer);
});
