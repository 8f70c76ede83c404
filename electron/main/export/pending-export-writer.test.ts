import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchIpc } from '../ipc/dispatch';
import { APP_ENTRY_URL } from '../security/app-origin';
import { createIpcHandlers } from '../ipc/handlers';
import type { ExportSaveAnswer } from '@shared/ipc/contract';
import { buildPendingExport, PendingExportFileSchema } from '@shared/protocol/pending-export';
import type { Booking } from '@shared/booking';
import { savePendingExport, type ChooseExportPath } from './pending-export-writer';

// The export reaches main over the validated IPC contract; main checks it, asks where to save (the dialog
// is injected: here a function answering like the user would), and writes it 0600 and synced.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-export-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha256Hex = async (text: string) => createHash('sha256').update(text).digest('hex');
const bookings = [1, 2, 3].map((seq) => ({ id: `b-${seq}`, seq, payload: { quantity: seq } }) as unknown as Booking);
const exportFile = () => buildPendingExport(bookings, { now: 1_700_000_000_000, stationId: 'ST-10', sha256Hex });
const FILE_NAME = 'takt-pending-ST-10-2023-11-14T22-13-20-000Z.json';

/** Answers the dialog with `chosen` and remembers the name it suggested. */
function dialog(chosen: string | undefined): ChooseExportPath & { suggested: string[] } {
  const suggested: string[] = [];
  return Object.assign(async (name: string) => (suggested.push(name), chosen), { suggested });
}

function throughIpc(chooseExportPath: ChooseExportPath) {
  const handlers = createIpcHandlers({
    appInfo: () => ({ version: '1', platform: 'linux', electronVersion: '1', isPackaged: false }),
    serverClient: () => null,
    scanSources: () => [],
    journal: () => Promise.reject(new Error('not needed')),
    keystore: () => ({ state: 'secure' as const }),
    logTail: () => [],
    onSessionState: () => undefined,
    chooseExportPath,
  });
  return (input: unknown) =>
    dispatchIpc('export:save', { frameUrl: APP_ENTRY_URL, isMainFrame: true }, input, handlers);
}

describe('saving the export of pending bookings', () => {
  it('writes the file where the dialog says, owner-only, and answers its path', async () => {
    const target = path.join(dir, 'stick', 'pending.json');
    fs.mkdirSync(path.dirname(target));
    const choose = dialog(target);
    const answer = await throughIpc(choose)({ fileName: FILE_NAME, file: await exportFile() });
    expect(answer).toEqual({ ok: true, value: { outcome: 'saved', path: target } });
    expect(choose.suggested).toEqual([FILE_NAME]);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    const written = PendingExportFileSchema.parse(JSON.parse(fs.readFileSync(target, 'utf8')));
    expect(written).toEqual(await exportFile());
  });

  it('makes an existing file owner-only when it overwrites it', async () => {
    const target = path.join(dir, 'old.json');
    fs.writeFileSync(target, 'older and longer content than nothing'.repeat(1000), { mode: 0o644 });
    const answer = await savePendingExport({ fileName: FILE_NAME, file: await exportFile() }, dialog(target));
    expect(answer).toEqual({ outcome: 'saved', path: target });
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual(await exportFile());
  });

  it('answers cancelled and writes nothing when the dialog is cancelled', async () => {
    expect(await savePendingExport({ fileName: FILE_NAME, file: await exportFile() }, dialog(undefined))).toEqual({
      outcome: 'cancelled',
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('answers a clear error when the file cannot be written', async () => {
    const target = path.join(dir, 'no-such-folder', 'pending.json');
    const answer = await savePendingExport({ fileName: FILE_NAME, file: await exportFile() }, dialog(target));
    expect(answer.outcome).toBe('failed');
    expect((answer as Extract<ExportSaveAnswer, { outcome: 'failed' }>).reason).toMatch(/no-such-folder.*ENOENT/);
  });

  it('refuses a file whose checksum or count does not fit its bookings before asking where to save', async () => {
    const choose = dialog(path.join(dir, 'x.json'));
    const tampered = { ...(await exportFile()), bookings: bookings.slice(0, 2).concat([{ id: 'b-9' } as never]) };
    expect(await savePendingExport({ fileName: FILE_NAME, file: tampered }, choose)).toEqual({
      outcome: 'failed',
      reason: 'the checksum does not match the bookings',
    });
    const short = { ...(await exportFile()), bookingCount: 2 };
    expect((await savePendingExport({ fileName: FILE_NAME, file: short }, choose)).outcome).toBe('failed');
    expect(choose.suggested).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['a name with a folder', { fileName: '../etc/passwd.json' }],
    ['a name that is not .json', { fileName: 'pending.sh' }],
    ['not an export', { file: { format: 'something-else' } }],
    ['an unexpected field', { extra: true }],
  ])('refuses %s at the contract, before the dialog opens', async (_case, change) => {
    const choose = dialog(path.join(dir, 'x.json'));
    const answer = await throughIpc(choose)({ fileName: FILE_NAME, file: await exportFile(), ...change });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(choose.suggested).toEqual([]);
  });
});
