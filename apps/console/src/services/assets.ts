/**
 * Assets as the API shows them: one per host, with its addresses and host names (and why each
 * was merged in), OS, services, software, vulnerability counts and scan history. Users see
 * an asset when it was scanned in a site they may see. The counts are of open findings (not
 * remediated) that no exception in force covers (approved, unexpired; the matcher of
 * `GET /api/3/assets/{id}/vulnerabilities`, which still lists those, marked
 * `vulnerable-with-exception-applied`).
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { toCount } from '../db/helpers.ts';
import type { Actor } from './actor.ts';
import { getSiteFor } from './sites.ts';
import { severityBucket } from './scans-model.ts';
import { exceptionMatcher, exceptionsInForce } from './exceptions.ts';

/** API sort field → column for asset lists. */
export const ASSET_SORT: Record<string, string> = { id: 'assets.id', ip: 'assets.ip', hostName: 'assets.host_name', os: 'assets.os' };

/** A service of an asset. */
export interface ServiceView {
  port: number; protocol: string; name: string; family: string | null; vendor: string | null; product: string | null;
  version: string | null; cpe: string | null; tunnel: string | null; banner: string | null; firstSeen: string; lastSeen: string; lastScanId: number;
}

/** A software entry of an asset. */
export interface SoftwareView { id: number; type: string; vendor: string; product: string; version: string; family: string | null; cpe: string | null }

/** An identifier of an asset and why it belongs to it. */
export interface IdentifierView { kind: string; value: string; scanId: number | null; reason: string; createdAt: string }

/** An asset as services return it. */
export interface AssetView {
  id: number; ip: string; hostName: string | null; mac: string | null; os: string | null;
  osFingerprint: Record<string, unknown> | null; firstSeen: string; lastSeen: string; lastScanId: number | null;
  identifiers: IdentifierView[]; sites: number[]; services: ServiceView[]; software: SoftwareView[];
  vulnerabilities: { critical: number; severe: number; moderate: number; total: number };
  history: Array<{ scanId: number; date: string }>;
}

function visible(actor: Actor): readonly number[] | undefined {
  return actor.role === 'global-admin' ? undefined : [...(actor.siteIds ?? []), -1];
}

/** Open findings of `assets` that an exception in force covers, per asset and severity (`asset|severity` → n). */
async function exceptedCounts(db: Db, sitesOf: (assetId: number) => number[], assets: number[], now: Date): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const inForce = await exceptionsInForce(db, now);
  if (inForce.length === 0) return out;
  const vulns = [...new Set(inForce.map((e) => e.vulnerabilityId))];
  const rows = await db.selectFrom('findings').select(['asset_id', 'check_id', 'port', 'instance', 'severity'])
    .where('asset_id', 'in', assets).where('status', '!=', 'remediated').where((eb) => eb(eb.fn('lower', [eb.ref('check_id')]), 'in', vulns)).execute();
  const excepted = exceptionMatcher(inForce, now);
  for (const r of rows) {
    if (!excepted({ vulnerabilityId: r.check_id, assetId: r.asset_id, siteIds: sitesOf(r.asset_id), port: r.port, key: r.instance })) continue;
    out.set(`${r.asset_id}|${r.severity}`, (out.get(`${r.asset_id}|${r.severity}`) ?? 0) + 1);
  }
  return out;
}

async function assemble(db: Db, rows: Array<{ id: number; ip: string; host_name: string | null; mac: string | null; os: string | null; os_json: string | null; first_seen: string; last_seen: string; last_scan_id: number | null }>, now: Date): Promise<AssetView[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [idents, sites, services, software, findings, history] = await Promise.all([
    db.selectFrom('asset_addresses').selectAll().where('asset_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('asset_sites').selectAll().where('asset_id', 'in', ids).orderBy('site_id').execute(),
    db.selectFrom('services').selectAll().where('asset_id', 'in', ids).orderBy('protocol').orderBy('port').execute(),
    db.selectFrom('software').selectAll().where('asset_id', 'in', ids).orderBy('type').orderBy('vendor').orderBy('product').orderBy('version').execute(),
    db.selectFrom('findings').select(['asset_id', 'severity', (eb) => eb.fn.countAll().as('n')]).where('asset_id', 'in', ids).where('status', '!=', 'remediated').groupBy(['asset_id', 'severity']).execute(),
    // History names the scan users see: a pool scan's chunk counts as the pool scan.
    db.selectFrom('scan_hosts').innerJoin('scans', 'scans.id', 'scan_hosts.scan_id')
      .select(['scan_hosts.asset_id as asset_id', (eb) => eb.fn.coalesce('scans.parent_scan_id', 'scans.id').as('scan_id'), 'scan_hosts.done_at as done_at'])
      .where('scan_hosts.asset_id', 'in', ids).orderBy('scan_hosts.done_at').execute(),
  ]);
  const sitesOf = (assetId: number): number[] => sites.filter((s) => s.asset_id === assetId).map((s) => s.site_id);
  const excepted = await exceptedCounts(db, sitesOf, ids, now);
  return rows.map((r) => {
    const vulns = { critical: 0, severe: 0, moderate: 0, total: 0 };
    for (const f of findings) {
      if (f.asset_id !== r.id) continue;
      const n = toCount(f.n) - (excepted.get(`${r.id}|${f.severity}`) ?? 0);
      vulns.total += n;
      const b = severityBucket(f.severity);
      if (b) vulns[b] += n;
    }
    return {
      id: r.id, ip: r.ip, hostName: r.host_name, mac: r.mac, os: r.os, osFingerprint: r.os_json ? JSON.parse(r.os_json) as Record<string, unknown> : null,
      firstSeen: r.first_seen, lastSeen: r.last_seen, lastScanId: r.last_scan_id,
      identifiers: idents.filter((i) => i.asset_id === r.id).map((i) => ({ kind: i.kind, value: i.value, scanId: i.scan_id, reason: i.reason, createdAt: i.created_at })),
      sites: sitesOf(r.id),
      services: services.filter((s) => s.asset_id === r.id).map((s) => ({
        port: s.port, protocol: s.protocol, name: s.name, family: s.family, vendor: s.vendor, product: s.product, version: s.version,
        cpe: s.cpe, tunnel: s.tunnel, banner: s.banner, firstSeen: s.first_seen, lastSeen: s.last_seen, lastScanId: s.last_scan_id,
      })),
      software: software.filter((s) => s.asset_id === r.id).map((s) => ({ id: s.id, type: s.type, vendor: s.vendor, product: s.product, version: s.version, family: s.family, cpe: s.cpe })),
      vulnerabilities: vulns,
      history: history.filter((h) => h.asset_id === r.id).map((h) => ({ scanId: h.scan_id, date: h.done_at })),
    };
  });
}

/**
 * Which rows page `page` of `size` covers out of `total`, read from the nearer end: forwards
 * (`offset` rows skipped in the requested order) or, for the back half, `reversed` (skip
 * `offset` rows in the reversed order, then reverse the `limit` rows read). Null: past the end.
 */
export function pageWindow(page: number, size: number, total: number): { offset: number; limit: number; reversed: boolean } | null {
  const start = page * size;
  if (start >= total) return null;
  const end = Math.min(total, start + size);
  return start <= total - end ? { offset: start, limit: end - start, reversed: false } : { offset: total - end, limit: end - start, reversed: true };
}

/** Assets the actor may see (optionally of one site), one page. */
export async function listAssets(db: Db, actor: Actor, q: { siteId?: number; page: number; size: number; sort: Array<{ field: string; direction: 'asc' | 'desc' }>; now?: Date }): Promise<{ assets: AssetView[]; total: number }> {
  if (q.siteId !== undefined) await getSiteFor(db, actor, q.siteId);
  const sites = visible(actor);
  let base = db.selectFrom('assets');
  if (q.siteId !== undefined || sites) {
    base = base.where('assets.id', 'in', (eb) => {
      let s = eb.selectFrom('asset_sites').select('asset_sites.asset_id');
      if (q.siteId !== undefined) s = s.where('asset_sites.site_id', '=', q.siteId);
      if (sites) s = s.where('asset_sites.site_id', 'in', sites);
      return s;
    });
  }
  // Page the ids first (the sort indexes cover them), then read only that page's rows: OFFSET
  // then skips index entries, not whole rows. The id tie-break runs in the direction of the
  // last sort key, so one `(column, id)` index walks forwards or backwards in order (a
  // tie-break against it made SQLite sort every row: 42 ms → 2 ms at offset 90,000). A page in
  // the back half is read from the other end in the reversed order (the exact reverse: the
  // order is total, and both databases reverse NULL placement with the direction), so no page
  // walks more than half the index.
  const total = toCount((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const window = pageWindow(q.page, q.size, total);
  let ids: Array<{ id: number }> = [];
  if (window) {
    const keys = q.sort.at(-1)?.field === 'assets.id' ? q.sort : [...q.sort, { field: 'assets.id', direction: q.sort.at(-1)?.direction ?? 'asc' } as const];
    const flip = (d: 'asc' | 'desc'): 'asc' | 'desc' => (window.reversed ? (d === 'asc' ? 'desc' : 'asc') : d);
    let page = base.select('assets.id');
    for (const k of keys) page = page.orderBy(k.field as 'assets.id', flip(k.direction));
    ids = await page.limit(window.limit).offset(window.offset).execute();
    if (window.reversed) ids.reverse();
  }
  const byId = new Map((ids.length === 0 ? [] : await db.selectFrom('assets').selectAll().where('id', 'in', ids.map((r) => r.id)).execute()).map((r) => [r.id, r]));
  const list = ids.map((r) => byId.get(r.id)).filter((r) => r !== undefined);
  return { assets: await assemble(db, list, q.now ?? new Date()), total };
}

/** One asset the actor may see (exceptions judged at `now`). */
export async function getAsset(db: Db, actor: Actor, id: number, now: Date = new Date()): Promise<AssetView> {
  const row = await db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `asset ${id} does not exist; GET /api/3/assets lists them`);
  const [asset] = await assemble(db, [row], now);
  const sites = visible(actor);
  if (!asset || (sites && !asset.sites.some((s) => sites.includes(s)))) {
    throw new FarsightError('RESOURCE_FORBIDDEN', `asset ${id} was not scanned in any of your sites`);
  }
  return asset;
}
