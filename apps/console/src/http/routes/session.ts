/** Login sessions for the UI: POST (log in), GET (who am I), DELETE (log out) /api/farsight/session. */
import { z } from 'zod';
import { FarsightError } from '@farsight/common';
import type { RoutePlugin } from '../app-types.ts';
import { actorOf } from '../app-types.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { authenticatePassword } from '../../services/users-auth.ts';
import { createSession, deleteSession } from '../../services/users-sessions.ts';
import { getUser, updateUser } from '../../services/users.ts';
import { ROLE_PERMISSIONS } from '../permissions.ts';

const me = z.object({ id: z.number().int(), login: z.string(), name: z.string(), role: z.string(), siteIds: z.array(z.number().int()), permissions: z.array(z.string()) });

/** Session routes. */
export const sessionRoutes: RoutePlugin = (app, { db, config, authFailures: failures }) => {
  app.post('/api/farsight/session', {
    config: { permission: 'public', rateLimit: { max: config.auth.loginRateMax, timeWindow: config.auth.rateWindowMs } },
    schema: {
      tags: ['farsight'], summary: 'Log in; sets the session cookie and returns the CSRF token for X-CSRF-Token',
      body: z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
      response: { 200: z.object({ csrfToken: z.string(), expiresAt: z.string(), user: me }) },
    },
  }, async (req, reply) => {
    failures.check(req.ip);
    let actor;
    try {
      actor = await authenticatePassword(db, req.body.login, req.body.password, config.auth, req.ip, 'session');
    } catch (e) {
      if (e instanceof FarsightError && e.code === 'UNAUTHENTICATED') failures.fail(req.ip);
      throw e;
    }
    const s = await createSession(db, actor, config.auth);
    void reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, secure: true, sameSite: 'strict', expires: new Date(s.expiresAt) });
    const u = await getUser(db, actor.userId ?? -1);
    return { csrfToken: s.csrfToken, expiresAt: s.expiresAt, user: { id: u.id, login: u.login, name: u.name, role: u.role, siteIds: u.siteIds, permissions: [...ROLE_PERMISSIONS[u.role]] } };
  });

  app.get('/api/farsight/session', {
    config: { permission: 'authenticated' },
    schema: { tags: ['farsight'], summary: 'The current user and its permissions', response: { 200: z.object({ user: me, via: z.string() }) } },
  }, async (req) => {
    const u = await getUser(db, actorOf(req).userId ?? -1);
    return { via: req.authMethod ?? 'unknown', user: { id: u.id, login: u.login, name: u.name, role: u.role, siteIds: u.siteIds, permissions: [...ROLE_PERMISSIONS[u.role]] } };
  });

  app.put('/api/farsight/session/password', {
    config: { permission: 'authenticated', rateLimit: { max: config.auth.loginRateMax, timeWindow: config.auth.rateWindowMs } },
    schema: {
      tags: ['farsight'], summary: 'Change your own password (ends your sessions; log in again)',
      body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) }),
      response: { 204: z.null() },
    },
  }, async (req, reply) => {
    const me = actorOf(req);
    failures.check(req.ip);
    try {
      // Re-checking the current password (with lockout) stops a stolen session or key from taking the account over.
      await authenticatePassword(db, me.login, req.body.currentPassword, config.auth, req.ip, 'basic');
    } catch (e) {
      if (e instanceof FarsightError && e.code === 'UNAUTHENTICATED') failures.fail(req.ip);
      throw new FarsightError('INVALID_ARGUMENT', 'currentPassword is wrong (repeated failures lock the account)');
    }
    await updateUser(db, me, me.userId ?? -1, { password: req.body.newPassword });
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.delete('/api/farsight/session', {
    config: { permission: 'authenticated' },
    schema: { tags: ['farsight'], summary: 'Log out (ends the cookie session)', response: { 204: z.null() } },
  }, async (req, reply) => {
    if (req.sessionId !== null) await deleteSession(db, actorOf(req), req.sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });
};
