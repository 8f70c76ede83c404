import type { Booking } from '@shared/booking';
import type { Language } from '../../i18n/messages';

// Several operators may work at one station as a team. One of them is active: the bookings carry that one.
// Scanning a member's badge makes them active; a new badge joins the team instead of replacing anyone.

export interface TeamMember {
  id: string;
  name: string;
  role: 'operator' | 'lead';
  /** The UI switches to it when this member becomes active. */
  language?: Language;
}

export interface Team {
  members: readonly TeamMember[];
  activeId: string | null;
}

export const EMPTY_TEAM: Team = { members: [], activeId: null };

export function activeMember(team: Team): TeamMember | null {
  return team.members.find((m) => m.id === team.activeId) ?? null;
}

export function isMember(team: Team, operatorId: string): boolean {
  return team.members.some((m) => m.id === operatorId);
}

/** A new member joins and becomes active. */
export function join(team: Team, member: TeamMember): Team {
  if (isMember(team, member.id)) return switchTo(team, member.id);
  return { members: [...team.members, member], activeId: member.id };
}

export function switchTo(team: Team, operatorId: string): Team {
  return isMember(team, operatorId) ? { ...team, activeId: operatorId } : team;
}

/** A member leaves; if it was the active one, the member who joined last before takes over. */
export function leave(team: Team, operatorId: string): Team {
  const members = team.members.filter((m) => m.id !== operatorId);
  const activeId = team.activeId === operatorId ? (members.at(-1)?.id ?? null) : team.activeId;
  return { members, activeId };
}

/**
 * Who is logged in at the end of these bookings (any order), in joining order, and who was active: the
 * member named by `preferredActiveId` (kept locally when a badge switched the team), otherwise the
 * member whose booking came last.
 */
export function teamFromBookings(
  bookings: readonly Booking[],
  preferredActiveId: string | null,
): { memberIds: string[]; activeId: string | null } {
  const sorted = [...bookings].sort((a, b) => a.occurredAt - b.occurredAt || a.seq - b.seq);
  const members: string[] = [];
  const lastBookedAt = new Map<string, number>();
  sorted.forEach((booking, index) => {
    const id = booking.operatorId;
    if (id === undefined) return;
    lastBookedAt.set(id, index);
    if (booking.type === 'operator.login' && !members.includes(id)) members.push(id);
    if (booking.type === 'operator.logout' && members.includes(id)) members.splice(members.indexOf(id), 1);
  });
  const lastActor = members.reduce<string | null>(
    (best, id) => (best === null || (lastBookedAt.get(id) ?? -1) > (lastBookedAt.get(best) ?? -1) ? id : best),
    null,
  );
  const activeId = preferredActiveId !== null && members.includes(preferredActiveId) ? preferredActiveId : lastActor;
  return { memberIds: members, activeId };
}
