import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LeadLoginRequestSchema, type LeadSessionResponse } from '@shared/lead';
import { sha256Hex } from '../hashing';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { requireAdmin } from '../http/auth';
import { assertSameOrigin, BOARD_ROLES, requireViewer, viewerOf } from '../leads/board-viewer';
import {
  clearCookie,
  DISPLAY_COOKIE,
  DISPLAY_COOKIE_MAX_AGE_S,
  LEAD_SESSION_COOKIE,
  readCookie,
  setCookie,
} from '../leads/cookies';
import type { LeadAccess } from '../leads/lead-access';
import { SESSION_LIFETIME_MS } from '../leads/lead-sessions';

const CreateLinkSchema = z.strictObject({ label: z.string().trim().min(1).max(100) });
const LinkParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const DisplayParamsSchema = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/) });

/** The badge as the lockout counts it: hashed, so the failures table holds no badge numbers. */
const lockoutAccount = (badge: string) => sha256Hex(badge.replace(/[\s:-]/g, '').toUpperCase());

/**
 * Shift-lead sign-in for the web board (badge + PIN, a session cookie), sign-out, who-am-I, and the admin's
 * read-only display links (`/board/display/<token>` puts the link's token into a cookie and opens the board).
 */
export function registerLeadAuthRoutes(app: FastifyInstance, adminToken: string, access: LeadAccess): void {
  app.post('/api/v1/lead/login', async (request, reply) => {
    assertSameOrigin(request);
    const body = parseOrFail(LeadLoginRequestSchema, request.body, 'login');
    const account = lockoutAccount(body.badge);
    const waitMs = await access.lockout.retryAfterMs(request.ip, account);
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new ApiFailure(429, 'too-many-attempts', 'too many wrong logins; wait before trying again');
    }
    const checked = await access.checkCredentials(body.badge, body.pin);
    if (!checked.ok) {
      await access.lockout.recordFailure(request.ip, account);
      throw new ApiFailure(401, 'invalid-credentials', 'badge or PIN is wrong');
    }
    await access.lockout.recordSuccess(request.ip, account);
    if (!BOARD_ROLES.has(checked.operator.role))
      throw new ApiFailure(403, 'forbidden', 'only shift leads may sign in to the board');
    const session = await access.sessions.start(checked.operator.id, checked.operator.role);
    setCookie(request, reply, LEAD_SESSION_COOKIE, session.token, Math.floor(SESSION_LIFETIME_MS / 1000));
    request.log.info({ operatorId: checked.operator.id }, 'shift lead signed in');
    const answer: LeadSessionResponse = {
      viewer: {
        kind: 'lead',
        operatorId: checked.operator.id,
        name: checked.operator.name,
        role: checked.operator.role,
        expiresAt: session.expiresAt,
      },
    };
    return answer;
  });

  app.post('/api/v1/lead/logout', async (request, reply) => {
    const token = readCookie(request, LEAD_SESSION_COOKIE);
    if (token !== undefined) await access.sessions.end(token);
    clearCookie(request, reply, LEAD_SESSION_COOKIE);
    return reply.code(204).send();
  });

  app.get('/api/v1/lead/session', async (request): Promise<LeadSessionResponse> => {
    return { viewer: requireViewer(viewerOf, request, ['admin', 'lead', 'display']) };
  });

  app.get('/board/display/:token', async (request, reply) => {
    const params = DisplayParamsSchema.safeParse(request.params);
    const link = params.success ? await access.displayLinks.authenticate(params.data.token) : undefined;
    if (!params.success || !link) return reply.redirect('/board?link=invalid', 303);
    setCookie(request, reply, DISPLAY_COOKIE, params.data.token, DISPLAY_COOKIE_MAX_AGE_S);
    return reply.redirect('/board', 303);
  });

  app.register(async (admin) => {
    admin.addHook('onRequest', requireAdmin(adminToken));

    admin.post('/api/v1/admin/display-links', async (request, reply) => {
      const body = parseOrFail(CreateLinkSchema, request.body, 'display link');
      const link = await access.displayLinks.create(body.label, request.ip);
      reply.code(201);
      return { ...link, path: `/board/display/${link.token}` };
    });

    admin.get('/api/v1/admin/display-links', async () => ({ links: await access.displayLinks.list() }));

    admin.post('/api/v1/admin/display-links/:id/revoke', async (request) => {
      const { id } = parseOrFail(LinkParamsSchema, request.params, 'path');
      const link = await access.displayLinks.revoke(id, request.ip);
      if (!link) throw new ApiFailure(404, 'not-found', `no display link ${id}`);
      return link;
    });
  });
}
