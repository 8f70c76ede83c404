import { buildPendingExport, type PendingExportFile } from '@shared/protocol/pending-export';
import { ExportSaveAnswerSchema, type TaktBridge } from '@shared/ipc/contract';
import { getTerminalData, sha256hex } from '../data';

// For a terminal whose network is gone for good: every pending booking goes into one file, which an admin
// imports on the server (POST /api/v1/admin/bookings/import). The bookings stay in the outbox: if the
// network comes back after all, they are pushed and the server answers `duplicate` for those imported.

export type ExportOutcome =
  | { kind: 'saved'; count: number; fileName: string }
  | { kind: 'nothing-pending' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; reason: string };

/** Where the file goes: `fileName` is a suggestion; the answer names where it went (or why it did not). */
export type SaveExport = (
  fileName: string,
  file: PendingExportFile,
) => Promise<{ kind: 'saved'; fileName: string } | { kind: 'cancelled' } | { kind: 'failed'; reason: string }>;

export async function exportPendingBookings(
  stationId: string | null,
  save: SaveExport,
  now: () => number = Date.now,
): Promise<ExportOutcome> {
  const bookings = await getTerminalData().outbox.listAllPending();
  if (bookings.length === 0) return { kind: 'nothing-pending' };
  const exportedAt = now();
  const file = await buildPendingExport(bookings, {
    now: exportedAt,
    ...(stationId === null ? {} : { stationId }),
    sha256Hex: sha256hex,
  });
  const stamp = new Date(exportedAt).toISOString().replace(/[:.]/g, '-');
  const saved = await save(`takt-pending-${stationId ?? 'terminal'}-${stamp}.json`, file);
  return saved.kind === 'saved' ? { kind: 'saved', count: bookings.length, fileName: saved.fileName } : saved;
}

/** Electron (the bridge is there): main's save dialog writes the file; a browser: its download. */
export function saverFor(bridge: TaktBridge | null): SaveExport {
  return bridge ? saveThroughMain(bridge) : saveAsDownload;
}

function saveThroughMain(bridge: TaktBridge): SaveExport {
  return async (fileName, file) => {
    const result = await bridge['export:save']({ fileName, file });
    if (!result.ok) return { kind: 'failed', reason: `${result.error.code}: ${result.error.message}` };
    // The bridge is a boundary: main's answer is checked like anything else from outside.
    const answer = ExportSaveAnswerSchema.parse(result.value);
    if (answer.outcome === 'saved') return { kind: 'saved', fileName: answer.path };
    return answer.outcome === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', reason: answer.reason };
  };
}

/** The browser's download: where it lands is the browser's business (its downloads folder or a prompt). */
const saveAsDownload: SaveExport = async (fileName, file) => {
  const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { kind: 'saved', fileName };
};
