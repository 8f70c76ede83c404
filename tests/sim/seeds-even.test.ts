import 'fake-indexeddb/auto';
import { describe } from 'vitest';
import { registerSeedTests, selectedSeeds } from './seeds';

describe('sync simulation, even seeds', () => registerSeedTests('even seeds', selectedSeeds(0)));
