import { bookingFromRow, type BookingRow } from '../../bookings/booking-row';
import { canonicalJson } from '../../bookings/raw-json';
import { sha256Hex } from '../../hashing';
import { SERVER_TERMINAL_ID } from '../../review/server-terminal';
import { pgServerTerminalId } from '../pg/pg-review';

// What the move copies: every table both stores have, with its columns as PostgreSQL names them. The rows of a
// table are read in one canonical order on both sides, so their counts and hashes can be compared.

export type ColumnKind = 'text' | 'int' | 'bool';

export interface MovedColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

export type Row = Record<string, unknown>;

/** What a SQLite row needs to become its PostgreSQL row beyond its own columns. */
export interface MoveContext {
  plantId: string;
  /** SQLite rowid → PostgreSQL row_id of the moved quarantined and rejected rows (review items name them). */
  quarantineRowIds: ReadonlyMap<number, number>;
  rejectedRowIds: ReadonlyMap<number, number>;
}

export interface MovedTable {
  /** The PostgreSQL table; every row gets the plant's id. */
  readonly table: string;
  /** Significant columns: copied, and hashed for the verification. */
  readonly columns: readonly MovedColumn[];
  /** SQLite rows in the canonical order, columns aliased to the PostgreSQL names. */
  readonly sqliteSelect: string;
  /** Columns PostgreSQL keeps that SQLite derives (hashes), computed from the SQLite row. */
  readonly derive?: (row: Row, context: MoveContext) => Row;
  /** Derived values change the order: the SQLite rows are sorted by this column (byte order) after `derive`. */
  readonly sortByDerived?: string;
  /** The same order on PostgreSQL ("C" collation: byte order, as SQLite's BINARY). */
  readonly pgOrderBy: string;
  /** SQLite tables this one stands for (for the list of tables not moved). */
  readonly sqliteTables: readonly string[];
}

const text = (name: string): MovedColumn => ({ name, kind: 'text' });
const int = (name: string): MovedColumn => ({ name, kind: 'int' });

/** In insert order: referenced tables first. */
export const MOVED_TABLES: readonly MovedTable[] = [
  {
    table: 'terminals',
    columns: [
      text('id'),
      text('station_id'),
      text('token_hash'),
      int('enrolled_at'),
      int('last_seen_at'),
      int('revoked_at'),
      // A rotated token not used yet moves as pending: the terminal's first use of it makes it current.
      text('pending_token_hash'),
    ],
    sqliteSelect:
      'SELECT id, station_id, token_hash, enrolled_at, last_seen_at, revoked_at, pending_token_hash FROM terminals ORDER BY id',
    pgOrderBy: 'id COLLATE "C"',
    sqliteTables: ['terminals'],
  },
  {
    // The server order is kept as an order: PostgreSQL numbers the rows anew (its identity is shared by plants).
    table: 'bookings',
    columns: [
      text('id'),
      text('terminal_id'),
      text('epoch'),
      int('seq'),
      text('type'),
      int('occurred_at'),
      int('clock_offset_ms'),
      text('station_id'),
      text('operator_id'),
      text('order_id'),
      text('operation_id'),
      text('master_data_version'),
      text('payload'),
      text('content_hash'),
      int('received_at'),
      text('review'),
    ],
    sqliteSelect: 'SELECT * FROM bookings ORDER BY server_seq',
    // PostgreSQL tells a resend from a changed booking by this hash; SQLite compares the stored fields.
    derive: (row) => ({ ...row, content_hash: sha256Hex(canonicalJson(bookingFromRow(row as unknown as BookingRow))) }),
    pgOrderBy: 'server_seq',
    sqliteTables: ['bookings'],
  },
  {
    table: 'quarantined_bookings',
    columns: [
      text('id'),
      text('terminal_id'),
      text('epoch'),
      int('seq'),
      text('conflicts_with_id'),
      text('kind'),
      text('booking'),
      text('booking_hash'),
      int('received_at'),
    ],
    sqliteSelect: 'SELECT * FROM quarantined_bookings ORDER BY rowid',
    derive: (row) => ({ ...row, booking_hash: sha256Hex(String(row['booking'])) }),
    pgOrderBy: 'row_id',
    sqliteTables: ['quarantined_bookings'],
  },
  {
    table: 'rejected_bookings',
    columns: [
      text('terminal_id'),
      text('epoch'),
      int('seq'),
      text('item_id'),
      text('reason'),
      text('raw'),
      text('raw_hash'),
      int('received_at'),
    ],
    sqliteSelect: 'SELECT * FROM rejected_bookings ORDER BY rowid',
    pgOrderBy: 'row_id',
    sqliteTables: ['rejected_bookings'],
  },
  {
    table: 'terminal_epochs',
    columns: [
      text('terminal_id'),
      text('epoch'),
      int('acked_up_to'),
      int('max_seq'),
      int('first_seen_at'),
      int('last_push_at'),
      int('gap_since'),
      { name: 'is_gap_alerted', kind: 'bool' },
    ],
    sqliteSelect: 'SELECT * FROM terminal_epochs ORDER BY terminal_id, epoch',
    pgOrderBy: 'terminal_id COLLATE "C", epoch COLLATE "C"',
    sqliteTables: ['terminal_epochs'],
  },
  {
    table: 'alerts',
    columns: [int('created_at'), text('kind'), text('severity'), text('terminal_id'), text('message'), text('details')],
    sqliteSelect: 'SELECT * FROM alerts ORDER BY id',
    pgOrderBy: 'id',
    sqliteTables: ['alerts'],
  },
  {
    table: 'master_datasets',
    columns: [text('name'), text('generation'), int('compacted_at')],
    sqliteSelect: 'SELECT name, generation, compacted_at FROM master_datasets ORDER BY name',
    pgOrderBy: 'name COLLATE "C"',
    sqliteTables: ['master_datasets'],
  },
  {
    // SQLite keeps the master-data sequence among its named counters; PostgreSQL has one row per plant.
    table: 'master_counters',
    columns: [int('master_seq')],
    sqliteSelect: "SELECT COALESCE((SELECT value FROM server_counters WHERE name = 'master_seq'), 0) AS master_seq",
    pgOrderBy: 'plant_id',
    sqliteTables: ['server_counters'],
  },
  {
    table: 'master_records',
    columns: [text('dataset'), text('key'), int('seq'), text('value'), int('updated_at')],
    sqliteSelect: 'SELECT dataset, key, seq, value, updated_at FROM master_records ORDER BY dataset, key',
    pgOrderBy: 'dataset COLLATE "C", key COLLATE "C"',
    sqliteTables: ['master_records'],
  },
  {
    table: 'enrollment_codes',
    columns: [
      text('id'),
      text('code_hash'),
      text('station_id'),
      int('created_at'),
      int('expires_at'),
      int('max_uses'),
      int('uses'),
      int('revoked_at'),
    ],
    sqliteSelect: 'SELECT * FROM enrollment_codes ORDER BY id',
    pgOrderBy: 'id COLLATE "C"',
    sqliteTables: ['enrollment_codes'],
  },
  {
    table: 'enrollment_failures',
    columns: [text('client'), text('station_id'), int('at')],
    sqliteSelect: 'SELECT client, station_id, at FROM enrollment_failures ORDER BY at, client, station_id',
    pgOrderBy: 'at, client COLLATE "C", station_id COLLATE "C"',
    sqliteTables: ['enrollment_failures'],
  },
  {
    table: 'shift_handovers',
    columns: [
      text('id'),
      text('shift_id'),
      text('shift_name'),
      int('shift_start'),
      int('shift_end'),
      text('text'),
      text('facts'),
      text('author_id'),
      text('author_name'),
      int('signed_at'),
    ],
    sqliteSelect: `SELECT id, shift_id, shift_name, shift_start, shift_end, text, facts, author_id, author_name,
      signed_at FROM shift_handovers ORDER BY id`,
    pgOrderBy: 'id COLLATE "C"',
    sqliteTables: ['shift_handovers'],
  },
  {
    table: 'admin_audit',
    columns: [int('at'), text('action'), text('target'), text('client_ip'), text('details')],
    sqliteSelect: 'SELECT * FROM admin_audit ORDER BY id',
    pgOrderBy: 'id',
    sqliteTables: ['admin_audit'],
  },
  {
    // The item ids of quarantined and rejected rows name their row number, which PostgreSQL numbers anew.
    table: 'review_resolutions',
    columns: [
      text('item_id'),
      text('decision'),
      text('reason'),
      text('resolved_by'),
      text('resolved_by_name'),
      int('resolved_at'),
      text('reversal_booking_id'),
    ],
    sqliteSelect: 'SELECT * FROM review_resolutions',
    derive: (row, context) => ({ ...row, item_id: movedItemId(String(row['item_id']), context) }),
    sortByDerived: 'item_id',
    pgOrderBy: 'item_id COLLATE "C"',
    sqliteTables: ['review_resolutions'],
  },
  {
    table: 'lead_sessions',
    columns: [
      text('token_hash'),
      text('operator_id'),
      text('role'),
      int('created_at'),
      int('expires_at'),
      int('ended_at'),
    ],
    sqliteSelect: 'SELECT * FROM lead_sessions ORDER BY token_hash',
    pgOrderBy: 'token_hash COLLATE "C"',
    sqliteTables: ['lead_sessions'],
  },
  {
    table: 'lead_login_failures',
    columns: [text('client'), text('account'), int('at')],
    sqliteSelect: 'SELECT client, account, at FROM lead_login_failures ORDER BY at, client, account',
    pgOrderBy: 'at, client COLLATE "C", account COLLATE "C"',
    sqliteTables: ['lead_login_failures'],
  },
  {
    table: 'display_links',
    columns: [text('id'), text('token_hash'), text('label'), int('created_at'), int('revoked_at')],
    sqliteSelect: 'SELECT * FROM display_links ORDER BY id',
    pgOrderBy: 'id COLLATE "C"',
    sqliteTables: ['display_links'],
  },
];

/** A review item id as PostgreSQL names the same item (an unknown row keeps its id and fails the check). */
export function movedItemId(itemId: string, context: MoveContext): string {
  const match = /^(quarantine|rejected):(\d+)$/.exec(itemId);
  if (!match) return itemId;
  const rowIds = match[1] === 'quarantine' ? context.quarantineRowIds : context.rejectedRowIds;
  const moved = rowIds.get(Number(match[2]));
  return moved === undefined ? itemId : `${match[1]}:${moved}`;
}

/**
 * Every SQLite database calls its server terminal `takt-server`; terminal ids and token hashes are unique across
 * the plants of one PostgreSQL database, so it moves as the plant's own server terminal (pgServerTerminalId).
 */
export function withPlantServerTerminal(row: Row, plantId: string): Row {
  const plantTerminal = pgServerTerminalId(plantId);
  if (row['terminal_id'] === SERVER_TERMINAL_ID) return { ...row, terminal_id: plantTerminal };
  if (row['token_hash'] === `none:${SERVER_TERMINAL_ID}` && row['id'] === SERVER_TERMINAL_ID)
    return { ...row, id: plantTerminal, token_hash: `none:${plantTerminal}` };
  return row;
}

/** SQLite bookkeeping that is not plant data. */
export const SQLITE_INTERNAL_TABLES: readonly string[] = ['schema_migrations', 'sqlite_sequence'];

/** One value as the hash sees it: the two drivers hand out integers and booleans in different types. */
export function canonicalValue(value: unknown, kind: ColumnKind): string | number | null {
  if (value === null || value === undefined) return null;
  if (kind === 'bool') return value === true || value === 1 || value === 1n ? 1 : 0;
  // Integers as decimal text: node-postgres hands BIGINT out as a string, better-sqlite3 as a number.
  return String(value);
}
