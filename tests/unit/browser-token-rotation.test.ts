import 'fake-indexeddb/auto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncClient } from '@shared/protocol';
import { goodQuantityDraft, openTestTerminalData } from '../../renderer/src/data/testing/fixtures';
import { rotateBrowserTokenIfDue, BROWSER_TOKEN_ROTATION_DAYS } from '../../renderer/src/sync/token-rotation';
import { startTestServer, TEST_ENROLLMENT_CODE } from '../../server/src/testing/test-server';

// A browser terminal's token rotation against the real server over HTTP, its token in IndexedDB
// (fake-indexeddb): rotated on schedule, never stranded by a lost answer, and a token the server does not
// know is dropped in favour of the one that still works.

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function enrolledTablet() {
  const server = await startTestServer();
  cleanup.push(() => server.dispose());
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const enrolled = await createSyncClient({ baseUrl, fetch }).enroll({
    stationId: 'ST-10',
    enrollmentCode: TEST_ENROLLMENT_CODE,
  });
  if (enrolled.kind !== 'ok') throw new Error(`enrollment failed: ${JSON.stringify(enrolled)}`);
  let clock = 1_000_000;
  const data = openTestTerminalData({ now: () => clock });
  cleanup.push(() => data.close());
  await data.saveIdentity({ stationId: 'ST-10', ...enrolled.value });
  /** Does the server take this token for a pull? */
  const works = async (token: string | undefined) =>
    (await createSyncClient({ baseUrl, fetch, getToken: () => token }).pull({ dataset: 'stations', limit: 1 })).kind ===
    'ok';
  const look = (fetchImpl?: typeof fetch) =>
    rotateBrowserTokenIfDue({
      store: data.tokenRotation,
      baseUrl,
      now: () => clock,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  return {
    data,
    works,
    look,
    original: enrolled.value.token,
    passDays: (days: number) => (clock += days * DAY_MS),
  };
}

describe('browser terminal token rotation', () => {
  it('rotates once the schedule says so; the new token works and the old one is retired', async () => {
    const tablet = await enrolledTablet();
    tablet.passDays(BROWSER_TOKEN_ROTATION_DAYS - 1);
    expect(await tablet.look()).toBe('not-due');
    tablet.passDays(1);
    expect(await tablet.look()).toBe('rotated');
    const token = await tablet.data.readToken();
    expect(token).not.toBe(tablet.original);
    expect(await tablet.works(token)).toBe(true);
    expect(await tablet.works(tablet.original)).toBe(false);
    expect(await tablet.look()).toBe('not-due'); // the clock starts again
  });

  it('a lost confirmation leaves the new token pending and sent; the next look settles it', async () => {
    const tablet = await enrolledTablet();
    tablet.passDays(BROWSER_TOKEN_ROTATION_DAYS);
    // The rotation answer arrives; the confirming pull never does (the network went away).
    const flaky: typeof fetch = (url, init) =>
      String(url).includes('/pull') ? Promise.reject(new TypeError('network down')) : fetch(url, init);
    expect(await tablet.look(flaky)).toBe('pending');
    const pending = await tablet.data.readToken();
    expect(pending).not.toBe(tablet.original);
    // Stored before its first use: after a reload the terminal sends it, and the server takes it.
    expect(await tablet.works(pending)).toBe(true);
    expect(await tablet.look()).toBe('rotated');
    expect(await tablet.data.readToken()).toBe(pending);
  });

  it('a new enrollment while a rotated token is pending keeps, for the waiting bookings, the token that works', async () => {
    const tablet = await enrolledTablet();
    const before = await tablet.data.tokenRotation.read();
    await tablet.data.captureBooking(goodQuantityDraft(1));
    tablet.passDays(BROWSER_TOKEN_ROTATION_DAYS);
    const flaky: typeof fetch = (url, init) =>
      String(url).includes('/pull') ? Promise.reject(new TypeError('network down')) : fetch(url, init);
    expect(await tablet.look(flaky)).toBe('pending');
    const pending = await tablet.data.readToken();
    expect(await tablet.works(pending)).toBe(true); // the uploader used it meanwhile: the old one is retired
    await tablet.data.saveIdentity({ terminalId: 'T-NEW', stationId: 'ST-20', token: 'n'.repeat(43) });
    expect(await tablet.data.readToken(before?.terminalId)).toBe(pending);
  });

  it('drops a pending token the server does not know and goes on with the one that works', async () => {
    const tablet = await enrolledTablet();
    const state = await tablet.data.tokenRotation.read();
    await tablet.data.tokenRotation.storePending(state?.terminalId ?? '', 'u'.repeat(43));
    expect(await tablet.data.readToken()).toBe('u'.repeat(43));
    expect(await tablet.look()).toBe('dropped');
    expect(await tablet.data.readToken()).toBe(tablet.original);
    expect(await tablet.works(tablet.original)).toBe(true);
  });

  it('leaves a terminal alone whose token main holds (Electron) or that is not enrolled', async () => {
    const data = openTestTerminalData();
    cleanup.push(() => data.close());
    const look = () =>
      rotateBrowserTokenIfDue({ store: data.tokenRotation, baseUrl: 'http://127.0.0.1:9', now: () => 1e15 });
    expect(await look()).toBe('not-enrolled');
    await data.saveIdentity({ terminalId: 'T-9', stationId: 'ST-10' });
    expect(await look()).toBe('not-enrolled');
  });
});
