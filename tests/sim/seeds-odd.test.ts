import 'fake-indexeddb/auto';
import { describe } from 'vitest';
import { registerSeedTests, selectedSeeds } from './seeds';

describe('sync simulation, odd seeds', () => registerSeedTests('odd seeds', selectedSeeds(1)));
