import 'fake-indexeddb/auto';
import { describe } from 'vitest';
import { registerSeedTests } from './seeds';

describe('sync simulation, odd seeds', () => registerSeedTests(1));
