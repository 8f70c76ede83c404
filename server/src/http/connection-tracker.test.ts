import { mkdtempSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PushResponseSchema, SYNC_ROUTES } from '@shared/protocol';
import { readSse } from '../board/testing/sse-reader';
import { makeSelfSignedCert } from '../testing/self-signed-cert';
import { makeBooking, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';

// A real server on 127.0.0.1 closed while clients hold connections in every state a plant sees: silent
// sockets (scanners, preconnects, spare connections), a TLS handshake left half done, an idle keep-alive
// connection, a push whose body is still arriving, and a board's event stream. Without the tracker the
// silent ones kept close() waiting without limit; the test timeout is the bound.

let dir: string;
let tls: { cert: string; key: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'takt-close-'));
  tls = makeSelfSignedCert(dir);
});

const servers: TestServer[] = [];
afterEach(async () => {
  // Closed by the tests already; this only matters when one failed half way.
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function listen(options: { tls?: boolean } = {}): Promise<{ server: TestServer; port: number }> {
  const server = await startTestServer({
    dataDir: mkdtempSync(join(dir, 'data-')),
    ...(options.tls ? { tls } : {}),
  });
  servers.push(server);
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

/** Resolves once the server has accepted the connection, so it is one the server has to deal with. */
async function accepted(server: TestServer, open: () => Socket): Promise<{ socket: Socket; closed: Promise<void> }> {
  const seen = new Promise<void>((resolve) => server.app.server.once('connection', () => resolve()));
  const socket = open();
  socket.on('error', () => {}); // a reset by the server is one of the outcomes under test
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await seen;
  return { socket, closed };
}

/** Stands for undici's spare connection or a port scanner: connects and never sends a byte. */
const silentSocket = (port: number) => connect(port, '127.0.0.1');

/** The start of a TLS record (a handshake record header) and then nothing: a handshake that never completes. */
const halfHandshake = (port: number) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00])));
  return socket;
};

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/**
 * A push sent the way a terminal's keep-alive client does, with its body split: the server has started on the
 * request (it is in flight) when `rest()` is called, and the second half arrives only then.
 */
async function pushInTwoHalves(
  server: TestServer,
  send: typeof httpRequest | typeof httpsRequest,
  options: { port: number; agent: HttpAgent; ca?: string },
): Promise<{ bookingId: string; rest(): void; answer: Promise<Answer> }> {
  const { terminalId, token } = await server.enroll();
  const booking = makeBooking(terminalId, 'epoch-a', 1);
  const payload = Buffer.from(JSON.stringify({ terminalId, epoch: 'epoch-a', bookings: [booking] }));
  const started = new Promise<void>((resolve) => server.app.server.once('request', () => resolve()));
  let rest = () => {};
  const answer = new Promise<Answer>((resolve, reject) => {
    const request = send(
      {
        host: '127.0.0.1',
        port: options.port,
        path: SYNC_ROUTES.push,
        method: 'POST',
        agent: options.agent,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': payload.length,
        },
      },
      (response: IncomingMessage) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
        );
      },
    );
    request.on('error', reject);
    const half = Math.floor(payload.length / 2);
    request.write(payload.subarray(0, half));
    rest = () => request.end(payload.subarray(half));
  });
  await started;
  return { bookingId: booking.id, rest: () => rest(), answer };
}

/**
 * Resolves once close() has run the preClose hooks and stopped listening, while it still waits for the
 * connections left; `closed` is close() itself (wrapped: an async function would wait for it).
 */
async function closeStarted(server: TestServer): Promise<{ closed: Promise<void> }> {
  const closed = server.close();
  await vi.waitFor(() => expect(server.app.server.listening).toBe(false));
  return { closed };
}

function expectAcceptedPush(answer: Answer, bookingId: string): void {
  expect(answer.status).toBe(200);
  const results = PushResponseSchema.parse(JSON.parse(answer.body)).results;
  expect(results).toEqual([expect.objectContaining({ id: bookingId, status: 'accepted' })]);
}

describe('closing the server over HTTP', () => {
  it('closes connections that never sent a request instead of waiting for them', async () => {
    const { server, port } = await listen();
    const silent = await accepted(server, () => silentSocket(port));
    await server.close();
    await silent.closed;
    expect(silent.socket.bytesRead).toBe(0);
  });

  it('answers a push that is in flight, tells its client the connection closes, and then closes', async () => {
    const { server, port } = await listen();
    const agent = new HttpAgent({ keepAlive: true });
    try {
      const push = await pushInTwoHalves(server, httpRequest, { port, agent });
      const silent = await accepted(server, () => silentSocket(port));
      const { closed } = await closeStarted(server);
      await silent.closed;
      push.rest();
      const answer = await push.answer;
      expectAcceptedPush(answer, push.bookingId);
      expect(answer.connection).toBe('close');
      // A keep-alive answer would have held close() until the keep-alive timeout (65 s).
      await closed;
    } finally {
      agent.destroy();
    }
  });

  it('ends an open board event stream (its preClose hook) and closes its connection', async () => {
    const { server, port } = await listen();
    const agent = new HttpAgent({ keepAlive: true });
    try {
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/api/v1/board/events',
            agent,
            headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
          },
          resolve,
        );
        request.on('error', reject);
        request.end();
      });
      expect(response.statusCode).toBe(200);
      const socketClosed = new Promise<void>((resolve) => response.socket.once('close', () => resolve()));
      const events = readSse(response);
      await events.next();
      await server.close();
      await expect(events.next(() => false)).rejects.toThrow(/ended/);
      await socketClosed;
    } finally {
      agent.destroy();
    }
  });
});

describe('closing the server over HTTPS', () => {
  it('closes silent and half-handshaken connections and an idle one, and answers the push in flight', async () => {
    const { server, port } = await listen({ tls: true });
    const agent = new HttpsAgent({ keepAlive: true, maxSockets: 1 });
    try {
      // One request answered: the agent keeps that TLS connection idle for the next one.
      const push = await pushInTwoHalves(server, httpsRequest, { port, agent, ca: tls.cert });
      push.rest();
      expectAcceptedPush(await push.answer, push.bookingId);
      const idleSockets = Object.values(agent.freeSockets).flat();
      expect(idleSockets).toHaveLength(1);
      const idleClosed = new Promise<void>((resolve) => idleSockets[0]?.once('close', () => resolve()));

      const busyAgent = new HttpsAgent({ keepAlive: true });
      try {
        const inFlight = await pushInTwoHalves(server, httpsRequest, { port, agent: busyAgent, ca: tls.cert });
        const silent = await accepted(server, () => silentSocket(port));
        const half = await accepted(server, () => halfHandshake(port));
        const { closed } = await closeStarted(server);
        await Promise.all([silent.closed, half.closed, idleClosed]);
        inFlight.rest();
        const answer = await inFlight.answer;
        expectAcceptedPush(answer, inFlight.bookingId);
        expect(answer.connection).toBe('close');
        await closed;
      } finally {
        busyAgent.destroy();
      }
    } finally {
      agent.destroy();
    }
  });
});
