// Pool scans show only the pool scan: a site scanned twice by a pool of two engine processes
// (local-style, over IPC, as in pool-failover.test.ts) splits each scan into chunks, yet no
// chunk id reaches users — not in /api/3/scans/{id} (a chunk is 404; the parent counts the
// vulnerabilities its chunks found), not in asset history, identifiers or services, not in
// finding history (scan ids and reasons), not in the scan log (chunk lines are labelled). The
// second scan's lifecycle runs on the parent's id: findings seen again become active, none is
// remediated. Labnet hosts on 127.9.130.x (block reserved here).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabnet } from '@farsight/labnet';
import { engineLinks, LocalEngineSupervisor } from '../../apps/console/src/engines/index.ts';
import { forEachDb, startTestConsole, type TestConsole } from '../console/harness/index.ts';
import { waitForScan, type Json } from '../console/scan-e2e-helpers.ts';
import { enginesNet, enginesTemplate, SSH_CHECK, until } from './engines-net.ts';

process.env.FARSIGHT_TEST_CHECKS = '1';
process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_REMOTE_ENGINES = '0';

const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

async function startEngines(t: { after(fn: () => Promise<void> | void): void }, c: TestConsole, n: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-pool-ids-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await c.request('POST', '/api/3/scan_engines', { body: { name: `ids-${i}`, address: `127.9.131.${10 + i}`, port: 40814 } });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id as number;
    const sup = new LocalEngineSupervisor({ db: c.db, dataDir: dir, spoolDir: join(dir, `engine-${id}`), engineId: id, links: engineLinks, log: quiet });
    sup.start();
    t.after(() => sup.stop());
    ids.push(id);
  }
  await until('engines connected', () => Promise.resolve(ids.every((id) => engineLinks.get(id) !== undefined)), 60_000);
  return ids;
}

/** Every number under a key ending in `scanId` (any depth), with its path. */
function scanIdsIn(value: unknown, path = '$'): Array<{ path: string; id: number }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => scanIdsIn(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    /scanid$/i.test(k) && typeof v === 'number' ? [{ path: `${path}.${k}`, id: v }] : scanIdsIn(v, `${path}.${k}`));
}

async function runPoolScan(c: TestConsole, siteId: number): Promise<{ scanId: number; chunks: number[] }> {
  const started = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: SSH_CHECK } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;
  await waitForScan(c, scanId, ['finished'], 300_000);
  const chunks = (await c.db.selectFrom('scans').select('id').where('parent_scan_id', '=', scanId).execute()).map((r) => r.id);
  assert.equal(chunks.length, 2, 'one chunk per engine');
  return { scanId, chunks };
}

forEachDb('pool scans: chunk ids never reach users (scan, assets, findings, log)', async (t, db) => {
  const net = await startLabnet(enginesNet('ids', 130, 6), { ttlSeconds: 900 });
  t.after(() => net.stop());
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const engines = await startEngines(t, c, 2);
  const pool = await c.request('POST', '/api/3/scan_engine_pools', { body: { name: 'ids-pool', engines } });
  assert.equal(pool.status, 201, pool.text);
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'ids site', engineId: pool.body.id, scanTemplateId: await enginesTemplate(c, 2), scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;
  const sshHosts = net.spec.hosts.filter((h) => (h.services ?? []).some((s) => s.port === 22)).length;

  // A scan counts the findings last seen in it (as for any scan): check each right after it ends.
  const counted = async (id: number): Promise<void> => {
    const s = (await c.request('GET', `/api/3/scans/${id}`)).body as Json;
    assert.equal(s.vulnerabilities.total, sshHosts, `scan ${id} counts the findings its chunks saw`);
    assert.equal(s.assets, net.hosts.length);
  };
  const first = await runPoolScan(c, siteId);
  await counted(first.scanId);
  const second = await runPoolScan(c, siteId);
  await counted(second.scanId);
  const scans = [first.scanId, second.scanId];
  const chunkIds = new Set([...first.chunks, ...second.chunks]);

  // The scan: a chunk is not a scan users can open.
  for (const id of chunkIds) assert.equal((await c.request('GET', `/api/3/scans/${id}`)).status, 404, `chunk ${id} is not a scan of its own`);
  const listed = (await c.request('GET', `/api/3/sites/${siteId}/scans`)).body.resources.map((s: Json) => s.id as number).sort((a: number, b: number) => a - b);
  assert.deepEqual(listed, scans);

  // Assets, their services and findings: every scan id is a pool scan; no reason names a chunk.
  const assets = (await c.request('GET', `/api/3/sites/${siteId}/assets?size=100`)).body.resources as Json[];
  assert.equal(assets.length, net.hosts.length);
  const leaks: string[] = [];
  // "scan 12" / "chunk 12" for a chunk id (not "chunk 1/2", a label).
  const chunkText = new RegExp(`\\b(scan|chunk) (${[...chunkIds].join('|')})(?![\\d/])`);
  for (const a of assets) {
    const docs: Array<[string, unknown]> = [[`asset ${a.id as number}`, a], [`asset ${a.id as number} findings`, (await c.request('GET', `/api/farsight/assets/${a.id as number}/findings`)).body]];
    for (const s of (a.services ?? []) as Json[]) docs.push([`service ${s.port as number}`, (await c.request('GET', `/api/3/assets/${a.id as number}/services/${s.protocol as string}/${s.port as number}`)).body]);
    for (const [what, doc] of docs) {
      for (const x of scanIdsIn(doc)) if (!scans.includes(x.id)) leaks.push(`${what} ${x.path} = ${x.id}`);
      const m = chunkText.exec(JSON.stringify(doc));
      if (m) leaks.push(`${what} names ${m[0]}`);
    }
    assert.deepEqual((a.history as Json[]).map((h) => h.scanId), scans, `asset ${a.id as number}: history lists the two pool scans`);
  }
  assert.deepEqual(leaks, [], 'no chunk id in asset, service or finding output');
  // And in what those are made of (some columns are not in every response).
  const stored = [
    ...(await c.db.selectFrom('assets').select('last_scan_id as id').execute()), ...(await c.db.selectFrom('services').select('last_scan_id as id').execute()),
    ...(await c.db.selectFrom('software').select('last_scan_id as id').execute()), ...(await c.db.selectFrom('asset_addresses').select('scan_id as id').execute()),
    ...(await c.db.selectFrom('finding_history').select('scan_id as id').execute()),
  ];
  assert.ok(stored.length > 0);
  assert.deepEqual(stored.filter((r) => r.id !== null && !scans.includes(r.id)), [], 'stored result scan ids are pool scans');

  // Lifecycle on the parent's id: SSH findings were seen again (active), nothing remediated, history names both scans.
  const findings = await c.db.selectFrom('findings').select(['id', 'status', 'first_scan_id', 'last_scan_id']).execute();
  assert.equal(findings.length, sshHosts);
  assert.ok(findings.every((f) => f.status === 'active' && f.first_scan_id === first.scanId && f.last_scan_id === second.scanId), JSON.stringify(findings));
  const hist = await c.db.selectFrom('finding_history').select(['scan_id', 'reason']).where('finding_id', '=', findings[0]?.id ?? -1).orderBy('id').execute();
  assert.deepEqual(hist.map((h) => h.reason), [`first seen in scan ${first.scanId}`, `seen again in scan ${second.scanId}`]);

  // The log: chunk lines appear labelled under the parent; no chunk id in it.
  const log = (await c.request('GET', `/api/farsight/scans/${first.scanId}/log`)).text;
  assert.match(log, /\[chunk 1\/2 on engine \d+\] status queued → dispatched/);
  assert.match(log, /\[chunk 2\/2 on engine \d+\] /);
  assert.doesNotMatch(log, chunkText, 'the log names chunks by label, not id');
  for (const id of chunkIds) assert.equal((await c.request('GET', `/api/farsight/scans/${id}/log`)).status, 404);
}, { timeout: 600_000 });
