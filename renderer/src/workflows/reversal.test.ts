import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Booking, BookingDraft } from '@shared/booking';
import { closeTerminalData, configureTerminalData, type TerminalData } from '../data';
import { TEST_IDENTITY } from '../data/testing/fixtures';
import { useFeedbackStore } from '../feedback/feedback-store';
import { useTerminalStore } from '../store/terminal-store';
import type { TeamMember } from './identity/team';
import { reverseBooking } from './station-work';

// The lead's badge + PIN step has its own test (session.test.ts); here it answers as a lead would.
const approval = vi.hoisted(() => vi.fn<(reasonKey: string) => Promise<TeamMember | null>>());
vi.mock('./session', () => ({ requestLeadApproval: approval }));

// The reversal workflow checks the rules again on what is stored, whatever the screen offered.

const ANNA = { id: 'P-1001', name: 'Anna Berger', role: 'operator' as const };
let data: TerminalData;
let run = 0;

beforeEach(async () => {
  run++;
  data = configureTerminalData({
    bookingsDbName: `reversal-b-${run}`,
    masterDbName: `reversal-m-${run}`,
    crossTab: false,
  });
  await data.saveIdentity(TEST_IDENTITY);
  const reason = (id: string, kind: string) => ({
    key: id,
    op: 'put' as const,
    value: { id, kind, text: { de: id, en: id } },
  });
  await data.master.applyPullPage('reasons', {
    changes: [reason('V01', 'reversal'), reason('S01', 'scrap')],
    cursor: 'c1',
    hasMore: false,
  });
  useTerminalStore.setState({ stationId: 'ST-10', operator: ANNA });
  useFeedbackStore.setState({ current: null });
  approval.mockReset();
});
afterEach(() => closeTerminalData());

function good(operatorId = ANNA.id): Promise<Booking> {
  const draft: BookingDraft = {
    type: 'quantity.good',
    payload: { quantity: 5, unit: 'pcs' },
    stationId: 'ST-10',
    operatorId,
    orderId: 'FA1',
    operationId: 'OP-1',
  };
  return data.captureBooking(draft);
}

async function reversals(): Promise<Booking[]> {
  return (await data.history.listRecentBookings(100)).filter((b) => b.type === 'booking.reverse');
}

describe('reverseBooking', () => {
  it('reverses once, however many taps arrive together, with the reason code from master data', async () => {
    const booking = await good();
    const results = await Promise.all([1, 2, 3].map(() => reverseBooking(booking.id, 'V01')));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await reversals()).map((b) => b.payload)).toEqual([{ reversedBookingId: booking.id, reason: 'V01' }]);
  });

  it("books another operator's booking's reversal only once a shift lead approved, naming the lead", async () => {
    const booking = await good('P-1002');
    approval.mockResolvedValueOnce(null);
    expect(await reverseBooking(booking.id, 'V01')).toBeNull();
    expect(approval).toHaveBeenLastCalledWith('approval.reasons.reverseOthers');
    expect(useFeedbackStore.getState().current?.messageKey).toBe('approval.cancelled');
    expect(await reversals()).toEqual([]);

    approval.mockResolvedValueOnce({ id: 'P-2001', name: 'Sabine Krüger', role: 'lead' });
    expect(await reverseBooking(booking.id, 'V01')).not.toBeNull();
    expect((await reversals()).map((b) => [b.operatorId, b.payload])).toEqual([
      [ANNA.id, { reversedBookingId: booking.id, reason: 'V01', approvedBy: 'P-2001' }],
    ]);
  });

  it('does not ask a lead for an own slip', async () => {
    const booking = await good();
    expect(await reverseBooking(booking.id, 'V01')).not.toBeNull();
    expect(approval).not.toHaveBeenCalled();
  });

  it('refuses a reason that is not a reversal reason', async () => {
    const booking = await good();
    expect(await reverseBooking(booking.id, 'S01')).toBeNull();
    expect(useFeedbackStore.getState().current?.messageKey).toBe('history.errors.unknownReason');
    expect(await reversals()).toEqual([]);
  });

  it('refuses to reverse a reversal', async () => {
    const booking = await good();
    const reversal = await reverseBooking(booking.id, 'V01');
    expect(await reverseBooking(reversal?.id ?? '', 'V01')).toBeNull();
    expect(useFeedbackStore.getState().current?.messageKey).toBe('history.refusal.is-reversal');
    expect(await reversals()).toHaveLength(1);
  });
});
