import type { Shift } from '@shared/master-data';

// Which shift "now" belongs to, from the plant's shift calendar (local wall-clock times such as 06:00-14:00;
// a night shift 22:00-06:00 runs over midnight). Without a calendar, the day since local midnight.

export interface ShiftWindow {
  /** The shift's id from master data, or null when the calendar has none covering now. */
  shiftId: string | null;
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;

function minutesOf(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

function atLocalTime(day: Date, minutes: number): number {
  const at = new Date(day);
  at.setHours(0, 0, 0, 0);
  at.setMinutes(minutes);
  return at.getTime();
}

export function currentShiftWindow(shifts: readonly Shift[], now: number): ShiftWindow {
  const today = new Date(now);
  const yesterday = new Date(now - DAY_MS);
  for (const shift of shifts) {
    const startMinutes = minutesOf(shift.start);
    const endMinutes = minutesOf(shift.end);
    // A shift that ends at or before its start runs over midnight; one that started yesterday may still run.
    const length = (endMinutes - startMinutes + 24 * 60) % (24 * 60) || 24 * 60;
    for (const day of [today, yesterday]) {
      const start = atLocalTime(day, startMinutes);
      const end = start + length * 60_000;
      if (start <= now && now < end) return { shiftId: shift.id, start, end };
    }
  }
  const midnight = atLocalTime(today, 0);
  return { shiftId: null, start: midnight, end: atLocalTime(new Date(midnight + DAY_MS + 3_600_000), 0) };
}
