import { buildPendingExport } from '../../../shared/protocol/pending-export';
import { listAllPendingBookings, sha256hex } from '../data';

// For a terminal whose network is gone for good: every pending booking goes into one file, which an admin
// imports on the server (POST /api/v1/admin/bookings/import). The bookings stay in the outbox: if the
// network comes back after all, they are pushed and the server answers `duplicate` for those imported.

export type ExportOutcome = { kind: 'saved'; count: number; fileName: string } | { kind: 'nothing-pending' };

export async function exportPendingBookings(
  stationId: string | null,
  save: (fileName: string, text: string) => void = saveAsDownload,
  now: () => number = Date.now,
): Promise<ExportOutcome> {
  const bookings = await listAllPendingBookings();
  if (bookings.length === 0) return { kind: 'nothing-pending' };
  const exportedAt = now();
  const file = await buildPendingExport(bookings, {
    now: exportedAt,
    ...(stationId === null ? {} : { stationId }),
    sha256Hex: sha256hex,
  });
  const stamp = new Date(exportedAt).toISOString().replace(/[:.]/g, '-');
  const fileName = `takt-pending-${stationId ?? 'terminal'}-${stamp}.json`;
  save(fileName, JSON.stringify(file));
  return { kind: 'saved', count: bookings.length, fileName };
}

/** The browser's download (Electron asks where to save it: a USB stick). */
function saveAsDownload(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
