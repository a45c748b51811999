/**
 * The engine pairing shared secret (v3 `/api/3/scan_engines/shared_secret`): generated on
 * request, shown once, stored only as a SHA-256, valid for 60 minutes, revocable. Pairing itself
 * (an engine presenting the secret) is issue 4; `verifySharedSecret` is what it will call.
 *
 * Deviation from v3, by design: v3's POST returns the current secret when one is still valid;
 * Farsight's POST always issues a fresh secret and the previous one stops working. The secret is
 * looked up by its hash; a copy sealed with the console master key (when the caller passes the
 * keyring) lets `GET /api/3/scan_engines/shared_secret` show the live one again.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
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

async function live(db: Db, now: Date): Promise<{ id: number; secret_hash: string; expires_at: string } | undefined> {
  return db.selectFrom('engine_shared_secrets').select(['id', 'secret_hash', 'expires_at'])
    .where('revoked_at', 'is', null).where('expires_at', '>', now.toISOString())
    .orderBy('id', 'desc').executeTakeFirst();
}

/** Limits of a shared secret (issue 4): how many engines may pair with it, and from where. */
export interface SharedSecretLimits {
  /** Pairings allowed (undefined = unlimited while it lives). */
  maxUses?: number;
  /** CIDRs a pairing engine's source address must be in (undefined = any). */
  allowedCidrs?: string[];
}

/** Issues a new shared secret (revoking any live one) and returns it; this is the only time it is visible. */
export async function createSharedSecret(db: Db, actor: Actor, now: Date = new Date(), limits: SharedSecretLimits = {}, ring?: Keyring): Promise<{ secret: string; expiresAt: string }> {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + SHARED_SECRET_TTL_MS).toISOString();
  const sealed = ring ? seal(ring, secret, `engine-secret:${hash(secret)}`) : null;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('engine_shared_secrets').set({ revoked_at: now.toISOString() }).where('revoked_at', 'is', null).execute();
    const row = await trx.insertInto('engine_shared_secrets').values({
      secret_hash: hash(secret), created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null,
      max_uses: limits.maxUses ?? null, allowed_cidrs: limits.allowedCidrs ? JSON.stringify(limits.allowedCidrs) : null, secret_sealed: sealed,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'engine-secret.create', { type: 'engine-secret', id: row.id }, { expiresAt, maxUses: limits.maxUses ?? null, allowedCidrs: limits.allowedCidrs ?? null });
  });
  return { secret, expiresAt };
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
