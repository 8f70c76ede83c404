import { z } from 'zod';
import type { Booking } from '../booking';

// A terminal whose network is gone for good hands its pending bookings over as a file (USB stick); an admin
// imports the file on the server, which sends every booking through the same ingest as a push. Booking ids
// make that idempotent: a booking already pushed, or a file imported twice, is answered `duplicate`.

export const PENDING_EXPORT_FORMAT = 'takt-pending-bookings';
/** About 50 MB of bookings: more than a week of a busy station's work. */
export const MAX_EXPORTED_BOOKINGS = 100_000;

export const PendingExportFileSchema = z.strictObject({
  format: z.literal(PENDING_EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.number().int().nonnegative(),
  /** The station the terminal was set up for, for the person carrying the file. */
  stationId: z.string().min(1).max(64).optional(),
  bookingCount: z.number().int().min(1).max(MAX_EXPORTED_BOOKINGS),
  /** SHA-256 (hex) of `exportedBookingsText(bookings)`: a damaged file is refused, not half imported. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bookings: z.array(z.unknown()).min(1).max(MAX_EXPORTED_BOOKINGS),
});
export type PendingExportFile = z.infer<typeof PendingExportFileSchema>;

/** The text the checksum covers. JSON.stringify of parsed JSON gives the same text again on both sides. */
export function exportedBookingsText(bookings: readonly unknown[]): string {
  return JSON.stringify(bookings);
}

export async function buildPendingExport(
  bookings: readonly Booking[],
  options: { now: number; stationId?: string; sha256Hex: (text: string) => Promise<string> },
): Promise<PendingExportFile> {
  return {
    format: PENDING_EXPORT_FORMAT,
    version: 1,
    exportedAt: options.now,
    ...(options.stationId === undefined ? {} : { stationId: options.stationId }),
    bookingCount: bookings.length,
    sha256: await options.sha256Hex(exportedBookingsText(bookings)),
    bookings: [...bookings],
  };
}

/** What the server answers to an import. */
export interface PendingImportSummary {
  bookings: number;
  accepted: number;
  duplicate: number;
  quarantined: number;
  rejected: number;
}
