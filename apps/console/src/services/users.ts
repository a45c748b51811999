/** Users: create, read, update, delete, site grants, unlock; the first global admin. */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso, toCount, isUniqueViolation } from '../db/helpers.ts';
import type { UsersTable } from '../db/tables/core.ts';
import type { Selectable } from 'kysely';
import { audit } from './audit.ts';
import { isRole, type Actor, type Role, SYSTEM_ACTOR } from './actor.ts';
import { hashPassword, checkPasswordPolicy, generatePassword } from './users-passwords.ts';

/** A user as services return it (never the password hash). */
export interface UserView {
  id: number; login: string; name: string; email: string | null; role: Role;
  enabled: boolean; locked: boolean; siteIds: number[]; lastLoginAt: string | null; createdAt: string;
}

/** Fields to create a user. */
export interface UserInput { login: string; name: string; email?: string | null; role: Role; password: string; enabled?: boolean; siteIds?: number[] }
/** Fields to change; omitted = unchanged. */
export type UserPatch = Partial<UserInput>;

/** Sortable user fields (API name → column). */
export const USER_SORT: Record<string, string> = { id: 'id', login: 'login', name: 'name', role: 'role', email: 'email' };

/** True when the row is locked now. */
export function isLocked(row: Pick<UsersTable, 'locked_until'>, now = Date.now()): boolean {
  return row.locked_until !== null && Date.parse(row.locked_until) > now;
}

async function siteIdsOf(db: Db, userIds: number[]): Promise<Map<number, number[]>> {
  const m = new Map<number, number[]>();
  if (userIds.length === 0) return m;
  const rows = await db.selectFrom('user_sites').select(['user_id', 'site_id']).where('user_id', 'in', userIds).orderBy('site_id').execute();
  for (const r of rows) m.set(r.user_id, [...(m.get(r.user_id) ?? []), r.site_id]);
  return m;
}

function view(r: Selectable<UsersTable>, siteIds: number[]): UserView {
  return {
    id: r.id, login: r.login, name: r.name, email: r.email, role: isRole(r.role) ? r.role : 'user',
    enabled: r.enabled === 1, locked: isLocked(r), siteIds, lastLoginAt: r.last_login_at, createdAt: r.created_at,
  };
}

/** A page of users. */
export async function listUsers(db: Db, q: { page: number; size: number; sort: { field: string; direction: 'asc' | 'desc' }[] }): Promise<{ users: UserView[]; total: number }> {
  let sel = db.selectFrom('users').selectAll();
  for (const s of q.sort) sel = sel.orderBy(s.field as 'id', s.direction);
  const rows = await sel.orderBy('id').limit(q.size).offset(q.page * q.size).execute();
  const n = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const sites = await siteIdsOf(db, rows.map((r) => r.id));
  return { users: rows.map((r) => view(r, sites.get(r.id) ?? [])), total: toCount(n?.n) };
}

/** One user, or NOT_FOUND. */
export async function getUser(db: Db, id: number): Promise<UserView> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new FarsightError('NOT_FOUND', `user ${id} does not exist`);
  return view(r, (await siteIdsOf(db, [id])).get(id) ?? []);
}

function checkLogin(login: string): void {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(login)) throw new FarsightError('INVALID_ARGUMENT', `login '${login.slice(0, 80)}' is invalid; use 1–64 letters, digits, . _ @ -`);
}

/** Creates a user; CONFLICT when the login exists. */
export async function createUser(db: Db, actor: Actor, input: UserInput): Promise<number> {
  checkLogin(input.login);
  checkPasswordPolicy(input.password);
  const hash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (tx) => {
      const now = nowIso();
      const row = await tx.insertInto('users').values({
        login: input.login, name: input.name, email: input.email ?? null, role: input.role, password_hash: hash,
        enabled: input.enabled === false ? 0 : 1, failed_logins: 0, locked_until: null, last_login_at: null, created_at: now, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      for (const siteId of new Set(input.siteIds ?? [])) await tx.insertInto('user_sites').values({ user_id: row.id, site_id: siteId }).execute();
      await audit(tx, actor, 'user.create', { type: 'user', id: row.id }, { login: input.login, role: input.role });
      return row.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new FarsightError('CONFLICT', `a user with login '${input.login}' already exists`);
    throw e;
  }
}

async function countEnabledAdmins(db: Db, exceptId: number): Promise<number> {
  const n = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'global-admin').where('enabled', '=', 1).where('id', '!=', exceptId).executeTakeFirst();
  return toCount(n?.n);
}

/** Changes a user; refuses to demote/disable the last enabled global admin. */
export async function updateUser(db: Db, actor: Actor, id: number, patch: UserPatch): Promise<void> {
  const cur = await getUser(db, id);
  if (patch.login !== undefined) checkLogin(patch.login);
  if (patch.password !== undefined) checkPasswordPolicy(patch.password);
  const losesAdmin = cur.role === 'global-admin' && ((patch.role !== undefined && patch.role !== 'global-admin') || patch.enabled === false);
  if (losesAdmin && (await countEnabledAdmins(db, id)) === 0) {
    throw new FarsightError('CONFLICT', `user ${id} is the last enabled global administrator; create another one first`);
  }
  const hash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  try {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({
        ...(patch.login !== undefined && { login: patch.login }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
        ...(hash !== undefined && { password_hash: hash, failed_logins: 0, locked_until: null }),
        updated_at: nowIso(),
      }).where('id', '=', id).execute();
      if (patch.siteIds !== undefined) {
        await tx.deleteFrom('user_sites').where('user_id', '=', id).execute();
        for (const s of new Set(patch.siteIds)) await tx.insertInto('user_sites').values({ user_id: id, site_id: s }).execute();
      }
      // Password changes and disabling end the user's sessions.
      if (hash !== undefined || patch.enabled === false) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
      const changed = Object.keys(patch).filter((k) => k !== 'password');
      await audit(tx, actor, 'user.update', { type: 'user', id }, { changed, ...(hash !== undefined && { passwordChanged: true }) });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new FarsightError('CONFLICT', `a user with login '${patch.login ?? ''}' already exists`);
    throw e;
  }
}

/** Deletes a user (and its keys, sessions, grants); not yourself, not the last admin. */
export async function deleteUser(db: Db, actor: Actor, id: number): Promise<void> {
  const cur = await getUser(db, id);
  if (actor.userId === id) throw new FarsightError('CONFLICT', 'you cannot delete your own account; ask another global administrator');
  if (cur.role === 'global-admin' && cur.enabled && (await countEnabledAdmins(db, id)) === 0) {
    throw new FarsightError('CONFLICT', `user ${id} is the last enabled global administrator`);
  }
  await db.transaction().execute(async (tx) => {
    for (const t of ['user_sites', 'api_keys', 'sessions'] as const) await tx.deleteFrom(t).where('user_id', '=', id).execute();
    await tx.deleteFrom('users').where('id', '=', id).execute();
    await audit(tx, actor, 'user.delete', { type: 'user', id }, { login: cur.login });
  });
}

/** Clears a lockout (v3 DELETE /users/{id}/lock). */
export async function unlockUser(db: Db, actor: Actor, id: number): Promise<void> {
  await getUser(db, id);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: nowIso() }).where('id', '=', id).execute();
    await audit(tx, actor, 'user.unlock', { type: 'user', id });
  });
}

/** Replaces the sites a user owns (site-owner) or may read (user). Site ids are not checked here: sites belong to another module. */
export async function setUserSites(db: Db, actor: Actor, id: number, siteIds: number[]): Promise<void> {
  await updateUser(db, actor, id, { siteIds });
}

/** Creates the global admin `admin` on first start. Returns the generated password (print it once) or null when users already exist. */
export async function ensureInitialAdmin(db: Db, givenPassword?: string): Promise<{ login: string; password: string; generated: boolean } | null> {
  const n = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  if (toCount(n?.n) > 0) return null;
  const password = givenPassword ?? generatePassword();
  try {
    await createUser(db, SYSTEM_ACTOR, { login: 'admin', name: 'Administrator', role: 'global-admin', password });
  } catch (e) {
    // Another console process sharing the database created it first.
    if (e instanceof FarsightError && e.code === 'CONFLICT') return null;
    throw e;
  }
  return { login: 'admin', password, generated: givenPassword === undefined };
}
