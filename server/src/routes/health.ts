import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, SYNC_ROUTES, type HealthResponse } from '@shared/protocol';
import { schemaVersion } from '../db/migrations';
import type { RouteContext } from './route-context';

export const SERVER_VERSION = readPackageVersion();

function readPackageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string'
      ? pkg.version
      : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function registerHealthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(SYNC_ROUTES.health, async (request, reply) => {
    let database: HealthResponse['database'];
    try {
      database = { status: 'ok', schemaVersion: schemaVersion(ctx.db) };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreadable');
      database = { status: 'error', schemaVersion: 0 };
    }
    const { isDegraded, ...storage } = ctx.storageHealth.check();
    const status = database.status === 'ok' && !isDegraded ? 'ok' : 'degraded';
    reply.code(status === 'ok' ? 200 : 503);
    return {
      status,
      version: SERVER_VERSION,
      protocol: PROTOCOL_VERSION,
      database,
      storage,
      serverTime: ctx.now(),
    } satisfies HealthResponse;
  });
}
