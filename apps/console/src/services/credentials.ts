/**
 * Shared and site credentials. Secret account fields are sealed with the master key
 * (credentials-crypto.ts) before they reach the database and are never part of a view: every
 * read selects the public columns only, and only `openCredential` (for engines running
 * authenticated checks) ever decrypts.
 */
import { randomUUID } from 'node:crypto';
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { open, seal, type Keyring } from './credentials-crypto.ts';
import { assertAccountComplete, mergeSecrets, splitAccount, type CredentialService, type PublicAccount, type SecretAccount } from './credentials-model.ts';
import { normaliseTargets } from './sites-targets.ts';
import { getSiteFor } from './sites.ts';

/** A credential as every API response sees it: no secret fields. */
export interface CredentialView {
  id: number;
  scope: 'shared' | 'site';
  siteId: number | null;
  name: string;
  description: string;
  account: PublicAccount;
  hostRestriction: string | null;
  portRestriction: number | null;
  /** Shared credentials: 'all-sites' | 'specific-sites'. */
  siteAssignment: 'all-sites' | 'specific-sites' | null;
  /** Shared credentials assigned to specific sites. */
  sites: number[];
  enabled: boolean;
}

/** What a client sends to create or replace a credential. */
export interface CredentialInput {
  name: string;
  description?: string;
  account: Record<string, unknown>;
  hostRestriction?: string | null;
  portRestriction?: number | null;
  siteAssignment?: 'all-sites' | 'specific-sites';
  sites?: readonly number[];
  enabled?: boolean;
}

/** Columns every view reads (never `secret`). */
export const PUBLIC_COLUMNS = ['id', 'scope', 'site_id', 'name', 'description', 'account', 'host_restriction', 'port_restriction', 'site_assignment', 'enabled'] as const;
type PublicRow = { id: number; scope: string; site_id: number | null; name: string; description: string; account: string; host_restriction: string | null; port_restriction: number | null; site_assignment: string | null; enabled: number };

/** Runs `fn` in `db` when it already is a transaction, else in a new one (bulk routes compose these writes). */
function inTx<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Rows of PUBLIC_COLUMNS → views. */
export async function toViews(db: Db, rows: PublicRow[]): Promise<CredentialView[]> {
  const ids = rows.filter((r) => r.site_assignment === 'specific-sites').map((r) => r.id);
  const links = ids.length === 0 ? [] : await db.selectFrom('credential_sites').select(['credential_id', 'site_id']).where('credential_id', 'in', ids).orderBy('site_id').execute();
  return rows.map((r) => ({
    id: r.id, scope: r.scope === 'site' ? 'site' : 'shared', siteId: r.site_id, name: r.name, description: r.description,
    account: JSON.parse(r.account) as PublicAccount, hostRestriction: r.host_restriction, portRestriction: r.port_restriction,
    siteAssignment: r.site_assignment === 'all-sites' || r.site_assignment === 'specific-sites' ? r.site_assignment : null,
    sites: links.filter((l) => l.credential_id === r.id).map((l) => l.site_id), enabled: r.enabled === 1,
  }));
}

function validateCommon(input: CredentialInput): { pub: PublicAccount; secret: SecretAccount } {
  if (input.name.trim() === '' || input.name.length > 200) throw new FarsightError('INVALID_ARGUMENT', 'credential name must be 1-200 characters');
  if (input.hostRestriction) normaliseTargets('excluded', [input.hostRestriction]);
  if (input.portRestriction !== undefined && input.portRestriction !== null && !input.hostRestriction) {
    throw new FarsightError('INVALID_ARGUMENT', 'portRestriction needs a hostRestriction (v3: the port can only be restricted together with a host)');
  }
  return splitAccount(input.account);
}

async function assertSites(db: Db, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = new Set((await db.selectFrom('sites').select('id').where('id', 'in', unique).execute()).map((r) => r.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new FarsightError('INVALID_ARGUMENT', `sites ${missing.join(', ')} do not exist`);
  return unique;
}

/** Inserts a credential (in `db`'s transaction when it is one). */
export async function insert(db: Db, ring: Keyring, actor: Actor, scope: 'shared' | 'site', siteId: number | null, input: CredentialInput): Promise<number> {
  const { pub, secret } = validateCommon(input);
  assertAccountComplete(pub, secret);
  const assignment = scope === 'shared' ? input.siteAssignment ?? 'all-sites' : null;
  const sites = assignment === 'specific-sites' ? await assertSites(db, input.sites ?? []) : [];
  if (assignment !== 'specific-sites' && (input.sites?.length ?? 0) > 0) throw new FarsightError('INVALID_ARGUMENT', 'sites can only be set when siteAssignment is "specific-sites"');
  const ref = randomUUID();
  return inTx(db, async (trx) => {
    const now = nowIso();
    const row = await trx.insertInto('credentials').values({
      scope, site_id: siteId, name: input.name, description: input.description ?? '', service: pub.service, account: JSON.stringify(pub),
      secret: seal(ring, JSON.stringify(secret), `credential:${ref}`), secret_ref: ref, host_restriction: input.hostRestriction ?? null,
      port_restriction: input.portRestriction ?? null, site_assignment: assignment, enabled: input.enabled === false ? 0 : 1, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    if (sites.length > 0) await trx.insertInto('credential_sites').values(sites.map((s) => ({ credential_id: row.id, site_id: s }))).execute();
    await audit(trx, actor, `credential.create`, { type: 'credential', id: row.id }, { scope, siteId, name: input.name, service: pub.service, secretFields: Object.keys(secret) });
    return row.id;
  });
}

/** Replaces a credential's fields; secret fields left out keep their stored value (in `db`'s transaction when it is one). */
export async function replace(db: Db, ring: Keyring, actor: Actor, id: number, input: CredentialInput): Promise<void> {
  const { pub, secret } = validateCommon(input);
  const old = await db.selectFrom('credentials').select(['scope', 'service', 'secret', 'secret_ref']).where('id', '=', id).executeTakeFirstOrThrow();
  let merged: SecretAccount = secret;
  if (pub.service === old.service) {
    try {
      merged = mergeSecrets(old.service as CredentialService, JSON.parse(open(ring, old.secret, `credential:${old.secret_ref}`)) as SecretAccount, pub, secret);
    } catch (e) {
      // A secret sealed under a lost key can still be replaced by sending every secret anew.
      try { assertAccountComplete(pub, secret); } catch { throw e; }
    }
  }
  assertAccountComplete(pub, merged);
  const assignment = old.scope === 'shared' ? input.siteAssignment ?? 'all-sites' : null;
  const sites = assignment === 'specific-sites' ? await assertSites(db, input.sites ?? []) : [];
  await inTx(db, async (trx) => {
    await trx.updateTable('credentials').set({
      name: input.name, description: input.description ?? '', service: pub.service, account: JSON.stringify(pub),
      secret: seal(ring, JSON.stringify(merged), `credential:${old.secret_ref}`), host_restriction: input.hostRestriction ?? null,
      port_restriction: input.portRestriction ?? null, site_assignment: assignment, enabled: input.enabled === false ? 0 : 1, updated_at: nowIso(),
    }).where('id', '=', id).execute();
    await trx.deleteFrom('credential_sites').where('credential_id', '=', id).execute();
    if (sites.length > 0) await trx.insertInto('credential_sites').values(sites.map((s) => ({ credential_id: id, site_id: s }))).execute();
    await audit(trx, actor, 'credential.update', { type: 'credential', id }, { name: input.name, service: pub.service, secretFieldsChanged: Object.keys(secret) });
  });
}

/** Deletes a credential (in `db`'s transaction when it is one). */
export async function remove(db: Db, actor: Actor, id: number, name: string): Promise<void> {
  await inTx(db, async (trx) => {
    await trx.deleteFrom('credentials').where('id', '=', id).execute();
    await audit(trx, actor, 'credential.delete', { type: 'credential', id }, { name });
  });
}

/** Every shared credential. */
export async function listSharedCredentials(db: Db): Promise<CredentialView[]> {
  return toViews(db, await db.selectFrom('credentials').select(PUBLIC_COLUMNS).where('scope', '=', 'shared').orderBy('id').execute());
}

/** One shared credential; NOT_FOUND otherwise. */
export async function getSharedCredential(db: Db, id: number): Promise<CredentialView> {
  const r = await db.selectFrom('credentials').select(PUBLIC_COLUMNS).where('id', '=', id).where('scope', '=', 'shared').executeTakeFirst();
  if (!r) throw new FarsightError('NOT_FOUND', `shared credential ${id} does not exist; GET /api/3/shared_credentials lists them`);
  return (await toViews(db, [r]))[0] as CredentialView;
}

/** Creates a shared credential; returns its id. */
export async function createSharedCredential(db: Db, ring: Keyring, actor: Actor, input: CredentialInput): Promise<number> {
  return insert(db, ring, actor, 'shared', null, input);
}

/** Replaces a shared credential; secret fields left out keep their stored value. */
export async function updateSharedCredential(db: Db, ring: Keyring, actor: Actor, id: number, input: CredentialInput): Promise<void> {
  await getSharedCredential(db, id);
  await replace(db, ring, actor, id, input);
}

/** Deletes a shared credential. */
export async function deleteSharedCredential(db: Db, actor: Actor, id: number): Promise<void> {
  const c = await getSharedCredential(db, id);
  await remove(db, actor, id, c.name);
}

/** A site's own credentials (the actor must have the site). */
export async function listSiteCredentials(db: Db, actor: Actor, siteId: number): Promise<CredentialView[]> {
  await getSiteFor(db, actor, siteId);
  return toViews(db, await db.selectFrom('credentials').select(PUBLIC_COLUMNS).where('scope', '=', 'site').where('site_id', '=', siteId).orderBy('id').execute());
}

/** One site credential; NOT_FOUND unless it belongs to the site. */
export async function getSiteCredential(db: Db, actor: Actor, siteId: number, id: number): Promise<CredentialView> {
  await getSiteFor(db, actor, siteId);
  const r = await db.selectFrom('credentials').select(PUBLIC_COLUMNS).where('id', '=', id).where('scope', '=', 'site').where('site_id', '=', siteId).executeTakeFirst();
  if (!r) throw new FarsightError('NOT_FOUND', `site ${siteId} has no credential ${id}; GET /api/3/sites/${siteId}/site_credentials lists them`);
  return (await toViews(db, [r]))[0] as CredentialView;
}

/** Creates a site credential; returns its id. */
export async function createSiteCredential(db: Db, ring: Keyring, actor: Actor, siteId: number, input: CredentialInput): Promise<number> {
  await getSiteFor(db, actor, siteId);
  return insert(db, ring, actor, 'site', siteId, { ...input, siteAssignment: undefined, sites: [] });
}

/** Replaces a site credential; secret fields left out keep their stored value. */
export async function updateSiteCredential(db: Db, ring: Keyring, actor: Actor, siteId: number, id: number, input: CredentialInput): Promise<void> {
  await getSiteCredential(db, actor, siteId, id);
  await replace(db, ring, actor, id, { ...input, siteAssignment: undefined, sites: [] });
}

/** Deletes a site credential. */
export async function deleteSiteCredential(db: Db, actor: Actor, siteId: number, id: number): Promise<void> {
  const c = await getSiteCredential(db, actor, siteId, id);
  await remove(db, actor, id, c.name);
}

export { testCredential, openCredential } from './credentials-use.ts';
export type { CredentialTestPlan } from './credentials-use.ts';
