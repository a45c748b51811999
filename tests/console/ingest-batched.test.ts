// Batched ingestion (ingest-hosts.ts: a fixed number of statements per batch) writes exactly
// what ingesting the hosts one at a time writes: the same stream of batches — hosts reported
// twice in one batch, hosts that share a name inside a batch, removed ports, new identifiers,
// a merge, a re-scan with changed proofs, a replay — goes into two fresh databases, one per
// path, and every data row (ids and clocks aside) must be equal. SQLite and PostgreSQL.
// Addresses: 127.11.0.0/24 (stored only; nothing connects to them).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessage, type MessageInput } from '@farsight/engine-protocol';
import { migrateToLatest, nowIso, openDb, type Db } from '../../apps/console/src/db/index.ts';
import { ingestBatch } from '../../apps/console/src/services/ingest.ts';
import { integrateFindings } from '../../apps/console/src/services/findings.ts';
import { identifiersOf } from '../../apps/console/src/services/assets-identity.ts';
import { planAssets } from '../../apps/console/src/services/ingest-plan.ts';
import { forEachDb, startPostgres, type DbKind } from './harness/index.ts';

type Host = MessageInput<'results.batch'>['hosts'][number];
const host = (n: number, ports: number[], extra: Partial<Host> = {}): Host => ({
  address: `127.11.0.${n}`, hostnames: [], status: 'up', reason: 'scripted', os: {},
  services: ports.map((port) => ({ port, protocol: 'tcp' as const, state: 'open' as const, name: 'http', product: `p${port}`, version: '1', evidence: [] })),
  findings: ports.map((port) => ({ checkId: `check-${port}`, port, protocol: 'tcp' as const, instance: '', severity: 'medium' as const, proof: `proof ${n}/${port}` })),
  ...extra,
});

/** Scan 1 and scan 2 of the same hosts: each a list of batches (seq from 1). */
const SCANS: Host[][][] = [[
  [host(1, [22, 80], { hostnames: ['a.batch.test'] }), host(2, [443], { mac: '02:00:00:11:00:02' }), { ...host(3, []), status: 'down' },
    host(4, [22], { hostnames: ['c.batch.test'] }), host(5, [8080], { hostnames: ['a.batch.test'] }), host(1, [22, 25], { hostnames: ['a.batch.test'], os: { vendor: 'Canonical', product: 'Ubuntu Linux', version: '22.04' } })],
  [host(1, [22], { hostnames: ['a.batch.test'] }), host(2, [443, 8443], { mac: '02:00:00:11:00:02', hostnames: ['b.batch.test'] }), host(6, [21], { os: { family: 'Linux' } })],
  [host(7, [22], { hostnames: ['c.batch.test'], mac: '02:00:00:11:00:02' })],
  [host(2, [443]), host(8, [80, 80])],
], [
  [host(1, [22], { hostnames: ['a.batch.test'], findings: [{ checkId: 'check-22', port: 22, protocol: 'tcp', instance: '', severity: 'high', proof: 'changed' }] }), host(6, [21, 22]), { ...host(8, []), status: 'down' }],
  [host(2, [443]), host(9, [3306], { hostnames: ['a.batch.test'] })],
]];

const VOLATILE = new Set(['id', 'finding_id', 'first_seen', 'last_seen', 'since', 'created_at', 'updated_at', 'done_at', 'received_at', 'at', 'start_time']);

async function dump(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of ['scan_hosts', 'scan_batches', 'assets', 'asset_addresses', 'asset_sites', 'services', 'software', 'findings', 'finding_history'] as const) {
    const rows = await db.selectFrom(t).selectAll().execute();
    out[t] = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !VOLATILE.has(k)).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T') : v]))).sort();
  }
  return out;
}

async function fresh(kind: DbKind, dir: string, name: string): Promise<Db> {
  const db = openDb(kind === 'postgres' ? { databaseUrl: await (await startPostgres()).createDatabase() } : { sqlitePath: join(dir, `${name}.db`) });
  await migrateToLatest(db);
  return db;
}

async function run(db: Db, oneByOne: boolean): Promise<void> {
  const now = nowIso();
  const site = await db.insertInto('sites').values({ name: 'batched', description: '', importance: 'normal', scan_template_id: 'full-audit', engine_id: 1, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  for (const batches of SCANS) {
    const scan = await db.insertInto('scans').values({
      site_id: site.id, engine_id: 1, name: 'batched', scan_type: 'Manual', status: 'running', status_reason: 'test', started_by: 'test',
      template_id: 'full-audit', spec: '{}', hosts_total: 0, hosts_done: 0, hosts_up: 0, committed_seq: 0, created_at: now, start_time: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const frames = batches.map((hosts, i) => createMessage('results.batch', { scanId: String(scan.id), seq: i + 1, hosts }));
    for (const f of frames) await ingestBatch(db, 1, f, { oneByOne });
    for (const f of frames) assert.equal((await ingestBatch(db, 1, f, { oneByOne })).duplicate, true, 'a replayed batch is a duplicate');
    await db.transaction().execute((tx) => integrateFindings(tx, scan.id));
  }
}

forEachDb('batched ingestion writes what one-host-at-a-time ingestion writes', async (t, kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-ingest-batched-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const batched = await fresh(kind, dir, 'batched');
  t.after(() => batched.destroy());
  const single = await fresh(kind, dir, 'single');
  t.after(() => single.destroy());
  await run(batched, false);
  await run(single, true);
  const [a, b] = [await dump(batched), await dump(single)];
  for (const table of Object.keys(b)) assert.deepEqual(a[table], b[table], `table ${table} differs between the batched and the one-by-one path`);
  // The witness is not empty: the scenario produced merges, services and findings.
  assert.ok((b.assets?.length ?? 0) >= 4 && (b.findings?.length ?? 0) >= 8 && (b.services?.length ?? 0) >= 5, `${b.assets?.length} assets, ${b.findings?.length} findings, ${b.services?.length} services`);
  assert.ok(b.asset_addresses?.some((r) => r.includes('merged into asset')), 'the scenario merges assets');
  // The first batch of each scan takes the batched path (its hosts need no merge).
  for (const batches of SCANS) {
    const hosts = (batches[0] ?? []).filter((h) => h.status === 'up').map((h) => ({ address: h.address, ids: identifiersOf({ ...h, hostnames: h.hostnames ?? [] }) }));
    assert.notEqual(planAssets(hosts, new Map()), null);
  }
});
