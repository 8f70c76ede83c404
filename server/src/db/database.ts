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
    migrate(db, now);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
