import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalData } from '../terminal-data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../testing/fixtures';

const opened: TerminalData[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});

describe('listBookingsSince', () => {
  it('lists the bookings since a time, newest first, each with its state at the server', async () => {
    let clock = 1_000;
    const data = openTestTerminalData({ now: () => clock });
    opened.push(data);
    await data.saveIdentity(TEST_IDENTITY);
    const before = await data.captureBooking(goodQuantityDraft(1));
    clock = 2_000;
    const sent = await data.captureBooking(goodQuantityDraft(2));
    const aside = await data.captureBooking(goodQuantityDraft(3));
    const rejected = await data.captureBooking(goodQuantityDraft(4));
    const pending = await data.captureBooking(goodQuantityDraft(5));
    await data.outbox.applyPushAnswer({
      sent: [before, sent, aside, rejected],
      results: [
        { id: before.id, status: 'accepted' },
        { id: sent.id, status: 'accepted' },
        { id: aside.id, status: 'quarantined', reason: 'slot taken' },
        { id: rejected.id, status: 'rejected', reason: 'unknown operation' },
      ],
      epoch: before.epoch,
      ackedUpTo: rejected.seq,
      answeredAt: 2_500,
    });

    const records = await data.history.listBookingsSince(2_000);
    expect(records.map((r) => [r.booking.id, r.syncState, r.serverReason])).toEqual([
      [pending.id, 'pending', undefined],
      [rejected.id, 'rejected', 'unknown operation'],
      [aside.id, 'quarantined', 'slot taken'],
      [sent.id, 'sent', undefined],
    ]);
    expect(records[1]?.booking).toEqual(rejected);
  });

  it('shows a booking the server stored but flagged for review as flagged, with its findings', async () => {
    const data = openTestTerminalData({ now: () => 1_000 });
    opened.push(data);
    await data.saveIdentity(TEST_IDENTITY);
    const flagged = await data.captureBooking(goodQuantityDraft(1));
    const clean = await data.captureBooking(goodQuantityDraft(2));
    const answer = {
      sent: [flagged, clean],
      results: [
        {
          id: flagged.id,
          status: 'accepted' as const,
          reason: 'review: order-closed(FA1000004); clock-offset(400000ms)',
        },
        { id: clean.id, status: 'accepted' as const },
      ],
      epoch: flagged.epoch,
      ackedUpTo: clean.seq,
      answeredAt: 1_500,
    };
    expect(await data.outbox.applyPushAnswer(answer)).toEqual({ synced: 2, quarantined: 0, rejected: 0 });
    // A second copy of the answer (a retried push) changes nothing.
    await data.outbox.applyPushAnswer(answer);

    const records = await data.history.listBookingsSince(0);
    expect(records.map((r) => [r.booking.id, r.syncState, r.serverReason])).toEqual([
      [clean.id, 'sent', undefined],
      [flagged.id, 'flagged', 'order-closed(FA1000004); clock-offset(400000ms)'],
    ]);
  });
});
