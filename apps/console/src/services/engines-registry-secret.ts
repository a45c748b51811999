/**
 * The engine pairing shared secret (v3 `/api/3/scan_engines/shared_secret`): generated on
 * request, shown once, stored only as a SHA-256, valid for 60 minutes, revocable. Pairing itself
 * (an engine presenting the secret) is issue 4; `verifySharedSecret` is what it will call.
 *
 * v3 `POST` (`obtainSharedSecret`) returns the live secret when there is one that can still pair
 * (unexpired, not revoked, uses left, sealed copy readable) and issues a new one otherwise;
 * Farsight's `POST /api/farsight/scan_engines/shared_secret` (`createSharedSecret`, with limits)
 * always issues a new one and the previous one stops working. The secret is looked up by its
 * hash; a copy sealed with the console master key (when the caller passes the keyring) lets
 * `GET /api/3/scan_engines/shared_secret` and the v3 POST show the live one again. Issuing and
 * reusing take one lock (PostgreSQL advisory lock; SQLite runs transactions one at a time), so
 * concurrent v3 POSTs all get the same secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { FarsightError } from '@farsight/common';
import type { Database, Db } from '../db/index.ts';
import { dialectOf } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { open, seal, type Keyring } from './credentials-crypto.ts';

/** How long a shared secret stays valid. */
export const SHARED_SECRET_TTL_MS = 60 * 60 * 1000;

function hash(secret: string): string {
  return createHash('sha256').update(secret.trim().toUpperCase()).digest('hex');
}

/** A new secret: 160 random bits as ten groups of four hex digits (`8F3A-…`), easy to read out and type. */
function newSecret(): string {
  return (randomBytes(20).toString('hex').toUpperCase().match(/.{4}/g) ?? []).join('-');
}

type Tx = Kysely<Database>;

async function live(db: Tx, now: Date): Promise<{ id: number; secret_hash: string; expires_at: string } | undefined> {
  return db.selectFrom('engine_shared_secrets').select(['id', 'secret_hash', 'expires_at'])
    .where('revoked_at', 'is', null).where('expires_at', '>', now.toISOString())
    .orderBy('id', 'desc').executeTakeFirst();
}

/** Serialises issuing and reusing secrets (PostgreSQL; SQLite's one connection runs transactions one at a time). */
async function lockSecrets(trx: Tx): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext('farsight.engine-shared-secret'))`.execute(trx);
}

/** Limits of a shared secret (issue 4): how many engines may pair with it, and from where. */
export interface SharedSecretLimits {
  /** Pairings allowed (undefined = unlimited while it lives). */
  maxUses?: number;
  /** CIDRs a pairing engine's source address must be in (undefined = any). */
  allowedCidrs?: string[];
}

/** Inside the caller's locked transaction: revokes any live secret, stores a new one, audits; returns it. */
async function issue(trx: Tx, actor: Actor, now: Date, limits: SharedSecretLimits, ring: Keyring | undefined, replaced?: string): Promise<{ secret: string; expiresAt: string }> {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + SHARED_SECRET_TTL_MS).toISOString();
  const sealed = ring ? seal(ring, secret, `engine-secret:${hash(secret)}`) : null;
  await trx.updateTable('engine_shared_secrets').set({ revoked_at: now.toISOString() }).where('revoked_at', 'is', null).execute();
  const row = await trx.insertInto('engine_shared_secrets').values({
    secret_hash: hash(secret), created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null,
    max_uses: limits.maxUses ?? null, allowed_cidrs: limits.allowedCidrs ? JSON.stringify(limits.allowedCidrs) : null, secret_sealed: sealed,
  }).returning('id').executeTakeFirstOrThrow();
  await audit(trx, actor, 'engine-secret.create', { type: 'engine-secret', id: row.id },
    { expiresAt, maxUses: limits.maxUses ?? null, allowedCidrs: limits.allowedCidrs ?? null, ...(replaced ? { replaced } : {}) });
  return { secret, expiresAt };
}

/** Issues a new shared secret (revoking any live one) and returns it; this is the only time it is visible. */
export async function createSharedSecret(db: Db, actor: Actor, now: Date = new Date(), limits: SharedSecretLimits = {}, ring?: Keyring): Promise<{ secret: string; expiresAt: string }> {
  return db.transaction().execute(async (trx) => {
    await lockSecrets(trx);
    return issue(trx, actor, now, limits, ring);
  });
}

/** Opens a live row's sealed copy, or says why it cannot be shown. */
function reveal(ring: Keyring, row: { secret_hash: string; secret_sealed: string | null }): { secret: string } | { why: string } {
  if (!row.secret_sealed) return { why: 'no sealed copy' };
  try {
    const secret = open(ring, row.secret_sealed, `engine-secret:${row.secret_hash}`);
    return hash(secret) === row.secret_hash ? { secret } : { why: 'sealed copy does not match' };
  } catch {
    return { why: 'sealed copy does not open' };
  }
}

/**
 * v3 `POST /api/3/scan_engines/shared_secret`: the live secret when one can still pair (not
 * expired or revoked, uses left) and its sealed copy opens — audited `engine-secret.read`,
 * `reused: true` — else a new one (audited `engine-secret.create`, with why the live one was
 * `replaced`, if there was one). `created` tells which.
 */
export async function obtainSharedSecret(db: Db, ring: Keyring, actor: Actor, now: Date = new Date()): Promise<{ secret: string; expiresAt: string; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    await lockSecrets(trx);
    const row = await trx.selectFrom('engine_shared_secrets').select(['id', 'secret_hash', 'expires_at', 'max_uses', 'uses', 'secret_sealed'])
      .where('revoked_at', 'is', null).where('expires_at', '>', now.toISOString()).orderBy('id', 'desc').executeTakeFirst();
    if (!row) return { ...await issue(trx, actor, now, {}, ring), created: true };
    const shown = row.max_uses !== null && row.uses >= row.max_uses ? { why: `used ${row.uses} of ${row.max_uses} time(s)` } : reveal(ring, row);
    if ('why' in shown) return { ...await issue(trx, actor, now, {}, ring, shown.why), created: true };
    await audit(trx, actor, 'engine-secret.read', { type: 'engine-secret', id: row.id }, { reused: true });
    return { secret: shown.secret, expiresAt: row.expires_at, created: false };
  });
}

/** The SHA-256 a secret is stored as (pairing looks secrets up by it). */
export function sharedSecretHash(secret: string): string {
  return hash(secret);
}

/** Whole seconds the live secret has left; NOT_FOUND when none is live (v3 answers 404 then). */
export async function sharedSecretTimeToLive(db: Db, now: Date = new Date()): Promise<number> {
  const row = await live(db, now);
  if (!row) throw new FarsightError('NOT_FOUND', 'there is no valid shared secret; generate one with POST /api/3/scan_engines/shared_secret');
  return Math.max(0, Math.floor((Date.parse(row.expires_at) - now.getTime()) / 1000));
}

/**
 * The live secret itself (v3 `GET /api/3/scan_engines/shared_secret`) and its seconds left;
 * NOT_FOUND when none is live or the live one was issued without a sealed copy. Audited: showing
 * a secret that pairs engines is worth a trail.
 */
export async function currentSharedSecret(db: Db, ring: Keyring, actor: Actor, now: Date = new Date()): Promise<{ secret: string; timeToLive: number }> {
  const row = await live(db, now);
  if (!row) throw new FarsightError('NOT_FOUND', 'there is no valid shared secret; generate one with POST /api/3/scan_engines/shared_secret');
  const sealed = (await db.selectFrom('engine_shared_secrets').select('secret_sealed').where('id', '=', row.id).executeTakeFirst())?.secret_sealed;
  if (!sealed) throw new FarsightError('NOT_FOUND', 'the live shared secret was issued before the console kept a sealed copy and cannot be shown; generate a new one with POST /api/3/scan_engines/shared_secret');
  let secret: string;
  try { secret = open(ring, sealed, `engine-secret:${row.secret_hash}`); } catch (e) {
    throw new FarsightError('CREDENTIAL_DECRYPT_FAILED', `the live shared secret's sealed copy cannot be opened (${e instanceof Error ? e.message : String(e)}); generate a new one with POST /api/3/scan_engines/shared_secret`, { cause: e });
  }
  if (sharedSecretHash(secret) !== row.secret_hash) throw new FarsightError('CREDENTIAL_DECRYPT_FAILED', 'the live shared secret\'s sealed copy does not match it; generate a new one with POST /api/3/scan_engines/shared_secret');
  await audit(db, actor, 'engine-secret.read', { type: 'engine-secret', id: row.id });
  return { secret, timeToLive: Math.max(0, Math.floor((Date.parse(row.expires_at) - now.getTime()) / 1000)) };
}

/** Revokes the live secret; NOT_FOUND when none is live. */
export async function revokeSharedSecret(db: Db, actor: Actor, now: Date = new Date()): Promise<void> {
  const row = await live(db, now);
  if (!row) throw new FarsightError('NOT_FOUND', 'there is no valid shared secret to revoke');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('engine_shared_secrets').set({ revoked_at: now.toISOString() }).where('id', '=', row.id).execute();
    await audit(trx, actor, 'engine-secret.revoke', { type: 'engine-secret', id: row.id });
  });
}

/** True when `secret` is the live, unexpired shared secret (constant-time comparison of hashes). */
export async function verifySharedSecret(db: Db, secret: string, now: Date = new Date()): Promise<boolean> {
  const row = await live(db, now);
  if (!row) return false;
  const a = Buffer.from(hash(secret), 'hex');
  const b = Buffer.from(row.secret_hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
