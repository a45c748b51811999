/** Login sessions for the UI: a random token in a cookie (stored as SHA-256) and a CSRF token per session. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { actorOf } from './users-auth.ts';
import { sha256 } from './users-passwords.ts';

/** Session lifetimes (ConsoleConfig.auth). */
export interface SessionPolicy { sessionIdleMinutes: number; sessionMaxHours: number }

/** A new session: `token` goes in the cookie, `csrfToken` to the client for the X-CSRF-Token header. */
export interface NewSession { token: string; csrfToken: string; expiresAt: string }

/** Starts a session for an authenticated actor and audits the login. */
export async function createSession(db: Db, actor: Actor, policy: SessionPolicy): Promise<NewSession> {
  if (actor.userId === null) throw new Error('createSession needs a user');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + policy.sessionMaxHours * 3_600_000).toISOString();
  await db.transaction().execute(async (tx) => {
    // Expired sessions are removed lazily here, so the table never grows without bound.
    await tx.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
    await tx.insertInto('sessions').values({ token_hash: sha256(token), user_id: actor.userId as number, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() }).execute();
    await audit(tx, actor, 'login.success', { type: 'user', id: actor.userId }, { via: 'session' });
  });
  return { token, csrfToken, expiresAt };
}

/** The actor and CSRF token of a live session, or null (unknown, expired, idle too long, user disabled). */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy, ip: string): Promise<{ actor: Actor; csrfToken: string; sessionId: number } | null> {
  if (token.length > 100) return null;
  const row = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sessionId', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'users.id', 'users.login', 'users.role', 'users.enabled'])
    .where('sessions.token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.enabled !== 1) return null;
  const now = Date.now();
  if (Date.parse(row.expires_at) <= now || Date.parse(row.last_seen_at) + policy.sessionIdleMinutes * 60_000 <= now) {
    await db.deleteFrom('sessions').where('id', '=', row.sessionId).execute();
    return null;
  }
  if (Date.parse(row.last_seen_at) < now - 30_000) await db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('id', '=', row.sessionId).execute();
  return { actor: await actorOf(db, row, ip), csrfToken: row.csrf_token, sessionId: row.sessionId };
}

/** Ends a session (logout) and audits it. */
export async function deleteSession(db: Db, actor: Actor, sessionId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await audit(tx, actor, 'logout', { type: 'user', id: actor.userId });
  });
}
