import pg from 'pg';

// Many short-lived databases from one prepared template (schema migrated, master data imported): a copy
// costs a CREATE DATABASE ... TEMPLATE instead of migrations and imports per test. One superuser connection
// to the cluster's `postgres` database issues them all.

export interface PgDatabaseCopies {
  /** A new database copied from the template; returns its URL. */
  create(): Promise<string>;
  /** Drops a copy made here, closing whatever connections are still open on it. */
  drop(url: string): Promise<void>;
  close(): Promise<void>;
}

const databaseName = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));
const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * `templateUrl` names a database of the cluster at `clusterUrl`; nobody may be connected to it while
 * copies are made (PostgreSQL's rule for a template).
 */
export async function openPgDatabaseCopies(clusterUrl: string, templateUrl: string): Promise<PgDatabaseCopies> {
  const template = databaseName(templateUrl);
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  let copies = 0;
  return {
    async create() {
      copies += 1;
      const name = `${template}_copy_${copies}`;
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`);
      const url = new URL(templateUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async drop(url) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName(url))} WITH (FORCE)`);
    },
    close: () => admin.end(),
  };
}
