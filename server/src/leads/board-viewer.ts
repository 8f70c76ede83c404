import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OperatorSchema } from '@shared/master-data';
import type { BoardViewer } from '@shared/lead';
import { isSameSecret } from '../hashing';
import { ApiFailure } from '../http/api-error';
import { bearerToken } from '../http/auth';
import { DISPLAY_COOKIE, LEAD_SESSION_COOKIE, readCookie } from './cookies';
import type { DisplayLinkStore } from './display-links';
import type { MasterDataView } from './lead-credentials';
import type { LeadSessionStore } from './lead-sessions';

export type ViewerKind = BoardViewer['kind'];

/** Roles of master data that may sign in to the board. */
export const BOARD_ROLES: ReadonlySet<string> = new Set(['lead']);

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, resolved once per API request by `installViewerResolution`. */
    boardViewer: BoardViewer | null;
  }
}

/**
 * Who is asking, from the admin token (Authorization header), a shift lead's session cookie or a display
 * link's cookie, in that order. A session whose operator was removed from master data or lost the lead role
 * no longer counts: the role is read from master data on every request, not frozen at sign-in. Sessions and
 * links live in the database, so every instance on it answers the same.
 */
export function createViewerResolver(deps: {
  adminToken: string;
  sessions: LeadSessionStore;
  displayLinks: DisplayLinkStore;
  masterData: () => Promise<Pick<MasterDataView, 'get'>>;
}) {
  return async function resolveViewer(request: FastifyRequest): Promise<BoardViewer | undefined> {
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) return isSameSecret(bearer, deps.adminToken) ? { kind: 'admin' } : undefined;
    const sessionToken = readCookie(request, LEAD_SESSION_COOKIE);
    const session = sessionToken === undefined ? undefined : await deps.sessions.find(sessionToken);
    if (session) {
      const store = await deps.masterData();
      const operator = OperatorSchema.safeParse(store.get('operators', session.operatorId)).data;
      if (operator && BOARD_ROLES.has(operator.role)) {
        return {
          kind: 'lead',
          operatorId: operator.id,
          name: operator.name,
          role: operator.role,
          expiresAt: session.expiresAt,
        };
      }
    }
    const displayToken = readCookie(request, DISPLAY_COOKIE);
    const link = displayToken === undefined ? undefined : await deps.displayLinks.authenticate(displayToken);
    return link ? { kind: 'display', linkId: link.id, label: link.label } : undefined;
  };
}

export type ViewerResolver = ReturnType<typeof createViewerResolver>;

/**
 * Resolves the viewer of every API request once, before its route runs, so that the routes' checks
 * (`requireViewer`) stay synchronous whichever store answers. A request without cookies and without a bearer
 * token (or with a terminal's) costs no query.
 */
export function installViewerResolution(app: FastifyInstance, resolveViewer: ViewerResolver): void {
  app.decorateRequest('boardViewer', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    request.boardViewer = (await resolveViewer(request)) ?? null;
  });
}

/** The viewer `installViewerResolution` found for the request, or undefined. */
export const viewerOf = (request: FastifyRequest): BoardViewer | undefined => request.boardViewer ?? undefined;

export type BoardViewers = typeof viewerOf;

/**
 * The viewer of a request if it is one of `allowed`; otherwise 401 (nobody) or 403 (a display link asking
 * for more than the board). A cookie-authenticated write must come from our own pages: SameSite=Strict
 * already keeps other sites' requests cookie-less, and the Origin check covers older browsers.
 */
export function requireViewer(
  viewers: BoardViewers,
  request: FastifyRequest,
  allowed: readonly ViewerKind[],
): BoardViewer {
  const viewer = viewers(request);
  if (!viewer) throw new ApiFailure(401, 'unauthorized', 'sign in as a shift lead or send the admin token');
  if (!allowed.includes(viewer.kind)) throw new ApiFailure(403, 'forbidden', 'a display link can only read the board');
  if (viewer.kind !== 'admin' && request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request);
  return viewer;
}

/** Refuses a request another site's page sent (a browser always sends Origin on cross-site writes). */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin !== `${request.protocol}://${request.host}`)
    throw new ApiFailure(403, 'forbidden', 'cross-site request refused');
}
