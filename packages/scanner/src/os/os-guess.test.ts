import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceResult } from '../types.ts';
import { httpServerRules, kernelRules, packageRevisionRules, sshRules } from './banner-rules.ts';
import { combineCandidates, guessOs } from './os-guess.ts';
import { distro, familyOnly } from './os-candidate.ts';

function ssh(port: number, software: string, comments?: string): ServiceResult {
  return {
    port, protocol: 'tcp', state: 'open', name: 'ssh', evidence: [], banner: `SSH-2.0-${software}${comments ? ` ${comments}` : ''}`,
    ssh: { identification: '', protoVersion: '2.0', softwareVersion: software, ...(comments ? { comments } : {}), kexAlgorithms: [], hostKeyAlgorithms: [], ciphers: [], macs: [], compression: [] },
  };
}

function http(port: number, server: string): ServiceResult {
  return { port, protocol: 'tcp', state: 'open', name: 'http', evidence: [], http: { statusCode: 200, server, headers: { server } } };
}

function other(port: number, name: string, banner: string, params: Record<string, string> = {}): ServiceResult {
  return { port, protocol: 'tcp', state: 'open', name, evidence: [], banner, params };
}

void test('OpenSSH package revisions name the distribution release', () => {
  const table: [string, string | undefined, string | undefined][] = [
    ['OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', 'Ubuntu', '22.04'],
    ['OpenSSH_9.6p1 Ubuntu-3ubuntu13.5', 'Ubuntu', '24.04'],
    ['OpenSSH_8.2p1 Ubuntu-4ubuntu0.5', 'Ubuntu', '20.04'],
    ['OpenSSH_5.9p1 Debian-5ubuntu1.10', 'Ubuntu', '12.04'],
    ['OpenSSH_9.0p1 Ubuntu-1ubuntu8.7', 'Ubuntu', undefined],
    ['OpenSSH_9.2p1 Debian-2+deb12u2', 'Debian', '12'],
    ['OpenSSH_8.4p1 Debian-5+deb11u3', 'Debian', '11'],
    ['OpenSSH_7.9p1 Debian-10', 'Debian', '10'],
    ['OpenSSH_7.9p1 Raspbian-10+deb10u2', 'Raspbian', '10'],
    ['OpenSSH_9.8 FreeBSD-20240806', 'FreeBSD', undefined],
    ['OpenSSH_for_Windows_8.1', 'Microsoft', undefined],
    ['OpenSSH_7.4', undefined, undefined],
  ];
  for (const [text, vendor, version] of table) {
    const c = sshRules(text)[0];
    assert.equal(c?.vendor, vendor, text);
    assert.equal(c?.version, version, text);
  }
});

void test('Server headers: IIS versions and distribution words', () => {
  const table: [string, string | undefined, string | undefined, string | undefined][] = [
    ['Microsoft-IIS/10.0', 'Microsoft', 'Windows Server', '2016+'],
    ['Microsoft-IIS/8.5', 'Microsoft', 'Windows Server 2012 R2', undefined],
    ['Microsoft-IIS/7.5', 'Microsoft', 'Windows Server 2008 R2', undefined],
    ['Microsoft-HTTPAPI/2.0', 'Microsoft', 'Windows', undefined],
    ['Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips', 'CentOS', 'Linux', '7'],
    ['Apache/2.4.37 (Red Hat Enterprise Linux)', 'Red Hat', 'Enterprise Linux', '8'],
    ['Apache/2.4.52 (Ubuntu)', 'Ubuntu', 'Linux', '22.04'],
    ['Apache/2.4.38 (Debian)', 'Debian', 'Linux', '10'],
    ['Apache/2.4.62 (Debian)', 'Debian', 'Linux', undefined],
    ['nginx/1.24.0 (Ubuntu)', 'Ubuntu', 'Linux', '24.04'],
    ['nginx/1.18.0 (Ubuntu)', 'Ubuntu', 'Linux', undefined],
    ['Apache/2.4.58 (Win64) OpenSSL/3.1.3', 'Microsoft', 'Windows', undefined],
    ['nginx/1.25.3', undefined, undefined, undefined],
  ];
  for (const [server, vendor, product, version] of table) {
    const c = httpServerRules(server)[0];
    assert.equal(c?.vendor, vendor, server);
    assert.equal(c?.product, product, server);
    assert.equal(c?.version, version, server);
  }
  assert.equal(httpServerRules('Microsoft-IIS/8.5')[0]?.cpe, 'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*');
});

void test('package revisions anywhere in a banner', () => {
  const table: [string, string | undefined, string | undefined][] = [
    ['5.5.5-10.11.6-MariaDB-0+deb12u1', 'Debian', '12'],
    ['8.0.35-0ubuntu0.22.04.1', 'Ubuntu', '22.04'],
    ['9.18.28-0ubuntu0.22.04.1-Ubuntu', 'Ubuntu', '22.04'],
    ['PHP/7.4.33-1~bpo11+1', 'Debian', '11'],
    ['9.11.4-P2-RedHat-9.11.4-26.P2.el7_9.16', 'Red Hat', '7'],
    ['3.10.0-1160.el7.x86_64', 'Red Hat', '7'],
    ['mail.lab ESMTP Postfix (Debian/GNU)', 'Debian', undefined],
    ['Dovecot (Ubuntu) ready.', 'Ubuntu', undefined],
    ['hello (element 7) world', undefined, undefined],
  ];
  for (const [text, vendor, version] of table) {
    const c = packageRevisionRules(text)[0];
    assert.equal(c?.vendor, vendor, text);
    assert.equal(c?.version, version, text);
  }
});

void test('kernel flavours', () => {
  assert.equal(kernelRules('Linux 5.15.0-91-generic x86_64')[0]?.version, '22.04');
  assert.equal(kernelRules('Linux 5.4.0-169-generic x86_64')[0]?.vendor, 'Ubuntu');
  assert.equal(kernelRules('Linux 6.1.0-18-amd64 x86_64')[0]?.version, '12');
  assert.deepEqual(kernelRules('Linux 6.6.7-arch1-1'), []);
});

void test('several services: agreement raises confidence, conflict lowers it', () => {
  const one = guessOs([ssh(22, 'OpenSSH_8.9p1', 'Ubuntu-3ubuntu0.10')]);
  const three = guessOs([ssh(22, 'OpenSSH_8.9p1', 'Ubuntu-3ubuntu0.10'), http(80, 'Apache/2.4.52 (Ubuntu)'), other(3306, 'mysql', '8.0.36-0ubuntu0.22.04.1', { 'mysql.server_version': '8.0.36-0ubuntu0.22.04.1' })]);
  const conflict = guessOs([ssh(22, 'OpenSSH_8.9p1', 'Ubuntu-3ubuntu0.10'), http(80, 'Microsoft-IIS/10.0')]);
  assert.deepEqual({ vendor: one?.vendor, product: one?.product, version: one?.version, family: one?.family }, { vendor: 'Ubuntu', product: 'Linux', version: '22.04', family: 'Linux' });
  assert.equal(one?.cpe, 'cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:*:*:*:*');
  assert.match(one?.source ?? '', /ssh banner OpenSSH_8\.9p1 Ubuntu-3ubuntu0\.10/);
  assert.ok((three?.confidence ?? 0) > (one?.confidence ?? 0), 'agreeing services raise confidence');
  assert.equal(three?.version, '22.04');
  assert.ok((conflict?.confidence ?? 100) < (one?.confidence ?? 0), 'a conflicting service lowers it');
  assert.match(conflict?.source ?? '', /conflicts: http server Microsoft-IIS\/10\.0/);
  assert.equal(guessOs([other(6379, 'redis', '+PONG')]), undefined);
  assert.equal(guessOs([]), undefined);
});

void test('fingerprint os.* params, scaled by os.certainty', () => {
  const withParams = (params: Record<string, string>): ServiceResult => ({ ...other(22, 'ssh', 'x', params), evidence: [{ probe: 'banner', key: 'ssh.banner', value: 'x', fingerprint: 'recog:ssh_banners.xml:test' }] });
  const rhel = guessOs([withParams({ 'os.vendor': 'Red Hat', 'os.family': 'Linux', 'os.product': 'Enterprise Linux', 'os.version': '7', 'os.certainty': '0.5' })]);
  assert.equal(rhel?.vendor, 'Red Hat');
  assert.equal(rhel?.version, '7');
  assert.ok((rhel?.confidence ?? 100) < 40);
  // The explicit distribution word outweighs the uncertain "RHEL or a rebuild" guess.
  const centos = guessOs([withParams({ 'os.vendor': 'Red Hat', 'os.family': 'Linux', 'os.product': 'Enterprise Linux', 'os.version': '7', 'os.certainty': '0.5' }), http(80, 'Apache/2.4.6 (CentOS)')]);
  assert.equal(centos?.vendor, 'CentOS');
  assert.equal(centos?.version, '7');
  const cisco = guessOs([withParams({ 'os.vendor': 'Cisco', 'os.family': 'IOS', 'os.product': 'IOS', 'os.version': '15.0(2)SE11' })]);
  assert.deepEqual([cisco?.vendor, cisco?.product, cisco?.version], ['Cisco', 'IOS', '15.0(2)SE11']);
  const kernelAsVersion = guessOs([withParams({ 'os.vendor': 'Ubuntu', 'os.family': 'Linux', 'os.product': 'Linux', 'os.version': '5.15.0-91-generic' })]);
  assert.equal(kernelAsVersion?.version, '22.04', "Recog's kernel release in os.version becomes the distribution release");
});

void test('family-only hints support a specific distribution and never override it', () => {
  const g = combineCandidates([
    { ...familyOnly('linux', 35, 'redis os Linux'), port: 6379 },
    { ...(distro('debian', '12', 70, 'ssh banner OpenSSH_9.2p1 Debian-2+deb12u2') ?? assert.fail()), port: 22 },
  ]);
  assert.equal(g?.vendor, 'Debian');
  assert.equal(g?.version, '12');
  assert.ok((g?.confidence ?? 0) > 70);
  const linux = combineCandidates([familyOnly('linux', 30, 'dropbear')]);
  assert.deepEqual([linux?.family, linux?.vendor, linux?.product], ['Linux', 'Linux', 'Linux']);
});
