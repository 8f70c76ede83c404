import type { FastifyRequest } from 'fastify';
import { OperatorSchema } from '../../../shared/master-data';
import type { BoardViewer } from '../../../shared/lead';
import { isSameSecret } from '../hashing';
import { ApiFailure } from '../http/api-error';
import { bearerToken } from '../http/auth';
import type { MasterDataStore } from '../master-data/store';
import { DISPLAY_COOKIE, LEAD_SESSION_COOKIE, readCookie } from './cookies';
import type { DisplayLinks } from './display-links';
import type { LeadSessions } from './lead-sessions';

export type ViewerKind = BoardViewer['kind'];

/** Roles of master data that may sign in to the board. */
export const BOARD_ROLES: ReadonlySet<string> = new Set(['lead']);

/**
 * Who is asking, from the admin token (Authorization header), a shift lead's session cookie or a display
 * link's cookie, in that order. A session whose operator was removed from master data or lost the lead role
 * no longer counts: the role is read from master data on every request, not frozen at sign-in.
 */
export function createBoardViewers(deps: {
  adminToken: string;
  sessions: LeadSessions;
  displayLinks: DisplayLinks;
  store: MasterDataStore;
}) {
  return function viewerOf(request: FastifyRequest): BoardViewer | undefined {
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) return isSameSecret(bearer, deps.adminToken) ? { kind: 'admin' } : undefined;
    const sessionToken = readCookie(request, LEAD_SESSION_COOKIE);
    const session = sessionToken === undefined ? undefined : deps.sessions.find(sessionToken);
    if (session) {
      const operator = OperatorSchema.safeParse(deps.store.get('operators', session.operatorId)).data;
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
    const link = displayToken === undefined ? undefined : deps.displayLinks.authenticate(displayToken);
    return link ? { kind: 'display', linkId: link.id, label: link.label } : undefined;
  };
}

export type BoardViewers = ReturnType<typeof createBoardViewers>;

/**
 * The viewer of a request if it is one of `allowed`; otherwise 401 (nobody) or 403 (a display link asking
 * for more than the board). A cookie-authenticated write must come from our own pages: SameSite=Strict
 * already keeps other sites' requests cookie-less, and the Origin check covers older browsers.
 */
export function requireViewer(
  viewerOf: BoardViewers,
  request: FastifyRequest,
  allowed: readonly ViewerKind[],
): BoardViewer {
  const viewer = viewerOf(request);
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
