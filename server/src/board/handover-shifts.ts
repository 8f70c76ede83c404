import type { ShiftWindowInfo } from '@shared/board/station-detail';
import { calendarTime, type ShiftOccurrence } from '@shared/kpi';
import { DATASET_SCHEMAS, type Shift } from '@shared/master-data';
import type { MasterDataStore } from '../master-data/store';

// Which shift runs at an instant, and which ran before it, from the shift calendar in master data
// (shared/kpi/calendar.ts places the occurrences, daylight saving included). The drill-down, the KPI view
// and the handover all mean "this shift" the same way.

const DAY_MS = 86_400_000;

export interface ShiftCalendar {
  /** The shift occurrence running at `at` (the one that began last, if a calendar overlaps). */
  at(at: number): ShiftWindowInfo | null;
  /** The shift occurrence that began last before the one running at `at` (or before `at` in a gap). */
  before(at: number): ShiftWindowInfo | null;
  /** The occurrence that starts exactly at `start`, if the calendar has one. */
  startingAt(start: number): ShiftWindowInfo | null;
}

export function createShiftCalendar(store: MasterDataStore, defaultTimeZone: string): ShiftCalendar {
  function shifts(): Shift[] {
    return store.liveKeys('shifts').flatMap((key): Shift[] => {
      const parsed = DATASET_SCHEMAS.shifts.safeParse(store.get('shifts', key));
      return parsed.success ? [parsed.data] : [];
    });
  }
  function occurrences(from: number, to: number): { list: ShiftOccurrence[]; names: Map<string, string> } {
    const all = shifts();
    return {
      list: calendarTime(all, defaultTimeZone, from, to).shifts,
      names: new Map(all.map((shift) => [shift.id, shift.name])),
    };
  }
  const info = (occurrence: ShiftOccurrence, names: Map<string, string>): ShiftWindowInfo => ({
    shiftId: occurrence.shiftId,
    name: names.get(occurrence.shiftId) ?? occurrence.shiftId,
    start: occurrence.start,
    end: occurrence.end,
  });
  const latest = (list: ShiftOccurrence[]) =>
    list.reduce<ShiftOccurrence | undefined>(
      (best, o) => (best === undefined || o.start > best.start ? o : best),
      undefined,
    );

  const calendar: ShiftCalendar = {
    at(at) {
      const { list, names } = occurrences(at, at + 1);
      const found = latest(list.filter((o) => o.start <= at && at < o.end));
      return found ? info(found, names) : null;
    },
    before(at) {
      const current = calendar.at(at);
      const limit = current?.start ?? at;
      // Shifts are at most a day long: the one before began within two days.
      const { list, names } = occurrences(limit - 2 * DAY_MS, limit);
      const found = latest(list.filter((o) => o.start < limit));
      return found ? info(found, names) : null;
    },
    startingAt(start) {
      const { list, names } = occurrences(start, start + 1);
      const found = list.find((o) => o.start === start);
      return found ? info(found, names) : null;
    },
  };
  return calendar;
}
