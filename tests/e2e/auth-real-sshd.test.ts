// Authenticated scan of this very machine through a real OpenSSH sshd (Debian openssh-server)
// started on 127.0.0.1 with a temporary config and a generated key, logging in as the current
// user. The inventory must equal `dpkg-query -W`; a test advisory set built from the machine's
// own packages must match exactly as constructed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { parseOsv } from '@farsight/content/osv/index';
import type { OsvAdvisory } from '@farsight/content/osv/index';
import { authScanHost, KnownHosts, parseCredentials } from '@farsight/scanner/auth/index';
import { sshdSkipReason, startRealSshd } from '@farsight/scanner/service/sshd-fixture';
import { CANARY_PASSWORD, assertNoCanary } from './auth-fixtures/canary.ts';

const ADDR = '127.0.0.1';
const user = userInfo();
const debian = existsSync('/etc/debian_version') && existsSync('/usr/bin/dpkg-query');
const skip = sshdSkipReason() || (!debian ? 'not a Debian-family machine' : false);

/** sshd_config lines: log in as the current user with a key from the test's directory. */
function sshdConfig(dir: string): string[] {
  return ['StrictModes no', `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password',
    'PasswordAuthentication yes', 'KbdInteractiveAuthentication no', 'MaxSessions 10', 'LogLevel VERBOSE'];
}

function dpkgTruth(): Map<string, string> {
  const out = execFileSync('dpkg-query', ['-W'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return new Map(out.trim().split('\n').map((l) => l.split('\t') as [string, string]));
}

function advisory(id: string, ecosystem: string, name: string, events: object[], cve = `CVE-2099-${id.replace(/\D/g, '').padStart(4, '0')}`): OsvAdvisory {
  return parseOsv({ id, modified: '2026-11-01T00:00:00Z', aliases: [cve], summary: `test ${id}`, affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }] }] });
}

void test('a real OpenSSH on 127.0.0.1: the inventory equals dpkg-query -W, the OS is detected, a test advisory set matches', { skip, timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-auth-sshd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sshd = await startRealSshd(t, { address: ADDR, dir, config: sshdConfig(dir) });
  const port = sshd.port;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', CANARY_PASSWORD, '-f', join(dir, 'userkey')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'userkey.pub')));
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  const credentials = await parseCredentials({ ssh: [
    { name: 'wrong-password', targets: [ADDR], user: user.username, password: CANARY_PASSWORD, port },
    { name: 'key', targets: ['127.0.0.1/32'], user: user.username, privateKeyFile: join(dir, 'userkey'), passphrase: CANARY_PASSWORD, port },
  ] });

  const truth = dpkgTruth();
  const osRelease = readFileSync('/etc/os-release', 'utf8');
  const id = /^ID=(.*)$/m.exec(osRelease)?.[1]?.replace(/"/g, '');
  const versionId = /^VERSION_ID=(.*)$/m.exec(osRelease)?.[1]?.replace(/"/g, '');
  const eco = id === 'ubuntu' ? `Ubuntu:${versionId}:LTS` : `Debian:${versionId}`;
  // Test advisories from the machine's own packages: below, at and beyond their versions.
  const own = execFileSync('dpkg-query', ['-W', '-f=${source:Package}\t${source:Version}\t${binary:Package}\n'], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split('\t') as [string, string, string]);
  const bySource = new Map<string, string>();
  for (const [src, ver, bin] of own) if (!bin.startsWith('linux-image-') && !src.startsWith('linux')) bySource.set(src, ver);
  const [[srcA, verA], [srcB, verB], [srcC, verC]] = [...bySource.entries()].slice(0, 3) as [[string, string], [string, string], [string, string]];
  const advisories = [
    advisory('TEST-1', eco, srcA, [{ introduced: '0' }, { fixed: `${verA}+farsight1` }]),
    advisory('TEST-2', eco, srcB, [{ introduced: '0' }, { fixed: verB }]),
    advisory('TEST-3', eco, srcC, [{ introduced: `${verC}+farsight1` }]),
    advisory('TEST-4', eco.replace(/:[^:]+/, ':1'), srcA, [{ introduced: '0' }]),
  ];

  const known = await KnownHosts.open(join(dir, 'known_hosts'));
  const r = await authScanHost(ADDR, { credentials, knownHosts: known, advisories, connectTimeoutMs: 30_000 });
  assert.ok(r);
  const artifacts = [JSON.stringify(r), inspect(r, { depth: 10 })];
  assert.equal(r.auth.outcome, 'success', r.auth.detail);
  assert.equal(r.auth.credential, 'key', 'the wrong password was rejected, then the key worked');
  assert.equal(r.auth.method, 'publickey');
  const inv = r.auth.inventory;
  assert.ok(inv);
  assert.deepEqual(inv.notes, {});
  assert.equal(inv.os?.id, id);
  assert.equal(inv.os?.versionId, versionId);
  assert.equal(inv.ecosystem, eco);
  assert.equal(inv.packageManager, 'dpkg');
  assert.equal(inv.kernel?.release, execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
  assert.equal(inv.arch, execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
  assert.equal(inv.packages.length, truth.size, 'same package count as dpkg-query -W');
  for (const p of inv.packages) assert.equal(p.version, truth.get(p.name), p.name);
  assert.ok(inv.sockets.some((s) => s.protocol === 'tcp' && s.port === port), 'the test sshd is among the listening sockets');
  assert.ok(Object.keys(inv.changelogCves ?? {}).length > 10, 'changelog.Debian.gz files name CVEs');

  assert.deepEqual(r.findings.filter((f) => f.advisory?.startsWith('TEST-')).map((f) => `${f.advisory} ${f.package} ${f.installedVersion} ${f.fixedVersion}`), [`TEST-1 ${srcA} ${verA} ${verA}+farsight1`]);
  assert.deepEqual((r.auth.invulnerable ?? []).map((v) => `${v.advisory} ${v.package}`), [`TEST-2 ${srcB}`]);

  // A password login against the real sshd, with a wrong password, is a badcredential; sshd's log never holds it.
  const pw = await authScanHost(ADDR, { credentials: [credentials[0]!], knownHosts: known, advisories });
  assert.equal(pw?.auth.outcome, 'badcredential', pw?.auth.detail);
  artifacts.push(JSON.stringify(pw), sshd.log());
  await known.flush();
  artifacts.push(readFileSync(join(dir, 'known_hosts'), 'utf8'));
  for (const [i, a] of artifacts.entries()) assertNoCanary(a, `real-sshd artifact ${i}`);
});

void test('changelog evidence on real data: an advisory whose CVE the installed changelog names becomes potential', { skip, timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-auth-sshd2-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sshd = await startRealSshd(t, { address: ADDR, dir, config: sshdConfig(dir) });
  const port = sshd.port;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'userkey')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'userkey.pub')));
  const credentials = await parseCredentials({ ssh: [{ targets: [ADDR], user: user.username, privateKeyFile: join(dir, 'userkey'), port }] });
  const known = await KnownHosts.open(join(dir, 'known_hosts'));
  const first = await authScanHost(ADDR, { credentials, knownHosts: known, advisories: [] });
  const inv = first?.auth.inventory;
  assert.ok(inv?.changelogCves);
  // Pick a package whose changelog names a CVE and claim the fix came in a later version.
  const pkg = inv.packages.find((p) => (inv.changelogCves?.[p.name.replace(/:.*/, '')] ?? []).length > 0 && !(p.source ?? '').startsWith('linux'));
  assert.ok(pkg, 'some installed package names a CVE in its changelog');
  const cve = inv.changelogCves?.[pkg.name.replace(/:.*/, '')]?.[0]?.cves[0] as string;
  const src = pkg.source ?? pkg.name;
  const ver = pkg.sourceVersion ?? pkg.version;
  const adv = parseOsv({ id: 'TEST-CL-1', modified: '2026-11-01T00:00:00Z', aliases: [cve], affected: [{ package: { ecosystem: inv.ecosystem, name: src }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${ver}+farsight1` }] }] }] });
  const r = await authScanHost(ADDR, { credentials, knownHosts: known, advisories: [adv] });
  const f = r?.findings.find((x) => x.advisory === 'TEST-CL-1');
  assert.equal(f?.verdict, 'potential', JSON.stringify(r?.findings));
  assert.match(f?.proof ?? '', new RegExp(`changelog\\.Debian\\.gz of \\S+ names ${cve}`));
});
