import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportSaveAnswer, ExportSaveRequest } from '@shared/ipc/contract';
import { exportedBookingsText } from '@shared/protocol/pending-export';

// Saves the renderer's export of pending bookings where plant IT chooses (a USB stick). The file is the
// only copy that leaves a terminal without network, so main checks it before writing: the checksum must
// cover the bookings it carries (the server refuses a file whose checksum does not match, better to know
// at the terminal), and the file is written whole and synced before "saved" is answered.

/** Asks where to save (main's save dialog); undefined when the user cancels. */
export type ChooseExportPath = (suggestedName: string) => Promise<string | undefined>;

export async function savePendingExport(
  request: ExportSaveRequest,
  chooseExportPath: ChooseExportPath,
): Promise<ExportSaveAnswer> {
  const { file } = request;
  if (file.bookingCount !== file.bookings.length) {
    return {
      outcome: 'failed',
      reason: `the file names ${file.bookingCount} bookings but holds ${file.bookings.length}`,
    };
  }
  const sha256 = createHash('sha256').update(exportedBookingsText(file.bookings)).digest('hex');
  if (sha256 !== file.sha256) return { outcome: 'failed', reason: 'the checksum does not match the bookings' };

  const chosen = await chooseExportPath(request.fileName);
  if (chosen === undefined) return { outcome: 'cancelled' };
  if (!path.isAbsolute(chosen)) return { outcome: 'failed', reason: `not an absolute path: ${chosen}` };
  try {
    await writeDurably(chosen, JSON.stringify(file));
  } catch (error) {
    return { outcome: 'failed', reason: `${chosen}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { outcome: 'saved', path: chosen };
}

/** Only the owner may read it (bookings name operators); synced, since a USB stick is pulled right after. */
async function writeDurably(target: string, text: string): Promise<void> {
  const handle = await fs.open(target, 'w', 0o600);
  try {
    // An existing file keeps its mode on open: set it before anything is written. A FAT-formatted stick
    // has no Unix modes and refuses chmod; the file is written all the same.
    await handle.chmod(0o600).catch((error: unknown) => {
      if (!isModeUnsupported(error)) throw error;
    });
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isModeUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP';
}
