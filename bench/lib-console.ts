/** Shared fixture for the console benchmarks: a fresh migrated database, a site and a running scan, synthetic engine batches. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessage, type MessageOf } from '@farsight/engine-protocol';
import { sql } from 'kysely';
import { dialectOf, openDb, migrateToLatest, nowIso, type Db } from '../apps/console/src/db/index.ts';
import { startPgCluster, postgresAvailable, type PgCluster } from '../tests/console/harness/pg-cluster.ts';

/** Database kinds a benchmark runs on. */
export type BenchDbKind = 'sqlite' | 'postgres';

/** A fresh, migrated console database and how to get rid of it. */
export interface BenchDb { kind: BenchDbKind; db: Db; dir: string; sqlitePath?: string; databaseUrl?: string; close(): Promise<void> }

let cluster: PgCluster | null = null;

/** Kinds to run: FARSIGHT_BENCH_DB=sqlite|postgres|both (default both, postgres only when installed). */
export function benchDbKinds(): BenchDbKind[] {
  const want = process.env.FARSIGHT_BENCH_DB ?? 'both';
  const kinds: BenchDbKind[] = want === 'sqlite' ? ['sqlite'] : want === 'postgres' ? ['postgres'] : ['sqlite', 'postgres'];
  return kinds.filter((k) => k === 'sqlite' || postgresAvailable());
}

/** Opens a fresh database of `kind` in a temp dir (SQLite file: WAL, synchronous=FULL as in production) and migrates it. */
export async function freshDb(kind: BenchDbKind): Promise<BenchDb> {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-bench-console-'));
  let where: { sqlitePath: string } | { databaseUrl: string };
  if (kind === 'sqlite') where = { sqlitePath: join(dir, 'console.db') };
  else {
    cluster ??= await startPgCluster('-c shared_buffers=256MB');
    where = { databaseUrl: await cluster.createDatabase() };
  }
  const db = openDb(where);
  await migrateToLatest(db);
  return { kind, db, dir, ...where, close: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Stops the PostgreSQL cluster if one was started. */
export async function stopBenchPostgres(): Promise<void> {
  await cluster?.stop();
  cluster = null;
}

/** Inserts a site and a running scan on the Local engine (id 1); returns the scan id. */
export async function runningScan(db: Db, name = 'bench'): Promise<{ siteId: number; scanId: number }> {
  const now = nowIso();
  const site = await db.insertInto('sites').values({ name, description: '', importance: 'normal', scan_template_id: 'full-audit', engine_id: 1, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  const scan = await db.insertInto('scans').values({
    site_id: site.id, engine_id: 1, name, scan_type: 'Manual', status: 'running', status_reason: 'benchmark', started_by: 'bench',
    template_id: 'full-audit', spec: '{}', hosts_total: 0, hosts_done: 0, hosts_up: 0, committed_seq: 0, created_at: now, start_time: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return { siteId: site.id, scanId: scan.id };
}

type Host = MessageOf<'results.batch'>['hosts'][number];
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
const PORTS = [22, 80, 443, 3306, 5432, 8080, 8443, 25, 53, 110];

/** The host with number `n` (127.x.y.z: loopback, stored only): `services` open ports with products, `findings` findings spread over them. */
export function syntheticHost(n: number, services: number, findings: number): Host {
  const address = `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const ports = PORTS.slice(0, services);
  return {
    address, hostnames: [`host-${n}.bench.example`], status: 'up', reason: 'syn-ack',
    os: { family: 'Linux', vendor: 'Canonical', product: 'Ubuntu Linux', version: '22.04', confidence: 90 },
    services: ports.map((port, i) => ({
      port, protocol: 'tcp' as const, state: 'open' as const, name: i === 0 ? 'ssh' : 'http', vendor: 'Vendor', product: `product-${i}`, version: `1.${i}`,
      banner: `banner ${port}`, evidence: [],
    })),
    findings: Array.from({ length: findings }, (_, i) => ({
      checkId: `bench-check-${i % 50}`, port: ports[i % ports.length] ?? 0, protocol: 'tcp' as const, instance: i < 50 ? '' : `/path/${i}`,
      severity: SEVERITIES[i % SEVERITIES.length] ?? 'info', title: `Bench finding ${i % 50}`, proof: `proof ${n}/${i}`,
    })),
  };
}

/** A results.batch of `hosts` consecutive hosts starting at host number `first`. */
export function syntheticBatch(scanId: number, seq: number, first: number, hosts: number, services: number, findings: number): MessageOf<'results.batch'> {
  return createMessage('results.batch', { scanId: String(scanId), seq, hosts: Array.from({ length: hosts }, (_, i) => syntheticHost(first + i, services, findings)) });
}

/** Bulk-inserts `assets` assets (one site, one scan; two services each) with `perAsset` open findings each. */
export async function loadFixture(db: Db, ASSETS: number, PER_ASSET: number): Promise<void> {
  const CHUNK = 500;
  const { siteId, scanId } = await runningScan(db, 'latency');
  const now = nowIso();
  for (let first = 1; first <= ASSETS; first += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, ASSETS - first + 1) }, (_, i) => first + i);
    await db.transaction().execute(async (tx) => {
      const ip = (n: number): string => `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      await tx.insertInto('assets').values(ids.map((n) => ({
        id: n, ip: ip(n), host_name: `host-${(n * 7919) % ASSETS}.bench.example`, mac: null, os: 'Ubuntu Linux 22.04', os_json: null,
        first_seen: now, last_seen: now, last_scan_id: scanId, created_at: now, updated_at: now,
      }))).execute();
      await tx.insertInto('asset_addresses').values(ids.map((n) => ({ asset_id: n, kind: 'ip', value: ip(n), scan_id: scanId, reason: 'new asset', created_at: now }))).execute();
      await tx.insertInto('asset_sites').values(ids.map((n) => ({ asset_id: n, site_id: siteId }))).execute();
      await tx.insertInto('services').values(ids.flatMap((n) => [22, 443].map((port) => ({
        asset_id: n, port, protocol: 'tcp', name: port === 22 ? 'ssh' : 'http', family: null, vendor: 'Vendor', product: 'product', version: '1.0',
        cpe: null, tunnel: null, banner: null, first_seen: now, last_seen: now, last_scan_id: scanId,
      })))).execute();
      await tx.insertInto('scan_hosts').values(ids.map((n) => ({ scan_id: scanId, address: ip(n), status: 'up', asset_id: n, open_ports: 2, findings: PER_ASSET, seq: 1, done_at: now }))).execute();
      const findings = ids.flatMap((n) => Array.from({ length: PER_ASSET }, (_, i) => ({
        asset_id: n, check_id: `bench-check-${i}`, port: i % 2 ? 443 : 22, protocol: 'tcp', instance: '', status: 'new', severity: SEVERITIES[i % 5] ?? 'info',
        title: `Bench finding ${i}`, proof: `proof ${n}/${i}`, first_seen: now, last_seen: now, since: now, first_scan_id: scanId, last_scan_id: scanId, status_scan_id: scanId,
      })));
      for (let i = 0; i < findings.length; i += CHUNK) await tx.insertInto('findings').values(findings.slice(i, i + CHUNK)).execute();
    });
  }
  // A bulk load leaves PostgreSQL without planner statistics or visibility map until autovacuum
  // runs (tens of seconds later on a live system); measure that settled state, not the minute after.
  if (dialectOf(db) === 'postgres') {
    // Explicit ids do not advance the identity sequence: move it past them (as a restore would).
    await sql`SELECT setval(pg_get_serial_sequence('assets', 'id'), (SELECT max(id) FROM assets))`.execute(db);
    await sql`VACUUM ANALYZE`.execute(db);
  }
}
