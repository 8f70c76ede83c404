import { createRequire } from 'node:module';
import path from 'node:path';

// PouchDB's own browser build, with the newer `indexeddb` adapter: the bench page loads it from vendor/.
// Resolved from this package, which is the one that depends on pouchdb.

const POUCHDB_DIST = path.join(path.dirname(createRequire(import.meta.url).resolve('pouchdb/package.json')), 'dist');

export const POUCHDB_BROWSER_FILES = ['pouchdb.min.js', 'pouchdb.indexeddb.min.js'].map((file) =>
  path.join(POUCHDB_DIST, file),
);
