import type { Database as Db } from 'better-sqlite3';

// Ordered, append-only: a released migration is never edited, a change is a new entry at the end.
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'terminals, bookings, master data, alerts',
    sql: `
      CREATE TABLE terminals (
        id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        enrolled_at INTEGER NOT NULL,
        last_seen_at INTEGER
      );

      -- A booking is a fact: stored once (id), one per terminal slot (terminal, epoch, seq), never edited.
      CREATE TABLE bookings (
        id TEXT PRIMARY KEY,
        server_seq INTEGER NOT NULL UNIQUE,
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        clock_offset_ms INTEGER NOT NULL,
        station_id TEXT NOT NULL,
        operator_id TEXT,
        order_id TEXT,
        operation_id TEXT,
        master_data_version TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        review TEXT,
        UNIQUE (terminal_id, epoch, seq)
      );
      CREATE INDEX bookings_needing_review ON bookings(server_seq) WHERE review IS NOT NULL;

      CREATE TABLE quarantined_bookings (
        id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL,
        conflicts_with_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        booking TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );

      CREATE TABLE rejected_bookings (
        rowid INTEGER PRIMARY KEY,
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        seq INTEGER,
        item_id TEXT,
        reason TEXT NOT NULL,
        raw TEXT NOT NULL,
        raw_hash TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        UNIQUE (terminal_id, raw_hash)
      );
      CREATE INDEX rejected_bookings_slots ON rejected_bookings(terminal_id, epoch, seq) WHERE seq IS NOT NULL;

      CREATE TABLE terminal_epochs (
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        acked_up_to INTEGER NOT NULL,
        max_seq INTEGER NOT NULL,
        first_seen_at INTEGER NOT NULL,
        last_push_at INTEGER NOT NULL,
        gap_since INTEGER,
        is_gap_alerted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (terminal_id, epoch)
      ) WITHOUT ROWID;

      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        terminal_id TEXT,
        message TEXT NOT NULL,
        details TEXT
      );

      CREATE TABLE master_datasets (
        name TEXT PRIMARY KEY,
        generation TEXT NOT NULL,
        compacted_at INTEGER
      );

      -- The change log of master data: one row per key holding its latest change (value NULL = deleted),
      -- ordered by a server sequence that every write takes from server_counters.
      CREATE TABLE master_records (
        dataset TEXT NOT NULL REFERENCES master_datasets(name),
        key TEXT NOT NULL,
        seq INTEGER NOT NULL UNIQUE,
        value TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (dataset, key)
      );
      CREATE INDEX master_records_changes ON master_records(dataset, seq);

      CREATE TABLE server_counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'quarantined bookings: one row per distinct piece of evidence, not per id',
    // Version 1 keyed quarantined_bookings by the booking id, so a second reuse of an id (or a changed resend)
    // was silently dropped. SQLite cannot drop a primary key in place: copy into a rowid table.
    sql: `
      CREATE TABLE quarantined_bookings_v2 (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        terminal_id TEXT NOT NULL REFERENCES terminals(id),
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL,
        conflicts_with_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        booking TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );
      INSERT INTO quarantined_bookings_v2 (id, terminal_id, epoch, seq, conflicts_with_id, kind, booking, received_at)
        SELECT id, terminal_id, epoch, seq, conflicts_with_id, kind, booking, received_at
        FROM quarantined_bookings ORDER BY received_at, id;
      DROP TABLE quarantined_bookings;
      ALTER TABLE quarantined_bookings_v2 RENAME TO quarantined_bookings;
      CREATE INDEX quarantined_bookings_by_id ON quarantined_bookings(id);
    `,
  },
  {
    version: 3,
    name: 'terminal revocation and the admin audit trail',
    sql: `
      ALTER TABLE terminals ADD COLUMN revoked_at INTEGER;

      -- What admins did, for IT and auditors: appended in the same transaction as the action, never edited.
      CREATE TABLE admin_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        client_ip TEXT,
        details TEXT
      );
    `,
  },
  {
    version: 4,
    name: 'enrollment codes and the persisted enrollment lockout',
    sql: `
      -- Codes an admin hands out for enrolling terminals: stored as a hash only, limited in time and uses.
      CREATE TABLE enrollment_codes (
        id TEXT PRIMARY KEY,
        code_hash TEXT NOT NULL UNIQUE,
        station_id TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        max_uses INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        revoked_at INTEGER
      );

      -- Wrong enrollment codes, per client address and station, so a restart does not reset the lockout.
      CREATE TABLE enrollment_failures (
        client TEXT NOT NULL,
        station_id TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX enrollment_failures_by_key ON enrollment_failures(client, station_id, at);
      CREATE INDEX enrollment_failures_by_time ON enrollment_failures(at);
    `,
  },
  {
    version: 5,
    name: 'kpi: bookings by station, type and business time',
    sql: `
      -- KPIs read one station's bookings of a few types over a window of business time (the terminal's
      -- corrected clock). Queries must spell the expression exactly so for SQLite to use this index.
      CREATE INDEX bookings_by_station_type_business_time
        ON bookings(station_id, type, occurred_at + clock_offset_ms);
    `,
  },
  {
    version: 6,
    name: 'shift-lead sessions, display links and the review queue',
    sql: `
      -- Browser sessions of shift leads: the cookie holds a random token, the database its SHA-256 only, so
      -- two server instances on one database share them and a copied database gives no session away.
      CREATE TABLE lead_sessions (
        token_hash TEXT PRIMARY KEY,
        operator_id TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX lead_sessions_by_expiry ON lead_sessions(expires_at);

      -- Wrong badge/PIN logins per client address and badge (hashed), like enrollment_failures.
      CREATE TABLE lead_login_failures (
        client TEXT NOT NULL,
        account TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX lead_login_failures_by_key ON lead_login_failures(client, account, at);
      CREATE INDEX lead_login_failures_by_time ON lead_login_failures(at);

      -- Read-only board links for a screen in the shift office: the token's hash only, revocable.
      CREATE TABLE display_links (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );

      -- A shift lead's decision on a review item (a flagged or quarantined booking, a seq gap); never edited.
      CREATE TABLE review_resolutions (
        item_id TEXT PRIMARY KEY,
        decision TEXT NOT NULL,
        reason TEXT NOT NULL,
        resolved_by TEXT NOT NULL,
        resolved_by_name TEXT NOT NULL,
        resolved_at INTEGER NOT NULL,
        reversal_booking_id TEXT
      );

      -- Which booking reverses which: a reversal must never be written twice for one booking.
      CREATE INDEX bookings_reversals ON bookings(json_extract(payload, '$.reversedBookingId'))
        WHERE type = 'booking.reverse';
    `,
  },
  {
    version: 7,
    name: 'shift handovers',
    sql: `
      -- A shift lead's signed handover of one shift occurrence: the text, the facts the server gathered when
      -- it was signed (JSON), who signed and when. Never edited; one per shift (the UNIQUE start).
      CREATE TABLE shift_handovers (
        id TEXT PRIMARY KEY,
        shift_id TEXT NOT NULL,
        shift_name TEXT NOT NULL,
        shift_start INTEGER NOT NULL UNIQUE,
        shift_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        facts TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        signed_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'line notes index',
    sql: `
      -- The lead's Line view reads the newest shift notes and transport requests without scanning all bookings.
      CREATE INDEX bookings_line_notes ON bookings(server_seq) WHERE type IN ('shift.note', 'transport.request');
    `,
  },
  {
    version: 9,
    name: 'review: bookings by operation',
    sql: `
      -- The implausible-quantity rule keeps what each operation has booked so far (good pieces, when it last
      -- produced) and catches up on the rows stored since it last looked, in server order.
      CREATE INDEX bookings_by_operation ON bookings(operation_id, server_seq) WHERE operation_id IS NOT NULL;
    `,
  },
  {
    version: 10,
    name: 'terminals: pending rotated token',
    sql: `
      -- A rotated token waits next to the current one until the terminal first uses it: an answer lost on the
      -- way back must not lock the terminal out, so the old token stays valid until then.
      ALTER TABLE terminals ADD COLUMN pending_token_hash TEXT;
      CREATE UNIQUE INDEX terminals_pending_token_hash ON terminals(pending_token_hash)
        WHERE pending_token_hash IS NOT NULL;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** Brings the schema up to date; each migration commits on its own together with its version row. */
export function migrate(db: Db, now: () => number = Date.now): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${current} is newer than this server understands (${LATEST_SCHEMA_VERSION}); update the server`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
    }).immediate();
  }
  return schemaVersion(db);
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}
