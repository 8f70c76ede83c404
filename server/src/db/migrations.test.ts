import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from './migrations';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('bring a new database to the latest version once, and leave an up-to-date one alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'takt-migrate-'));
    const file = join(dir, 'db.sqlite');
    const db = openDatabase(file, () => 42);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT version, applied_at FROM schema_migrations').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, applied_at: 42 })),
    );
    again.close();
  });

  it('refuses a database written by a newer server', () => {
    dir = mkdtempSync(join(tmpdir(), 'takt-migrate-'));
    const file = join(dir, 'db.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw
      .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)")
      .run(LATEST_SCHEMA_VERSION + 1);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this server understands/);
  });
});

describe('migration 2', () => {
  it('keeps the quarantined bookings of a version 1 database and lets one id be quarantined more than once', () => {
    dir = mkdtempSync(join(tmpdir(), 'takt-migrate-'));
    const file = join(dir, 'db.sqlite');
    const v1 = new Database(file);
    v1.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    v1.exec(MIGRATIONS[0]?.sql ?? '');
    v1.prepare("INSERT INTO schema_migrations VALUES (1, 'v1', 0)").run();
    v1.prepare("INSERT INTO terminals VALUES ('t', 'ST-10', 'hash', 0, NULL)").run();
    const quarantine =
      "INSERT INTO quarantined_bookings (id, terminal_id, epoch, seq, conflicts_with_id, kind, booking, received_at) VALUES ('b', 't', 'e', ?, 'a', 'seq-reused', '{}', 0)";
    v1.prepare(quarantine).run(1);
    v1.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT id, seq, kind FROM quarantined_bookings').all()).toEqual([
      { id: 'b', seq: 1, kind: 'seq-reused' },
    ]);
    db.prepare(quarantine).run(2);
    expect(db.prepare('SELECT COUNT(*) FROM quarantined_bookings').pluck().get()).toBe(2);
    db.close();
  });
});
