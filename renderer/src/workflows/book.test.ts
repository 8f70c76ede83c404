import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTerminalData, configureTerminalData } from '../data';
import { goodQuantityDraft, TEST_IDENTITY } from '../data/testing/fixtures';
import { useFeedbackStore } from '../feedback/feedback-store';
import { book } from './book';

// What the operator is told when main's journal cannot take a booking IndexedDB has already saved.

let counter = 0;
afterEach(() => closeTerminalData());

async function terminalWithJournal(append: () => Promise<void>) {
  counter++;
  const data = configureTerminalData({
    bookingsDbName: `book-test-${counter}`,
    masterDbName: `book-test-master-${counter}`,
    crossTab: false,
    journal: { append },
  });
  await data.saveIdentity(TEST_IDENTITY);
  return data;
}

describe('book', () => {
  it('says saved once the journal has the booking', async () => {
    await terminalWithJournal(async () => undefined);
    const booking = await book(goodQuantityDraft(), 'booking.saved');
    expect(booking).not.toBeNull();
    expect(useFeedbackStore.getState().current).toMatchObject({ tone: 'success', messageKey: 'booking.saved' });
  });

  it('goes on with a booking the journal refused, telling the operator not to book again', async () => {
    const data = await terminalWithJournal(() => Promise.reject(new Error('EIO')));
    const booking = await book(goodQuantityDraft(), 'booking.saved');
    expect(booking).not.toBeNull(); // it is saved: the workflow carries on with it
    expect(useFeedbackStore.getState().current).toMatchObject({
      tone: 'error',
      messageKey: 'capture.errors.journalFailed',
    });
    expect((await data.outbox.readPendingBatch(5)).map((b) => b.id)).toEqual([booking?.id]);
  });
});
