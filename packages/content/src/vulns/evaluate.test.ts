// The backport-aware decision, table-tested on real definitions of the built-in pack.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { identifyProducts, type HostOsFacts, type ServiceFacts } from '../cpe/normalize.ts';
import { decideVersionRule } from './evaluate.ts';
import { loadBuiltinVulnPack, type VulnPack } from './pack.ts';

let pack: VulnPack;
before(async () => { pack = await loadBuiltinVulnPack(); });

const ssh = (version: string, comment?: string): ServiceFacts => ({ name: 'ssh', vendor: 'OpenBSD', product: 'OpenSSH', version, sshSoftware: `OpenSSH_${version}`, ...(comment ? { sshComments: comment } : {}) });

function decide(facts: ServiceFacts, id: string, os?: HostOsFacts): string {
  const identity = identifyProducts(facts, os)[0];
  const vuln = pack.get(id);
  assert.ok(identity && vuln, id);
  const d = decideVersionRule(identity, vuln);
  if (!d) return 'n/a';
  return d.kind === 'affected' ? `${d.verdict}/${d.confidence} ${d.rule}` : `not-affected ${d.rule}: ${d.reason}`;
}

test('upstream builds: in range → vulnerable (medium), out of range → not affected with the range', () => {
  assert.equal(decide(ssh('8.9p1'), 'CVE-2024-6387'), 'vulnerable/medium version:openssh:CVE-2024-6387:upstream');
  assert.equal(decide(ssh('9.8p1'), 'CVE-2024-6387'), 'not-affected version:openssh:CVE-2024-6387:upstream: OpenSSH 9.8p1 is outside the affected ranges < 4.4p1 or [8.5p1, 9.8)');
  assert.equal(decide(ssh('8.4p1'), 'CVE-2024-6387'), 'not-affected version:openssh:CVE-2024-6387:upstream: OpenSSH 8.4p1 is outside the affected ranges < 4.4p1 or [8.5p1, 9.8)');
  assert.equal(decide(ssh('4.3p2'), 'CVE-2024-6387'), 'vulnerable/medium version:openssh:CVE-2024-6387:upstream');
});

test('distribution builds with a visible revision: compared with the distribution fixed package (dpkg order)', () => {
  assert.equal(decide(ssh('8.9p1', 'Ubuntu-3ubuntu0.10'), 'CVE-2024-6387'), 'not-affected version:openssh:CVE-2024-6387:ubuntu-22.04: fixed in 1:8.9p1-3ubuntu0.10, banner shows 1:8.9p1-3ubuntu0.10');
  assert.equal(decide(ssh('8.9p1', 'Ubuntu-3ubuntu0.9'), 'CVE-2024-6387'), 'vulnerable/medium version:openssh:CVE-2024-6387:ubuntu-22.04');
  assert.equal(decide(ssh('8.9p1', 'Ubuntu-3ubuntu0.13'), 'CVE-2024-6387'), 'not-affected version:openssh:CVE-2024-6387:ubuntu-22.04: fixed in 1:8.9p1-3ubuntu0.10, banner shows 1:8.9p1-3ubuntu0.13');
  assert.equal(decide(ssh('9.2p1', 'Debian-2+deb12u2'), 'CVE-2024-6387'), 'vulnerable/medium version:openssh:CVE-2024-6387:debian-12');
  assert.equal(decide(ssh('9.2p1', 'Debian-2+deb12u3'), 'CVE-2024-6387'), 'not-affected version:openssh:CVE-2024-6387:debian-12: fixed in 1:9.2p1-2+deb12u3, banner shows 1:9.2p1-2+deb12u3');
  // dpkg, not string order: 0.10 > 0.9, and deb12u10 > deb12u3.
  assert.equal(decide(ssh('9.2p1', 'Debian-2+deb12u10'), 'CVE-2024-6387'), 'not-affected version:openssh:CVE-2024-6387:debian-12: fixed in 1:9.2p1-2+deb12u3, banner shows 1:9.2p1-2+deb12u10');
  assert.equal(decide(ssh('9.2p1', 'Debian-2'), 'CVE-2023-38408'), 'vulnerable/medium version:openssh:CVE-2023-38408:debian-12');
});

test('distribution release without fix data → potential (low), never vulnerable', () => {
  assert.equal(decide(ssh('8.4p1', 'Debian-5+deb11u3'), 'CVE-2025-26465'), 'potential/low version:openssh:CVE-2025-26465:debian-11');
  // Debian 12's changelog.Debian names CVE-2023-28531 under 1:9.2p1-2+deb12u2.
  assert.equal(decide(ssh('9.2p1', 'Debian-2+deb12u5'), 'CVE-2023-28531'), 'not-affected version:openssh:CVE-2023-28531:debian-12: fixed in 1:9.2p1-2+deb12u2, banner shows 1:9.2p1-2+deb12u5');
  assert.equal(decide(ssh('9.3p1', 'Ubuntu-1ubuntu3.6'), 'CVE-2024-6387'), 'potential/low version:openssh:CVE-2024-6387:ubuntu-23.10');
});

test('distribution build with hidden revision → potential (low) saying why', () => {
  const identity = identifyProducts({ name: 'http', vendor: 'Apache', product: 'HTTPD', version: '2.4.37', httpServer: 'Apache/2.4.37 (Red Hat Enterprise Linux)' })[0];
  const vuln = pack.get('CVE-2021-44790');
  assert.ok(identity && vuln);
  const d = decideVersionRule(identity, vuln);
  assert.equal(d?.kind, 'affected');
  assert.ok(d?.kind === 'affected');
  assert.equal(`${d.verdict}/${d.confidence} ${d.rule}`, 'potential/low version:http_server:CVE-2021-44790:rhel');
  assert.equal(d.proof, 'Server: Apache/2.4.37 (Red Hat Enterprise Linux): Apache HTTP Server 2.4.37 is in the affected range <= 2.4.51, but the service names Red Hat Enterprise Linux and its package revision is not visible; Red Hat Enterprise Linux backports fixes without changing the upstream version, so only an authenticated package check can confirm it');
  assert.equal(decide(ssh('7.4'), 'CVE-2023-38408', { vendor: 'CentOS', product: 'Linux', version: '7' }), 'potential/low version:openssh:CVE-2023-38408:centos-7');
  assert.equal(decide(ssh('9.2p1'), 'CVE-2024-6387', { vendor: 'Debian', product: 'Linux' }), 'potential/low version:openssh:CVE-2024-6387:debian');
});

test('a rule for another product does not apply', () => {
  const identity = identifyProducts(ssh('8.9p1'))[0];
  const apache = pack.get('CVE-2021-41773');
  assert.ok(identity && apache);
  assert.equal(decideVersionRule(identity, apache), undefined);
});
