/**
 * The authentication + authorisation hook. For every route: read its declared permission,
 * authenticate (session cookie, `X-Api-Key`, or HTTP Basic), require the CSRF header on
 * state-changing cookie requests, then check the role has the permission.
 * Failed password checks per client address are rate limited (429) on top of account lockout.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FarsightError } from '@farsight/common';
import type { RouteContext } from './app-types.ts';
import { roleHas, isPermission } from './permissions.ts';
import { authenticateApiKey, authenticatePassword } from '../services/users-auth.ts';
import { resolveSession } from '../services/users-sessions.ts';
import { safeEqual } from '../services/users-passwords.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'farsight_session';
/** Header carrying the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Parses `Authorization: Basic …` (RFC 7617); null when absent or malformed. */
export function parseBasic(header: string | undefined): { login: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]{1,4096})\s*$/i.exec(header ?? '');
  if (!m?.[1]) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  // NUL never belongs in a login or password (and PostgreSQL text cannot hold it).
  return i < 0 || text.includes('\0') ? null : { login: text.slice(0, i), password: text.slice(i + 1) };
}

/** Builds the onRequest hook. */
export function authHook(ctx: RouteContext) {
  const limiter = ctx.authFailures;
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const permission = req.routeOptions.config.permission;
    if (permission === undefined) return; // 404 handler: nothing to protect
    if (!isPermission(permission)) throw new FarsightError('INTERNAL', `route ${req.routeOptions.url ?? ''} declares no valid permission`);
    const ip = req.ip;
    const cookie = req.cookies[SESSION_COOKIE];
    const apiKey = req.headers['x-api-key'];
    const basic = parseBasic(req.headers.authorization);
    if (typeof apiKey === 'string') {
      req.actor = await authenticateApiKey(ctx.db, apiKey, ip);
      req.authMethod = 'api-key';
    } else if (basic) {
      limiter.check(ip);
      try {
        req.actor = await authenticatePassword(ctx.db, basic.login, basic.password, ctx.config.auth, ip, 'basic');
      } catch (e) {
        limiter.fail(ip);
        throw e;
      }
      req.authMethod = 'basic';
    } else if (cookie) {
      const s = await resolveSession(ctx.db, cookie, ctx.config.auth, ip);
      if (s) {
        req.actor = s.actor;
        req.authMethod = 'session';
        req.sessionId = s.sessionId;
        // Cookies ride along on cross-site requests; the header cannot (RFC 6265bis, OWASP synchronizer token).
        const token = req.headers[CSRF_HEADER];
        if (!SAFE_METHODS.has(req.method) && (typeof token !== 'string' || !safeEqual(token, s.csrfToken))) {
          throw new FarsightError('CSRF_TOKEN_INVALID', `state-changing requests with a session cookie need the ${CSRF_HEADER} header returned at login`);
        }
      } else if (permission !== 'public') {
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        throw new FarsightError('UNAUTHENTICATED', 'the session has expired or was ended; log in again');
      }
    }
    // Browsers replay cached Basic credentials and cookies on cross-site requests; they also label
    // every request with Sec-Fetch-Site (Fetch Metadata), which scripts do not send. Refuse
    // state-changing requests a browser marks as coming from another site.
    const site = req.headers['sec-fetch-site'];
    if (!SAFE_METHODS.has(req.method) && req.authMethod !== 'api-key' && typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
      throw new FarsightError('CSRF_TOKEN_INVALID', `cross-site ${req.method} refused (Sec-Fetch-Site: ${site})`);
    }
    if (permission === 'public') return;
    if (!req.actor) throw new FarsightError('UNAUTHENTICATED', 'this API needs credentials: HTTP Basic, an X-Api-Key header, or a session cookie');
    if (!roleHas(req.actor.role, permission)) {
      throw new FarsightError('PERMISSION_DENIED', `role ${req.actor.role} lacks permission ${permission} for ${req.method} ${req.routeOptions.url ?? ''}`);
    }
  };
}
