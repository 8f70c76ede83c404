import type { Booking, BookingDraft } from '@shared/booking';
import { getTerminalData, isCaptureError, type CaptureOptions } from '../data';
import { giveFeedback } from '../feedback/feedback-store';

/**
 * Every workflow saves through here. "Saved" is shown only after the strict IndexedDB transaction has
 * committed (and, in Electron, main has fsync'd the booking to its journal); any failure shows its
 * translated reason and nothing was written. The one exception: the journal append failed after IndexedDB
 * committed. The booking is saved and will be sent, so the workflow goes on with it, but the operator hears
 * the error tone and is told not to book again and to call IT (the second copy is missing).
 */
export async function book(
  draft: BookingDraft,
  savedKey: string,
  params?: Record<string, string | number>,
  options?: CaptureOptions,
): Promise<Booking | null> {
  try {
    const booking = await getTerminalData().captureBooking(draft, options);
    giveFeedback('success', savedKey, params);
    return booking;
  } catch (error) {
    if (isCaptureError(error) && error.savedBooking) {
      giveFeedback('error', error.messageKey);
      return error.savedBooking;
    }
    giveFeedback('error', isCaptureError(error) ? error.messageKey : 'capture.errors.storageFailed');
    return null;
  }
}
