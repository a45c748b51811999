// Progress per host and the downloadable scan log, driven batch by batch: after each committed
// batch GET /api/farsight/scans/{id}/hosts shows exactly the hosts reported so far (status,
// asset, open ports, findings; paged), the scan's hostsDone/hostsUp count each host once (a
// re-reported host does not count twice; a host that comes up later counts as up once), and
// GET /api/farsight/scans/{id}/log downloads the log as a text attachment to those who may see
// the site (a user of another site: 403). SQLite and PostgreSQL. Addresses 127.11.6.0/24 (stored only).
import assert from 'node:assert/strict';
import { createMessage, type MessageInput } from '@farsight/engine-protocol';
import { nowIso } from '../../apps/console/src/db/index.ts';
import { ingestBatch } from '../../apps/console/src/services/ingest.ts';
import { forEachDb, startTestConsole } from './harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
// The remote-engine listener (40815 by default) would collide with consoles of parallel test files.
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';

type Host = MessageInput<'results.batch'>['hosts'][number];
const host = (n: number, ports: number[], status: 'up' | 'down' = 'up'): Host => ({
  address: `127.11.6.${n}`, hostnames: [], status, reason: 'test', os: {},
  services: ports.map((port) => ({ port, protocol: 'tcp' as const, state: 'open' as const, name: 'http', evidence: [] })),
  findings: ports.map((port) => ({ checkId: `progress-${port}`, port, protocol: 'tcp' as const, instance: '', severity: 'low' as const })),
});

forEachDb('scan progress per host and the log download', async (t, kind) => {
  const c = await startTestConsole({ db: kind });
  t.after(() => c.stop());
  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'progress', scan: { assets: { includedTargets: { addresses: ['127.11.6.0/24'] } } } } })).body.id as number;
  const now = nowIso();
  const scanId = (await c.db.insertInto('scans').values({
    site_id: site, engine_id: 1, name: 'progress', scan_type: 'Manual', status: 'running', status_reason: 'test', started_by: 'test',
    template_id: 'full-audit', spec: '{}', hosts_total: 4, hosts_done: 0, hosts_up: 0, committed_seq: 0, created_at: now, start_time: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow()).id;
  const progress = async (query = 'size=50') => {
    const r = await c.request('GET', `/api/farsight/scans/${scanId}/hosts?${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body as { hostsTotal: number; hostsDone: number; hostsUp: number; hosts: Array<{ address: string; status: string; assetId: number | null; openPorts: number; findings: number }>; page: { totalResources: number } };
  };
  const feed = (seq: number, hosts: Host[]) => ingestBatch(c.db, 1, createMessage('results.batch', { scanId: String(scanId), seq, hosts }));

  assert.deepEqual((await progress()).hosts, []);
  await feed(1, [host(1, [22, 80]), host(2, [], 'down')]);
  let p = await progress();
  assert.deepEqual([p.hostsTotal, p.hostsDone, p.hostsUp], [4, 2, 1]);
  const h1 = p.hosts.find((h) => h.address === '127.11.6.1');
  assert.deepEqual([h1?.status, h1?.openPorts, h1?.findings, typeof h1?.assetId], ['up', 2, 2, 'number']);
  assert.deepEqual(p.hosts.find((h) => h.address === '127.11.6.2'), { ...p.hosts.find((h) => h.address === '127.11.6.2'), status: 'down', assetId: null, openPorts: 0, findings: 0 });

  // Batch 3 before batch 2: committed (progress shows it), logged as early.
  await feed(3, [host(3, [443])]);
  p = await progress();
  assert.deepEqual([p.hostsDone, p.hostsUp, p.hosts.length], [3, 2, 3]);
  // Host 2 comes up in a later batch and host 1 is re-reported: each still counts once.
  await feed(2, [host(2, [8080]), host(1, [22])]);
  p = await progress();
  assert.deepEqual([p.hostsDone, p.hostsUp], [3, 3], 'a re-reported host is not counted twice; one that came up counts as up once');
  assert.equal(p.hosts.find((h) => h.address === '127.11.6.1')?.openPorts, 1, 'the latest report of a host wins');
  const paged = await progress('size=2&page=1');
  assert.deepEqual([paged.hosts.length, paged.page.totalResources], [1, 3]);

  const log = await c.request('GET', `/api/farsight/scans/${scanId}/log`);
  assert.equal(log.status, 200);
  assert.match(String(log.headers['content-type']), /^text\/plain/);
  assert.equal(log.headers['content-disposition'], `attachment; filename="scan-${scanId}.log"`);
  assert.match(log.text, /batch 3 arrived before batch 2; kept, acknowledged once the gap is filled/);
  const other = (await c.request('POST', '/api/3/sites', { body: { name: 'elsewhere' } })).body.id as number;
  const outsider = await c.createUser('user', [other]);
  assert.equal((await c.request('GET', `/api/farsight/scans/${scanId}/log`, { auth: outsider })).status, 403);
  assert.equal((await c.request('GET', `/api/farsight/scans/${scanId}/hosts`, { auth: outsider })).status, 403);
  const insider = await c.createUser('user', [site]);
  assert.equal((await c.request('GET', `/api/farsight/scans/${scanId}/log`, { auth: insider })).status, 200);
});
