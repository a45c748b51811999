// Standard direction (console dials engine): once the engine admin enables the console, the
// engine asks it for an engine-CA certificate over the live link (the cert.renew path) and
// stores it with the CA the console's TLS chain proved; later renewals take the same path, so
// certificates renew in both directions. Console on 127.14.0.6 (certificates of 9 s),
// engine listener on 127.14.4.3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const run = promisify(execFile);
const CLI = new URL('../../apps/cli/src/main.ts', import.meta.url).pathname;

test('standard direction: the console issues the enabled engine an engine-CA certificate and renews it over the link', { timeout: 180_000 }, async (t) => {
  const { c, fingerprint } = await startEngineConsole('127.14.0.6', { certTtlMs: 9000 });
  t.after(() => c.stop());
  const e = startEngineProc(['--name', 'std-cert', '--listen-host', '127.14.4.3', '--listen-port', '0'], { FARSIGHT_ENGINE_RENEW_CHECK_MS: '300' });
  t.after(() => e.stop());
  const port = Number(/listening on 127\.14\.4\.3:(\d+)/.exec(await e.waitLine(/listening on 127\.14\.4\.3:\d+/))?.[1]);
  const id = (await c.request('POST', '/api/3/scan_engines', { body: { name: 'std-cert', address: '127.14.4.3', port } })).body.id as number;
  const pending = await waitFor('Pending Authorization', async () => { const s = (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body; return s.state === 'pending-authorization' && s.keyFingerprint ? s : undefined; });
  const consoleId = fingerprint.replace(/:/g, '').toLowerCase().slice(0, 16);
  await run(process.execPath, [CLI, 'engine', 'consoles', 'enable', consoleId, '--data-dir', e.dataDir, '--reload']);
  await waitFor('Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state === 'active' || undefined);

  await e.waitLine(/no engine-CA certificate from this console yet; requested one/);
  await e.waitLine(/certificate renewed, valid until/);
  const dir = join(e.dataDir, 'conf', 'consoles', consoleId);
  const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem'), 'utf8'));
  assert.equal(ca.fingerprint256, fingerprint, 'the CA stored is the console\'s engine CA');
  const first = new X509Certificate(readFileSync(join(dir, 'cert.pem'), 'utf8'));
  assert.ok(first.verify(ca.publicKey), 'signed by the console\'s engine CA');
  const keyFp = (first.publicKey.export({ type: 'spki', format: 'der' }));
  assert.equal((createHash('sha256').update(keyFp).digest('hex').toUpperCase().match(/../g) ?? []).join(':'), pending.keyFingerprint, 'for the pinned engine key');

  // Renewal: a third of 9 s left → the engine asks again over the same link.
  await waitFor('a renewal', () => (e.lines.filter((l) => /certificate renewed, valid until/.test(l)).length >= 2 ? true : undefined), 60_000);
  const rows = await c.db.selectFrom('engine_certificates').select(['fingerprint256']).where('engine_id', '=', id).execute();
  assert.ok(rows.length >= 2, `${rows.length} certificates recorded`);
  const latest = new X509Certificate(readFileSync(join(dir, 'cert.pem'), 'utf8'));
  assert.ok(rows.some((r) => r.fingerprint256 === latest.fingerprint256), 'the stored certificate is on record at the console');
  assert.equal((await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body.state, 'active');
  const list = readFileSync(join(e.dataDir, 'conf', 'consoles.xml'), 'utf8');
  assert.match(list, new RegExp(`<console id="${consoleId}"[^>]*enabled="1"[^>]*direction="standard"`), 'still a standard-direction console');
});
