/**
 * Authentication: password checks with lockout (Basic and session login), API keys and
 * sessions. Secrets are stored hashed: passwords with scrypt, API keys and session tokens
 * (256-bit random) with SHA-256.
 */
import { FarsightError } from '@farsight/common';
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import type { UsersTable } from '../db/tables/core.ts';
import { audit } from './audit.ts';
import { isRole, type Actor } from './actor.ts';
import { isLocked } from './users.ts';
import { verifyPassword, hashPassword, sha256 } from './users-passwords.ts';

/** Lockout policy (ConsoleConfig.auth). */
export interface LockoutPolicy { lockoutThreshold: number; lockoutMinutes: number }

let dummyHash: Promise<string> | null = null;

const GENERIC = 'authentication failed: wrong login or password, or the account is disabled or locked';

/** The Actor of a user row, with the sites it owns/was granted. */
export async function actorOf(db: Db, row: Pick<Selectable<UsersTable>, 'id' | 'login' | 'role'>, ip?: string): Promise<Actor> {
  const role = isRole(row.role) ? row.role : 'user';
  const actor: Actor = { userId: row.id, login: row.login, role, ip };
  if (role !== 'global-admin') {
    actor.siteIds = (await db.selectFrom('user_sites').select('site_id').where('user_id', '=', row.id).execute()).map((r) => r.site_id);
  }
  return actor;
}

// Successful Basic checks are remembered briefly so scripts sending Basic on every request do
// not pay scrypt each time; an entry is only valid while the stored hash is unchanged.
const verified = new WeakMap<Db, Map<string, { hash: string; until: number }>>();
const CACHE_MS = 60_000, CACHE_MAX = 1000;

async function passwordMatches(db: Db, row: Selectable<UsersTable>, password: string): Promise<boolean> {
  let cache = verified.get(db);
  if (!cache) verified.set(db, (cache = new Map()));
  const key = sha256(`${row.id}\0${password}`);
  const hit = cache.get(key);
  if (hit && hit.hash === row.password_hash && hit.until > Date.now()) return true;
  if (!(await verifyPassword(password, row.password_hash))) return false;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, { hash: row.password_hash, until: Date.now() + CACHE_MS });
  return true;
}

/**
 * Checks a login/password. Wrong passwords count towards the lockout; at `lockoutThreshold`
 * consecutive failures the account is locked for `lockoutMinutes` (even the right password
 * fails until then or until an admin unlocks it). Throws UNAUTHENTICATED with one generic
 * message whatever the reason, so the answer does not reveal which logins exist.
 */
export async function authenticatePassword(db: Db, login: string, password: string, policy: LockoutPolicy, ip: string, via: 'basic' | 'session'): Promise<Actor> {
  const row = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  const who: Actor = { userId: row?.id ?? null, login: login.slice(0, 64), role: 'user', ip };
  if (!row) {
    // Spend the same scrypt work as a real check so response time does not reveal which logins exist.
    dummyHash ??= hashPassword(`dummy-${Math.random()}`);
    await verifyPassword(password, await dummyHash);
    await audit(db, who, 'login.failure', null, { via, reason: 'unknown login' });
    throw new FarsightError('UNAUTHENTICATED', GENERIC);
  }
  if (isLocked(row) || row.enabled !== 1) {
    await audit(db, who, 'login.failure', { type: 'user', id: row.id }, { via, reason: row.enabled !== 1 ? 'disabled' : 'locked' });
    throw new FarsightError('UNAUTHENTICATED', GENERIC);
  }
  if (!(await passwordMatches(db, row, password))) {
    const failures = row.failed_logins + 1;
    const lock = failures >= policy.lockoutThreshold;
    await db.updateTable('users').set({
      failed_logins: lock ? 0 : failures,
      ...(lock && { locked_until: new Date(Date.now() + policy.lockoutMinutes * 60_000).toISOString() }),
    }).where('id', '=', row.id).execute();
    await audit(db, who, lock ? 'login.locked' : 'login.failure', { type: 'user', id: row.id }, { via, reason: 'wrong password', failures });
    throw new FarsightError('UNAUTHENTICATED', GENERIC);
  }
  if (row.failed_logins !== 0 || row.locked_until !== null || via === 'session') {
    await db.updateTable('users').set({ failed_logins: 0, locked_until: null, ...(via === 'session' && { last_login_at: nowIso() }) }).where('id', '=', row.id).execute();
  }
  return actorOf(db, row, ip);
}

/** API key format: `fsk_` + 43 base64url characters (256 bits). */
export const API_KEY_PATTERN = /^fsk_[A-Za-z0-9_-]{43}$/;

/** The user behind an API key, or UNAUTHENTICATED (revoked, unknown, user disabled). */
export async function authenticateApiKey(db: Db, key: string, ip: string): Promise<Actor> {
  if (!API_KEY_PATTERN.test(key)) throw new FarsightError('UNAUTHENTICATED', 'the X-Api-Key header is not a Farsight API key');
  const row = await db.selectFrom('api_keys').innerJoin('users', 'users.id', 'api_keys.user_id')
    .select(['api_keys.id as keyId', 'api_keys.last_used_at', 'users.id', 'users.login', 'users.role', 'users.enabled'])
    .where('api_keys.key_hash', '=', sha256(key)).where('api_keys.revoked_at', 'is', null).executeTakeFirst();
  if (!row || row.enabled !== 1) {
    await audit(db, { userId: null, login: key.slice(0, 12), role: 'user', ip }, 'login.failure', null, { via: 'api-key', reason: row ? 'user disabled' : 'unknown or revoked key' });
    throw new FarsightError('UNAUTHENTICATED', 'the API key is unknown, revoked, or its user is disabled');
  }
  // Recording every use would write on every request; a minute's precision is enough.
  if (row.last_used_at === null || Date.parse(row.last_used_at) < Date.now() - 60_000) {
    await db.updateTable('api_keys').set({ last_used_at: nowIso() }).where('id', '=', row.keyId).execute();
  }
  return actorOf(db, row, ip);
}
