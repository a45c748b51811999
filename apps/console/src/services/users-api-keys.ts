/** API keys: created for a user (shown once), listed without the secret, revoked. */
import { randomBytes } from 'node:crypto';
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso, toCount } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { sha256 } from './users-passwords.ts';

/** An API key as listed (never the key itself). */
export interface ApiKeyView { id: number; userId: number; login: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

/** Creates a key for `userId` (default: the actor). Only global admins create keys for others. Returns the key once. */
export async function createApiKey(db: Db, actor: Actor, name: string, userId?: number): Promise<{ id: number; key: string; prefix: string }> {
  const owner = userId ?? actor.userId;
  if (owner === null) throw new FarsightError('INVALID_ARGUMENT', 'userId is required');
  if (owner !== actor.userId && actor.role !== 'global-admin') throw new FarsightError('PERMISSION_DENIED', 'only global administrators create API keys for other users');
  const user = await db.selectFrom('users').select('id').where('id', '=', owner).executeTakeFirst();
  if (!user) throw new FarsightError('NOT_FOUND', `user ${owner} does not exist`);
  const key = `fsk_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 12);
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('api_keys').values({ user_id: owner, name, prefix, key_hash: sha256(key), created_at: nowIso(), last_used_at: null, revoked_at: null })
      .returning('id').executeTakeFirstOrThrow();
    await audit(tx, actor, 'api-key.create', { type: 'api-key', id: row.id }, { userId: owner, name, prefix });
    return { id: row.id, key, prefix };
  });
}

/** Lists keys: the actor's own, or (global admins, `all`) everyone's. */
export async function listApiKeys(db: Db, actor: Actor, q: { all: boolean; page: number; size: number }): Promise<{ keys: ApiKeyView[]; total: number }> {
  let base = db.selectFrom('api_keys').innerJoin('users', 'users.id', 'api_keys.user_id');
  if (!(q.all && actor.role === 'global-admin')) base = base.where('api_keys.user_id', '=', actor.userId ?? -1);
  const rows = await base.select(['api_keys.id', 'api_keys.user_id', 'users.login', 'api_keys.name', 'api_keys.prefix', 'api_keys.created_at', 'api_keys.last_used_at', 'api_keys.revoked_at'])
    .orderBy('api_keys.id').limit(q.size).offset(q.page * q.size).execute();
  const n = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return {
    total: toCount(n?.n),
    keys: rows.map((r) => ({ id: r.id, userId: r.user_id, login: r.login, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at })),
  };
}

/** Revokes a key: the owner or a global admin; NOT_FOUND for other users' keys (their existence is not revealed). */
export async function revokeApiKey(db: Db, actor: Actor, id: number): Promise<void> {
  const row = await db.selectFrom('api_keys').select(['id', 'user_id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!row || (row.user_id !== actor.userId && actor.role !== 'global-admin')) throw new FarsightError('NOT_FOUND', `API key ${id} does not exist`);
  if (row.revoked_at !== null) return;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('api_keys').set({ revoked_at: nowIso() }).where('id', '=', id).execute();
    await audit(tx, actor, 'api-key.revoke', { type: 'api-key', id }, { userId: row.user_id });
  });
}
