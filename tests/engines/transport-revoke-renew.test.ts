// Certificates over the live link: an engine whose certificate nears expiry renews it with a
// `cert.renew` and keeps working after the original certificate expired; revoking an engine
// drops its connection within seconds and every reconnect is refused. Console on 127.8.1.7/8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';
import type { TestConsole } from '../console/harness/index.ts';

async function status(c: TestConsole, id: number): Promise<{ state: string; connected: boolean; reason: string; revoked: boolean }> {
  return (await c.request('GET', `/api/farsight/scan_engines/${id}/status`)).body;
}

test('an engine renews its certificate over the live link and keeps working after the first one expired', async (t) => {
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.7', { certTtlMs: 9000 });
  t.after(() => c.stop());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const e = startEngineProc(['--no-listen', ...pairArgs('127.8.1.7', port, secret, fingerprint)], { FARSIGHT_ENGINE_RENEW_CHECK_MS: '300' });
  t.after(() => e.stop());
  const id = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  const certFile = join(e.dataDir, 'conf', 'consoles', fingerprint.replace(/:/g, '').toLowerCase().slice(0, 16), 'cert.pem');
  const first = new X509Certificate(readFileSync(certFile, 'utf8'));
  await e.waitLine(/certificate renewed, valid until/, 60_000);
  const renewed = new X509Certificate(readFileSync(certFile, 'utf8'));
  assert.notEqual(renewed.serialNumber, first.serialNumber);
  assert.ok(Date.parse(renewed.validTo) > Date.parse(first.validTo));
  const rows = await c.db.selectFrom('engine_certificates').selectAll().where('engine_id', '=', id).execute();
  assert.ok(rows.length >= 2, 'the console recorded the renewed certificate');
  // Past the first certificate's expiry, a restarted engine still connects (with the renewed one).
  await waitFor('the first certificate to expire', () => Date.now() > Date.parse(first.validTo) + 1000 || undefined, 30_000, 200);
  e.child.kill('SIGTERM');
  await e.exited;
  const again = startEngineProc(['--no-listen'], { FARSIGHT_ENGINE_RENEW_CHECK_MS: '300' }, e.dataDir);
  t.after(() => again.stop());
  await again.waitLine(/connected to 127\.8\.1\.7/);
  await waitFor('Active with a renewed certificate', async () => { const s = await status(c, id); return s.state === 'active' && s.connected ? s : undefined; });
});

test('revoking an engine drops its connection within seconds and it cannot reconnect', async (t) => {
  const { c, port, fingerprint } = await startEngineConsole('127.8.1.8');
  t.after(() => c.stop());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const e = startEngineProc(['--no-listen', ...pairArgs('127.8.1.8', port, secret, fingerprint)]);
  t.after(() => e.stop());
  const id = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('Active', async () => { const s = await status(c, id); return s.state === 'active' && s.connected ? s : undefined; });
  const r = await c.request('POST', `/api/farsight/scan_engines/${id}/revoke`, {});
  assert.equal(r.status, 200, r.text);
  const down = await waitFor('disconnected', async () => { const s = await status(c, id); return !s.connected ? s : undefined; }, 10_000, 50);
  assert.equal(down.state, 'down');
  assert.equal(down.revoked, true);
  assert.match(down.reason, /revoked/);
  await e.waitLine(/refused the session \(revoked\)/, 20_000);
  // Several reconnect attempts later it is still refused.
  await new Promise((res) => setTimeout(res, 2000));
  const later = await status(c, id);
  assert.equal(later.state, 'down');
  assert.equal(later.connected, false);
  assert.ok(e.lines.filter((l) => /refused the session \(revoked\)/.test(l)).length >= 2, 'it tried again and was refused again');
  const audit = await c.db.selectFrom('audit_log').select('action').where('action', '=', 'engine.revoke').execute();
  assert.equal(audit.length, 1);
});
