import type { Shift } from '../master-data';
import { clipIntervals, mergeIntervals, subtractIntervals, type Interval } from './intervals';
import { addDays, instantOf, localDateOf, type LocalDate } from './zoned-time';

// The shift calendar turned into time: which instants of a window are planned busy time (ISO 22400-2 PBT:
// shift time minus breaks minus planned downtime). Shifts repeat every day at their local wall-clock times.

const DAY_MINUTES = 24 * 60;

export interface ShiftOccurrence {
  shiftId: string;
  start: number;
  end: number;
  /** Breaks and planned downtime of this occurrence, clipped to it and merged. */
  planned: Interval[];
}

export interface CalendarTime {
  shifts: ShiftOccurrence[];
  /** Shift time minus breaks and planned downtime, merged, clipped to the window. */
  plannedBusy: Interval[];
  /** Breaks and planned downtime inside shifts, merged, clipped to the window. */
  plannedStops: Interval[];
}

function minutesOf(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Minutes from the shift's start to a wall-clock time inside it (a time "before" the start is the next day's). */
function offsetInShift(shiftStart: number, hhmm: string): number {
  return (minutesOf(hhmm) - shiftStart + DAY_MINUTES) % DAY_MINUTES;
}

function occurrence(shift: Shift, day: LocalDate, timeZone: string): ShiftOccurrence {
  const startMinutes = minutesOf(shift.start);
  const length = offsetInShift(startMinutes, shift.end) || DAY_MINUTES;
  const at = (offset: number): number => instantOf(day, startMinutes + offset, timeZone);
  const start = at(0);
  const end = at(length);
  const windows = [...(shift.breaks ?? []), ...(shift.plannedDowntime ?? [])].map((window) => {
    const from = offsetInShift(startMinutes, window.start);
    // A window ending at or before its start runs over midnight, like a night shift.
    const to = from + (offsetInShift(minutesOf(window.start), window.end) || DAY_MINUTES);
    return { start: at(Math.min(from, length)), end: at(Math.min(to, length)) };
  });
  return { shiftId: shift.id, start, end, planned: clipIntervals(mergeIntervals(windows), start, end) };
}

/** The calendar's time inside [from, to); `timeZone` is used for shifts that do not name their own. */
export function calendarTime(shifts: readonly Shift[], timeZone: string, from: number, to: number): CalendarTime {
  const occurrences: ShiftOccurrence[] = [];
  if (to > from) {
    for (const shift of shifts) {
      const zone = shift.timeZone ?? timeZone;
      // A shift that started the local day before `from` may still run into the window.
      const last = localDateOf(to, zone);
      for (let day = addDays(localDateOf(from, zone), -1); !isAfter(day, last); day = addDays(day, 1)) {
        const found = occurrence(shift, day, zone);
        if (found.end > from && found.start < to) occurrences.push(found);
      }
    }
  }
  occurrences.sort((a, b) => a.start - b.start);
  const shiftTime = mergeIntervals(occurrences);
  // With overlapping shifts (a misconfigured calendar) a stop of one stops both: the conservative reading.
  const plannedStops = clipIntervals(mergeIntervals(occurrences.flatMap((o) => o.planned)), from, to);
  return {
    shifts: occurrences,
    plannedBusy: clipIntervals(subtractIntervals(shiftTime, plannedStops), from, to),
    plannedStops,
  };
}

function isAfter(a: LocalDate, b: LocalDate): boolean {
  return a.year !== b.year ? a.year > b.year : a.month !== b.month ? a.month > b.month : a.day > b.day;
}
