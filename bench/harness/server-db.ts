import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME } from '../../server/src/app';

// Reads a stopped server's database to check what a case claims: every booking stored, none twice.

export interface StoredBookings {
  rows: number;
  distinctIds: number;
  distinctSlots: number;
  quarantined: number;
  rejected: number;
}

export function inspectServerBookings(dataDir: string): StoredBookings {
  const db = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    const one = (sql: string) => Number(db.prepare(sql).pluck().get());
    return {
      rows: one('SELECT COUNT(*) FROM bookings'),
      distinctIds: one('SELECT COUNT(DISTINCT id) FROM bookings'),
      distinctSlots: one('SELECT COUNT(*) FROM (SELECT DISTINCT terminal_id, epoch, seq FROM bookings)'),
      quarantined: one('SELECT COUNT(*) FROM quarantined_bookings'),
      rejected: one('SELECT COUNT(*) FROM rejected_bookings'),
    };
  } finally {
    db.close();
  }
}
