import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from './app';
import { LATEST_SCHEMA_VERSION } from './db/migrations';
import { migrateStore } from './migrate-command';
import { PG_LATEST_SCHEMA_VERSION } from './storage/pg/pg-migrations';
import { pgTestAvailability, startPgCluster, type PgCluster } from './testing/pg-cluster';

// `takt-server migrate` on both stores: an empty store to the latest schema, then nothing left to do.

describe('migrate on SQLite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'takt-migrate-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a data folder without a database unless told to create one', async () => {
    await expect(migrateStore({ dataDir, init: false })).rejects.toThrow(/there is no database at .*--init/);
  });

  it('creates and migrates with --init, then finds nothing to do', async () => {
    const first = await migrateStore({ dataDir, init: true });
    expect(first).toEqual({
      store: 'SQLite',
      where: join(dataDir, DATABASE_FILE_NAME),
      from: 0,
      to: LATEST_SCHEMA_VERSION,
    });
    const again = await migrateStore({ dataDir, init: false });
    expect(again).toMatchObject({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
  });

  it('refuses a file that is not a database, and leaves it as it was', async () => {
    const other = mkdtempSync(join(tmpdir(), 'takt-migrate-'));
    const file = join(other, DATABASE_FILE_NAME);
    writeFileSync(file, 'not a database at all, but a text file of some length '.repeat(100));
    await expect(migrateStore({ dataDir: other, init: false })).rejects.toThrow(/not a database/);
    rmSync(other, { recursive: true, force: true });
  });
});

const pg = pgTestAvailability();

describe.skipIf(!pg.isAvailable)(`migrate on PostgreSQL${pg.isAvailable ? '' : ` (skipped: ${pg.reason})`}`, () => {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('migrates an empty database, then finds nothing to do; the password is not shown', async () => {
    if (!cluster) throw new Error('no PostgreSQL cluster');
    const url = new URL(await cluster.createDatabase());
    url.password = 'secret-password';
    const first = await migrateStore({ dataDir: '/nonexistent', databaseUrl: url.toString(), init: false });
    expect(first).toMatchObject({ store: 'PostgreSQL', from: 0, to: PG_LATEST_SCHEMA_VERSION });
    expect(first.where).not.toContain('secret-password');
    const again = await migrateStore({ dataDir: '/nonexistent', databaseUrl: url.toString(), init: false });
    expect(again).toMatchObject({ from: PG_LATEST_SCHEMA_VERSION, to: PG_LATEST_SCHEMA_VERSION });
  });

  it('names the database it cannot reach', async () => {
    await expect(
      migrateStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://nobody@127.0.0.1:1/none', init: false }),
    ).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
