/**
 * The assets a vulnerability affects (v3 `GET /api/3/vulnerabilities/{id}/assets`): assets with
 * a finding of that check that is not remediated and not covered by an exception in force
 * (approved, unexpired; instance, asset, site or global scope), among the assets the actor may see
 * (global admins all; others those scanned in their sites). An asset whose every open finding of
 * the check is excepted is not affected: on `GET /api/3/assets/{id}/vulnerabilities` each of its
 * results shows `vulnerable-with-exception-applied`. The exceptions are judged by the same matcher
 * (`exceptionMatcher`, with the asset's sites, port and instance key) as that list.
 *
 * Without an exception in force for the check, the `findings_check_asset` (check_id, asset_id,
 * status) index of migration 0310 answers alone, in asset id order, without reading rows; with
 * one, the check's open findings (asset, port, instance) and their assets' sites are read once.
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { toCount } from '../db/helpers.ts';
import type { Actor } from './actor.ts';
import { findVulnerability } from './vulnerabilities.ts';
import { exceptionMatcher, exceptionsInForce } from './exceptions.ts';
import type { ExceptionRecord } from './exceptions-rules.ts';

/** Rows per `IN (…)` list when reading the sites of many assets. */
const CHUNK = 500;

type Base = ReturnType<typeof openFindings>;

function openFindings(db: Db, actor: Actor, keys: string[]) {
  let base = db.selectFrom('findings').where('findings.check_id', 'in', keys).where('findings.status', '!=', 'remediated');
  if (actor.role !== 'global-admin') {
    const sites = [...(actor.siteIds ?? []), -1];
    base = base.where('findings.asset_id', 'in', (eb) => eb.selectFrom('asset_sites').select('asset_sites.asset_id').where('asset_sites.site_id', 'in', sites));
  }
  return base;
}

/** Ids (ascending) of assets with at least one of `base`'s findings that no exception in `inForce` covers. */
async function unexceptedAssets(db: Db, base: Base, inForce: readonly ExceptionRecord[], now: Date): Promise<number[]> {
  if (inForce.some((e) => e.scopeType === 'global')) return [];
  const rows = await base.select(['findings.asset_id', 'findings.check_id', 'findings.port', 'findings.instance']).orderBy('findings.asset_id').execute();
  const sitesOf = new Map<number, number[]>();
  if (inForce.some((e) => e.scopeType === 'site')) {
    const ids = [...new Set(rows.map((r) => r.asset_id))];
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const s of await db.selectFrom('asset_sites').select(['asset_id', 'site_id']).where('asset_id', 'in', ids.slice(i, i + CHUNK)).execute()) {
        sitesOf.set(s.asset_id, [...(sitesOf.get(s.asset_id) ?? []), s.site_id]);
      }
    }
  }
  const excepted = exceptionMatcher(inForce, now);
  const out: number[] = [];
  for (const r of rows) {
    if (out.at(-1) === r.asset_id) continue;
    if (!excepted({ vulnerabilityId: r.check_id, assetId: r.asset_id, siteIds: sitesOf.get(r.asset_id) ?? [], port: r.port, key: r.instance })) out.push(r.asset_id);
  }
  return out;
}

/** Asset ids affected by `vulnId` at `now` (one window when `page` is given, else all) and their total. */
export async function listVulnerabilityAssets(db: Db, actor: Actor, vulnId: string, page?: { page: number; size: number }, now: Date = new Date()): Promise<{ ids: number[]; total: number }> {
  const keys = [...new Set([vulnId, vulnId.toLowerCase()])];
  const base = openFindings(db, actor, keys);
  const inForce = await exceptionsInForce(db, now, [vulnId]);
  const ids = base.select('findings.asset_id').distinct().orderBy('findings.asset_id');
  let list: number[] | undefined;
  let total: number;
  if (inForce.length > 0) total = (list = await unexceptedAssets(db, base, inForce, now)).length;
  else if (page) total = toCount((await base.select((eb) => eb.fn.count('findings.asset_id').distinct().as('n')).executeTakeFirst())?.n);
  else total = (list = (await ids.execute()).map((r) => r.asset_id)).length;
  // Existence does not depend on what the actor may see: a known check with no visible asset is an empty list.
  if (total === 0 && !(await findVulnerability(db, vulnId))
    && !(await db.selectFrom('findings').select('asset_id').where('check_id', 'in', keys).limit(1).executeTakeFirst())) {
    throw new FarsightError('NOT_FOUND', `vulnerability '${vulnId}' does not exist; GET /api/3/vulnerabilities lists them`);
  }
  if (list) return { ids: page ? list.slice(page.page * page.size, (page.page + 1) * page.size) : list, total };
  if (!page || total === 0 || page.page * page.size >= total) return { ids: [], total };
  return { ids: (await ids.limit(page.size).offset(page.page * page.size).execute()).map((r) => r.asset_id), total };
}
