import { openDatabase } from '../../server/src/db/database';
import { benchBookings } from '../fixtures/bookings';

// The raw limit under the drain: the same bookings inserted straight into a server database (same schema,
// WAL, synchronous=FULL) from one process, `batch` rows per commit like one push. No HTTP, no validation.

export function rawSqliteInsert(file: string, count: number, batch: number): { ms: number; rowsPerSecond: number } {
  const db = openDatabase(file);
  try {
    const now = Date.now();
    db.prepare('INSERT INTO terminals (id, station_id, token_hash, enrolled_at) VALUES (?, ?, ?, ?)').run(
      'T-RAW',
      'ST-10',
      'raw',
      now,
    );
    const rows = benchBookings({ terminalId: 'T-RAW', epoch: 'raw-epoch' }, 1, count, now, crypto);
    const insert = db.prepare(
      `INSERT INTO bookings (id, server_seq, terminal_id, epoch, seq, type, occurred_at, clock_offset_ms, station_id,
         operator_id, order_id, operation_id, master_data_version, payload, received_at, review)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const insertBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const b = rows[i];
        if (!b) continue;
        insert.run(
          b.id,
          i + 1,
          b.terminalId,
          b.epoch,
          b.seq,
          b.type,
          b.occurredAt,
          b.clockOffsetMs,
          b.stationId,
          b.operatorId ?? null,
          b.orderId ?? null,
          b.operationId ?? null,
          b.masterDataVersion,
          JSON.stringify(b.payload),
          now,
          null,
        );
      }
    });
    const started = performance.now();
    for (let from = 0; from < count; from += batch) insertBatch.immediate(from, Math.min(count, from + batch));
    const ms = performance.now() - started;
    return { ms, rowsPerSecond: count / (ms / 1000) };
  } finally {
    db.close();
  }
}
