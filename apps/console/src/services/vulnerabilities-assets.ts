/**
 * The assets a vulnerability affects (v3 `GET /api/3/vulnerabilities/{id}/assets`): assets with
 * a finding of that check that is not remediated, among the assets the actor may see (global
 * admins all; others those scanned in their sites). Served by the `findings_check_asset`
 * (check_id, asset_id, status) index of migration 0310, in asset id order, without reading rows.
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { toCount } from '../db/helpers.ts';
import type { Actor } from './actor.ts';
import { findVulnerability } from './vulnerabilities.ts';

/** Asset ids affected by `vulnId` (one window when `page` is given, else all) and their total. */
export async function listVulnerabilityAssets(db: Db, actor: Actor, vulnId: string, page?: { page: number; size: number }): Promise<{ ids: number[]; total: number }> {
  const keys = [...new Set([vulnId, vulnId.toLowerCase()])];
  let base = db.selectFrom('findings').where('findings.check_id', 'in', keys).where('findings.status', '!=', 'remediated');
  if (actor.role !== 'global-admin') {
    const sites = [...(actor.siteIds ?? []), -1];
    base = base.where('findings.asset_id', 'in', (eb) => eb.selectFrom('asset_sites').select('asset_sites.asset_id').where('asset_sites.site_id', 'in', sites));
  }
  const ids = base.select('findings.asset_id').distinct().orderBy('findings.asset_id');
  let list: number[] | undefined;
  let total: number;
  if (page) total = toCount((await base.select((eb) => eb.fn.count('findings.asset_id').distinct().as('n')).executeTakeFirst())?.n);
  else total = (list = (await ids.execute()).map((r) => r.asset_id)).length;
  // Existence does not depend on what the actor may see: a known check with no visible asset is an empty list.
  if (total === 0 && !(await findVulnerability(db, vulnId))
    && !(await db.selectFrom('findings').select('asset_id').where('check_id', 'in', keys).limit(1).executeTakeFirst())) {
    throw new FarsightError('NOT_FOUND', `vulnerability '${vulnId}' does not exist; GET /api/3/vulnerabilities lists them`);
  }
  if (list) return { ids: list, total };
  if (!page || total === 0 || page.page * page.size >= total) return { ids: [], total };
  return { ids: (await ids.limit(page.size).offset(page.page * page.size).execute()).map((r) => r.asset_id), total };
}
