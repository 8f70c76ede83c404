import 'fake-indexeddb/auto';
import { describe } from 'vitest';
import { registerSeedTests } from './seeds';

describe('sync simulation, even seeds', () => registerSeedTests(0));
