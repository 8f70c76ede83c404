import type { Booking, BookingDraft } from '@shared/booking';
import { validateBooking } from '@shared/booking';
import { uuidv7, type RandomSource } from '@shared/id/uuidv7';
import { IDENTITY_KEY, newOutboxMeta, OUTBOX_META_KEY, outboxRowOf, type BookingsDb } from './bookings-db';
import { CaptureError, toCaptureError } from './capture-error';
import { basisAfter, storeOnBasis, type CaptureBasis } from './capture-on-basis';
import { readPendingCount } from './outbox';

/** How far back a booking may be dated: a stop explained after a night shift, never an old fact made up. */
export const MAX_BACKDATE_MS = 24 * 3_600_000;

export interface CaptureOptions {
  /**
   * When the fact began, if before now (the terminal's clock, like `occurredAt`): a downtime reported during a
   * machine stop happened when the machine stopped. At most MAX_BACKDATE_MS back; never in the future.
   */
  occurredAt?: number;
}

export interface CaptureDeps {
  now: () => number;
  random: RandomSource;
  /** Read before the transaction: IndexedDB transactions cannot wait for another database. */
  masterDataVersion: () => Promise<string>;
}

/**
 * Stores bookings in one bookings database. It keeps what the last capture left behind (the basis, see
 * capture-on-basis.ts), so the next capture can write without first reading the counter.
 */
export class BookingCapture {
  readonly #db: BookingsDb;
  readonly #deps: CaptureDeps;
  /** True for the database at the end of the last capture, as far as this page knows; a stale one is harmless. */
  #basis: CaptureBasis | undefined;

  constructor(db: BookingsDb, deps: CaptureDeps) {
    this.#db = db;
    this.#deps = deps;
  }

  /**
   * Stores a booking as one read-write transaction over the booking, its outbox row and the sequence counter:
   * all commit or none does. Resolves only after the transaction committed, so the UI may say "saved" then
   * and only then.
   */
  async capture(draft: BookingDraft, options: CaptureOptions = {}): Promise<Booking> {
    const db = this.#db;
    const deps = this.#deps;
    if (typeof draft !== 'object' || draft === null)
      throw new CaptureError('invalid-booking', { issues: ['the draft is not an object'] });
    const now = Math.floor(deps.now());
    const occurredAt = options.occurredAt === undefined ? now : Math.floor(options.occurredAt);
    if (!(occurredAt <= now && occurredAt >= now - MAX_BACKDATE_MS))
      throw new CaptureError('invalid-booking', { issues: ['occurredAt must be now or at most 24 h before'] });
    let masterDataVersion: string;
    try {
      masterDataVersion = await deps.masterDataVersion();
    } catch {
      masterDataVersion = ''; // master data being unreadable must not stop a booking from being saved
    }
    const build = (basis: CaptureBasis): Booking =>
      buildBooking(draft, basis, { id: uuidv7(occurredAt, deps.random), occurredAt, masterDataVersion });
    try {
      const basis = this.#basis;
      if (basis) {
        const booking = build(basis);
        // A capture started before this one commits builds on it; if this one fails, so does that one's check.
        this.#basis = basisAfter(booking);
        if ((await storeOnBasis(db, basis, booking)) === 'stored') return booking;
        this.#basis = undefined;
      }
      const booking = await captureAfterReading(db, deps, build);
      this.#basis = basisAfter(booking);
      return booking;
    } catch (error) {
      if (!(error instanceof CaptureError)) this.#basis = undefined;
      throw toCaptureError(error);
    }
  }

  /** The counter may have moved (a restore): the next capture reads it afresh instead of building on it. */
  forgetBasis(): void {
    this.#basis = undefined;
  }

  /**
   * The uploader of this page stored a new clock estimate: captures stamp it from now on. Without this, every
   * answer that moves the estimate would make the next capture find its basis stale.
   */
  useClockOffset(offsetMs: number): void {
    if (this.#basis) this.#basis = { ...this.#basis, clockOffsetMs: Math.round(offsetMs) };
  }
}

/** The first capture, and any whose basis was stale: reads identity and counter, then writes. */
async function captureAfterReading(
  db: BookingsDb,
  deps: CaptureDeps,
  build: (basis: CaptureBasis) => Booking,
): Promise<Booking> {
  return db.transaction('rw', [db.bookings, db.outbox, db.meta, db.identity], async () => {
    const [identity, storedMeta] = await Promise.all([db.identity.get(IDENTITY_KEY), db.meta.get(OUTBOX_META_KEY)]);
    if (!identity) throw new CaptureError('not-enrolled');
    // A missing meta row means the store was tampered with: start a new epoch so the server sees it.
    const meta = storedMeta ?? newOutboxMeta(Math.floor(deps.now()), deps.random);
    const pendingCount = meta.pendingCount ?? (await readPendingCount(db));
    const booking = build({
      terminalId: identity.terminalId,
      epoch: meta.epoch,
      nextSeq: meta.nextSeq,
      clockOffsetMs: Math.round(meta.clock?.offsetMs ?? 0),
    });
    // All writes are queued at once; the transaction commits all or none.
    await Promise.all([
      db.meta.put({ ...meta, nextSeq: meta.nextSeq + 1, pendingCount: pendingCount + 1 }),
      db.bookings.add(booking),
      db.outbox.add(outboxRowOf(booking)),
    ]);
    return booking;
  });
}

function buildBooking(
  draft: BookingDraft,
  basis: CaptureBasis,
  stamp: { id: string; occurredAt: number; masterDataVersion: string },
): Booking {
  const validation = validateBooking({
    ...pickDraft(draft),
    id: stamp.id,
    terminalId: basis.terminalId,
    epoch: basis.epoch,
    seq: basis.nextSeq,
    occurredAt: stamp.occurredAt,
    clockOffsetMs: basis.clockOffsetMs,
    masterDataVersion: stamp.masterDataVersion,
  });
  if (!validation.ok) throw new CaptureError('invalid-booking', { issues: validation.issues });
  return validation.booking;
}

/** Only the fields a workflow may set; anything else a caller passes along is dropped, not stored. */
function pickDraft(draft: BookingDraft): Record<string, unknown> {
  const picked: Record<string, unknown> = { type: draft.type, payload: draft.payload, stationId: draft.stationId };
  if (draft.operatorId !== undefined) picked['operatorId'] = draft.operatorId;
  if (draft.orderId !== undefined) picked['orderId'] = draft.orderId;
  if (draft.operationId !== undefined) picked['operationId'] = draft.operationId;
  return picked;
}
