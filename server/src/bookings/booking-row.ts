// A booking as the server stores it (one row of `bookings`), and the booking the terminal sent, rebuilt from it.

export interface BookingRow {
  server_seq: number;
  id: string;
  terminal_id: string;
  epoch: string;
  seq: number;
  type: string;
  occurred_at: number;
  clock_offset_ms: number;
  station_id: string;
  operator_id: string | null;
  order_id: string | null;
  operation_id: string | null;
  master_data_version: string;
  payload: string;
  received_at: number;
  review: string | null;
}

/** A stored row as the booking the terminal sent (after validation: trimmed, optional fields left out). */
export function bookingFromRow(row: BookingRow): Record<string, unknown> {
  return {
    id: row.id,
    terminalId: row.terminal_id,
    epoch: row.epoch,
    seq: row.seq,
    type: row.type,
    occurredAt: row.occurred_at,
    clockOffsetMs: row.clock_offset_ms,
    stationId: row.station_id,
    ...(row.operator_id === null ? {} : { operatorId: row.operator_id }),
    ...(row.order_id === null ? {} : { orderId: row.order_id }),
    ...(row.operation_id === null ? {} : { operationId: row.operation_id }),
    masterDataVersion: row.master_data_version,
    payload: JSON.parse(row.payload) as unknown,
  };
}
