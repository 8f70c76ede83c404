import type { FastifyReply, FastifyRequest } from 'fastify';

/** Holds a shift lead's session token. */
export const LEAD_SESSION_COOKIE = 'takt_lead';
/** Holds a display link's token on the shift-office screen. */
export const DISPLAY_COOKIE = 'takt_display';
/** Browsers cap cookie lifetimes at 400 days; a display link lives until it is revoked. */
export const DISPLAY_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

/** The value of one cookie of the request, or undefined. Tokens are base64url, so no decoding is needed. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || header.length > 8_192) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it along), Path=/ (the board page
 * and the API share it) and Secure when the request came over TLS (directly or through a trusted proxy).
 */
export function setCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  const attributes = [`${name}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  if (request.protocol === 'https') attributes.push('Secure');
  reply.header('set-cookie', attributes.join('; '));
}

export function clearCookie(request: FastifyRequest, reply: FastifyReply, name: string): void {
  setCookie(request, reply, name, '', 0);
}
