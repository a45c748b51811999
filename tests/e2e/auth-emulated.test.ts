// Authenticated scanning against in-process ssh2 test hosts on 127.7.1.0/24 that emulate
// Ubuntu 22.04, Rocky Linux 9 and Alpine 3.19 (canned command output, known ground truth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Socket } from 'node:net';
import { builtinAdvisories } from '@farsight/content/osv/index';
import { authScanHost, KnownHosts, parseCredentials } from '@farsight/scanner/auth/index';
import type { AuthScanResult, SshCredential } from '@farsight/scanner/auth/index';
import type { HostResult } from '@farsight/scanner/types';
import { SYSTEM_COMMAND, DPKG_COMMAND } from '@farsight/scanner/auth/commands';
import { startTestHost, generateKey } from './auth-fixtures/ssh-test-host.ts';
import type { TestHost, TestHostSpec } from './auth-fixtures/ssh-test-host.ts';
import { PROFILES, UBUNTU } from './auth-fixtures/profiles.ts';
import { CANARY_ELEVATION_PASSWORD, CANARY_PASSWORD, assertNoCanary } from './auth-fixtures/canary.ts';

const advisories = await builtinAdvisories();
const artifacts: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'farsight-auth-emu-'));

function keep(r: unknown): void {
  artifacts.push(JSON.stringify(r), inspect(r, { depth: 10 }), String(r));
}

async function host(t: { after(fn: () => Promise<void>): void }, spec: Omit<TestHostSpec, 'user'> & { user?: string }): Promise<TestHost> {
  const h = await startTestHost({ user: 'scanner', password: CANARY_PASSWORD, ...spec });
  t.after(() => h.close());
  return h;
}

async function creds(targets: string[], port: number, extra: Record<string, unknown> = {}): Promise<SshCredential[]> {
  return parseCredentials({ ssh: [{ name: 'lab', targets, user: 'scanner', password: CANARY_PASSWORD, port, ...extra }] });
}

async function scan(address: string, credentials: SshCredential[], knownHosts: KnownHosts, limits = {}): Promise<AuthScanResult> {
  const r = await authScanHost(address, { credentials, knownHosts, advisories, connectTimeoutMs: 20_000, limits });
  assert.ok(r, `a credential is in scope for ${address}`);
  keep(r);
  return r;
}

test('emulated Ubuntu, Rocky and Alpine hosts: OS, kernel, packages, sockets and advisory ground truth', { timeout: 120_000 }, async (t) => {
  const known = await KnownHosts.open(join(dir, 'kh-profiles'));
  for (const [i, p] of PROFILES.entries()) {
    const h = await host(t, { address: `127.7.1.${10 + i}`, commands: p.commands });
    const r = await scan(h.address, await creds([`127.7.1.${10 + i}`], h.port), known);
    const inv = r.auth.inventory;
    assert.equal(r.auth.outcome, 'success', `${p.name}: ${r.auth.detail}`);
    assert.equal(r.auth.method, 'password');
    assert.equal(inv?.ecosystem, p.ecosystem, p.name);
    assert.equal(inv?.packages.length, p.packageCount, p.name);
    assert.equal(inv?.kernel?.release, p.kernelRelease, p.name);
    assert.equal(inv?.arch, 'x86_64');
    assert.deepEqual(inv?.sockets.map((s) => `${s.protocol} ${s.address} ${s.port}`).sort(), [...p.sockets].sort(), p.name);
    assert.deepEqual(r.findings.map((f) => `${f.id} ${f.package}`).sort(), p.vulnerable, p.name);
    assert.deepEqual((r.auth.invulnerable ?? []).map((v) => `${v.advisory} ${v.package}`).sort(), p.invulnerable, p.name);
    assert.deepEqual(r.findings.filter((f) => f.verdict === 'potential').map((f) => f.id), p.potential, p.name);
    for (const f of r.findings) {
      assert.ok(f.installedVersion && f.advisory && f.cves.length > 0 && f.proof.includes(f.installedVersion), JSON.stringify(f));
      assert.equal(f.severity, f.id === 'CVE-2024-6387' ? 'high' : f.severity);
    }
    for (const v of r.auth.invulnerable ?? []) assert.match(v.reason, /at or above the fixed version/);
    assert.deepEqual(inv?.notes, {}, p.name);
  }
  await known.flush();
  assert.equal(readFileSync(join(dir, 'kh-profiles'), 'utf8').trim().split('\n').length, PROFILES.length);
});

test('the Rocky host: the running kernel is matched, the installed newer kernel is not', { timeout: 60_000 }, async (t) => {
  const rocky = PROFILES.find((p) => p.name === 'rocky-9');
  assert.ok(rocky);
  const h = await host(t, { address: '127.7.1.20', commands: rocky.commands });
  const r = await scan(h.address, await creds(['127.7.1.20'], h.port), await KnownHosts.open(join(dir, 'kh-kernel')));
  const k = r.findings.find((f) => f.id === 'CVE-2024-1086');
  assert.equal(k?.installedVersion, '5.14.0-362.8.1.el9_3');
  assert.equal(k?.fixedVersion, '5.14.0-362.24.1.el9_3');
  assert.match(k?.proof ?? '', /running kernel/);
  assert.deepEqual(r.auth.inventory?.kernel, { release: '5.14.0-362.8.1.el9_3.x86_64', package: 'kernel-core', version: '5.14.0-362.8.1.el9_3' });
});

test('wrong password → badcredential; a second server outside the credential scope sees zero auth attempts', { timeout: 60_000 }, async (t) => {
  const a = await host(t, { address: '127.7.1.30', commands: UBUNTU.commands, password: 'another-password' });
  const outside = await host(t, { address: '127.7.1.31', port: a.port, commands: UBUNTU.commands });
  const c = await creds(['127.7.1.30/32'], a.port);
  const known = await KnownHosts.open(join(dir, 'kh-bad'));
  const r = await scan(a.address, c, known);
  assert.equal(r.auth.outcome, 'badcredential', r.auth.detail);
  assert.equal(r.auth.inventory, undefined);
  assert.ok(a.authAttempts >= 1);
  assert.equal(await authScanHost(outside.address, { credentials: c, knownHosts: known, advisories }), undefined);
  assert.equal(outside.authAttempts, 0);
  assert.equal(outside.connections, 0);
});

test('private key login (with passphrase) and the next credential after a rejected one', { timeout: 60_000 }, async (t) => {
  const kp = generateKey(CANARY_PASSWORD);
  const h = await host(t, { address: '127.7.1.35', commands: UBUNTU.commands, password: undefined, publicKey: kp.public });
  const c = await parseCredentials({ ssh: [
    { name: 'wrong', targets: ['127.7.1.35'], user: 'scanner', password: 'not-it', port: h.port },
    { name: 'key', targets: ['127.7.1.0/24'], user: 'scanner', privateKey: kp.private, passphrase: CANARY_PASSWORD, port: h.port },
  ] });
  const r = await scan(h.address, c, await KnownHosts.open(join(dir, 'kh-key')));
  assert.equal(r.auth.outcome, 'success', r.auth.detail);
  assert.equal(r.auth.credential, 'key');
  assert.equal(r.auth.method, 'publickey');
  const bad = await parseCredentials({ ssh: [{ name: 'badpass', targets: ['127.7.1.35'], user: 'scanner', privateKey: kp.private, passphrase: 'wrong', port: h.port }] });
  const r2 = await scan(h.address, bad, await KnownHosts.open(join(dir, 'kh-key')));
  assert.notEqual(r2.auth.outcome, 'success');
});

test('host key changed → the host is aborted with a finding and no password is sent', { timeout: 60_000 }, async (t) => {
  const known = await KnownHosts.open(join(dir, 'kh-change'));
  const first = await startTestHost({ address: '127.7.1.40', user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands });
  const c = await creds(['127.7.1.40'], first.port);
  assert.equal((await scan(first.address, c, known)).auth.outcome, 'success');
  const port = first.port;
  await first.close();
  await known.flush();
  const impostor = await host(t, { address: '127.7.1.40', port, commands: UBUNTU.commands, hostKey: generateKey().private });
  const r = await scan(impostor.address, c, await KnownHosts.open(join(dir, 'kh-change')));
  assert.equal(r.auth.outcome, 'error');
  assert.match(r.auth.detail, /host key changed/);
  assert.equal(impostor.authAttempts, 0);
  assert.equal(r.findings[0]?.id, 'farsight-ssh-host-key-changed');
  assert.equal(r.findings[0]?.port, port);
});

test('elevation: sudo with password works, a wrong one → elevation-failed (collection continues unprivileged); su too', { timeout: 60_000 }, async (t) => {
  const h = await host(t, { address: '127.7.1.50', commands: UBUNTU.commands, sudoPassword: CANARY_ELEVATION_PASSWORD, suPassword: CANARY_ELEVATION_PASSWORD });
  const known = await KnownHosts.open(join(dir, 'kh-elev'));
  const ok = await scan(h.address, await creds(['127.7.1.50'], h.port, { elevation: { method: 'sudo', password: CANARY_ELEVATION_PASSWORD } }), known);
  assert.equal(ok.auth.outcome, 'success', ok.auth.detail);
  assert.equal(ok.auth.elevation, 'sudo');
  assert.ok(h.commandsRun.some((c) => c.startsWith('sudo -S') && c.includes('dpkg-query')));
  assert.equal(ok.auth.inventory?.packages.length, UBUNTU.packageCount);
  const bad = await scan(h.address, await creds(['127.7.1.50'], h.port, { elevation: { method: 'sudo', password: 'wrong-elevation' } }), known);
  assert.equal(bad.auth.outcome, 'elevation-failed');
  assert.match(bad.auth.detail, /sudo did not give root/);
  assert.equal(bad.auth.inventory?.packages.length, UBUNTU.packageCount);
  const nopw = await scan(h.address, await creds(['127.7.1.50'], h.port, { elevation: { method: 'sudo' } }), known);
  assert.equal(nopw.auth.outcome, 'elevation-failed');
  const su = await scan(h.address, await creds(['127.7.1.50'], h.port, { elevation: { method: 'su', password: CANARY_ELEVATION_PASSWORD } }), known);
  assert.equal(su.auth.outcome, 'success', su.auth.detail);
  assert.equal(su.auth.inventory?.packages.length, UBUNTU.packageCount);
  const suBad = await scan(h.address, await creds(['127.7.1.50'], h.port, { elevation: { method: 'su', password: 'nope' } }), known);
  assert.equal(suBad.auth.outcome, 'elevation-failed');
});

test('a hanging command and a flooding one are bounded by deadline and cap; the host still reports', { timeout: 60_000 }, async (t) => {
  const commands = { ...UBUNTU.commands, [DPKG_COMMAND.command]: { hang: true } };
  const slow = await host(t, { address: '127.7.1.60', commands });
  const known = await KnownHosts.open(join(dir, 'kh-bounds'));
  const r = await scan(slow.address, await creds(['127.7.1.60'], slow.port), known, { timeoutScale: 0.02 });
  assert.equal(r.auth.outcome, 'success');
  assert.match(r.auth.inventory?.notes.packages ?? '', /timed out/);
  assert.equal(r.auth.inventory?.packages.length, 0);
  assert.equal(r.auth.inventory?.ecosystem, 'Ubuntu:22.04:LTS');
  const flood = await host(t, { address: '127.7.1.61', commands: { ...UBUNTU.commands, [DPKG_COMMAND.command]: { floodBytes: 64 * 1024 * 1024 } } });
  const f = await scan(flood.address, await creds(['127.7.1.61'], flood.port), known, { maxBytes: 256 * 1024 });
  assert.match(f.auth.inventory?.notes.packages ?? '', /exceeded its cap/);
  const noSystem = await host(t, { address: '127.7.1.62', commands: { ...UBUNTU.commands, [SYSTEM_COMMAND.command]: { hang: true } } });
  const n = await scan(noSystem.address, await creds(['127.7.1.62'], noSystem.port), known, { timeoutScale: 0.01 });
  assert.match(n.auth.inventory?.notes.system ?? '', /timed out/);
});

test('nothing listening → unavailable', { timeout: 30_000 }, async (t) => {
  const h = await host(t, { address: '127.7.1.70', commands: {} });
  const port = h.port;
  await h.close();
  const r = await scan('127.7.1.70', await creds(['127.7.1.70'], port), await KnownHosts.open(join(dir, 'kh-unavail')));
  assert.equal(r.auth.outcome, 'unavailable', r.auth.detail);
});

test('a silent TCP service → timedout; a non-SSH service → error', { timeout: 60_000 }, async (t) => {
  const { createServer } = await import('node:net');
  const sockets = new Set<Socket>();
  const silent = createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
  const garbage = createServer((s) => { s.on('error', () => undefined); s.end('HTTP/1.1 400 Bad Request\r\n\r\n'); });
  await new Promise<void>((r) => silent.listen(0, '127.7.1.90', () => r()));
  const port = (silent.address() as { port: number }).port;
  await new Promise<void>((r) => garbage.listen(port, '127.7.1.91', () => r()));
  t.after(() => { for (const s of sockets) s.destroy(); silent.close(); garbage.close(); });
  const c = await creds(['127.7.1.90-91'], port);
  const known = await KnownHosts.open(join(dir, 'kh-odd'));
  const r1 = await authScanHost('127.7.1.90', { credentials: c, knownHosts: known, advisories, connectTimeoutMs: 1500 });
  keep(r1);
  assert.equal(r1?.auth.outcome, 'timedout', r1?.auth.detail);
  const r2 = await authScanHost('127.7.1.91', { credentials: c, knownHosts: known, advisories, connectTimeoutMs: 20_000 });
  keep(r2);
  assert.equal(r2?.auth.outcome, 'error', r2?.auth.detail);
  assert.match(r2?.auth.detail ?? '', /127\.7\.1\.91:\d+ failed: /);
});

test('scan pipeline hook: a port this scan saw closed is unavailable without a connection; an open one is scanned', { timeout: 60_000 }, async (t) => {
  const { authenticateHost, credentialCoverage } = await import('@farsight/scanner/auth/scan-hook');
  const h = await host(t, { address: '127.7.1.80', commands: UBUNTU.commands });
  const c = await creds(['127.7.1.80'], h.port);
  const config = { credentials: c, knownHosts: await KnownHosts.open(join(dir, 'kh-hook')), advisories };
  const closed: HostResult = { address: '127.7.1.80', hostnames: [], status: 'up', reason: 'test', os: {}, services: [], findings: [] };
  await authenticateHost(closed, config, [h.port]);
  assert.equal(closed.auth?.outcome, 'unavailable');
  assert.equal(h.connections, 0);
  const open: HostResult = { ...closed, auth: undefined, services: [{ port: h.port, protocol: 'tcp', state: 'open', name: 'ssh', evidence: [] }], findings: [] };
  await authenticateHost(open, config, [h.port]);
  keep(open);
  assert.equal(open.auth?.outcome, 'success');
  const rank = ['info', 'low', 'medium', 'high', 'critical'];
  const ranks = open.findings.map((f) => rank.indexOf(f.severity));
  assert.ok(open.findings.length >= 2);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), 'most severe first');
  const other: HostResult = { ...closed, address: '127.7.1.81', auth: undefined };
  await authenticateHost(other, config, []);
  assert.equal(other.auth, undefined, 'no credential is scoped to 127.7.1.81');
  assert.deepEqual(credentialCoverage([closed, open, other]), { attempted: 2, success: 1, outcomes: { unavailable: 1, success: 1 } });
});

test('the canary passwords appear in no result, detail or known-hosts file', () => {
  assert.ok(artifacts.length > 20);
  for (const [i, a] of artifacts.entries()) assertNoCanary(a, `artifact ${i}`);
  for (const f of ['kh-profiles', 'kh-bad', 'kh-change', 'kh-elev']) assertNoCanary(readFileSync(join(dir, f), 'utf8'), f);
  rmSync(dir, { recursive: true, force: true });
});
