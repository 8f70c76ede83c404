// Local wall-clock times of a plant's time zone to instants and back, with the runtime's own zone database
// (Intl), so a shift over a daylight-saving change is as long as it really is (7 or 9 hours for 22:00-06:00).

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const QUARTER_HOUR = 900_000;
const MAX_CACHED_OFFSETS = 100_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * The wall clock of the zone at an instant, as if it were UTC (so plain Date.UTC arithmetic works on it).
 * Asking Intl is slow (a 30-day window asks a thousand times), so offsets are kept per quarter hour: zones
 * change their offset only at whole quarter hours of UTC.
 */
function wallClockAsUtc(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / QUARTER_HOUR);
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = bucket * QUARTER_HOUR;
    offset = askIntl(start, timeZone) - start;
    if (zone.size >= MAX_CACHED_OFFSETS) zone.clear();
    zone.set(bucket, offset);
  }
  return instant + offset;
}

function askIntl(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((instant % 1000) + 1000) % 1000);
}

/** The calendar day in the zone at an instant. */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockAsUtc(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** The day `days` after a local date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/**
 * The instant a local date and minute of the day happen in the zone. A wall time skipped by the spring
 * daylight-saving jump is read with the offset from before it (02:30 becomes 03:30); one repeated in autumn
 * is its first occurrence.
 */
export function instantOf(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const wanted = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  // Two rounds of "subtract the offset at the guess" settle on the right offset on both sides of a change.
  const firstGuess = wanted - (wallClockAsUtc(wanted, timeZone) - wanted);
  const offsetAtGuess = wallClockAsUtc(firstGuess, timeZone) - firstGuess;
  const secondGuess = wanted - offsetAtGuess;
  const offsetEarlier = wallClockAsUtc(secondGuess - 3_600_000, timeZone) - (secondGuess - 3_600_000);
  // A repeated hour (autumn): the earlier offset names the first occurrence of the wall time.
  const earlier = wanted - offsetEarlier;
  if (earlier < secondGuess && wallClockAsUtc(earlier, timeZone) === wanted) return earlier;
  return secondGuess;
}
