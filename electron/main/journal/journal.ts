import path from 'node:path';
import { z } from 'zod';
import { validateBooking, type Booking } from '@shared/booking';
import { nodeJournalFs, type JournalFile, type JournalFs } from './journal-fs';
import { decodeSegment, encodeRecord } from './record-format';

// The booking journal: a second, independent copy of every booking, written by main before the renderer
// says "saved". IndexedDB commits with strict durability, but a power cut can still cost its last writes
// (Chromium's LevelDB, the disk's cache); this file is appended and fdatasync'd first-hand. At start the
// renderer restores from it whatever IndexedDB lost; bookings keep their ids, so the server takes them once.
//
// Segments `000001.log`, `000002.log`, …: each start appends to a new one, so a record torn by a crash is
// only ever the tail of a segment nobody writes to again. A segment is deleted once the server has
// acknowledged every booking in it (`acked.json` keeps the per-epoch acknowledged prefix across restarts).

const SEGMENT_PATTERN = /^(\d{6})\.log$/;
const ACKS_FILE = 'acked.json';
export const DEFAULT_RECORDS_PER_SEGMENT = 1_000;

const AcksFileSchema = z.strictObject({
  version: z.literal(1),
  ackedUpTo: z.record(z.string(), z.number().int().min(0)),
});

export interface JournalOptions {
  dir: string;
  fs?: JournalFs;
  recordsPerSegment?: number;
  /** Damage found while reading is reported here (and in the replay answer); nothing throws. */
  log?: (message: string) => void;
}

export interface JournalReplay {
  /** Every intact booking still journaled, oldest first, each id once. */
  bookings: Booking[];
  /** Records skipped because they were damaged or not a valid booking. */
  corruptRecords: number;
  /** Segments that ended in a record cut short (a crash during a write; that booking was never confirmed). */
  truncatedSegments: number;
  segments: number;
}

export interface BookingJournal {
  /** Resolves once the booking is on disk (fdatasync); rejects when it could not be made durable. */
  append(booking: Booking): Promise<void>;
  replay(): Promise<JournalReplay>;
  /** The server acknowledged `epoch` up to `ackedUpTo`: deletes segments holding nothing else. */
  acknowledge(epoch: string, ackedUpTo: number): Promise<{ pruned: number }>;
  /**
   * Bookings journaled that the server has not acknowledged yet (an update waits for zero); with a terminal
   * id, only those captured under it (its credentials are kept until that is zero).
   */
  pendingCount(terminalId?: string): number;
  close(): Promise<void>;
}

interface SegmentEntry {
  terminalId: string;
  epoch: string;
  seq: number;
}

interface Segment {
  name: string;
  entries: SegmentEntry[];
}

export async function openJournal(options: JournalOptions): Promise<BookingJournal> {
  const fs = options.fs ?? nodeJournalFs;
  const log = options.log ?? ((message: string) => console.warn(`[takt] journal: ${message}`));
  const recordsPerSegment = options.recordsPerSegment ?? DEFAULT_RECORDS_PER_SEGMENT;
  const dir = options.dir;
  await fs.mkdir(dir);

  const acked = await readAcks(fs, path.join(dir, ACKS_FILE));
  /** Closed segments (never written again), oldest first, with what they hold. */
  const closed: Segment[] = [];
  for (const name of await listSegments(fs, dir)) {
    const { bookings } = await readSegment(fs, dir, name, log);
    closed.push({ name, entries: bookings.map(({ terminalId, epoch, seq }) => ({ terminalId, epoch, seq })) });
  }
  let lastNumber = closed.reduce((max, segment) => Math.max(max, segmentNumber(segment.name)), 0);
  let current: { segment: Segment; file: JournalFile } | undefined;
  /** Appends, acknowledgements and replays run one at a time, in call order. */
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  async function openNextSegment(): Promise<{ segment: Segment; file: JournalFile }> {
    lastNumber += 1;
    const name = `${String(lastNumber).padStart(6, '0')}.log`;
    const file = await fs.openForAppend(path.join(dir, name));
    await fs.syncDir(dir); // the new file's directory entry must survive a power cut as well
    return { segment: { name, entries: [] }, file };
  }

  async function closeCurrent(): Promise<void> {
    const open = current;
    current = undefined;
    if (!open) return;
    closed.push(open.segment);
    await open.file.close().catch(() => undefined);
  }

  function isAcknowledged(segment: Segment): boolean {
    return segment.entries.every((entry) => entry.seq <= (acked[entry.epoch] ?? 0));
  }

  async function prune(): Promise<number> {
    let pruned = 0;
    for (const segment of [...closed]) {
      if (!isAcknowledged(segment)) continue;
      await fs.unlink(path.join(dir, segment.name));
      closed.splice(closed.indexOf(segment), 1);
      pruned++;
    }
    if (pruned > 0) await fs.syncDir(dir);
    return pruned;
  }

  return {
    append: (booking) =>
      serially(async () => {
        current ??= await openNextSegment();
        const open = current;
        try {
          await open.file.append(encodeRecord(booking));
          await open.file.sync();
        } catch (error) {
          // Whatever half of the record reached the file stays a torn tail: the next append starts afresh.
          await closeCurrent();
          throw error;
        }
        open.segment.entries.push({ terminalId: booking.terminalId, epoch: booking.epoch, seq: booking.seq });
        if (open.segment.entries.length >= recordsPerSegment) await closeCurrent();
      }),

    replay: () =>
      serially(async () => {
        const names = [...closed.map((segment) => segment.name), ...(current ? [current.segment.name] : [])];
        const seen = new Set<string>();
        const result: JournalReplay = { bookings: [], corruptRecords: 0, truncatedSegments: 0, segments: names.length };
        for (const name of names) {
          const segment = await readSegment(fs, dir, name, log);
          result.corruptRecords += segment.corrupt;
          if (segment.truncatedTail) result.truncatedSegments++;
          for (const booking of segment.bookings) {
            if (seen.has(booking.id)) continue;
            seen.add(booking.id);
            result.bookings.push(booking);
          }
        }
        return result;
      }),

    pendingCount: (terminalId) =>
      [...closed, ...(current ? [current.segment] : [])]
        .flatMap((segment) => segment.entries)
        .filter(
          (entry) =>
            entry.seq > (acked[entry.epoch] ?? 0) && (terminalId === undefined || entry.terminalId === terminalId),
        ).length,

    acknowledge: (epoch, ackedUpTo) =>
      serially(async () => {
        if (ackedUpTo > (acked[epoch] ?? 0)) {
          acked[epoch] = ackedUpTo;
          await fs.writeFileAtomic(path.join(dir, ACKS_FILE), JSON.stringify({ version: 1, ackedUpTo: acked }));
        }
        return { pruned: await prune() };
      }),

    close: () => serially(closeCurrent),
  };
}

async function listSegments(fs: JournalFs, dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((name) => SEGMENT_PATTERN.test(name)).sort();
}

function segmentNumber(name: string): number {
  return Number(SEGMENT_PATTERN.exec(name)?.[1] ?? 0);
}

async function readSegment(
  fs: JournalFs,
  dir: string,
  name: string,
  log: (message: string) => void,
): Promise<{ bookings: Booking[]; corrupt: number; truncatedTail: boolean }> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(dir, name));
  } catch (error) {
    log(`segment ${name} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return { bookings: [], corrupt: 0, truncatedTail: false };
  }
  const decoded = decodeSegment(bytes);
  const bookings: Booking[] = [];
  let corrupt = decoded.corrupt;
  for (const record of decoded.records) {
    const validation = validateBooking(record);
    if (validation.ok) bookings.push(validation.booking);
    else corrupt++;
  }
  if (corrupt > 0) log(`segment ${name}: ${corrupt} damaged record(s) skipped`);
  if (decoded.truncatedTail) log(`segment ${name}: last record cut short (a write interrupted by a crash), ignored`);
  return { bookings, corrupt, truncatedTail: decoded.truncatedTail };
}

async function readAcks(fs: JournalFs, file: string): Promise<Record<string, number>> {
  try {
    const parsed = AcksFileSchema.safeParse(JSON.parse((await fs.readFile(file)).toString('utf8')));
    return parsed.success ? { ...parsed.data.ackedUpTo } : {};
  } catch {
    return {}; // none yet, or unreadable: segments are then kept until the next acknowledgement, never lost
  }
}
