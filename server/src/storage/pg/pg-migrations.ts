import type pg from 'pg';

// PostgreSQL's own versioned migrations, append-only like the SQLite ones (server/src/db/migrations.ts).
// Every table that belongs to a plant carries plant_id, first in its keys and indexes, so one database holds
// several plants and one plant's queries do not grow with the others' size.

export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'plants, terminals, bookings and their ingest, master data, enrollment',
    sql: `
      CREATE TABLE plants (
        id TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL
      );
      INSERT INTO plants (id, created_at) VALUES ('default', 0);

      CREATE TABLE terminals (
        id TEXT PRIMARY KEY,
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        station_id TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        enrolled_at BIGINT NOT NULL,
        last_seen_at BIGINT,
        revoked_at BIGINT
      );
      CREATE INDEX terminals_by_plant_station ON terminals(plant_id, station_id);

      -- Seqs are BIGINT: a terminal may count up to 2^53 (shared/booking), beyond INTEGER.
      -- A booking is a fact: stored once (id), one per terminal slot, never edited. content_hash is the
      -- SHA-256 of the booking's canonical JSON: a resend is a duplicate only when the hashes match.
      CREATE TABLE bookings (
        id TEXT PRIMARY KEY,
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        server_seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        seq BIGINT NOT NULL,
        type TEXT NOT NULL,
        occurred_at BIGINT NOT NULL,
        clock_offset_ms BIGINT NOT NULL,
        station_id TEXT NOT NULL,
        operator_id TEXT,
        order_id TEXT,
        operation_id TEXT,
        master_data_version TEXT NOT NULL,
        payload TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        review TEXT,
        UNIQUE (plant_id, terminal_id, epoch, seq)
      );
      CREATE INDEX bookings_by_plant_order ON bookings(plant_id, server_seq);
      CREATE INDEX bookings_needing_review ON bookings(plant_id, server_seq) WHERE review IS NOT NULL;

      CREATE TABLE quarantined_bookings (
        row_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        id TEXT NOT NULL,
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        seq BIGINT NOT NULL,
        conflicts_with_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        booking TEXT NOT NULL,
        booking_hash TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        UNIQUE (plant_id, id, booking_hash)
      );

      CREATE TABLE rejected_bookings (
        row_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        seq BIGINT,
        item_id TEXT,
        reason TEXT NOT NULL,
        raw TEXT NOT NULL,
        raw_hash TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        UNIQUE (plant_id, terminal_id, raw_hash)
      );
      CREATE INDEX rejected_bookings_slots ON rejected_bookings(plant_id, terminal_id, epoch, seq) WHERE seq IS NOT NULL;

      CREATE TABLE terminal_epochs (
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        acked_up_to BIGINT NOT NULL,
        max_seq BIGINT NOT NULL,
        first_seen_at BIGINT NOT NULL,
        last_push_at BIGINT NOT NULL,
        gap_since BIGINT,
        is_gap_alerted BOOLEAN NOT NULL DEFAULT FALSE,
        PRIMARY KEY (plant_id, terminal_id, epoch)
      );

      CREATE TABLE alerts (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        created_at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        terminal_id TEXT,
        message TEXT NOT NULL,
        details TEXT
      );
      CREATE INDEX alerts_by_plant ON alerts(plant_id, id);

      CREATE TABLE master_datasets (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        name TEXT NOT NULL,
        generation TEXT NOT NULL,
        compacted_at BIGINT,
        PRIMARY KEY (plant_id, name)
      );

      -- Each plant's change sequence of master data. Writers take it with UPDATE ... RETURNING, which holds the
      -- row lock until commit: changes commit in sequence order, so a pull cursor never skips a late commit.
      CREATE TABLE master_counters (
        plant_id TEXT PRIMARY KEY REFERENCES plants(id),
        master_seq BIGINT NOT NULL
      );

      CREATE TABLE master_records (
        plant_id TEXT NOT NULL,
        dataset TEXT NOT NULL,
        key TEXT NOT NULL,
        seq BIGINT NOT NULL,
        value TEXT,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (plant_id, dataset, key),
        FOREIGN KEY (plant_id, dataset) REFERENCES master_datasets(plant_id, name)
      );
      CREATE INDEX master_records_changes ON master_records(plant_id, dataset, seq);

      CREATE TABLE enrollment_codes (
        id TEXT PRIMARY KEY,
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        code_hash TEXT NOT NULL UNIQUE,
        station_id TEXT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        max_uses INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        revoked_at BIGINT
      );

      CREATE TABLE enrollment_failures (
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        client TEXT NOT NULL,
        station_id TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX enrollment_failures_by_key ON enrollment_failures(plant_id, client, station_id, at);
      CREATE INDEX enrollment_failures_by_time ON enrollment_failures(plant_id, at);

      -- What admins did, appended in the transaction of the action, never edited.
      CREATE TABLE admin_audit (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        plant_id TEXT NOT NULL DEFAULT 'default' REFERENCES plants(id),
        at BIGINT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        client_ip TEXT,
        details TEXT
      );
      CREATE INDEX admin_audit_by_plant ON admin_audit(plant_id, id);
    `,
  },
  {
    version: 3,
    name: 'shift-lead sessions, login lockout, display links, review decisions, pending rotated tokens',
    sql: `
      -- Browser sessions of shift leads: the token's SHA-256 only.
      CREATE TABLE lead_sessions (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        token_hash TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        ended_at BIGINT,
        PRIMARY KEY (plant_id, token_hash)
      );
      CREATE INDEX lead_sessions_by_expiry ON lead_sessions(plant_id, expires_at);

      -- Wrong badge/PIN logins per client address and badge (hashed), like enrollment_failures.
      CREATE TABLE lead_login_failures (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        client TEXT NOT NULL,
        account TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX lead_login_failures_by_key ON lead_login_failures(plant_id, client, account, at);
      CREATE INDEX lead_login_failures_by_time ON lead_login_failures(plant_id, at);

      CREATE TABLE display_links (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        id TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        PRIMARY KEY (plant_id, id),
        UNIQUE (plant_id, token_hash)
      );

      -- A shift lead's decision on a review item; the key makes a second decision on any instance a no-op.
      CREATE TABLE review_resolutions (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        item_id TEXT NOT NULL,
        decision TEXT NOT NULL,
        reason TEXT NOT NULL,
        resolved_by TEXT NOT NULL,
        resolved_by_name TEXT NOT NULL,
        resolved_at BIGINT NOT NULL,
        reversal_booking_id TEXT,
        PRIMARY KEY (plant_id, item_id)
      );
      CREATE INDEX review_resolutions_recent ON review_resolutions(plant_id, resolved_at);

      -- Which booking reverses which: a reversal must never be written twice for one booking.
      CREATE INDEX bookings_reversals ON bookings(plant_id, ((payload::jsonb) ->> 'reversedBookingId'))
        WHERE type = 'booking.reverse';

      -- The station a refused text names, or NULL when it is no JSON object (or nested deeper than it parses).
      CREATE FUNCTION takt_named_station(raw TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $fn$
      DECLARE parsed JSONB;
      BEGIN
        parsed := raw::jsonb;
        IF jsonb_typeof(parsed) = 'object' AND jsonb_typeof(parsed -> 'stationId') = 'string' THEN
          RETURN parsed ->> 'stationId';
        END IF;
        RETURN NULL;
      EXCEPTION WHEN OTHERS THEN
        RETURN NULL;
      END
      $fn$;

      -- A rotated token waits next to the current one until the terminal first uses it.
      ALTER TABLE terminals ADD COLUMN pending_token_hash TEXT UNIQUE;
    `,
  },
  {
    version: 4,
    name: 'the board: its change feed across instances, shift handovers, read indexes',
    sql: `
      -- The board's change feed: one row per push or heartbeat, numbered per plant by the counter row. Writers
      -- take the row with UPDATE ... RETURNING in the statement that inserts, so positions commit in order and
      -- without gaps: an instance that read up to a position never misses a late commit below it.
      CREATE TABLE board_counters (
        plant_id TEXT PRIMARY KEY REFERENCES plants(id),
        position BIGINT NOT NULL,
        -- Tells the event ids of this database from those of another (a restore, a new database).
        feed_id TEXT NOT NULL
      );
      CREATE TABLE board_changes (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        position BIGINT NOT NULL,
        kind TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        station_id TEXT NOT NULL,
        has_evidence BOOLEAN NOT NULL DEFAULT FALSE,
        heartbeat TEXT,
        at BIGINT NOT NULL,
        PRIMARY KEY (plant_id, position)
      );

      CREATE TABLE shift_handovers (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        id TEXT NOT NULL,
        shift_id TEXT NOT NULL,
        shift_name TEXT NOT NULL,
        shift_start BIGINT NOT NULL,
        shift_end BIGINT NOT NULL,
        text TEXT NOT NULL,
        facts TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        signed_at BIGINT NOT NULL,
        PRIMARY KEY (plant_id, id),
        UNIQUE (plant_id, shift_start)
      );

      -- The reads of the board, KPIs, notes and trace (reversals: migration 3's index); the expressions are
      -- spelled as in pg-board-reads.ts.
      CREATE INDEX bookings_by_station_type_business_time
        ON bookings(plant_id, station_id, type, (occurred_at + clock_offset_ms));
      CREATE INDEX bookings_line_notes ON bookings(plant_id, server_seq)
        WHERE type IN ('shift.note', 'transport.request');
      CREATE INDEX bookings_consumptions_by_order ON bookings(plant_id, order_id) WHERE type = 'material.consume';
      CREATE INDEX bookings_by_terminal_order ON bookings(plant_id, terminal_id, server_seq);
    `,
  },
];

export const PG_LATEST_SCHEMA_VERSION = PG_MIGRATIONS.at(-1)?.version ?? 0;

/** Arbitrary but fixed: instances starting together take turns, so a migration runs once. */
const MIGRATION_LOCK_KEY = 7_262_011;

/** Brings the schema up to date; each migration commits with its version row. Safe with several instances. */
export async function migratePg(pool: pg.Pool, now: () => number = Date.now): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const current = await pgSchemaVersion(client);
      if (current > PG_LATEST_SCHEMA_VERSION) {
        throw new Error(
          `database schema version ${current} is newer than this server understands (${PG_LATEST_SCHEMA_VERSION}); update the server`,
        );
      }
      for (const migration of PG_MIGRATIONS) {
        if (migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            now(),
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      return await pgSchemaVersion(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

export async function pgSchemaVersion(client: pg.Pool | pg.PoolClient): Promise<number> {
  const result = await client.query<{ version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations',
  );
  return result.rows[0]?.version ?? 0;
}
