// Per-engine concurrent-scan limit through the API (PUT /api/farsight/scan_engines/{id}/settings,
// migration 0323): engine A set to 1 runs one scan and queues the next with its position and
// reason; engine B on the default runs two at once; null puts A back on the default and its
// waiting scan goes out. The engines are links that record what the dispatcher sends (the
// scans never run), so what is dispatched is decided only by the limits. Sites name
// 127.9.110.x addresses (block reserved here; nothing is ever dialed or scanned).
import assert from 'node:assert/strict';
import type { ConsoleMessage } from '@farsight/engine-protocol';
import { engineLinks } from '../../apps/console/src/engines/index.ts';
import type { EngineLink } from '../../apps/console/src/engines/links.ts';
import { forEachDb, startTestConsole, type TestConsole } from '../console/harness/index.ts';
import { until } from './engines-net.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_REMOTE_ENGINES = '0';

/** A connected engine that only records the frames the console sends it. */
function recordingLink(engineId: number): EngineLink & { sent: ConsoleMessage[] } {
  const sent: ConsoleMessage[] = [];
  return { engineId, sent, protocolVersion: '1.2', send: (m) => { sent.push(m); return true; } };
}

async function engineWithSite(c: TestConsole, name: string, address: string): Promise<{ id: number; siteId: number }> {
  const e = await c.request('POST', '/api/3/scan_engines', { body: { name, address, port: 40814 } });
  assert.equal(e.status, 201, e.text);
  const id = e.body.id as number;
  const s = await c.request('POST', '/api/3/sites', { body: { name: `${name} site`, engineId: id, scan: { assets: { includedTargets: { addresses: [address] } } } } });
  assert.equal(s.status, 201, s.text);
  return { id, siteId: s.body.id as number };
}

async function startScan(c: TestConsole, siteId: number): Promise<number> {
  const r = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: {} });
  assert.equal(r.status, 201, r.text);
  return r.body.id as number;
}

const statusOf = async (c: TestConsole, id: number): Promise<{ status: string; reason: string | null }> => {
  const r = await c.db.selectFrom('scans').select(['status', 'status_reason']).where('id', '=', id).executeTakeFirstOrThrow();
  return { status: r.status, reason: r.status_reason };
};

forEachDb('per-engine scan limit set through the API: 1 on one engine queues its second scan, the default runs two', async (t, db) => {
  delete process.env.FARSIGHT_ENGINE_SCAN_LIMIT;
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const a = await engineWithSite(c, 'limit-a', '127.9.110.1');
  const b = await engineWithSite(c, 'limit-b', '127.9.110.2');

  // Validation: 1..64 or null, nothing else; pools and unknown ids are not engines; readers cannot write.
  for (const bad of [{ scanLimit: 0 }, { scanLimit: 65 }, { scanLimit: 1.5 }, { scanLimit: '2' }, {}, { scanLimit: 2, extra: 1 }]) {
    const r = await c.request('PUT', `/api/farsight/scan_engines/${a.id}/settings`, { body: bad });
    assert.equal(r.status, 400, `${JSON.stringify(bad)} → ${r.status} ${r.text}`);
  }
  assert.equal((await c.request('PUT', '/api/farsight/scan_engines/999999/settings', { body: { scanLimit: 2 } })).status, 404);
  const pool = await c.request('POST', '/api/3/scan_engine_pools', { body: { name: 'limit-pool', engines: [b.id] } });
  assert.equal(pool.status, 201, pool.text);
  const poolPut = await c.request('PUT', `/api/farsight/scan_engines/${pool.body.id as number}/settings`, { body: { scanLimit: 2 } });
  assert.equal(poolPut.status, 404, 'a pool has no limit of its own');
  const user = await c.createUser('user');
  assert.equal((await c.request('PUT', `/api/farsight/scan_engines/${a.id}/settings`, { body: { scanLimit: 1 }, auth: user })).status, 403);

  const set = await c.request('PUT', `/api/farsight/scan_engines/${a.id}/settings`, { body: { scanLimit: 1 } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.body.scanLimit, 1);
  assert.equal(set.body.effectiveScanLimit, 1);
  const audited = await c.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'engine.settings').execute();
  assert.equal(audited.length, 1, 'the change is audited');
  assert.deepEqual(JSON.parse(String(audited[0]?.details)).scanLimit, { from: null, to: 1 });
  const statusA = (await c.request('GET', `/api/farsight/scan_engines/${a.id}/status`)).body;
  assert.equal(statusA.scanLimit, 1);
  assert.equal(statusA.effectiveScanLimit, 1);
  const statusB = (await c.request('GET', `/api/farsight/scan_engines/${b.id}/status`)).body;
  assert.equal(statusB.scanLimit, null, 'B keeps the default');
  assert.equal(statusB.effectiveScanLimit, 4);
  assert.deepEqual((await c.request('GET', `/api/farsight/scan_engines/${a.id}/settings`)).body, { scanLimit: 1, effectiveScanLimit: 1 });

  const linkA = recordingLink(a.id);
  const linkB = recordingLink(b.id);
  engineLinks.add(linkA);
  engineLinks.add(linkB);
  t.after(() => { engineLinks.remove(linkA); engineLinks.remove(linkB); });
  const a1 = await startScan(c, a.siteId);
  const a2 = await startScan(c, a.siteId);
  const b1 = await startScan(c, b.siteId);
  const b2 = await startScan(c, b.siteId);

  const want = `queued: position 1 in engine ${a.id}'s queue; engine ${a.id} runs 1 of at most 1 concurrent scan(s)`;
  await until('A runs one scan and queues the other; B runs both', async () =>
    (await statusOf(c, a1)).status === 'dispatched' && (await statusOf(c, a2)).reason === want
    && (await statusOf(c, b1)).status === 'dispatched' && (await statusOf(c, b2)).status === 'dispatched', 60_000);
  const second = (await c.request('GET', `/api/3/scans/${a2}`)).body;
  assert.equal(second.state, 'queued');
  assert.equal(second.message, want, 'the v3 message shows the position and the reason');
  const starts = (l: { sent: ConsoleMessage[] }): string[] => l.sent.filter((m) => m.type === 'scan.start').map((m) => (m as { scanId: string }).scanId);
  await until('scan.start sent for every dispatched scan', () => Promise.resolve(starts(linkA).length === 1 && starts(linkB).length === 2), 60_000);
  assert.deepEqual(starts(linkA), [String(a1)], 'engine A got only its first scan');
  assert.deepEqual(starts(linkB).sort(), [String(b1), String(b2)].sort(), 'engine B (default limit) got both');

  // Back to the default (4): the waiting scan goes out.
  const reset = await c.request('PUT', `/api/farsight/scan_engines/${a.id}/settings`, { body: { scanLimit: null } });
  assert.equal(reset.status, 200, reset.text);
  assert.equal(reset.body.effectiveScanLimit, 4);
  await until('A\'s second scan dispatched once its limit is the default', async () => (await statusOf(c, a2)).status === 'dispatched', 60_000);
  await until('scan.start of A\'s second scan', () => Promise.resolve(starts(linkA).length === 2), 60_000);
}, { timeout: 240_000 });
