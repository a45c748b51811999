// Engine → console pairing, multi-process: three engines (child processes) pair with ONE shared
// secret and become Active; key, certificate and consoles.xml are 0600; every use is audited; a
// restarted engine reconnects without the secret; a revoked secret is refused and the engine
// says so in a pair-engine line. Console engine listener on 127.8.1.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

test('three engines pair with one secret, become Active, and reconnect without it', async (t) => {
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.1');
  t.after(() => c.stop());
  const s = await c.request('POST', '/api/farsight/scan_engines/shared_secret', { body: { maxUses: 3, allowedCidrs: ['127.8.0.0/16', '127.0.0.0/8'] } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.body.caFingerprint, fingerprint);
  const engines = [1, 2, 3].map((i) => startEngineProc(['--name', `pair-${i}`, '--listen-host', `127.8.2.${i}`, '--listen-port', '0', ...pairArgs('127.8.1.1', port, s.body.secret as string, fingerprint)]));
  t.after(() => Promise.all(engines.map((e) => e.stop())));
  for (const e of engines) await e.waitLine(/pair-engine: paired as engine \d+/);
  const active = await waitFor('three Active engines', async () => {
    const r = await c.request('GET', '/api/farsight/scan_engines/status');
    const remote = (r.body.resources as Array<{ kind: string; state: string; direction: string; name: string; lastHeartbeat: string | null }>).filter((x) => x.kind === 'remote');
    return remote.length === 3 && remote.every((x) => x.state === 'active' && x.lastHeartbeat !== null) ? remote : undefined;
  });
  assert.deepEqual(active.map((x) => x.name).sort(), ['pair-1', 'pair-2', 'pair-3']);
  assert.ok(active.every((x) => x.direction === 'reverse'));
  const info = await c.request('GET', '/api/farsight/scan_engines/shared_secret');
  assert.equal(info.body.uses, 3);
  assert.equal(JSON.stringify(info.body).includes(s.body.secret as string), false, 'the secret is never shown again');

  // Files: private key, issued certificate and consoles.xml are 0600.
  const e0 = engines[0] as (typeof engines)[number];
  const consoleId = fingerprint.replace(/:/g, '').toLowerCase().slice(0, 16);
  for (const f of ['conf/engine.key', 'conf/consoles.xml', `conf/consoles/${consoleId}/cert.pem`]) {
    assert.equal(statSync(join(e0.dataDir, f)).mode & 0o777, 0o600, f);
  }
  // Every use is audited with its source address.
  const audit = await c.db.selectFrom('audit_log').selectAll().where('action', '=', 'engine-secret.use').execute();
  assert.equal(audit.length, 3);
  assert.ok(audit.every((a) => /^127\.8\.2\.\d$|^127\.0\.0\.1$|^::ffff:127/.test(String(a.ip)) && String(a.details).includes('"paired"')), JSON.stringify(audit));

  // A restarted engine reconnects with its certificate, given no secret at all.
  const id0 = active.find((x) => x.name === 'pair-1') as unknown as { id: number };
  e0.child.kill('SIGTERM');
  await e0.exited;
  await waitFor('engine 1 no longer connected', async () => !(await c.request('GET', `/api/farsight/scan_engines/${id0.id}/status`)).body.connected);
  const again = startEngineProc(['--name', 'pair-1', '--no-listen'], {}, e0.dataDir);
  t.after(() => again.stop());
  await again.waitLine(/connected to 127\.8\.1\.1/);
  await waitFor('engine 1 Active again', async () => {
    const r = (await c.request('GET', `/api/farsight/scan_engines/${id0.id}/status`)).body;
    return r.state === 'active' && r.connected ? r : undefined;
  });
  assert.equal(again.lines.some((l) => l.includes('pair-engine')), false, 'no pairing on restart');
  assert.equal((await c.request('GET', '/api/farsight/scan_engines/shared_secret')).body.uses, 3, 'the secret was not used again');
});

test('a revoked secret is refused, and the engine logs why in pair-engine lines', async (t) => {
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.2');
  t.after(() => c.stop());
  const s = await c.request('POST', '/api/farsight/scan_engines/shared_secret', {});
  assert.equal(s.status, 201, s.text);
  assert.equal((await c.request('DELETE', '/api/3/scan_engines/shared_secret')).status, 200);
  const e = startEngineProc(['--no-listen', ...pairArgs('127.8.1.2', port, s.body.secret as string, fingerprint)]);
  t.after(() => e.stop());
  const line = await e.waitLine(/pair-engine: refused by the console/);
  assert.match(line, /revoked/);
  assert.notEqual(await e.exited, 0, 'a refused pairing ends the engine with an error');
  const remote = (await c.request('GET', '/api/farsight/scan_engines/status')).body.resources.filter((x: { kind: string }) => x.kind === 'remote');
  assert.equal(remote.length, 0, 'no engine was registered');
});
