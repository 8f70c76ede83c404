import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Booking } from '@shared/booking';
import { machineDraftKey } from '@shared/ipc/events';
import { MACHINE_RUN_STATES, COUNTER_BITS } from '@shared/machine';
import type { MachineDraft, SignalResumePoint } from './acquisition';

// Between the acquisition in main and capture in the renderer. A draft is only a booking once the renderer has
// captured it, and every capture in Electron is journaled in main before the UI goes on
// (renderer/src/app/journal-reconcile.ts): that journal append is the outlet's receipt. So:
//   - each draft is kept here until its booking is journaled, and sent again when the page (re)loads, so a
//     renderer that was not there yet or crashed loses none; the renderer drops one it captured already
//     (same machineDraftKey), so a draft sent twice is booked once;
//   - a signal's resume point is saved only when its drafts are journaled in order: after a crash the next run
//     counts again from the last captured reading, so what was drafted and never captured is counted once more
//     and nothing captured is counted twice. The journal's own unacknowledged bookings are merged in at start,
//     covering a crash between the journal's fsync and this file's.

const ResumeFileSchema = z.strictObject({
  version: z.literal(1),
  signals: z.record(
    z.string().max(128),
    z.strictObject({
      count: z
        .strictObject({
          value: z.number().int().min(0),
          at: z.number().int().min(0),
          bits: z.literal(COUNTER_BITS),
        })
        .optional(),
      state: z.strictObject({ state: z.enum(MACHINE_RUN_STATES), since: z.number().int().min(0) }).optional(),
    }),
  ),
});

export interface MachineOutletOptions {
  /** Where the captured resume points are kept (the user-data folder). */
  resumeFile: string;
  /** Hands a draft to the renderer (which drops one it captured already, by its machineDraftKey). */
  send: (draft: MachineDraft) => void;
  log?: (message: string) => void;
}

export interface MachineOutlet {
  /** The acquisition's sink: keeps the draft until its booking is journaled, and sends it. */
  sink(draft: MachineDraft): void;
  /** Every booking main journals comes here; a captured machine draft settles. */
  journaled(booking: Booking): void;
  /**
   * Sends every draft not journaled yet again: the page (re)loaded, or (with `unsettledForMs`) a draft has
   * gone unanswered that long, e.g. because the page subscribed only after enrollment.
   */
  resend(unsettledForMs?: number): void;
  /** Drafts sent and not yet journaled. */
  pendingCount(): number;
  /** Where the acquisition resumes: the saved points, moved on by the journal's machine bookings. */
  resumePoints(journaled: readonly Booking[]): Record<string, SignalResumePoint>;
}

interface Pending {
  key: string;
  draft: MachineDraft;
  journaled: boolean;
  sentAt: number;
}

export function createMachineOutlet(options: MachineOutletOptions): MachineOutlet {
  const log = options.log ?? (() => undefined);
  const saved = readResumeFile(options.resumeFile, log);
  /** Per signal, in the order drafted: a signal's resume point moves only past a journaled prefix. */
  const pending = new Map<string, Pending[]>();

  const advance = (point: Record<string, SignalResumePoint>, draft: MachineDraft) => {
    const at = (point[draft.payload.signal] ??= {});
    if (draft.type === 'machine.count') {
      const { endValue, to, bits } = draft.payload;
      if (to >= (at.count?.at ?? -1)) at.count = { value: endValue, at: to, bits };
    } else if (draft.payload.since >= (at.state?.since ?? -1)) {
      at.state = { state: draft.payload.state, since: draft.payload.since };
    }
  };

  return {
    sink(draft) {
      const entry = { key: machineDraftKey(draft), draft, journaled: false, sentAt: Date.now() };
      const queue = pending.get(draft.payload.signal) ?? [];
      queue.push(entry);
      pending.set(draft.payload.signal, queue);
      options.send(draft);
    },
    journaled(booking) {
      if (booking.type !== 'machine.count' && booking.type !== 'machine.state') return;
      const draft = { type: booking.type, payload: booking.payload } as MachineDraft;
      const queue = pending.get(draft.payload.signal);
      const key = machineDraftKey(draft);
      const entry = queue?.find((p) => p.key === key);
      if (!queue || !entry) return;
      entry.journaled = true;
      let moved = false;
      while (queue[0]?.journaled === true) {
        advance(saved, (queue.shift() as Pending).draft);
        moved = true;
      }
      if (moved) writeResumeFile(options.resumeFile, saved, log);
    },
    resend(unsettledForMs = 0) {
      const now = Date.now();
      for (const queue of pending.values()) {
        for (const entry of queue) {
          if (entry.journaled || now - entry.sentAt < unsettledForMs) continue;
          entry.sentAt = now;
          options.send(entry.draft);
        }
      }
    },
    pendingCount: () => [...pending.values()].reduce((sum, queue) => sum + queue.length, 0),
    resumePoints(journaled) {
      const points = structuredClone(saved);
      for (const booking of journaled) {
        if (booking.type === 'machine.count' || booking.type === 'machine.state') {
          advance(points, { type: booking.type, payload: booking.payload } as MachineDraft);
        }
      }
      return points;
    },
  };
}

function readResumeFile(file: string, log: (message: string) => void): Record<string, SignalResumePoint> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {}; // the first start: every counter's first reading is its baseline
  }
  try {
    return ResumeFileSchema.parse(JSON.parse(text)).signals;
  } catch (error) {
    // Pieces made while the terminal was off are then not counted; counting them twice would be worse.
    log(`machine resume points unreadable, counters start from their next reading: ${String(error)}`);
    return {};
  }
}

/** Temp file, fsync, rename: a power cut leaves the old points or the new ones, never half a file. */
function writeResumeFile(file: string, signals: Record<string, SignalResumePoint>, log: (message: string) => void) {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  try {
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, JSON.stringify({ version: 1, signals }));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    // The journal still holds the booking until the server has it; resumePoints() merges it in at start.
    log(`machine resume points not saved: ${String(error)}`);
  }
}
