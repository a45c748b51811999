/**
 * Which asset a scanned host is: one asset per host across scans and sites, found by any of
 * its identifiers (MAC, IP address, hostname). New identifiers are attached with the reason
 * they were merged; when a host's identifiers point at several assets, those assets are
 * merged into the oldest and the reason is kept on every moved identifier.
 */
import type { Kysely } from 'kysely';
import { canonicalAddress } from '@farsight/common';
import type { HostResultMessage } from '@farsight/engine-protocol';
import type { Database } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';

type Tx = Kysely<Database>;

/** One identifier of a host. */
export interface Identifier { kind: 'mac' | 'ip' | 'hostname'; value: string }

/** The identifiers of a host result, strongest first (MAC, address, hostnames), normalised. */
export function identifiersOf(host: Pick<HostResultMessage, 'address' | 'hostnames' | 'mac'>): Identifier[] {
  const ids: Identifier[] = [];
  if (host.mac) ids.push({ kind: 'mac', value: host.mac.toLowerCase() });
  ids.push({ kind: 'ip', value: canonicalAddress(host.address) });
  for (const h of new Set(host.hostnames.map((n) => n.toLowerCase().replace(/\.$/, '')))) if (h) ids.push({ kind: 'hostname', value: h });
  return ids;
}

/** The asset for a host (created or found, merging assets its identifiers disagree on). */
export async function resolveAsset(tx: Tx, host: HostResultMessage, scanId: number): Promise<{ assetId: number; created: boolean }> {
  const ids = identifiersOf(host);
  const matches = await tx.selectFrom('asset_addresses').select(['asset_id', 'kind', 'value'])
    .where((eb) => eb.or(ids.map((i) => eb.and([eb('kind', '=', i.kind), eb('value', '=', i.value)]))))
    .orderBy('asset_id').execute();
  const now = nowIso();
  const ip = canonicalAddress(host.address);
  if (matches.length === 0) {
    const row = await tx.insertInto('assets').values({
      ip, host_name: host.hostnames[0] ?? null, mac: host.mac ?? null, os: null, os_json: null,
      first_seen: now, last_seen: now, last_scan_id: scanId, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('asset_addresses').values(ids.map((i) => ({
      asset_id: row.id, kind: i.kind, value: i.value, scan_id: scanId, created_at: now,
      reason: `new asset: host ${ip} first seen in scan ${scanId}`,
    }))).execute();
    return { assetId: row.id, created: true };
  }
  const keep = matches[0]?.asset_id as number;
  const first = matches[0] as { kind: string; value: string };
  const others = [...new Set(matches.map((m) => m.asset_id))].filter((a) => a !== keep);
  for (const other of others) {
    const via = matches.find((m) => m.asset_id === other) as { kind: string; value: string };
    await mergeAssets(tx, keep, other, `asset ${other} merged into asset ${keep} in scan ${scanId}: host ${ip} has ${first.kind} ${first.value} (asset ${keep}) and ${via.kind} ${via.value} (asset ${other})`);
  }
  const known = new Set(matches.map((m) => `${m.kind}|${m.value}`));
  const fresh = ids.filter((i) => !known.has(`${i.kind}|${i.value}`));
  if (fresh.length > 0) {
    await tx.insertInto('asset_addresses').values(fresh.map((i) => ({
      asset_id: keep, kind: i.kind, value: i.value, scan_id: scanId, created_at: now,
      reason: `merged into asset ${keep} in scan ${scanId}: seen on the same host as ${first.kind} ${first.value}`,
    }))).onConflict((oc) => oc.columns(['kind', 'value']).doNothing()).execute();
  }
  return { assetId: keep, created: false };
}

/**
 * Moves everything of asset `drop` onto asset `keep` — identifiers, sites, services, software,
 * findings, scan hosts and their login outcomes (`scan_host_auth`) — (duplicates by key keep
 * `keep`'s row) and deletes `drop`.
 */
export async function mergeAssets(tx: Tx, keep: number, drop: number, reason: string): Promise<void> {
  const moved = await tx.selectFrom('asset_addresses').select(['id', 'reason']).where('asset_id', '=', drop).execute();
  for (const m of moved) await tx.updateTable('asset_addresses').set({ asset_id: keep, reason: `${reason} (before: ${m.reason})`.slice(0, 4000) }).where('id', '=', m.id).execute();
  const sites = await tx.selectFrom('asset_sites').select('site_id').where('asset_id', '=', drop).execute();
  if (sites.length > 0) await tx.insertInto('asset_sites').values(sites.map((s) => ({ asset_id: keep, site_id: s.site_id }))).onConflict((oc) => oc.doNothing()).execute();
  const keepServices = new Set((await tx.selectFrom('services').select(['port', 'protocol']).where('asset_id', '=', keep).execute()).map((s) => `${s.port}/${s.protocol}`));
  for (const s of await tx.selectFrom('services').select(['id', 'port', 'protocol']).where('asset_id', '=', drop).execute()) {
    if (keepServices.has(`${s.port}/${s.protocol}`)) await tx.deleteFrom('services').where('id', '=', s.id).execute();
    else await tx.updateTable('services').set({ asset_id: keep }).where('id', '=', s.id).execute();
  }
  const swKey = (s: { type: string; vendor: string; product: string; version: string }): string => `${s.type}|${s.vendor}|${s.product}|${s.version}`;
  const keepSoftware = new Set((await tx.selectFrom('software').select(['type', 'vendor', 'product', 'version']).where('asset_id', '=', keep).execute()).map(swKey));
  for (const s of await tx.selectFrom('software').select(['id', 'type', 'vendor', 'product', 'version']).where('asset_id', '=', drop).execute()) {
    if (keepSoftware.has(swKey(s))) await tx.deleteFrom('software').where('id', '=', s.id).execute();
    else await tx.updateTable('software').set({ asset_id: keep }).where('id', '=', s.id).execute();
  }
  const fKey = (f: { check_id: string; port: number; protocol: string; instance: string }): string => `${f.check_id}|${f.port}|${f.protocol}|${f.instance}`;
  const keepFindings = new Set((await tx.selectFrom('findings').select(['check_id', 'port', 'protocol', 'instance']).where('asset_id', '=', keep).execute()).map(fKey));
  for (const f of await tx.selectFrom('findings').select(['id', 'check_id', 'port', 'protocol', 'instance']).where('asset_id', '=', drop).execute()) {
    if (keepFindings.has(fKey(f))) {
      await tx.deleteFrom('finding_history').where('finding_id', '=', f.id).execute();
      await tx.deleteFrom('findings').where('id', '=', f.id).execute();
    } else await tx.updateTable('findings').set({ asset_id: keep }).where('id', '=', f.id).execute();
  }
  await tx.updateTable('scan_hosts').set({ asset_id: keep }).where('asset_id', '=', drop).execute();
  // Per-host login outcomes of earlier scans (migration 0302) follow the host, keyed by (scan, address): nothing collides.
  await tx.updateTable('scan_host_auth').set({ asset_id: keep }).where('asset_id', '=', drop).execute();
  await tx.deleteFrom('asset_sites').where('asset_id', '=', drop).execute();
  await tx.deleteFrom('assets').where('id', '=', drop).execute();
}
