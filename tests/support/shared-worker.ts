// Test files that share a worker (vitest.config.ts) must not see what the files before them left behind.
import 'fake-indexeddb/auto';
import { afterAll } from 'vitest';

// IndexedDB first: Dexie looks for it once, when it is first loaded. A file that loads Dexie without needing
// IndexedDB would otherwise leave every later file in the worker without one ("IndexedDB API missing").

// What one file's libraries write into the process environment must not reach the next file. node-opcua, for
// one, restores an unset OPENSSL_CONF as the string "undefined", after which every `openssl` call fails.
const before = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
  Object.assign(process.env, before);
});
