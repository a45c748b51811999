/**
 * Writes all hosts of a batch into the asset model with a fixed number of statements per
 * batch instead of ~8 per host: one identifier lookup per kind, one asset upsert, one insert
 * each for new identifiers and site membership, one read + delete + upsert each for services
 * and software. The result is what ingesting the hosts one at a time (ingest-host.ts) gives;
 * when a host would merge assets, nothing is written and null is returned so the caller takes
 * that one-at-a-time path.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { canonicalAddress } from '@farsight/common';
import type { HostResultMessage } from '@farsight/engine-protocol';
import type { Database } from '../db/index.ts';
import { dialectOf, toCount } from '../db/helpers.ts';
import { bulkInsert, forIdChunks, type BulkColumn } from '../db/bulk.ts';
import { identifiersOf, type Identifier } from './assets-identity.ts';
import { identifierKey, planAssets, type AssetRef } from './ingest-plan.ts';
import { findingCount, osDescription, softwareOf, type HostIngest } from './ingest-host.ts';

type Tx = Kysely<Database>;
const READ_CHUNK = 500;

async function knownIdentifiers(tx: Tx, ids: Identifier[]): Promise<Map<string, number>> {
  const known = new Map<string, number>();
  const unique = [...new Map(ids.map((i) => [identifierKey(i), i])).values()];
  // One statement per chunk, every kind at once (each `kind = … AND value IN (…)` uses the (kind, value) index).
  for (let i = 0; i < unique.length; i += READ_CHUNK) {
    const chunk = unique.slice(i, i + READ_CHUNK);
    const byKind = (['mac', 'ip', 'hostname'] as const).map((kind) => ({ kind, values: chunk.filter((x) => x.kind === kind).map((x) => x.value) })).filter((g) => g.values.length > 0);
    const rows = await tx.selectFrom('asset_addresses').select(['asset_id', 'kind', 'value'])
      .where((eb) => eb.or(byKind.map((g) => eb.and([eb('kind', '=', g.kind), eb('value', 'in', g.values)])))).execute();
    for (const r of rows) known.set(identifierKey({ kind: r.kind as Identifier['kind'], value: r.value }), r.asset_id);
  }
  return known;
}

/** `n` new asset ids, reserved inside the caller's transaction (which holds the write lock on SQLite). */
async function reserveAssetIds(tx: Tx, n: number): Promise<number[]> {
  if (n === 0) return [];
  if (dialectOf(tx) === 'postgres') {
    const r = await tx.executeQuery<{ id: number | string }>(CompiledQuery.raw(`SELECT nextval(pg_get_serial_sequence('assets', 'id')) AS id FROM generate_series(1, $1)`, [n]));
    return r.rows.map((x) => toCount(x.id));
  }
  // AUTOINCREMENT: never reuse an id of a deleted asset (sqlite_sequence remembers the highest).
  const r = await tx.executeQuery<{ m: number | null }>(CompiledQuery.raw(`SELECT max(coalesce((SELECT max(id) FROM assets), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'assets'), 0)) AS m`, []));
  const base = toCount(r.rows[0]?.m);
  return Array.from({ length: n }, (_, i) => base + 1 + i);
}

const ASSET_COLUMNS: BulkColumn[] = [['id', 'integer'], ['ip', 'text'], ['host_name', 'text'], ['mac', 'text'], ['os', 'text'], ['os_json', 'text'],
  ['first_seen', 'text'], ['last_seen', 'text'], ['last_scan_id', 'integer'], ['created_at', 'text'], ['updated_at', 'text']];
const ASSET_UPSERT = `ON CONFLICT (id) DO UPDATE SET ip = excluded.ip, host_name = COALESCE(excluded.host_name, assets.host_name), mac = COALESCE(excluded.mac, assets.mac),
  os = COALESCE(excluded.os, assets.os), os_json = CASE WHEN excluded.os IS NULL THEN assets.os_json ELSE excluded.os_json END,
  last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id, updated_at = excluded.updated_at`;
const ADDRESS_COLUMNS: BulkColumn[] = [['asset_id', 'integer'], ['kind', 'text'], ['value', 'text'], ['scan_id', 'integer'], ['reason', 'text'], ['created_at', 'text']];
const SERVICE_COLUMNS: BulkColumn[] = [['asset_id', 'integer'], ['port', 'integer'], ['protocol', 'text'], ['first_seen', 'text'], ['name', 'text'], ['family', 'text'],
  ['vendor', 'text'], ['product', 'text'], ['version', 'text'], ['cpe', 'text'], ['tunnel', 'text'], ['banner', 'text'], ['last_seen', 'text'], ['last_scan_id', 'integer']];
const SERVICE_UPSERT = `ON CONFLICT (asset_id, port, protocol) DO UPDATE SET name = excluded.name, family = excluded.family, vendor = excluded.vendor,
  product = excluded.product, version = excluded.version, cpe = excluded.cpe, tunnel = excluded.tunnel, banner = excluded.banner,
  last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id`;
const SOFTWARE_COLUMNS: BulkColumn[] = [['asset_id', 'integer'], ['type', 'text'], ['vendor', 'text'], ['product', 'text'], ['version', 'text'], ['family', 'text'], ['cpe', 'text'], ['last_scan_id', 'integer']];
const SOFTWARE_UPSERT = 'ON CONFLICT (asset_id, type, vendor, product, version) DO UPDATE SET family = excluded.family, cpe = excluded.cpe, last_scan_id = excluded.last_scan_id';

/** Per host (same order as `hosts`), or null when a host needs a merge (nothing was written). Also the ids of assets created. */
export async function ingestHostsBatched(tx: Tx, scan: { id: number; siteId: number }, hosts: readonly HostResultMessage[], now: string): Promise<{ results: HostIngest[]; created: Set<number> } | null> {
  const up = hosts.map((h, index) => ({ h, index, ids: identifiersOf(h) })).filter((x) => x.h.status === 'up');
  const plan = planAssets(up.map((u) => ({ address: u.h.address, ids: u.ids })), await knownIdentifiers(tx, up.flatMap((u) => u.ids)));
  if (!plan) return null;
  const freshIds = await reserveAssetIds(tx, plan.fresh);
  const idOf = (r: AssetRef): number => ('existing' in r ? r.existing : freshIds[r.fresh] as number);
  // The asset row each asset ends with: later hosts of the batch win, as one at a time.
  const rows = new Map<number, unknown[]>();
  const lastHost = new Map<number, HostResultMessage>();
  const results: HostIngest[] = hosts.map(() => ({ assetId: null, openPorts: 0, findings: 0 }));
  up.forEach((u, k) => {
    const assetId = idOf(plan.refs[k] as AssetRef);
    const h = u.h;
    const osText = osDescription(h.os);
    const prev = rows.get(assetId);
    rows.set(assetId, [assetId, h.address, h.hostnames[0] ?? prev?.[2] ?? null, h.mac ?? prev?.[3] ?? null, osText ?? prev?.[4] ?? null,
      osText ? JSON.stringify(h.os) : prev?.[5] ?? null, now, now, scan.id, now, now]);
    lastHost.set(assetId, h);
    results[u.index] = { assetId, openPorts: h.services.filter((s) => s.state === 'open').length, findings: findingCount(h) };
  });
  // New assets: a plain INSERT, so an id collision fails the batch instead of overwriting an asset.
  const created = new Set(freshIds);
  await bulkInsert(tx, 'assets', ASSET_COLUMNS, [...rows].filter(([id]) => created.has(id)).map(([, r]) => r));
  await bulkInsert(tx, 'assets', ASSET_COLUMNS, [...rows].filter(([id]) => !created.has(id)).map(([, r]) => r), ASSET_UPSERT);
  await bulkInsert(tx, 'asset_addresses', ADDRESS_COLUMNS, plan.identifiers.map((i) => {
    const assetId = idOf(i.ref);
    const reason = i.via ? `merged into asset ${assetId} in scan ${scan.id}: seen on the same host as ${i.via.kind} ${i.via.value}` : `new asset: host ${canonicalAddress(i.address)} first seen in scan ${scan.id}`;
    return [assetId, i.kind, i.value, scan.id, reason, now];
  }), 'ON CONFLICT (kind, value) DO NOTHING');
  const assetIds = [...rows.keys()];
  await bulkInsert(tx, 'asset_sites', [['asset_id', 'integer'], ['site_id', 'integer']], assetIds.map((a) => [a, scan.siteId]), 'ON CONFLICT (asset_id, site_id) DO NOTHING');
  const existing = assetIds.filter((a) => !created.has(a));
  await writeServices(tx, lastHost, existing, scan.id, now);
  await writeSoftware(tx, lastHost, existing, scan.id);
  return { results, created };
}

/** The host's latest scan is its truth: ports it no longer reports are no longer services. */
async function writeServices(tx: Tx, lastHost: Map<number, HostResultMessage>, existing: number[], scanId: number, now: string): Promise<void> {
  const gone: number[] = [];
  for (let i = 0; i < existing.length; i += READ_CHUNK) {
    for (const e of await tx.selectFrom('services').select(['id', 'asset_id', 'port', 'protocol']).where('asset_id', 'in', existing.slice(i, i + READ_CHUNK)).execute()) {
      if (!lastHost.get(e.asset_id)?.services.some((s) => s.port === e.port && s.protocol === e.protocol)) gone.push(e.id);
    }
  }
  await forIdChunks(tx, 'DELETE FROM services WHERE id IN (:ids)', [], gone);
  const rows: unknown[][] = [];
  for (const [assetId, h] of lastHost) {
    // The same port twice in a host: the last entry wins.
    const byPort = new Map(h.services.map((s) => [`${s.port}/${s.protocol}`, s]));
    for (const s of byPort.values()) {
      rows.push([assetId, s.port, s.protocol, now, s.name, s.params?.['service.family'] ?? null, s.vendor ?? null, s.product ?? null, s.version ?? null,
        s.cpe ?? null, s.tunnel ?? null, s.banner ?? null, now, scanId]);
    }
  }
  await bulkInsert(tx, 'services', SERVICE_COLUMNS, rows, SERVICE_UPSERT);
}

async function writeSoftware(tx: Tx, lastHost: Map<number, HostResultMessage>, existing: number[], scanId: number): Promise<void> {
  const key = (s: { type: string; vendor: string; product: string; version: string }): string => `${s.type}|${s.vendor}|${s.product}|${s.version}`;
  const want = new Map([...lastHost].map(([a, h]) => [a, softwareOf(h)]));
  const gone: number[] = [];
  for (let i = 0; i < existing.length; i += READ_CHUNK) {
    for (const e of await tx.selectFrom('software').select(['id', 'asset_id', 'type', 'vendor', 'product', 'version']).where('asset_id', 'in', existing.slice(i, i + READ_CHUNK)).execute()) {
      if (!want.get(e.asset_id)?.some((s) => key(s) === key(e))) gone.push(e.id);
    }
  }
  await forIdChunks(tx, 'DELETE FROM software WHERE id IN (:ids)', [], gone);
  const rows = [...want].flatMap(([assetId, list]) => list.map((s) => [assetId, s.type, s.vendor, s.product, s.version, s.family, s.cpe, scanId]));
  await bulkInsert(tx, 'software', SOFTWARE_COLUMNS, rows, SOFTWARE_UPSERT);
}
