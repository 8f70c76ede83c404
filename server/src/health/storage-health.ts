import { closeSync, fsyncSync, openSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database';

// What `/api/v1/health` says about storage, honestly: can the server write (a real file write with fsync
// and the database's write lock), is there disk left, and did a request fail on storage lately. A terminal
// must not be told "ok" by a server whose next push would fail.

/** Below this the server reports `degraded`: SQLite needs room for the WAL and a checkpoint. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;
/** A storage error this recent still counts: pushes are likely failing now. */
export const STORAGE_ERROR_RECENT_MS = 60_000;

export interface StorageCheck {
  writable: boolean;
  diskFreeBytes: number | null;
  lastStorageError?: { code: string; at: number };
  isDegraded: boolean;
}

export interface StorageHealth {
  recordError(code: string): void;
  check(): StorageCheck;
}

export function createStorageHealth(options: {
  db: Db;
  dataDir: string;
  now: () => number;
  minFreeBytes?: number;
  /** Injected so tests can simulate a full disk. */
  freeBytes?: (dir: string) => number;
}): StorageHealth {
  const minFreeBytes = options.minFreeBytes ?? MIN_FREE_BYTES;
  const freeBytes =
    options.freeBytes ??
    ((dir: string) => {
      const stats = statfsSync(dir);
      return stats.bavail * stats.bsize;
    });
  let lastError: { code: string; at: number } | undefined;

  function canWrite(): boolean {
    try {
      const fd = openSync(join(options.dataDir, '.health-probe'), 'w', 0o600);
      try {
        writeSync(fd, String(options.now()));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // The write lock is what a push needs; taking and releasing it writes nothing.
      options.db.exec('BEGIN IMMEDIATE');
      options.db.exec('ROLLBACK');
      return true;
    } catch {
      return false;
    }
  }

  return {
    recordError(code) {
      lastError = { code, at: options.now() };
    },
    check() {
      const writable = canWrite();
      let diskFreeBytes: number | null;
      try {
        diskFreeBytes = freeBytes(options.dataDir);
      } catch {
        diskFreeBytes = null;
      }
      const hasRecentError = lastError !== undefined && options.now() - lastError.at < STORAGE_ERROR_RECENT_MS;
      return {
        writable,
        diskFreeBytes,
        ...(lastError ? { lastStorageError: lastError } : {}),
        isDegraded: !writable || (diskFreeBytes !== null && diskFreeBytes < minFreeBytes) || hasRecentError,
      };
    },
  };
}
