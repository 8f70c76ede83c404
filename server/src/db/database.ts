import { chmodSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens (or creates) the server database and migrates it. WAL with synchronous=FULL makes every commit
 * durable before the server answers: a booking acknowledged to a terminal survives a power cut.
 */
export function openDatabase(file: string, now: () => number = Date.now): Db {
  const db = new Database(file);
  try {
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal' && file !== ':memory:')
      throw new Error(`could not switch ${file} to WAL (got ${String(journalMode)})`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Refuse to run on a damaged file: accepting pushes into it would turn one bad page into lost bookings.
    const check = db.pragma('quick_check(5)', { simple: false }) as Array<Record<string, unknown>>;
    const problems = check.map((row) => String(Object.values(row)[0])).filter((line) => line !== 'ok');
    if (problems.length > 0) throw new Error(`database ${file} is corrupt (${problems.join('; ')}); restore a backup`);
    migrate(db, now);
    // Bookings and token hashes are for the server's user only.
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
