import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

// Why this exists: on close, fastify and Node's server.close() drop only connections that are idle between
// two requests. Node counts a connection that has not sent a request yet (a port scanner, a browser's
// preconnect, undici's spare connection, a TLS handshake that never finishes) as busy; headersTimeout and
// requestTimeout did not cut such a socket (Node 20, measured) and server.close() stops their checks anyway,
// and TLS's handshakeTimeout gives up only after 120 s. So such a socket held the shutdown. Fastify's options
// do not help: forceCloseConnections 'idle' is what already runs, `true` also kills requests in flight (a
// push half stored must still be answered), and connectionTimeout only bounds the wait while also cutting
// slow handlers. So on close we destroy every connection with no request in flight, and close the others
// right after their answer.

interface Connection {
  /** The TCP socket; destroying it also ends a TLS session on top of it. */
  tcp: Socket;
  /** Answers not yet sent completely on this connection. */
  inFlight: Set<ServerResponse>;
}

/** Call once, right after Fastify() with a listening server of its own (HTTP or HTTPS). */
export function installConnectionTracker(app: FastifyInstance): void {
  const server = app.server;
  const connections = new Set<Connection>();
  // Under HTTPS requests arrive on the TLS socket; it shares the TCP socket's address pair, which is unique
  // among open connections and is how the two are matched (Node has no public link between them).
  const byAddress = new Map<string, Connection>();
  const bySocket = new WeakMap<Socket, Connection>();
  let closing = false;

  server.on('connection', (tcp: Socket) => {
    if (closing) {
      tcp.destroy();
      return;
    }
    const connection: Connection = { tcp, inFlight: new Set() };
    connections.add(connection);
    bySocket.set(tcp, connection);
    const address = addressPair(tcp);
    if (address !== undefined) byAddress.set(address, connection);
    tcp.once('close', () => {
      connections.delete(connection);
      if (address !== undefined && byAddress.get(address) === connection) byAddress.delete(address);
    });
  });

  server.on('secureConnection', (secure: Socket) => {
    const address = addressPair(secure);
    const connection = address === undefined ? undefined : byAddress.get(address);
    if (connection !== undefined) bySocket.set(secure, connection);
  });

  // Before fastify's own listener, so the answer is tracked before any of it can be written.
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const connection = bySocket.get(request.socket);
    if (connection === undefined) return;
    connection.inFlight.add(response);
    response.once('close', () => {
      connection.inFlight.delete(response);
      if (closing && connection.inFlight.size === 0) endAfterWrites(request.socket);
    });
  });

  app.addHook('preClose', async () => {
    closing = true;
    for (const connection of connections) {
      if (connection.inFlight.size === 0) {
        connection.tcp.destroy();
        continue;
      }
      // The client learns not to send another request on it; Node then closes it after this answer.
      for (const response of connection.inFlight) {
        if (!response.headersSent) response.setHeader('connection', 'close');
      }
    }
  });
}

function addressPair(socket: Socket): string | undefined {
  const { remoteAddress, remotePort, localAddress, localPort } = socket;
  if (remoteAddress === undefined || remotePort === undefined) return undefined;
  return `${remoteAddress}|${remotePort}|${localAddress ?? ''}|${localPort ?? ''}`;
}

/**
 * An answer whose headers had promised keep-alive (an event stream ended by its preClose hook) leaves the
 * connection open for the client's next request: close it once the answer has gone out, without waiting for
 * the client to hang up.
 */
function endAfterWrites(socket: Socket): void {
  if (socket.destroyed) return;
  socket.end();
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', () => socket.destroy());
}
