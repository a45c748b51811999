/**
 * Writes one scanned host into the asset model: its asset (found or merged), site
 * membership, services and software as last seen, and its findings upserted on their
 * semantic key (asset, check, port, protocol, instance), so a re-scanned or re-sent host
 * never doubles anything.
 */
import type { Insertable, Kysely } from 'kysely';
import type { HostResultMessage, ServiceResultMessage } from '@farsight/engine-protocol';
import type { Database } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { resolveAsset } from './assets-identity.ts';

type Tx = Kysely<Database>;

/** What ingesting one host did. */
export interface HostIngest { assetId: number | null; openPorts: number; findings: number }

/** OS description as v3 `os` text, e.g. `Ubuntu Linux 22.04`. */
export function osDescription(os: HostResultMessage['os']): string | null {
  const parts = [os.vendor, os.product ?? os.family, os.version].filter((p): p is string => typeof p === 'string' && p !== '');
  const uniq = parts.filter((p, i) => !parts.slice(0, i).some((q) => q.toLowerCase() === p.toLowerCase()));
  return uniq.length > 0 ? uniq.join(' ') : null;
}

/** Software entries a host's services and OS reveal (pure). */
export function softwareOf(host: HostResultMessage): Array<{ type: string; vendor: string; product: string; version: string; family: string | null; cpe: string | null }> {
  const out = new Map<string, { type: string; vendor: string; product: string; version: string; family: string | null; cpe: string | null }>();
  const add = (type: string, vendor: string | undefined, product: string | undefined, version: string | undefined, family: string | null, cpe: string | undefined): void => {
    if (!product) return;
    const row = { type, vendor: vendor ?? '', product, version: version ?? '', family, cpe: cpe ?? null };
    out.set(`${row.type}|${row.vendor}|${row.product}|${row.version}`, row);
  };
  for (const s of host.services) add('Service', s.vendor, s.product, s.version, s.params?.['service.family'] ?? s.name, s.cpe);
  const os = host.os;
  add('Operating System', os.vendor, os.product ?? os.family, os.version, os.family ?? null, os.cpe);
  return [...out.values()];
}

async function writeServices(tx: Tx, assetId: number, services: ServiceResultMessage[], scanId: number, now: string): Promise<void> {
  const existing = await tx.selectFrom('services').select(['id', 'port', 'protocol']).where('asset_id', '=', assetId).execute();
  const seen = new Set(services.map((s) => `${s.port}/${s.protocol}`));
  const gone = existing.filter((e) => !seen.has(`${e.port}/${e.protocol}`)).map((e) => e.id);
  // The host's latest scan is its truth: a port closed since is no longer a service.
  if (gone.length > 0) await tx.deleteFrom('services').where('id', 'in', gone).execute();
  // One multi-row upsert (the same port twice in a host: the last entry wins, as before).
  const rows = new Map<string, ServiceRow>();
  for (const s of services) rows.set(`${s.port}/${s.protocol}`, serviceRow(assetId, s, scanId, now));
  const all = [...rows.values()];
  for (let i = 0; i < all.length; i += CHUNK) {
    await tx.insertInto('services').values(all.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['asset_id', 'port', 'protocol']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'), family: eb.ref('excluded.family'), vendor: eb.ref('excluded.vendor'), product: eb.ref('excluded.product'),
        version: eb.ref('excluded.version'), cpe: eb.ref('excluded.cpe'), tunnel: eb.ref('excluded.tunnel'), banner: eb.ref('excluded.banner'),
        last_seen: eb.ref('excluded.last_seen'), last_scan_id: eb.ref('excluded.last_scan_id'),
      }))).execute();
  }
}

type ServiceRow = Omit<Insertable<Database['services']>, 'id'>;

function serviceRow(assetId: number, s: ServiceResultMessage, scanId: number, now: string): ServiceRow {
  return {
    asset_id: assetId, port: s.port, protocol: s.protocol, first_seen: now, name: s.name, family: s.params?.['service.family'] ?? null,
    vendor: s.vendor ?? null, product: s.product ?? null, version: s.version ?? null, cpe: s.cpe ?? null, tunnel: s.tunnel ?? null,
    banner: s.banner ?? null, last_seen: now, last_scan_id: scanId,
  };
}

async function writeSoftware(tx: Tx, assetId: number, host: HostResultMessage, scanId: number): Promise<void> {
  const rows = softwareOf(host);
  const key = (s: { type: string; vendor: string; product: string; version: string }): string => `${s.type}|${s.vendor}|${s.product}|${s.version}`;
  const want = new Set(rows.map(key));
  const existing = await tx.selectFrom('software').select(['id', 'type', 'vendor', 'product', 'version']).where('asset_id', '=', assetId).execute();
  const gone = existing.filter((e) => !want.has(key(e))).map((e) => e.id);
  if (gone.length > 0) await tx.deleteFrom('software').where('id', 'in', gone).execute();
  // softwareOf yields each key once, so one multi-row upsert never touches a row twice.
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx.insertInto('software').values(rows.slice(i, i + CHUNK).map((s) => ({ asset_id: assetId, ...s, last_scan_id: scanId })))
      .onConflict((oc) => oc.columns(['asset_id', 'type', 'vendor', 'product', 'version'])
        .doUpdateSet((eb) => ({ family: eb.ref('excluded.family'), cpe: eb.ref('excluded.cpe'), last_scan_id: eb.ref('excluded.last_scan_id') }))).execute();
  }
}

/** Rows per multi-row INSERT (well under SQLite's and PostgreSQL's bound-parameter limits). */
const CHUNK = 400;

/** Distinct finding keys of a host result (what scan_hosts.findings counts). */
export function findingCount(host: HostResultMessage): number {
  return new Set(host.findings.map((f) => `${f.checkId}|${f.port}|${f.protocol}|${f.instance}`)).size;
}

/** Ingests one host of a scan of `siteId` (inside the batch's transaction). */
export async function ingestHost(tx: Tx, scan: { id: number; siteId: number }, host: HostResultMessage): Promise<HostIngest> {
  const openPorts = host.services.filter((s) => s.state === 'open').length;
  // A host that did not answer is progress, not an asset: nothing is known about it.
  if (host.status !== 'up') return { assetId: null, openPorts: 0, findings: 0 };
  const now = nowIso();
  const { assetId } = await resolveAsset(tx, host, scan.id);
  await tx.insertInto('asset_sites').values({ asset_id: assetId, site_id: scan.siteId }).onConflict((oc) => oc.columns(['asset_id', 'site_id']).doNothing()).execute();
  const osText = osDescription(host.os);
  await tx.updateTable('assets').set({
    ip: host.address, last_seen: now, last_scan_id: scan.id, updated_at: now,
    ...(host.hostnames[0] ? { host_name: host.hostnames[0] } : {}),
    ...(host.mac ? { mac: host.mac } : {}),
    ...(osText ? { os: osText, os_json: JSON.stringify(host.os) } : {}),
  }).where('id', '=', assetId).execute();
  await writeServices(tx, assetId, host.services, scan.id, now);
  await writeSoftware(tx, assetId, host, scan.id);
  // Findings are written for the whole batch at once (writeFindings in ingest-findings.ts), after every host.
  return { assetId, openPorts, findings: findingCount(host) };
}
