import type { StationActivity } from './operation-activity';

// What the whole station is doing, in one word an operator can read from 1.5 m away, with the reason and
// the time since it began. Derived from the activity (the bookings), like everything the screen shows.

export type StationStateKind = 'down' | 'producing' | 'setup' | 'interrupted' | 'idle';

export interface StationState {
  kind: StationStateKind;
  /** The operation the state is about (producing, setup, interrupted); null for the station as a whole. */
  operationId: string | null;
  /** Reason code of a downtime or an interruption. */
  reasonCode: string | null;
  /** When this state began (booking time); null when nothing has happened yet. */
  since: number | null;
}

const KIND_BY_STATUS = { production: 'producing', setup: 'setup', interrupted: 'interrupted' } as const;

/**
 * A running downtime wins; otherwise the selected operation if it is active, else the operation whose
 * status changed last. An idle station counts from its last change (an operation finished, a downtime ended).
 */
export function deriveStationState(activity: StationActivity, selectedOperationId: string | null): StationState {
  if (activity.downtimeReason !== null) {
    return {
      kind: 'down',
      operationId: null,
      reasonCode: activity.downtimeReason,
      since: activity.downtimeChangedAt,
    };
  }
  let current: { id: string; kind: StationStateKind; reason: string | null; since: number | null } | null = null;
  let lastChange = activity.downtimeChangedAt;
  for (const [id, operation] of activity.operations) {
    if (operation.statusSince !== null && (lastChange === null || operation.statusSince > lastChange)) {
      lastChange = operation.statusSince;
    }
    if (operation.status === 'idle' || operation.status === 'finished') continue;
    const candidate = {
      id,
      kind: KIND_BY_STATUS[operation.status],
      reason: operation.status === 'interrupted' ? operation.interruptReason : null,
      since: operation.statusSince,
    };
    const isSelected = id === selectedOperationId;
    if (!current || isSelected || (current.id !== selectedOperationId && (candidate.since ?? 0) > (current.since ?? 0)))
      current = candidate;
  }
  if (current) return { kind: current.kind, operationId: current.id, reasonCode: current.reason, since: current.since };
  return { kind: 'idle', operationId: null, reasonCode: null, since: lastChange };
}

/** Elapsed time for a big display: `mm:ss` under an hour, `h:mm h` from then on; never negative. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1_000));
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours === 0 ? `${pad(minutes)}:${pad(seconds)}` : `${hours}:${pad(minutes)} h`;
}
