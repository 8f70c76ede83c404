import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import Fastify, { type FastifyInstance } from 'fastify';
import { sendApiError } from './api-error';
import { installConnectionTracker } from './connection-tracker';

// The HTTP side that the SQLite and the PostgreSQL server share: body size, timeouts, connection cap, TLS, the
// error shape of undecodable URLs, and a shutdown that silent connections cannot hold.

/** A full push of 500 bookings is about 250 KB; 2 MB leaves room without inviting abuse. */
export const BODY_LIMIT = 2 * 1024 * 1024;

export interface ConnectionLimits {
  /** Whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are refused at once (200 stations need a few each, plus boards). */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 4_096,
};

export interface TaktFastifyOptions {
  /** Passed to Fastify (pino); off by default so tests stay quiet. */
  logger?: boolean | object;
  /** Serve HTTPS with this certificate (PEM; the chain first) and key. */
  tls?: { cert: string; key: string };
  /** Which proxies to believe for the client address and protocol (`X-Forwarded-*`); none by default. */
  trustProxy?: boolean | string;
  limits: ConnectionLimits;
}

export function createTaktFastify({ logger, tls, trustProxy, limits }: TaktFastifyOptions): FastifyInstance {
  // Node checks request timeouts on an interval (30 s by default), too coarse for a slow-body client.
  const serverOptions = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(60_000, limits.requestTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs),
  };
  const app = Fastify({
    logger: logger ?? false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    trustProxy: trustProxy ?? false,
    // Our own server (HTTP or HTTPS) keeps one request type for every route; only the socket differs.
    serverFactory: (handler: RequestListener) => {
      const server = tls
        ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, handler)
        : createHttpServer(serverOptions, handler);
      server.maxConnections = limits.maxConnections;
      return server;
    },
    // A URL the router cannot even decode never reaches the error handler; give it the same error shape.
    frameworkErrors: (error, _request, reply) =>
      void sendApiError(reply, 400, 'invalid-request', error.message.slice(0, 300)),
  });
  // Before other preClose hooks: a connection that never sent a request must not hold the shutdown.
  installConnectionTracker(app);
  return app;
}
