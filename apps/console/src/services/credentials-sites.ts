/**
 * Credential collections of a site (v3): replace or delete all of a site's own credentials,
 * enable/disable one for scans, delete every shared credential, and the shared credentials a site
 * is assigned with their per-site enablement (`site_shared_credentials_disabled`, migration 0311).
 * Views never carry a secret; writes go through credentials.ts inside one transaction each.
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import type { Keyring } from './credentials-crypto.ts';
import { getSiteCredential, insert, remove, replace, type CredentialInput } from './credentials.ts';
import { getSiteFor } from './sites.ts';

/** A shared credential as a site sees it (v3 SiteSharedCredential). */
export interface SiteSharedCredentialView { id: number; name: string; service: string; enabled: boolean }

/**
 * Replaces a site's credentials with `inputs` (v3 PUT site_credentials): entries with the id of
 * one of the site's credentials replace it (secret fields left out keep their stored value),
 * entries without an id are created, and the site's credentials not listed are deleted. All or
 * nothing: any invalid entry changes nothing. Returns the ids in input order.
 */
export async function replaceSiteCredentials(db: Db, ring: Keyring, actor: Actor, siteId: number, inputs: ReadonlyArray<CredentialInput & { id?: number }>): Promise<number[]> {
  await getSiteFor(db, actor, siteId);
  const own = (await db.selectFrom('credentials').select(['id', 'name']).where('scope', '=', 'site').where('site_id', '=', siteId).execute());
  const ownIds = new Set(own.map((r) => r.id));
  const given = inputs.flatMap((c) => (c.id === undefined ? [] : [c.id]));
  const foreign = given.filter((id) => !ownIds.has(id));
  if (foreign.length > 0) throw new FarsightError('INVALID_ARGUMENT', `site ${siteId} has no credentials ${foreign.join(', ')}; leave "id" out to create a credential, or GET /api/3/sites/${siteId}/site_credentials for the ids`);
  const dup = given.filter((id, i) => given.indexOf(id) !== i);
  if (dup.length > 0) throw new FarsightError('INVALID_ARGUMENT', `credential ${dup[0]} is listed more than once; list each credential once`);
  const keep = new Set(given);
  return db.transaction().execute(async (trx) => {
    for (const r of own) if (!keep.has(r.id)) await remove(trx, actor, r.id, r.name);
    const ids: number[] = [];
    for (const c of inputs) {
      const input = { ...c, siteAssignment: undefined, sites: [] };
      if (c.id === undefined) ids.push(await insert(trx, ring, actor, 'site', siteId, input));
      else { await replace(trx, ring, actor, c.id, input); ids.push(c.id); }
    }
    await audit(trx, actor, 'site-credentials.replace', { type: 'site', id: siteId }, { kept: [...keep], deleted: own.filter((r) => !keep.has(r.id)).map((r) => r.id), created: ids.filter((id) => !keep.has(id)) });
    return ids;
  });
}

/** Deletes every credential of a site (v3 DELETE site_credentials); returns how many. */
export async function deleteSiteCredentials(db: Db, actor: Actor, siteId: number): Promise<number> {
  await getSiteFor(db, actor, siteId);
  const own = await db.selectFrom('credentials').select(['id', 'name']).where('scope', '=', 'site').where('site_id', '=', siteId).execute();
  await db.transaction().execute(async (trx) => {
    for (const r of own) await remove(trx, actor, r.id, r.name);
    await audit(trx, actor, 'site-credentials.delete-all', { type: 'site', id: siteId }, { deleted: own.map((r) => r.id) });
  });
  return own.length;
}

/** Enables or disables a site credential for the site's scans (v3 PUT …/site_credentials/{id}/enabled). */
export async function setSiteCredentialEnabled(db: Db, actor: Actor, siteId: number, id: number, enabled: boolean): Promise<void> {
  await getSiteCredential(db, actor, siteId, id);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('credentials').set({ enabled: enabled ? 1 : 0 }).where('id', '=', id).execute();
    await audit(trx, actor, enabled ? 'credential.enable' : 'credential.disable', { type: 'credential', id }, { siteId });
  });
}

/** Deletes every shared credential (v3 DELETE shared_credentials); returns how many. */
export async function deleteAllSharedCredentials(db: Db, actor: Actor): Promise<number> {
  const all = await db.selectFrom('credentials').select(['id', 'name']).where('scope', '=', 'shared').execute();
  await db.transaction().execute(async (trx) => {
    for (const r of all) await remove(trx, actor, r.id, r.name);
    await audit(trx, actor, 'shared-credentials.delete-all', null, { deleted: all.map((r) => r.id) });
  });
  return all.length;
}

async function assigned(db: Db, siteId: number): Promise<Array<{ id: number; name: string; service: string }>> {
  const specific = db.selectFrom('credential_sites').select('credential_id').where('site_id', '=', siteId);
  return db.selectFrom('credentials').select(['id', 'name', 'service']).where('scope', '=', 'shared')
    .where((eb) => eb.or([eb('site_assignment', '=', 'all-sites'), eb.and([eb('site_assignment', '=', 'specific-sites'), eb('id', 'in', specific)])]))
    .orderBy('id').execute();
}

/** The shared credentials assigned to a site, each enabled unless disabled for this site. */
export async function listSiteSharedCredentials(db: Db, actor: Actor, siteId: number): Promise<SiteSharedCredentialView[]> {
  await getSiteFor(db, actor, siteId);
  const off = new Set((await db.selectFrom('site_shared_credentials_disabled').select('credential_id').where('site_id', '=', siteId).execute()).map((r) => r.credential_id));
  return (await assigned(db, siteId)).map((c) => ({ id: c.id, name: c.name, service: c.service, enabled: !off.has(c.id) }));
}

/**
 * Sets the per-site enablement of shared credentials assigned to the site. `states` maps
 * credential id → enabled; with `replaceAll`, assigned credentials not in `states` go back to
 * enabled (v3-shaped PUT of the whole list). A credential not assigned to the site is refused.
 */
export async function setSiteSharedCredentials(db: Db, actor: Actor, siteId: number, states: ReadonlyMap<number, boolean>, replaceAll: boolean): Promise<void> {
  await getSiteFor(db, actor, siteId);
  const ids = new Set((await assigned(db, siteId)).map((c) => c.id));
  const unknown = [...states.keys()].filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new FarsightError('NOT_FOUND', `shared credentials ${unknown.join(', ')} are not assigned to site ${siteId}; GET /api/3/sites/${siteId}/shared_credentials lists those that are`);
  }
  await db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('site_shared_credentials_disabled').where('site_id', '=', siteId);
    if (!replaceAll) del = del.where('credential_id', 'in', [...states.keys(), -1]);
    await del.execute();
    const off = [...states].filter(([, on]) => !on).map(([id]) => ({ site_id: siteId, credential_id: id }));
    if (off.length > 0) await trx.insertInto('site_shared_credentials_disabled').values(off).execute();
    await audit(trx, actor, 'site-shared-credentials.set', { type: 'site', id: siteId }, { states: Object.fromEntries(states), replaceAll });
  });
}
