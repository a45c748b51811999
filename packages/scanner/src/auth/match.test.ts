import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostEcosystem, parseOsv } from '@farsight/content/osv/index';
import type { OsvAdvisory } from '@farsight/content/osv/index';
import { matchInventory } from './match.ts';
import { kernelSource, runningKernel } from './kernel.ts';
import type { HostInventory, InstalledPackage } from './types.ts';

function adv(id: string, ecosystem: string, names: string[], fixed: string | undefined, extra: object = {}): OsvAdvisory {
  const events = fixed === undefined ? [{ introduced: '0' }] : [{ introduced: '0' }, { fixed }];
  return parseOsv({ id, modified: '2026-01-01T00:00:00Z', aliases: [`CVE-2099-${id.length}000`], affected: names.map((name) => ({ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }] })), ...extra });
}

function inv(manager: 'dpkg' | 'rpm' | 'apk', packages: InstalledPackage[], release?: string, changelogCves?: HostInventory['changelogCves']): HostInventory {
  return { packageManager: manager, packages, sockets: [], notes: {}, ...(release ? { kernel: { release } } : {}), ...(changelogCves ? { changelogCves } : {}) };
}

const debian = hostEcosystem({ id: 'debian', versionId: '12' });
const rocky = hostEcosystem({ id: 'rocky', versionId: '9.3' });
const alpine = hostEcosystem({ id: 'alpine', versionId: '3.19.1' });

test('Debian: source packages, versions of the source, other releases ignored, withdrawn ignored', () => {
  const host = inv('dpkg', [
    { name: 'openssh-server', version: '1:9.2p1-2+deb12u2', source: 'openssh', sourceVersion: '1:9.2p1-2+deb12u2' },
    { name: 'openssh-client', version: '1:9.2p1-2+deb12u2', source: 'openssh', sourceVersion: '1:9.2p1-2+deb12u2' },
    { name: 'libfoo1', version: '1.0-1+b2', source: 'foo', sourceVersion: '1.0-1' },
  ]);
  const r = matchInventory(host, debian, [
    adv('A1', 'Debian:12', ['openssh'], '1:9.2p1-2+deb12u3'),
    adv('A2', 'Debian:12', ['foo'], '1.0-1'),
    adv('A3', 'Debian:11', ['foo'], '9.0'),
    adv('A4', 'Debian:12', ['openssh-server'], '9.9'),
    adv('A5', 'Debian:12', ['foo'], undefined, { withdrawn: '2026-02-01T00:00:00Z' }),
    adv('A6', 'Ubuntu:22.04:LTS', ['openssh'], '1:9.9'),
  ]);
  assert.deepEqual(r.findings.map((f) => `${f.advisory} ${f.package} ${f.installedVersion} ${f.fixedVersion} ${f.verdict}`), ['A1 openssh 1:9.2p1-2+deb12u2 1:9.2p1-2+deb12u3 vulnerable']);
  assert.match(r.findings[0]?.proof ?? '', /openssh-server, openssh-client/);
  // A4 names a binary package (a fallback name): epoch 1 sorts above 9.9, so it is judged fixed.
  assert.deepEqual(r.invulnerable.map((v) => `${v.advisory} ${v.package} ${v.installedVersion}`), ['A2 foo 1.0-1', 'A4 openssh-server 1:9.2p1-2+deb12u2']);
  assert.deepEqual(matchInventory(host, undefined, [adv('A1', 'Debian:12', ['openssh'], '1:9.9')]).findings, []);
  // A binary name is a fallback: libfoo1's own version (1.0-1+b2) is judged, once per package.
  assert.deepEqual(matchInventory(host, debian, [adv('B1', 'Debian:12', ['libfoo1', 'foo'], '1.0-1+b3')]).findings.map((f) => `${f.package} ${f.installedVersion}`), ['foo 1.0-1']);
  assert.deepEqual(matchInventory(host, debian, [adv('B2', 'Debian:12', ['libfoo1'], '1.0-1+b3')]).findings.map((f) => `${f.package} ${f.installedVersion}`), ['libfoo1 1.0-1+b2']);
});

test('Debian: changelog evidence makes a version-affected package potential; a fixed one keeps the note', () => {
  const host = inv('dpkg', [{ name: 'curl', version: '7.88.1-10+deb12u3', source: 'curl', sourceVersion: '7.88.1-10+deb12u3' }], undefined,
    { curl: [{ source: 'curl', version: '7.88.1-10+deb12u3', cves: ['CVE-2099-2000'] }] });
  const r = matchInventory(host, debian, [adv('C1', 'Debian:12', ['curl'], '7.88.1-10+deb12u4'), adv('C2', 'Debian:12', ['curl'], '7.88.1-10+deb12u3')]);
  assert.equal(r.findings[0]?.verdict, 'potential');
  assert.equal(r.findings[0]?.confidence, 'medium');
  assert.match(r.findings[0]?.proof ?? '', /changelog\.Debian\.gz of curl names CVE-2099-2000 under 7\.88\.1-10\+deb12u3/);
  assert.match(r.invulnerable[0]?.reason ?? '', /at or above the fixed version .*changelog/);
});

test('kernels: only the running kernel is matched (dpkg, rpm, apk)', () => {
  const deb = inv('dpkg', [
    { name: 'linux-image-6.1.0-17-amd64', version: '6.1.69-1', source: 'linux-signed-amd64', sourceVersion: '6.1.69+1' },
    { name: 'linux-image-6.1.0-18-amd64', version: '6.1.76-1', source: 'linux-signed-amd64', sourceVersion: '6.1.76+1' },
    { name: 'linux-libc-dev', version: '6.1.69-1', source: 'linux', sourceVersion: '6.1.69-1' },
  ], '6.1.0-17-amd64');
  const kadv = adv('K1', 'Debian:12', ['linux'], '6.1.76-1');
  assert.deepEqual(matchInventory(deb, debian, [kadv]).findings.map((f) => `${f.package} ${f.installedVersion}`), ['linux 6.1.69-1']);
  assert.match(matchInventory(deb, debian, [kadv]).findings[0]?.proof ?? '', /running kernel/);
  assert.deepEqual(matchInventory({ ...deb, kernel: { release: '6.1.0-18-amd64' } }, debian, [kadv]).findings, []);
  assert.deepEqual(matchInventory({ ...deb, kernel: { release: '6.18.44-custom' } }, debian, [kadv]).findings, []);
  assert.match(runningKernel('dpkg', '6.18.44-custom', deb.packages).kernel.note ?? '', /not installed by dpkg/);

  assert.deepEqual(['linux-signed-amd64', 'linux-signed', 'linux-signed-hwe-5.15', 'linux', 'linux-aws', undefined].map(kernelSource), ['linux', 'linux', 'linux-hwe-5.15', 'linux', 'linux-aws', 'linux']);
  const rpm = inv('rpm', [{ name: 'kernel-core', version: '5.14.0-362.8.1.el9_3', arch: 'x86_64', source: 'kernel' }, { name: 'kernel-core', version: '5.14.0-362.24.1.el9_3', arch: 'x86_64', source: 'kernel' }], '5.14.0-362.24.1.el9_3.x86_64');
  assert.deepEqual(matchInventory(rpm, rocky, [adv('R1', 'Rocky Linux:9', ['kernel', 'kernel-core'], '5.14.0-362.24.1.el9_3')]).invulnerable.map((v) => `${v.package} ${v.installedVersion}`), ['kernel-core 5.14.0-362.24.1.el9_3']);

  const apk = inv('apk', [{ name: 'linux-lts', version: '6.6.20-r0', source: 'linux-lts' }], '6.6.14-0-lts');
  const k = runningKernel('apk', '6.6.14-0-lts', apk.packages);
  assert.match(k.kernel.note ?? '', /reboot pending/);
  assert.deepEqual(matchInventory(apk, alpine, [adv('L1', 'Alpine:v3.19', ['linux-lts'], '6.6.16-r0')]).findings.map((f) => f.installedVersion), ['6.6.14-r0']);
});

test('RPM: epochs, binary names first, source fallback; Alpine origins; severity from CVSS', () => {
  const rpm = inv('rpm', [{ name: 'shadow-utils', version: '2:4.9-8.el9', source: 'shadow-utils' }, { name: 'python3-libs', version: '3.9.18-1.el9', source: 'python3.9' }]);
  const r = matchInventory(rpm, rocky, [
    adv('E1', 'Rocky Linux:9', ['shadow-utils'], '4.9-10.el9'),
    adv('E2', 'Rocky Linux:9', ['python3.9'], '3.9.18-3.el9', { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }),
  ]);
  assert.deepEqual(r.invulnerable.map((v) => `${v.advisory} ${v.package}`), ['E1 shadow-utils'], 'epoch 2 sorts above any epoch-less version');
  assert.deepEqual(r.findings.map((f) => `${f.advisory} ${f.package} ${f.severity} ${f.cvss?.score}`), ['E2 python3-libs critical 9.8']);
  const a = inv('apk', [{ name: 'libcrypto3', version: '3.1.4-r3', source: 'openssl' }, { name: 'libssl3', version: '3.1.4-r3', source: 'openssl' }]);
  const ar = matchInventory(a, alpine, [adv('O1', 'Alpine:v3.19', ['openssl'], '3.1.4-r5')]);
  assert.deepEqual(ar.findings.map((f) => `${f.package} ${f.installedVersion} ${f.severity}`), ['openssl 3.1.4-r3 medium']);
});
