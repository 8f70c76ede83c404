import type { Booking } from '@shared/booking';
import { toBooking, type BookingsDb } from './bookings-db';

// What this terminal booked since a point in time, each with where it stands with the server. A booking is
// pending while its outbox row exists, set aside while it has a quarantine row, rejected once it moved to
// the dead letters (which then hold the only copy), flagged when the server stored it with review findings,
// and sent otherwise.

export type SyncState = 'pending' | 'sent' | 'flagged' | 'quarantined' | 'rejected';

export interface BookingRecord {
  booking: Booking;
  syncState: SyncState;
  /** The server's reason for setting the booking aside or rejecting it, or its review findings. */
  serverReason?: string;
}

/** What one bookings database holds, for the screens that show bookings. */
export class BookingHistory {
  readonly #db: BookingsDb;

  constructor(db: BookingsDb) {
    this.#db = db;
  }

  /** The latest bookings by time of capture, whatever their state. */
  async listRecentBookings(limit = 50): Promise<Booking[]> {
    const rows = await this.#db.bookings.orderBy('occurredAt').reverse().limit(limit).toArray();
    return rows.map(toBooking);
  }

  /** Bookings that occurred at or after `since`, newest first. */
  async listBookingsSince(since: number): Promise<BookingRecord[]> {
    const db = this.#db;
    return db.transaction('r', [db.bookings, db.outbox, db.quarantine, db.reviews, db.deadLetters], async () => {
      const rows = await db.bookings.where('occurredAt').aboveOrEqual(since).toArray();
      const [queued, quarantined, reviews, letters] = await Promise.all([
        db.outbox.bulkGet(rows.map((row) => [row.epoch, row.seq])),
        db.quarantine.bulkGet(rows.map((row) => row.id)),
        db.reviews.bulkGet(rows.map((row) => row.id)),
        // A booking is rejected after it occurred, so letters rejected before `since` cannot belong here.
        db.deadLetters.where('rejectedAt').aboveOrEqual(since).toArray(),
      ]);
      const records: BookingRecord[] = rows.map((row, i) => {
        const aside = quarantined[i];
        if (queued[i]) return { booking: toBooking(row), syncState: 'pending' };
        if (aside) return { booking: toBooking(row), syncState: 'quarantined', serverReason: aside.reason };
        const review = reviews[i];
        if (review) return { booking: toBooking(row), syncState: 'flagged', serverReason: review.findings };
        return { booking: toBooking(row), syncState: 'sent' };
      });
      for (const letter of letters)
        if (letter.booking.occurredAt >= since)
          records.push({ booking: letter.booking, syncState: 'rejected', serverReason: letter.reason });
      return records.sort((a, b) => b.booking.occurredAt - a.booking.occurredAt || b.booking.seq - a.booking.seq);
    });
  }
}
