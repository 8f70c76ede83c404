import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { crc32 } from './crc32';
import { openJournal } from './journal';
import { nodeJournalFs, type JournalFs } from './journal-fs';
import { decodeSegment, encodeRecord } from './record-format';

let dir: string;
let logged: string[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-journal-'));
  logged = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const EPOCH = '01890000-0000-7000-8000-000000000001';
const log = (message: string) => logged.push(message);

function booking(seq: number, epoch = EPOCH): Booking {
  return {
    id: `01890000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T-1',
    epoch,
    seq,
    type: 'quantity.good',
    occurredAt: 1_700_000_000_000 + seq,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    orderId: 'FA1000004',
    operationId: '0010',
    masterDataVersion: 'v1',
    payload: { quantity: seq, unit: 'pcs' },
  } as Booking;
}

const segmentFiles = () =>
  fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort();

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
});

describe('booking journal', () => {
  it('round-trips appended bookings, oldest first', async () => {
    const journal = await openJournal({ dir, log });
    for (const seq of [1, 2, 3]) await journal.append(booking(seq));
    await journal.close();
    const replay = await (await openJournal({ dir, log })).replay();
    expect(replay.bookings).toEqual([booking(1), booking(2), booking(3)]);
    expect(replay).toMatchObject({ corruptRecords: 0, truncatedSegments: 0 });
  });

  it('ignores a last record cut short by a crash and keeps the ones before it', async () => {
    const journal = await openJournal({ dir, log });
    await journal.append(booking(1));
    await journal.append(booking(2));
    await journal.close();
    const [file] = segmentFiles();
    const full = fs.readFileSync(path.join(dir, file!));
    const torn = encodeRecord(booking(3)).subarray(0, 40);
    fs.writeFileSync(path.join(dir, file!), Buffer.concat([full, torn]));

    const reopened = await openJournal({ dir, log });
    const replay = await reopened.replay();
    expect(replay.bookings.map((b) => b.seq)).toEqual([1, 2]);
    expect(replay).toMatchObject({ corruptRecords: 0, truncatedSegments: 1 });
    expect(logged.some((line) => line.includes('cut short'))).toBe(true);
    // Appending after the restart goes to a new segment and is read back too.
    await reopened.append(booking(3));
    expect((await reopened.replay()).bookings.map((b) => b.seq)).toEqual([1, 2, 3]);
  });

  it('skips and counts a corrupt record in the middle, keeping the records after it', async () => {
    const journal = await openJournal({ dir, log });
    for (const seq of [1, 2, 3]) await journal.append(booking(seq));
    await journal.close();
    const file = path.join(dir, segmentFiles()[0]!);
    const bytes = fs.readFileSync(file);
    const second = encodeRecord(booking(1)).length + 20; // inside the second record's payload
    bytes[second] = bytes[second]! ^ 0xff;
    fs.writeFileSync(file, bytes);

    const replay = await (await openJournal({ dir, log })).replay();
    expect(replay.bookings.map((b) => b.seq)).toEqual([1, 3]);
    expect(replay.corruptRecords).toBe(1);
    expect(logged.some((line) => line.includes('damaged'))).toBe(true);
  });

  it('finds the next record after a damaged header and never throws on garbage', () => {
    const good = encodeRecord({ n: 1 });
    const damaged = Buffer.from(encodeRecord({ n: 2 }));
    damaged.writeUInt32LE(0xffffffff, 4); // an impossible length
    const decoded = decodeSegment(Buffer.concat([good, damaged, Buffer.from('garbage'), encodeRecord({ n: 3 })]));
    expect(decoded.records).toEqual([{ n: 1 }, { n: 3 }]);
    expect(decoded.corrupt).toBeGreaterThanOrEqual(1);
    expect(decodeSegment(Buffer.from([0x54, 0x4b]))).toEqual({ records: [], corrupt: 0, truncatedTail: true });
    expect(decodeSegment(Buffer.from('xyz')).records).toEqual([]);
  });

  it('counts a record that is intact but not a booking as corrupt', async () => {
    fs.writeFileSync(
      path.join(dir, '000001.log'),
      Buffer.concat([encodeRecord({ id: 'x' }), encodeRecord(booking(1))]),
    );
    const replay = await (await openJournal({ dir, log })).replay();
    expect(replay.bookings).toEqual([booking(1)]);
    expect(replay.corruptRecords).toBe(1);
  });

  it('replays the same bookings every time, each id once', async () => {
    const journal = await openJournal({ dir, log });
    await journal.append(booking(1));
    await journal.append(booking(1)); // a renderer retry journals the same booking again
    await journal.append(booking(2));
    const first = await journal.replay();
    const second = await journal.replay();
    expect(first.bookings.map((b) => b.seq)).toEqual([1, 2]);
    expect(second).toEqual(first);
    await journal.close();
    expect(await (await openJournal({ dir, log })).replay()).toEqual(first);
  });

  it('prunes only closed segments whose bookings are all acknowledged, also after a restart', async () => {
    const journal = await openJournal({ dir, log, recordsPerSegment: 2 });
    for (const seq of [1, 2, 3, 4, 5]) await journal.append(booking(seq));
    expect(segmentFiles()).toEqual(['000001.log', '000002.log', '000003.log']);
    expect(journal.pendingCount()).toBe(5);

    expect(await journal.acknowledge(EPOCH, 3)).toEqual({ pruned: 1 }); // seq 4 still pending in 000002
    expect(journal.pendingCount()).toBe(2);
    expect(segmentFiles()).toEqual(['000002.log', '000003.log']);
    expect(await journal.acknowledge('01890000-0000-7000-8000-0000000000ff', 99)).toEqual({ pruned: 0 });
    expect(await journal.acknowledge(EPOCH, 5)).toEqual({ pruned: 1 }); // 000003 is still being written to
    expect(segmentFiles()).toEqual(['000003.log']);
    expect(journal.pendingCount()).toBe(0);
    await journal.close();

    // The acknowledged prefix survived the restart: the old segment goes at the next acknowledgement.
    const reopened = await openJournal({ dir, log, recordsPerSegment: 2 });
    await reopened.append(booking(6));
    expect(reopened.pendingCount()).toBe(1);
    expect(await reopened.acknowledge(EPOCH, 5)).toEqual({ pruned: 1 });
    expect(segmentFiles()).toEqual(['000004.log']);
    expect((await reopened.replay()).bookings.map((b) => b.seq)).toEqual([6]);
  });

  it('syncs every record before append resolves, and reports a failed sync', async () => {
    const calls: string[] = [];
    let failSync = false;
    const countingFs: JournalFs = {
      ...nodeJournalFs,
      async openForAppend(file) {
        const real = await nodeJournalFs.openForAppend(file);
        return {
          append: async (bytes) => {
            calls.push('write');
            await real.append(bytes);
          },
          sync: async () => {
            calls.push('sync');
            if (failSync) throw new Error('EIO');
            await real.sync();
          },
          close: () => real.close(),
        };
      },
      syncDir: async (d) => {
        calls.push('syncDir');
        await nodeJournalFs.syncDir(d);
      },
    };
    const journal = await openJournal({ dir, log, fs: countingFs });
    await journal.append(booking(1));
    expect(calls).toEqual(['syncDir', 'write', 'sync']);
    failSync = true;
    await expect(journal.append(booking(2))).rejects.toThrow('EIO');
    failSync = false;
    await journal.append(booking(3)); // a fresh segment after the failure
    expect(segmentFiles()).toHaveLength(2);
    expect((await journal.replay()).bookings.map((b) => b.seq)).toContain(3);
  });
});
