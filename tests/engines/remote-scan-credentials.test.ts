// Console-stored SSH credentials on a DISTRIBUTED engine: a `farsight engine` child process
// paired over mutual TLS (console listener on 127.13.1.9) scans a site whose site credential
// logs in to an emulated Ubuntu host (in-process ssh2 on 127.13.2.10). The login succeeds, the
// local findings reach the console, and the canary password is in no engine output and no file
// of the engine's data directory (spool, known_hosts, certificates). The Local engine is off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForScan, type Json } from '../console/scan-e2e-helpers.ts';
import { startTestHost } from '../e2e/auth-fixtures/ssh-test-host.ts';
import { UBUNTU } from '../e2e/auth-fixtures/profiles.ts';
import { CANARY_PASSWORD, assertNoCanary } from '../e2e/auth-fixtures/canary.ts';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

const HOST = '127.13.2.10';

function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p).toString('latin1') });
  }
  return out;
}

test('a distributed engine runs an authenticated scan with a console-stored credential; no secret on its disk or output', { timeout: 300_000 }, async (t) => {
  const contentDir = mkdtempSync(join(tmpdir(), 'farsight-remote-auth-content-'));
  t.after(() => rmSync(contentDir, { recursive: true, force: true }));
  const host = await startTestHost({ address: HOST, user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands });
  t.after(() => host.close());
  const { c, port, fingerprint } = await startEngineConsole('127.13.1.9', { heartbeatMs: 1000, downAfterMs: 60_000 });
  t.after(() => c.stop());
  const secret = (await c.request('POST', '/api/farsight/scan_engines/shared_secret', {})).body.secret as string;
  const e = startEngineProc(['--name', 'auth-scanner', '--no-listen', ...pairArgs('127.13.1.9', port, secret, fingerprint)], { FARSIGHT_ENGINE_HEARTBEAT_MS: '1000', FARSIGHT_CONTENT_DIR: contentDir });
  t.after(() => e.stop());
  const engineId = Number(/paired as engine (\d+)/.exec(await e.waitLine(/pair-engine: paired as engine \d+/))?.[1]);
  await waitFor('engine Active', async () => (await c.request('GET', `/api/farsight/scan_engines/${engineId}/status`)).body.state === 'active' || undefined);

  const tpl = await c.request('POST', '/api/3/scan_templates', { body: { name: 'remote auth', copyOf: 'full-audit', farsight: {
    tcpPorts: `T:${host.port}`, udpPorts: 'U:53', discovery: { enabled: false }, checkCategories: [], performance: { serviceTimeoutMs: 4000 },
  } } });
  assert.equal(tpl.status, 201, tpl.text);
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'remote auth', engineId, scanTemplateId: tpl.body.id, scan: { assets: { includedTargets: { addresses: [HOST] } } } } });
  assert.equal(site.status, 201, site.text);
  const siteId = site.body.id as number;
  const cred = await c.request('POST', `/api/3/sites/${siteId}/site_credentials`, { body: { name: 'lab', account: { service: 'ssh', username: 'scanner', password: CANARY_PASSWORD }, hostRestriction: HOST, portRestriction: host.port } });
  assert.equal(cred.status, 201, cred.text);
  const started = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { name: 'remote authenticated' } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;
  await waitForScan(c, scanId);
  const row = await c.db.selectFrom('scans').select('engine_id').where('id', '=', scanId).executeTakeFirstOrThrow();
  assert.equal(row.engine_id, engineId, 'the distributed engine ran it');

  const cov = await c.request('GET', `/api/farsight/scans/${scanId}/credentials`);
  assert.equal(cov.status, 200, cov.text);
  assert.deepEqual([cov.body.attempted, cov.body.success], [1, 1], cov.text);
  const a = (cov.body.hosts as Json[])[0];
  assert.deepEqual([a?.address, a?.credentialId, a?.packages], [HOST, cred.body.id, UBUNTU.packageCount]);
  const findings = await c.request('GET', `/api/farsight/assets/${a?.assetId as number}/findings`);
  assert.ok((findings.body.resources as Json[]).some((f) => f.checkId === 'CVE-2024-6387'), findings.text);

  const log = await c.request('GET', `/api/farsight/scans/${scanId}/log`);
  assert.match(log.text, /authenticated scanning: 1 SSH credential/);
  for (const text of [cov.text, findings.text, log.text]) assertNoCanary(text, 'API response');
  assertNoCanary(e.lines.join('\n'), 'engine output');
  const files = filesUnder(e.dataDir);
  assert.ok(files.some((f) => f.path.endsWith('known_hosts')), `the engine pinned the host key: ${files.map((f) => f.path).join(', ')}`);
  for (const f of files) assertNoCanary(f.text, `engine file ${f.path}`);
});
