// Ingestion, driven through the console's engine session by a scripted engine: a batch is
// acknowledged only once committed, a duplicated or replayed batch (or a whole replayed
// stream) changes nothing in the database, an early batch waits for the gap to fill, a host
// re-reported in a later batch never doubles a finding, and identifiers that meet on one host
// merge assets with the reason kept. Hostile frames are dropped. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMessage, type ConsoleMessage, type MessageInput } from '@farsight/engine-protocol';
import { EngineSession } from '../../apps/console/src/engines/session.ts';
import { engineLinks } from '../../apps/console/src/engines/index.ts';
import type { Db } from '../../apps/console/src/db/index.ts';
import { forEachDb, startTestConsole, type TestConsole } from './harness/index.ts';
import { waitForScan, type Json } from './scan-e2e-helpers.ts';

// The scripted engine below plays engine 1; the real Local engine stays off.
process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_TEST_CHECKS = '1';

type Host = MessageInput<'results.batch'>['hosts'][number];
const host = (address: string, ports: number[], extra: Partial<Host> = {}): Host => ({
  address, hostnames: [], status: 'up', reason: 'scripted', os: {},
  services: ports.map((port) => ({ port, protocol: 'tcp' as const, state: 'open' as const, name: port === 22 ? 'ssh' : 'http', product: 'p', version: '1', evidence: [] })),
  findings: ports.includes(8081) ? [{ checkId: 'farsight-test-open-port', port: 8081, protocol: 'tcp' }] : [],
  ...extra,
});

const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => { throw new Error(m); } };

/** Every row of every data table, in key order (the "nothing changed" witness). */
async function dump(db: Db): Promise<string> {
  const tables = ['scans', 'scan_hosts', 'scan_log', 'scan_batches', 'assets', 'asset_addresses', 'asset_sites', 'services', 'software', 'findings', 'finding_history'] as const;
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await db.selectFrom(t).selectAll().execute().then((rows) => rows.map((r) => JSON.stringify(r)).sort());
  return JSON.stringify(out);
}

interface Engine { session: EngineSession; sent: ConsoleMessage[]; feed(m: unknown): Promise<void>; acks(scanId: string): number[] }

async function scriptedEngine(c: TestConsole): Promise<Engine> {
  const sent: ConsoleMessage[] = [];
  const session = new EngineSession({ db: c.db, engineId: 1, log: quiet, send: (m) => { sent.push(m); return true; }, onReady: (link) => engineLinks.add(link) });
  const feed = async (m: unknown): Promise<void> => { session.receive(m); await session.drained(); };
  await feed(createMessage('hello', { protocolVersion: '1.0', engineName: 'scripted', engineVersion: '0.0.1', contentVersion: 'none' }));
  assert.equal(sent[0]?.type, 'hello-ack');
  return {
    session, sent, feed,
    acks: (scanId) => sent.filter((m): m is Extract<ConsoleMessage, { type: 'results.ack' }> => m.type === 'results.ack' && m.scanId === scanId).map((m) => m.upTo),
  };
}

async function startedScan(c: TestConsole, e: Engine, siteId: number): Promise<string> {
  const r = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { testCheck: { checkId: 'farsight-test-open-port', port: 8081 } } });
  assert.equal(r.status, 201, r.text);
  const scanId = String(r.body.id);
  for (let i = 0; i < 100 && !e.sent.some((m) => m.type === 'scan.start' && m.scanId === scanId); i++) await sleep(50);
  const start = e.sent.find((m): m is Extract<ConsoleMessage, { type: 'scan.start' }> => m.type === 'scan.start' && m.scanId === scanId);
  assert.ok(start, 'the dispatcher sent scan.start to the connected engine');
  assert.equal(start.testCheck?.port, 8081);
  await e.feed(createMessage('scan.accepted', { scanId, commandId: start.commandId, hostsTotal: 20, hostsDone: 0, resumed: false }));
  return scanId;
}

async function site(c: TestConsole, name: string, targets: string[]): Promise<number> {
  const r = await c.request('POST', '/api/3/sites', { body: { name, scan: { assets: { includedTargets: { addresses: targets } } } } });
  assert.equal(r.status, 201, r.text);
  return r.body.id as number;
}

forEachDb('ingestion: duplicates and replays change nothing, acks follow commits, gaps wait', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const e = await scriptedEngine(c);
  t.after(() => { e.session.close(); engineLinks.remove(e.session.link); });
  const siteId = await site(c, 'ingest', ['127.0.96.1-127.0.96.20']);
  const scanId = await startedScan(c, e, siteId);
  assert.equal((await c.request('GET', `/api/3/scans/${scanId}`)).body.state, 'running');

  const b1 = createMessage('results.batch', { scanId, seq: 1, hosts: [host('127.0.96.1', [22, 8081]), host('127.0.96.2', [22]), { ...host('127.0.96.3', []), status: 'down' }] });
  const b2 = createMessage('results.batch', { scanId, seq: 2, hosts: [host('127.0.96.4', [8081])] });
  const b3 = createMessage('results.batch', { scanId, seq: 3, hosts: [host('127.0.96.5', [80])] });
  await e.feed(b1);
  assert.deepEqual(e.acks(scanId), [1]);
  const afterOne = await dump(c.db);
  await e.feed(b1);
  await e.feed(structuredClone(b1));
  assert.deepEqual(e.acks(scanId), [1, 1, 1], 'a duplicate is acknowledged again');
  assert.equal(await dump(c.db), afterOne, 'a duplicated batch changes nothing');

  await e.feed(b3);
  assert.deepEqual(e.acks(scanId).at(-1), 1, 'batch 3 before batch 2: committed, but the ack waits for the gap');
  await e.feed(b2);
  assert.deepEqual(e.acks(scanId).at(-1), 3, 'batch 2 fills the gap: everything up to 3 is acknowledged');

  // Host 1 re-reported (a rescan after a lost engine spool) with a new seq: same finding, same asset.
  const b4 = createMessage('results.batch', { scanId, seq: 4, hosts: [host('127.0.96.1', [22, 8081])] });
  await e.feed(b4);
  await e.feed(createMessage('scan.finished', { scanId, lastSeq: 4, hostsTotal: 20, hostsDone: 20, hostsUp: 4, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString() }));
  const scan = await waitForScan(c, Number(scanId));
  assert.equal(scan.assets, 4);
  const assets = (await c.request('GET', `/api/3/sites/${siteId}/assets?size=50`)).body.resources as Json[];
  assert.deepEqual(assets.map((a) => a.ip).sort(), ['127.0.96.1', '127.0.96.2', '127.0.96.4', '127.0.96.5'], 'a down host is no asset');
  const a1 = assets.find((a) => a.ip === '127.0.96.1') as Json;
  const findings = (await c.request('GET', `/api/farsight/assets/${a1.id}/findings`)).body.resources as Json[];
  assert.equal(findings.length, 1, 'one finding for one (asset, check, port, protocol, instance)');
  assert.equal(findings[0]?.state, 'new');
  const hosts = (await c.request('GET', `/api/farsight/scans/${scanId}/hosts?size=50`)).body;
  assert.equal(hosts.hosts.length, 5);
  assert.equal(hosts.hostsDone, 5);

  // The whole stream again (an engine that lost its acks): nothing changes at all.
  const settled = await dump(c.db);
  for (const m of [b1, b2, b3, b4]) await e.feed(structuredClone(m));
  await e.feed(createMessage('scan.finished', { scanId, lastSeq: 4, hostsTotal: 20, hostsDone: 20, hostsUp: 4, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString() }));
  assert.equal(await dump(c.db), settled, 'a replayed stream changes nothing');
  assert.deepEqual(e.acks(scanId).slice(-4), [4, 4, 4, 4]);

  // Hostile frames: dropped, nothing changes, nothing is acknowledged.
  const n = e.sent.length;
  for (const f of [null, 'x', { ...b1, seq: -1 }, { ...b1, hosts: [{ address: 'not-an-ip' }] }, { ...b1, type: 'scan.start' }, { ...b1, v: '9.0' }]) await e.feed(f);
  assert.equal(e.sent.length, n);
  assert.equal(await dump(c.db), settled);

  // A batch for a scan that does not exist is acknowledged (so the engine forgets it) and ignored.
  await e.feed(createMessage('results.batch', { scanId: '999999', seq: 1, hosts: [host('127.0.96.9', [22])] }));
  assert.deepEqual(e.acks('999999'), [1]);
  assert.equal(await dump(c.db), settled);
});

forEachDb('assets merge on shared identifiers, and the merge reason is kept', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const e = await scriptedEngine(c);
  t.after(() => { e.session.close(); engineLinks.remove(e.session.link); });
  const siteId = await site(c, 'merge', ['127.0.96.30-127.0.96.40', 'web.merge.test', 'db.merge.test']);
  const scanId = await startedScan(c, e, siteId);
  await e.feed(createMessage('results.batch', { scanId, seq: 1, hosts: [
    host('127.0.96.31', [22], { hostnames: ['web.merge.test'] }),
    host('127.0.96.32', [8081], { mac: '02:00:00:00:00:32' }),
  ] }));
  // The same machine seen at a new address under its name; and one host that joins a name and a MAC of two assets.
  await e.feed(createMessage('results.batch', { scanId, seq: 2, hosts: [
    host('127.0.96.33', [22, 80], { hostnames: ['web.merge.test'] }),
    host('127.0.96.34', [8081], { hostnames: ['db.merge.test'], mac: '02:00:00:00:00:32' }),
  ] }));
  await e.feed(createMessage('results.batch', { scanId, seq: 3, hosts: [host('127.0.96.35', [22], { hostnames: ['db.merge.test', 'web.merge.test'] })] }));
  await e.feed(createMessage('scan.finished', { scanId, lastSeq: 3, hostsTotal: 11, hostsDone: 11, hostsUp: 5, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString() }));
  await waitForScan(c, Number(scanId));
  const assets = (await c.request('GET', `/api/3/sites/${siteId}/assets?size=50`)).body.resources as Json[];
  assert.equal(assets.length, 1, `every host shares an identifier with another: one asset (got ${assets.map((a) => a.ip).join(', ')})`);
  const a = assets[0] as Json;
  const ids = a.identifiers as Array<{ kind: string; value: string; reason: string }>;
  assert.deepEqual(ids.filter((i) => i.kind === 'ip').map((i) => i.value).sort(), ['127.0.96.31', '127.0.96.32', '127.0.96.33', '127.0.96.34', '127.0.96.35']);
  assert.ok(ids.some((i) => /merged into asset \d+ in scan \d+: host 127\.0\.96\.35/.test(i.reason)), ids.map((i) => i.reason).join('\n'));
  assert.ok(ids.some((i) => /merged into asset \d+ in scan \d+: seen on the same host as hostname web\.merge\.test/.test(i.reason)));
  assert.equal(a.ip, '127.0.96.35', 'the primary address is the latest one seen');
  const findings = (await c.request('GET', `/api/farsight/assets/${a.id}/findings`)).body.resources as Json[];
  assert.equal(findings.length, 1, 'findings merged on their key');
});

forEachDb('an engine speaking another protocol major is refused and marked incompatible', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const sent: ConsoleMessage[] = [];
  let refused = '';
  const session = new EngineSession({ db: c.db, engineId: 1, log: quiet, send: (m) => { sent.push(m); return true; }, onReady: () => assert.fail('must not become ready'), onIncompatible: (m) => { refused = m; } });
  session.receive({ ...createMessage('hello', { protocolVersion: '1.0', engineName: 'future', engineVersion: '9.0.0', contentVersion: 'x' }), protocolVersion: '2.0' });
  await session.drained();
  const ack = sent[0];
  assert.ok(ack?.type === 'hello-ack' && ack.result === 'incompatible');
  assert.match(refused, /major versions differ/);
  const engine = await c.request('GET', '/api/3/scan_engines/1');
  assert.equal(engine.body.status, 'incompatible-version');
  session.receive(createMessage('results.batch', { scanId: '1', seq: 1, hosts: [host('127.0.96.1', [22])] }));
  await session.drained();
  assert.equal(sent.length, 1, 'nothing is accepted after a refused hello');
});
