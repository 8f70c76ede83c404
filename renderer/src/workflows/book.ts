import type { Booking, BookingDraft } from '../../../shared/booking';
import { captureBooking, isCaptureError } from '../data';
import { giveFeedback } from '../feedback/feedback-store';

/**
 * Every workflow saves through here. "Saved" is shown only after the strict IndexedDB transaction has
 * committed; any failure shows its translated reason and nothing was written.
 */
export async function book(
  draft: BookingDraft,
  savedKey: string,
  params?: Record<string, string | number>,
): Promise<Booking | null> {
  try {
    const booking = await captureBooking(draft);
    giveFeedback('success', savedKey, params);
    return booking;
  } catch (error) {
    giveFeedback('error', isCaptureError(error) ? error.messageKey : 'capture.errors.storageFailed');
    return null;
  }
}
