// kill -9 the console in the middle of a scan, start it again on the same data directory
// (SQLite) or database (PostgreSQL): the scan resumes and finishes with nothing lost or
// duplicated — every host once, one asset per host with exactly its services, one finding
// per (asset, check, port), and hosts reported before the kill are not scanned again.
// The console runs as a real child process (`farsight console`), so the kill is real.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLabnet } from '@farsight/labnet';
import { forEachDb, startPostgres, type TestResponse } from './harness/index.ts';
import { labnetSite, labnetTemplate, siteAssets, waitForScan, type ApiClient, type Json } from './scan-e2e-helpers.ts';
import { wildcardListeningPorts } from '../e2e/wildcard-ports.ts';

const root = new URL('../../', import.meta.url).pathname;
const PASSWORD = 'resume-test-password';
const foreign = wildcardListeningPorts();

interface Proc { child: ChildProcess; exited: Promise<void>; api: ApiClient; output: () => string }

/** Starts `farsight console` on 127.0.0.1 port 0 and resolves once it listens. */
function startConsoleProcess(dataDir: string, databaseUrl: string | undefined): Promise<Proc> {
  const child = spawn(process.execPath, [join(root, 'apps/cli/src/main.ts'), 'console', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    env: {
      ...process.env, FARSIGHT_ADMIN_PASSWORD: PASSWORD, FARSIGHT_TEST_CHECKS: '1', FARSIGHT_ENGINE_BATCH_HOSTS: '1',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start: ${out}`)), 60_000);
    const onData = (d: Buffer): void => {
      out = (out + d.toString()).slice(-20_000);
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      const url = new URL(m[1]);
      const ca = readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8');
      resolve({ child, exited, api: { request: (method, path, opts = {}) => call(url, ca, method, path, opts.body) }, output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`console exited: ${out}`)); });
  });
}

function call(url: URL, ca: string, method: string, path: string, body?: unknown): Promise<TestResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname, port: url.port, method, path, ca, servername: 'localhost', timeout: 30_000,
      headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function kill9(p: Proc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

forEachDb('kill -9 the console mid-scan; restarted, the scan resumes with nothing lost or duplicated', async (t, db) => {
  const net = await startLabnet('standard', { ttlSeconds: 900, relocate: '127.0.96' });
  t.after(() => net.stop());
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-resume-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = db === 'postgres' ? await (await startPostgres()).createDatabase() : undefined;
  const procs: Proc[] = [];
  t.after(async () => { for (const p of procs) await kill9(p); });

  const first = await startConsoleProcess(dataDir, databaseUrl);
  procs.push(first);
  const truth = net.groundTruth();
  // Four hosts at a time: the scan lasts long enough to be killed in the middle.
  const template = await labnetTemplate(first.api, net, { performance: { serviceTimeoutMs: 4000, maxParallelHosts: 4 } });
  const siteId = await labnetSite(first.api, net, template, 'resume');
  const started = await first.api.request('POST', `/api/3/sites/${siteId}/scans`, { body: { name: 'resume', testCheck: { checkId: 'farsight-test-open-port', port: 22 } } });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;

  let before: string[] = [];
  for (let i = 0; i < 1200 && before.length < 8; i++) {
    await sleep(100);
    const r = await first.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`);
    before = (r.body.hosts as Json[]).map((h) => h.address as string);
  }
  assert.ok(before.length >= 8 && before.length < truth.hosts.length, `killed with ${before.length} of ${truth.hosts.length} hosts reported`);
  await kill9(first);
  const connectionsAtKill = new Map(before.map((a) => [a, net.connections(a)]));

  const second = await startConsoleProcess(dataDir, databaseUrl);
  procs.push(second);
  const scan = await waitForScan(second.api, scanId, ['finished'], 300_000);
  assert.equal(scan.assets, truth.hosts.length);

  const hosts = (await second.api.request('GET', `/api/farsight/scans/${scanId}/hosts?size=500`)).body.hosts as Json[];
  const addresses = hosts.map((h) => h.address as string);
  assert.equal(new Set(addresses).size, addresses.length, 'no host reported twice');
  assert.deepEqual([...addresses].sort(), [...truth.hosts.map((h) => h.address)].sort(), 'every host reported');
  for (const a of before) assert.equal(net.connections(a), connectionsAtKill.get(a), `${a} was reported before the kill and must not be scanned again`);

  const assets = await siteAssets(second.api, siteId);
  assert.equal(assets.length, truth.hosts.length, 'one asset per host');
  const wrong: string[] = [];
  let findings = 0;
  for (const h of truth.hosts) {
    const a = assets.find((x) => x.ip === h.address);
    if (!a) { wrong.push(`${h.address}: no asset`); continue; }
    const want = h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port).sort((x, y) => x - y);
    const got = (a.services as Json[]).filter((s) => s.protocol === 'tcp' && !foreign.has(s.port as number)).map((s) => s.port as number);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${h.address}: tcp ports ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    const f = (await second.api.request('GET', `/api/farsight/assets/${a.id}/findings`)).body.resources as Json[];
    const wantFindings = want.includes(22) ? 1 : 0;
    if (f.length !== wantFindings) wrong.push(`${h.address}: ${f.length} findings, want ${wantFindings}`);
    findings += f.length;
  }
  assert.deepEqual(wrong, []);
  assert.ok(findings > 5, `${findings} findings`);
  const log = (await second.api.request('GET', `/api/farsight/scans/${scanId}/log`)).text;
  const skipped = /resuming: (\d+) host\(s\) already reported are skipped/.exec(log);
  assert.ok(skipped, `the engine resumed the scan:\n${log.slice(-2000)}`);
  assert.ok(Number(skipped[1]) >= before.length, `skipped ${skipped[1]}, ${before.length} were reported before the kill`);
}, { timeout: 600_000 });
