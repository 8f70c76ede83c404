import { describe, expect, it } from 'vitest';
import type { Booking, BookingType } from '@shared/booking';
import { activeMember, EMPTY_TEAM, join, leave, switchTo, teamFromBookings, type TeamMember } from './team';

const anna: TeamMember = { id: 'A', name: 'Anna', role: 'operator' };
const ben: TeamMember = { id: 'B', name: 'Ben', role: 'operator' };
const lea: TeamMember = { id: 'L', name: 'Lea', role: 'lead' };

let seq = 0;
function booking(type: BookingType, operatorId: string, payload: object): Booking {
  seq += 1;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T',
    epoch: 'E',
    seq,
    type,
    occurredAt: 1_000 + seq,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    operatorId,
    masterDataVersion: 'v1',
    payload,
  } as Booking;
}
const login = (id: string) => booking('operator.login', id, { method: 'badge' });
const logout = (id: string) => booking('operator.logout', id, { reason: 'manual' });
const note = (id: string) => booking('shift.note', id, { text: 'hi' });

describe('team at a station', () => {
  it('a new badge joins and becomes active; nobody is replaced', () => {
    const team = join(join(EMPTY_TEAM, anna), ben);
    expect(team.members).toEqual([anna, ben]);
    expect(activeMember(team)).toEqual(ben);
  });

  it("a member's badge switches the active member without changing the team", () => {
    const team = switchTo(join(join(EMPTY_TEAM, anna), ben), 'A');
    expect(team.members).toEqual([anna, ben]);
    expect(activeMember(team)).toEqual(anna);
    expect(join(team, ben)).toEqual({ members: [anna, ben], activeId: 'B' });
    expect(switchTo(team, 'X')).toBe(team);
  });

  it('when the active member leaves, the last one who joined before takes over', () => {
    const team = join(join(join(EMPTY_TEAM, anna), ben), lea);
    expect(activeMember(leave(team, 'L'))).toEqual(ben);
    expect(activeMember(leave(switchTo(team, 'A'), 'B'))).toEqual(anna);
    expect(leave(leave(leave(team, 'A'), 'B'), 'L')).toEqual(EMPTY_TEAM);
  });

  it('is restored from the bookings, with the active member kept locally or the last one who booked', () => {
    const bookings = [login('A'), login('B'), note('A'), login('L'), logout('L')];
    expect(teamFromBookings(bookings, null)).toEqual({ memberIds: ['A', 'B'], activeId: 'A' });
    expect(teamFromBookings([...bookings].reverse(), 'B')).toEqual({ memberIds: ['A', 'B'], activeId: 'B' });
    // A remembered member who has logged out since is not made active again.
    expect(teamFromBookings(bookings, 'L')).toEqual({ memberIds: ['A', 'B'], activeId: 'A' });
    expect(teamFromBookings([login('A'), logout('A')], 'A')).toEqual({ memberIds: [], activeId: null });
    expect(teamFromBookings([], null)).toEqual({ memberIds: [], activeId: null });
  });
});
