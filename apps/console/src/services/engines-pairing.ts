/**
 * Engine-to-console pairing and engine certificates (issue 4). An engine presents the shared
 * secret and a CSR; the secret's use is claimed with ONE conditional UPDATE (live, unexpired,
 * under its max uses), so any number of racing pairings get exactly max-uses successes on
 * SQLite and PostgreSQL alike. Every attempt is audited with its source address and outcome.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { isUniqueViolation, nowIso } from '../db/helpers.ts';
import { audit } from './audit.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { sharedSecretHash } from './engines-registry-secret.ts';

/** What a pairing engine sends. */
export interface PairInput { secret: string; csr: string; engineName: string; engineVersion: string; sourceIp: string }

/** Issues a certificate for a CSR (the engine CA's `issue`). */
export type IssueCert = (csrPem: string, engineId: number) => Promise<{ pem: string; fingerprint256: string; serial: string; notAfter: string; keyPin: string }>;

/** True when `ip` is inside one of `cidrs` (IPv4 and IPv6; an IPv4-mapped IPv6 address counts as IPv4). */
export function ipInCidrs(ip: string, cidrs: readonly string[]): boolean {
  const addr = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  const list = new BlockList();
  for (const c of cidrs) {
    const [net, bits] = c.split('/');
    if (!net) continue;
    const type = isIPv6(net) ? 'ipv6' : 'ipv4';
    list.addSubnet(net, bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits), type);
  }
  return list.check(addr, isIPv6(addr) ? 'ipv6' : 'ipv4');
}

async function refuse(db: Db, sourceIp: string, reason: string, secretId: number | null): Promise<never> {
  await audit(db, { ...SYSTEM_ACTOR, ip: sourceIp }, 'engine-secret.use', secretId === null ? null : { type: 'engine-secret', id: secretId }, { result: 'refused', reason });
  throw new FarsightError('ENGINE_PAIRING_REFUSED', reason);
}

async function freeName(db: Db, wanted: string): Promise<string> {
  for (let i = 1; i <= 1000; i++) {
    const name = i === 1 ? wanted : `${wanted} (${i})`;
    if (!(await db.selectFrom('scan_engines').select('id').where('name', '=', name).executeTakeFirst())) return name;
  }
  return `${wanted} ${globalThis.crypto.randomUUID()}`;
}

/**
 * Pairs an engine: claims one use of the live secret (atomically), registers the engine
 * (direction reverse, Active once it connects), issues its certificate. Refusals throw
 * ENGINE_PAIRING_REFUSED with the reason (also audited).
 */
export async function pairEngine(db: Db, issue: IssueCert, input: PairInput, now: Date = new Date()): Promise<{ engineId: number; certificate: string; name: string }> {
  const at = now.toISOString();
  const row = await db.selectFrom('engine_shared_secrets').select(['id', 'expires_at', 'revoked_at', 'max_uses', 'uses', 'allowed_cidrs'])
    .where('secret_hash', '=', sharedSecretHash(input.secret)).orderBy('id', 'desc').executeTakeFirst();
  if (!row) return refuse(db, input.sourceIp, 'the shared secret is not one this console issued; generate one with `farsight engines secret create`', null);
  if (row.revoked_at !== null) return refuse(db, input.sourceIp, 'the shared secret was revoked; generate a new one', row.id);
  if (row.expires_at <= at) return refuse(db, input.sourceIp, `the shared secret expired at ${row.expires_at}; generate a new one`, row.id);
  const cidrs = row.allowed_cidrs ? JSON.parse(row.allowed_cidrs) as string[] : null;
  if (cidrs && !ipInCidrs(input.sourceIp, cidrs)) return refuse(db, input.sourceIp, `pairing from ${input.sourceIp} is not allowed by this secret (allowed: ${cidrs.join(', ')})`, row.id);
  const claimed = await db.transaction().execute(async (trx) => {
    // The claim: one conditional UPDATE decides, whatever else races it.
    const r = await trx.updateTable('engine_shared_secrets').set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', row.id).where('revoked_at', 'is', null).where('expires_at', '>', at)
      .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return undefined;
    const name = await freeName(trx as unknown as Db, input.engineName);
    const e = await trx.insertInto('scan_engines').values({
      name, kind: 'remote', address: input.sourceIp, port: 0, status: 'unknown', status_reason: 'paired; waiting for its first connection',
      status_at: at, product_version: input.engineVersion, content_version: null, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { ...SYSTEM_ACTOR, ip: input.sourceIp }, 'engine-secret.use', { type: 'engine-secret', id: row.id }, { result: 'paired', engineId: e.id, engineName: name });
    return { engineId: e.id, name };
  });
  if (!claimed) return refuse(db, input.sourceIp, `the shared secret has been used ${row.max_uses ?? 0} time(s), its maximum; generate a new one`, row.id);
  try {
    const cert = await issue(input.csr, claimed.engineId);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('engine_certificates').values({ engine_id: claimed.engineId, fingerprint256: cert.fingerprint256, serial: cert.serial, not_after: cert.notAfter, created_at: nowIso(), revoked_at: null }).execute();
      await trx.insertInto('engine_links').values({ engine_id: claimed.engineId, direction: 'reverse', key_pin: cert.keyPin, last_heartbeat_at: null, clock_skew_ms: null, revoked_at: null, updated_at: nowIso() }).execute();
    });
    return { engineId: claimed.engineId, certificate: cert.pem, name: claimed.name };
  } catch (e) {
    // No certificate, no engine: undo the registration (the use stays counted and audited).
    await db.deleteFrom('scan_engines').where('id', '=', claimed.engineId).execute().catch(() => undefined);
    if (isUniqueViolation(e)) throw new FarsightError('ENGINE_PAIRING_REFUSED', 'this certificate request was already used; the engine must make a new key');
    throw e;
  }
}

/** Audits a pairing attempt refused by the /pair rate limit (engines/pair-limiter.ts) before its frame was read. */
export async function auditPairingLimited(db: Db, sourceIp: string, reason: string, limit: string): Promise<void> {
  await audit(db, { ...SYSTEM_ACTOR, ip: sourceIp }, 'engine-secret.use', null, { result: 'refused', reason, limit });
}

/** The engine a presented certificate belongs to, or why it may not connect. */
export async function engineOfCertificate(db: Db, fingerprint256: string): Promise<{ ok: true; engineId: number } | { ok: false; code: 'revoked' | 'unknown-engine'; message: string }> {
  const c = await db.selectFrom('engine_certificates').innerJoin('scan_engines', 'scan_engines.id', 'engine_certificates.engine_id')
    .leftJoin('engine_links', 'engine_links.engine_id', 'engine_certificates.engine_id')
    .select(['engine_certificates.engine_id as engineId', 'engine_certificates.revoked_at as certRevoked', 'engine_links.revoked_at as engineRevoked'])
    .where('engine_certificates.fingerprint256', '=', fingerprint256).executeTakeFirst();
  if (!c) return { ok: false, code: 'unknown-engine', message: 'this certificate belongs to no engine of this console (deleted?); pair again with a new shared secret' };
  if (c.certRevoked !== null || c.engineRevoked !== null) return { ok: false, code: 'revoked', message: `engine ${c.engineId}'s certificate was revoked; pair again with a new shared secret` };
  return { ok: true, engineId: c.engineId };
}

/** Records a renewed certificate of an engine (the old one stays valid until it expires). */
export async function recordRenewedCertificate(db: Db, engineId: number, cert: { fingerprint256: string; serial: string; notAfter: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('engine_certificates').values({ engine_id: engineId, fingerprint256: cert.fingerprint256, serial: cert.serial, not_after: cert.notAfter, created_at: nowIso(), revoked_at: null }).execute();
    await audit(trx, SYSTEM_ACTOR, 'engine.certificate-renewed', { type: 'engine', id: engineId }, { notAfter: cert.notAfter, serial: cert.serial });
  });
}
