import { expect, it } from 'vitest';
import { SYNC_ROUTES, type EnrollResponse } from '@shared/protocol';
import { makeBooking } from '../../server/src/testing/test-server';
import { SIM_ENROLLMENT_CODE, type SimServerFactory } from './sim-server';

// The seeds count a fault when they inject it, not when it bites: this proves, per store, that the fault
// "crash inside the push transaction" really aborts a push mid-way and that a restart really removes it.

export function registerMidBatchFaultTest(startServer: () => SimServerFactory): void {
  it('a fault inside the push transaction rolls the whole batch back, and the restart removes it', async () => {
    const server = await startServer()(() => Date.UTC(2026, 0, 5, 6, 0, 0));
    try {
      const post = (route: string, body: unknown, token?: string) =>
        server.fetch(`http://sim.invalid${route}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          },
          body: JSON.stringify(body),
        });
      const enrolled = await post(SYNC_ROUTES.enroll, { stationId: 'ST-10', enrollmentCode: SIM_ENROLLMENT_CODE });
      const { terminalId, token } = (await enrolled.json()) as EnrollResponse;
      const bookings = [1, 2, 3].map((seq) => makeBooking(terminalId, 'epoch-fault', seq, { operatorId: undefined }));
      const push = () => post(SYNC_ROUTES.push, { terminalId, epoch: 'epoch-fault', bookings }, token);

      await server.failInsideTransactionAt(bookings[1]!.id);
      expect((await push()).status).toBe(500);
      expect(await server.readHoldings([terminalId])).toEqual({
        bookings: [],
        quarantined: [],
        rejected: [],
        epochs: [],
      });

      await server.crash();
      expect((await push()).status).toBe(200);
      const held = await server.readHoldings([terminalId]);
      expect(held.bookings.map((row) => row.id).sort()).toEqual(bookings.map((booking) => booking.id).sort());
      expect(held.epochs).toEqual([{ terminal_id: terminalId, epoch: 'epoch-fault', acked_up_to: 3 }]);
    } finally {
      await server.dispose();
    }
  });
}
