// Updates come from the central server (electron-updater's generic provider), never from the internet, and
// only when nobody can be hurt by a restart: inside the plant's maintenance window, with no booking waiting
// in the journal and nobody logged in. The same check runs before looking for an update and again before
// installing one (a download can take long; someone may have logged in meanwhile).

/** Minutes after local midnight; a window may wrap midnight (22:00–02:00). */
export interface MaintenanceWindow {
  startMinute: number;
  endMinute: number;
}

export interface UpdateConditions {
  /** Local time of day, in minutes after midnight. */
  minuteOfDay: number;
  window: MaintenanceWindow | null;
  /** Bookings the journal holds that the server has not acknowledged; null when the journal is unreadable. */
  pendingInJournal: number | null;
  /** Last reported by the renderer; null when it has not reported (then someone may be logged in). */
  isOperatorLoggedIn: boolean | null;
}

export type UpdateVerdict =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'no-window' | 'outside-window' | 'bookings-pending' | 'operator-logged-in' | 'state-unknown';
    };

const WINDOW_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** `"02:00-04:30"` → minutes; anything else (or an empty window) is null: no updates at all. */
export function parseMaintenanceWindow(text: unknown): MaintenanceWindow | null {
  if (typeof text !== 'string') return null;
  const match = WINDOW_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, startHour, startMinute, endHour, endMinute] = match.map(Number) as [number, number, number, number, number];
  const window = { startMinute: startHour * 60 + startMinute, endMinute: endHour * 60 + endMinute };
  return window.startMinute === window.endMinute ? null : window;
}

export function isInWindow(minuteOfDay: number, window: MaintenanceWindow): boolean {
  return window.startMinute < window.endMinute
    ? minuteOfDay >= window.startMinute && minuteOfDay < window.endMinute
    : minuteOfDay >= window.startMinute || minuteOfDay < window.endMinute;
}

export function decideUpdate(conditions: UpdateConditions): UpdateVerdict {
  if (conditions.window === null) return { allowed: false, reason: 'no-window' };
  if (!isInWindow(conditions.minuteOfDay, conditions.window)) return { allowed: false, reason: 'outside-window' };
  if (conditions.pendingInJournal === null || conditions.isOperatorLoggedIn === null) {
    return { allowed: false, reason: 'state-unknown' };
  }
  if (conditions.pendingInJournal > 0) return { allowed: false, reason: 'bookings-pending' };
  if (conditions.isOperatorLoggedIn) return { allowed: false, reason: 'operator-logged-in' };
  return { allowed: true };
}
