/**
 * Deleting assets (v3 `DELETE /api/3/assets/{id}`) and removing an asset from a site
 * (`DELETE /api/3/sites/{id}/assets/{assetId}`: the asset itself goes only when no other site
 * has it; `DELETE /api/3/sites/{id}/assets`: every asset of the site). Its identifiers,
 * services, software, findings and their history go with it (foreign keys cascade); scan
 * history keeps the host rows and their login outcomes (`scan_host_auth`) with the asset link cleared.
 * A site owner may delete an asset only when every site it belongs to is one they own.
 * Every deletion is audited.
 */
import { FarsightError } from '@farsight/common';
import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { audit } from './audit.ts';
import { canAccessSite, type Actor } from './actor.ts';
import { getSiteFor } from './sites.ts';

type Tx = Kysely<Database>;

async function assetOrThrow(db: Db | Tx, id: number): Promise<{ ip: string; host_name: string | null; sites: number[] }> {
  const row = await db.selectFrom('assets').select(['ip', 'host_name']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `asset ${id} does not exist; GET /api/3/assets lists them`);
  const sites = (await db.selectFrom('asset_sites').select('site_id').where('asset_id', '=', id).execute()).map((s) => s.site_id);
  return { ...row, sites };
}

async function removeAsset(tx: Tx, id: number): Promise<void> {
  await tx.updateTable('scan_hosts').set({ asset_id: null }).where('asset_id', '=', id).execute();
  await tx.updateTable('scan_host_auth').set({ asset_id: null }).where('asset_id', '=', id).execute();
  await tx.deleteFrom('assets').where('id', '=', id).execute();
}

/** Deletes asset `id` with everything recorded about it. */
export async function deleteAsset(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const a = await assetOrThrow(tx, id);
    if (actor.role !== 'global-admin' && !a.sites.some((s) => canAccessSite(actor, s))) {
      throw new FarsightError('RESOURCE_FORBIDDEN', `asset ${id} was not scanned in any of your sites`);
    }
    const foreign = a.sites.filter((s) => !canAccessSite(actor, s));
    if (foreign.length > 0) {
      throw new FarsightError('RESOURCE_FORBIDDEN', `asset ${id} was also scanned in site(s) ${foreign.join(', ')}, which you do not own; remove it from your sites with DELETE /api/3/sites/{id}/assets/${id} instead`);
    }
    await removeAsset(tx, id);
    await audit(tx, actor, 'asset.delete', { type: 'asset', id }, { ip: a.ip, hostName: a.host_name, sites: a.sites });
  });
}

/** Removes asset `assetId` from site `siteId`; deletes the asset when no other site has it. Returns whether it was deleted. */
export async function removeAssetFromSite(db: Db, actor: Actor, siteId: number, assetId: number): Promise<{ deleted: boolean }> {
  await getSiteFor(db, actor, siteId);
  return db.transaction().execute(async (tx) => {
    const a = await assetOrThrow(tx, assetId);
    if (!a.sites.includes(siteId)) throw new FarsightError('NOT_FOUND', `asset ${assetId} is not in site ${siteId}; GET /api/3/sites/${siteId}/assets lists its assets`);
    const deleted = a.sites.length === 1;
    if (deleted) await removeAsset(tx, assetId);
    else await tx.deleteFrom('asset_sites').where('asset_id', '=', assetId).where('site_id', '=', siteId).execute();
    await audit(tx, actor, deleted ? 'asset.delete' : 'asset.remove-from-site', { type: 'asset', id: assetId }, { ip: a.ip, hostName: a.host_name, siteId });
    return { deleted };
  });
}

/** Removes every asset from site `siteId` (assets no other site has are deleted); returns the counts. Audited once. */
export async function removeAllAssetsFromSite(db: Db, actor: Actor, siteId: number): Promise<{ deleted: number; removed: number }> {
  await getSiteFor(db, actor, siteId);
  return db.transaction().execute(async (tx) => {
    const inSite = (await tx.selectFrom('asset_sites').select('asset_id').where('site_id', '=', siteId).execute()).map((r) => r.asset_id);
    const shared = new Set<number>();
    for (let i = 0; i < inSite.length; i += 500) {
      const rows = await tx.selectFrom('asset_sites').select('asset_id').where('asset_id', 'in', inSite.slice(i, i + 500)).where('site_id', '!=', siteId).execute();
      for (const r of rows) shared.add(r.asset_id);
    }
    const alone = inSite.filter((a) => !shared.has(a));
    for (let i = 0; i < alone.length; i += 500) {
      const chunk = alone.slice(i, i + 500);
      await tx.updateTable('scan_hosts').set({ asset_id: null }).where('asset_id', 'in', chunk).execute();
      await tx.updateTable('scan_host_auth').set({ asset_id: null }).where('asset_id', 'in', chunk).execute();
      await tx.deleteFrom('assets').where('id', 'in', chunk).execute();
    }
    await tx.deleteFrom('asset_sites').where('site_id', '=', siteId).execute();
    await audit(tx, actor, 'site.assets.remove', { type: 'site', id: siteId }, { deleted: alone.length, removed: shared.size });
    return { deleted: alone.length, removed: shared.size };
  });
}
