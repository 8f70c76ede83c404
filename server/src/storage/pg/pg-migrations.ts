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
    version: 2,
    name: 'a push in one call: takt_push (lock, inserts, conflicts, ack, last contact)',
    // The rules are those of pg-ingest.ts (which builds the answers and the alert texts from what this returns)
    // and of the SQLite ingest. With p_may_alert false the function raises TK001 instead of anything that needs
    // an alert (a conflict, a new epoch after others, a gap alert): the whole call rolls back and the caller
    // redoes the push in a transaction of its own that stores the evidence and the alerts with it.
    sql: `
      CREATE FUNCTION takt_push(
        p_plant TEXT, p_terminal TEXT, p_epoch TEXT, p_received_at BIGINT, p_gap_alert_after_ms BIGINT,
        p_may_alert BOOLEAN, p_master_seq BIGINT,
        r_seq BIGINT[], r_item_id TEXT[], r_reason TEXT[], r_raw TEXT[], r_raw_hash TEXT[],
        b_id TEXT[], b_seq BIGINT[], b_type TEXT[], b_occurred_at BIGINT[], b_clock_offset_ms BIGINT[],
        b_station_id TEXT[], b_operator_id TEXT[], b_order_id TEXT[], b_operation_id TEXT[],
        b_master_data_version TEXT[], b_payload TEXT[], b_content_hash TEXT[], b_review TEXT[]
      ) RETURNS JSONB LANGUAGE plpgsql AS $fn$
      DECLARE
        v_rejected_new TEXT[] := '{}';
        v_batch_max BIGINT := 0;
        v_conflicts JSONB := '[]';
        v_pending INT[];
        v_candidates INT[];
        v_deferred INT[];
        v_next INT[];
        v_seqs BIGINT[];
        v_low BIGINT;
        v_high BIGINT;
        v_taken BIGINT[];
        v_stored TEXT[];
        v_ord INT;
        v_kind TEXT;
        v_hit RECORD;
        v_epoch RECORD;
        v_previous JSONB;
        v_acked BIGINT;
        v_max BIGINT;
        v_gap_since BIGINT;
        v_is_gap_alerted BOOLEAN;
        v_gap JSONB;
      BEGIN
        -- The review findings were computed from master data as of p_master_seq (null: not checked).
        IF p_master_seq IS NOT NULL
           AND p_master_seq IS DISTINCT FROM (SELECT master_seq FROM master_counters WHERE plant_id = p_plant) THEN
          RAISE EXCEPTION 'master data changed since the push was reviewed' USING ERRCODE = 'TK002';
        END IF;
        -- Pushes of one terminal take turns: the slot check before the insert and the ack are exact.
        PERFORM pg_advisory_xact_lock(hashtextextended(p_plant || ' ' || p_terminal, 0));

        IF cardinality(r_raw_hash) > 0 THEN
          WITH inserted AS (
            INSERT INTO rejected_bookings (plant_id, terminal_id, epoch, seq, item_id, reason, raw, raw_hash, received_at)
            SELECT p_plant, p_terminal, p_epoch, u.seq, u.item_id, u.reason, u.raw, u.raw_hash, p_received_at
              FROM unnest(r_seq, r_item_id, r_reason, r_raw, r_raw_hash) WITH ORDINALITY
                AS u(seq, item_id, reason, raw, raw_hash, ord)
             ORDER BY u.ord
            ON CONFLICT (plant_id, terminal_id, raw_hash) DO NOTHING
            RETURNING raw_hash)
          SELECT COALESCE(array_agg(raw_hash), '{}') INTO v_rejected_new FROM inserted;
          SELECT COALESCE(MAX(s), 0) INTO v_batch_max FROM unnest(r_seq) AS s;
        END IF;

        v_pending := ARRAY(SELECT generate_subscripts(b_id, 1) ORDER BY 1);
        WHILE cardinality(v_pending) > 0 LOOP
          -- Within one INSERT each id and each slot appears once; later repeats are judged against what it stored.
          SELECT COALESCE(array_agg(ord ORDER BY ord) FILTER (WHERE is_first_id AND is_first_seq), '{}'),
                 COALESCE(array_agg(ord ORDER BY ord) FILTER (WHERE NOT (is_first_id AND is_first_seq)), '{}')
            INTO v_candidates, v_deferred
            FROM (SELECT p.ord,
                         row_number() OVER (PARTITION BY b_id[p.ord] ORDER BY p.ord) = 1 AS is_first_id,
                         row_number() OVER (PARTITION BY b_seq[p.ord] ORDER BY p.ord) = 1 AS is_first_seq
                    FROM unnest(v_pending) AS p(ord)) AS firsts;
          v_seqs := ARRAY(SELECT b_seq[c] FROM unnest(v_candidates) AS c);
          SELECT MIN(s), MAX(s) INTO v_low, v_high FROM unnest(v_seqs) AS s;
          -- Through the slot index within the push's range of seqs: without the range the planner may read all
          -- of the terminal's slots and filter (it did, before statistics), which grows with its history.
          v_taken := ARRAY(SELECT b.seq FROM bookings b
                            WHERE b.plant_id = p_plant AND b.terminal_id = p_terminal AND b.epoch = p_epoch
                              AND b.seq BETWEEN v_low AND v_high AND b.seq = ANY (v_seqs));
          -- The conflict target is the id only: a new id in a taken slot is left out above and quarantined below.
          -- One unnest of all columns (a subscript per column and row costs more); in the usual push every
          -- booking is a candidate and the filter is the first, constant operand.
          WITH inserted AS (
            INSERT INTO bookings (plant_id, id, terminal_id, epoch, seq, type, occurred_at, clock_offset_ms,
              station_id, operator_id, order_id, operation_id, master_data_version, payload, content_hash,
              received_at, review)
            SELECT p_plant, u.id, p_terminal, p_epoch, u.seq, u.type, u.occurred_at, u.clock_offset_ms,
                   u.station_id, u.operator_id, u.order_id, u.operation_id, u.master_data_version, u.payload,
                   u.content_hash, p_received_at, u.review
              FROM unnest(b_id, b_seq, b_type, b_occurred_at, b_clock_offset_ms, b_station_id, b_operator_id,
                          b_order_id, b_operation_id, b_master_data_version, b_payload, b_content_hash, b_review)
                WITH ORDINALITY AS u(id, seq, type, occurred_at, clock_offset_ms, station_id, operator_id,
                                     order_id, operation_id, master_data_version, payload, content_hash, review, ord)
             WHERE (cardinality(v_candidates) = cardinality(b_id) OR u.ord = ANY (v_candidates))
               AND (cardinality(v_taken) = 0 OR NOT (u.seq = ANY (v_taken)))
             ORDER BY u.ord
            ON CONFLICT (id) DO NOTHING
            RETURNING id, seq)
          SELECT COALESCE(array_agg(id), '{}'), GREATEST(v_batch_max, MAX(seq)) INTO v_stored, v_batch_max
            FROM inserted;
          EXIT WHEN cardinality(v_stored) = cardinality(v_candidates) AND cardinality(v_deferred) = 0;

          v_next := '{}';
          FOR v_ord IN
            SELECT u FROM unnest(v_candidates || v_deferred) AS u
             WHERE NOT (u = ANY (v_candidates) AND b_id[u] = ANY (v_stored)) ORDER BY u
          LOOP
            SELECT id, terminal_id, epoch, seq, content_hash INTO v_hit FROM bookings WHERE id = b_id[v_ord];
            IF FOUND THEN
              IF v_hit.terminal_id = p_terminal AND v_hit.epoch = p_epoch AND v_hit.seq = b_seq[v_ord] THEN
                v_kind := CASE WHEN v_hit.content_hash = b_content_hash[v_ord] THEN 'duplicate'
                               ELSE 'duplicate-differs' END;
              ELSE
                v_kind := 'id-reused';
              END IF;
            ELSE
              SELECT id, terminal_id, epoch, seq, content_hash INTO v_hit FROM bookings
               WHERE plant_id = p_plant AND terminal_id = p_terminal AND epoch = p_epoch AND seq = b_seq[v_ord];
              IF FOUND THEN
                v_kind := 'seq-reused';
              ELSIF v_ord = ANY (v_candidates) THEN
                RAISE EXCEPTION 'booking % was neither stored nor in conflict with a stored booking', b_id[v_ord];
              ELSE
                v_next := v_next || v_ord;  -- a deferred repeat gets its own turn
                CONTINUE;
              END IF;
            END IF;
            IF v_kind <> 'duplicate' AND NOT p_may_alert THEN
              RAISE EXCEPTION 'push needs alerts' USING ERRCODE = 'TK001';
            END IF;
            v_conflicts := v_conflicts || jsonb_build_object('index', v_ord - 1, 'kind', v_kind, 'id', v_hit.id,
              'terminalId', v_hit.terminal_id, 'epoch', v_hit.epoch, 'seq', v_hit.seq);
          END LOOP;
          v_pending := v_next;
        END LOOP;

        -- The ack, by the rules of the SQLite ack tracker (bookings/ack-tracker.ts).
        SELECT acked_up_to, max_seq, gap_since, is_gap_alerted INTO v_epoch FROM terminal_epochs
         WHERE plant_id = p_plant AND terminal_id = p_terminal AND epoch = p_epoch;
        IF NOT FOUND THEN
          SELECT jsonb_agg(jsonb_build_object('epoch', epoch, 'ackedUpTo', acked_up_to, 'maxSeq', max_seq)
                           ORDER BY first_seen_at, epoch)
            INTO v_previous FROM terminal_epochs WHERE plant_id = p_plant AND terminal_id = p_terminal;
          IF v_previous IS NOT NULL AND NOT p_may_alert THEN
            RAISE EXCEPTION 'push needs alerts' USING ERRCODE = 'TK001';
          END IF;
        END IF;
        -- Stored and rejected slots after the last ack: seq minus its rank is constant along a run without holes.
        WITH slots AS (
          SELECT seq FROM bookings
           WHERE plant_id = p_plant AND terminal_id = p_terminal AND epoch = p_epoch
             AND seq > COALESCE(v_epoch.acked_up_to, 0)
          UNION
          SELECT seq FROM rejected_bookings
           WHERE plant_id = p_plant AND terminal_id = p_terminal AND epoch = p_epoch
             AND seq > COALESCE(v_epoch.acked_up_to, 0)
        ), ranked AS (SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS start FROM slots)
        SELECT COALESCE(MAX(seq), COALESCE(v_epoch.acked_up_to, 0)) INTO v_acked
          FROM ranked WHERE start = COALESCE(v_epoch.acked_up_to, 0);
        v_max := GREATEST(COALESCE(v_epoch.max_seq, 0), v_batch_max, v_acked);
        IF v_acked < v_max THEN
          IF v_epoch.acked_up_to IS NOT NULL AND v_epoch.acked_up_to = v_acked AND v_epoch.gap_since IS NOT NULL THEN
            v_gap_since := v_epoch.gap_since;
            v_is_gap_alerted := v_epoch.is_gap_alerted;
          ELSE
            v_gap_since := p_received_at;
            v_is_gap_alerted := FALSE;
          END IF;
          IF NOT v_is_gap_alerted AND p_received_at - v_gap_since >= p_gap_alert_after_ms THEN
            IF NOT p_may_alert THEN
              RAISE EXCEPTION 'push needs alerts' USING ERRCODE = 'TK001';
            END IF;
            v_is_gap_alerted := TRUE;
            v_gap := jsonb_build_object('ackedUpTo', v_acked, 'maxSeq', v_max, 'gapSince', v_gap_since);
          END IF;
        ELSE
          v_gap_since := NULL;
          v_is_gap_alerted := FALSE;
        END IF;
        INSERT INTO terminal_epochs (plant_id, terminal_id, epoch, acked_up_to, max_seq, first_seen_at, last_push_at,
          gap_since, is_gap_alerted)
        VALUES (p_plant, p_terminal, p_epoch, v_acked, v_max, p_received_at, p_received_at, v_gap_since,
          v_is_gap_alerted)
        ON CONFLICT (plant_id, terminal_id, epoch) DO UPDATE SET acked_up_to = excluded.acked_up_to,
          max_seq = excluded.max_seq, last_push_at = excluded.last_push_at, gap_since = excluded.gap_since,
          is_gap_alerted = excluded.is_gap_alerted;

        UPDATE terminals SET last_seen_at = p_received_at WHERE id = p_terminal;
        RETURN jsonb_build_object('ackedUpTo', v_acked, 'conflicts', v_conflicts, 'rejectedNew', to_jsonb(v_rejected_new),
          'previousEpochs', v_previous, 'gap', v_gap);
      END;
      $fn$;
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
  {
    version: 5,
    name: 'the quantity review: what each operation has booked so far, kept up to date by a trigger',
    // pg-quantity-review.ts reads a few rows per judged operation instead of the operation's whole history (which
    // grows with every push: 200 terminals on one operation made that the push's main cost). The trigger runs
    // once per insert statement, in the inserting transaction, so the rows commit with the bookings. One row per
    // operation AND terminal: a terminal's pushes take turns anyway (its advisory lock), so no two terminals
    // wait for each other's row; a read sums the operation's rows (one per terminal that booked on it).
    sql: `
      CREATE TABLE operation_progress (
        plant_id TEXT NOT NULL REFERENCES plants(id),
        operation_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        good DOUBLE PRECISION NOT NULL,
        last_production_at BIGINT,
        PRIMARY KEY (plant_id, operation_id, terminal_id)
      );

      -- Good pieces of a booking row, spelled as goodOf in review/quantity-review.ts.
      CREATE FUNCTION takt_good(p_type TEXT, p_payload JSONB) RETURNS DOUBLE PRECISION
        LANGUAGE sql IMMUTABLE AS $fn$
          SELECT CASE WHEN p_type IN ('quantity.good', 'operation.finish')
                       AND jsonb_typeof(p_payload -> 'quantity') = 'number'
                      THEN (p_payload ->> 'quantity')::float8 ELSE 0 END
        $fn$;

      -- What rows add to their operations: good pieces (a reversal takes its booking's away) and the latest
      -- production (isProduction). Reversed bookings are looked up in bookings, so a reversal inserted in the
      -- same statement as its booking finds it.
      CREATE FUNCTION takt_progress_of(p_rows JSONB) RETURNS TABLE (
        plant_id TEXT, operation_id TEXT, terminal_id TEXT, good DOUBLE PRECISION, last_production_at BIGINT
      ) LANGUAGE sql STABLE AS $fn$
        WITH r AS (
          SELECT x.plant_id, x.operation_id, x.terminal_id, x.type, x.payload::jsonb AS p,
                 x.occurred_at + x.clock_offset_ms AS at
            FROM jsonb_to_recordset(p_rows) AS x(plant_id TEXT, operation_id TEXT, terminal_id TEXT, type TEXT,
                                                 payload TEXT, occurred_at BIGINT, clock_offset_ms BIGINT)
           WHERE x.operation_id IS NOT NULL
        )
        SELECT r.plant_id, r.operation_id, r.terminal_id,
               SUM(CASE WHEN r.type = 'booking.reverse'
                        THEN -COALESCE((SELECT takt_good(t.type, t.payload::jsonb) FROM bookings t
                                         WHERE t.id = r.p ->> 'reversedBookingId' AND t.plant_id = r.plant_id
                                           AND t.operation_id = r.operation_id), 0)
                        ELSE takt_good(r.type, r.p) END),
               MAX(r.at) FILTER (WHERE takt_good(r.type, r.p) > 0 OR r.type = 'operation.resume'
                                    OR (r.type = 'operation.start' AND r.p ->> 'phase' = 'production'))
          FROM r GROUP BY r.plant_id, r.operation_id, r.terminal_id
      $fn$;

      CREATE FUNCTION takt_operation_progress() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO operation_progress AS o (plant_id, operation_id, terminal_id, good, last_production_at)
        SELECT * FROM takt_progress_of((SELECT COALESCE(jsonb_agg(to_jsonb(n)), '[]') FROM new_rows n))
        ON CONFLICT (plant_id, operation_id, terminal_id) DO UPDATE
          SET good = o.good + excluded.good,
              last_production_at = GREATEST(o.last_production_at, excluded.last_production_at);
        RETURN NULL;
      END;
      $fn$;
      CREATE TRIGGER bookings_operation_progress AFTER INSERT ON bookings
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION takt_operation_progress();

      INSERT INTO operation_progress (plant_id, operation_id, terminal_id, good, last_production_at)
      SELECT * FROM takt_progress_of((SELECT COALESCE(jsonb_agg(to_jsonb(b)), '[]') FROM bookings b));
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
