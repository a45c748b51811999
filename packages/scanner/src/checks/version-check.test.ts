// matchServiceVulns on ServiceResults as service detection produces them (pure).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadBuiltinVulnPack, VulnPack, type CheckMetaDef } from '@farsight/content/vulns/index';
import type { HostResult, ServiceResult } from '../types.ts';
import { matchHostVulns, matchServiceVulns, serviceFacts } from './version-check.ts';
import { compareFindings } from './version-check-hook.ts';

let pack: VulnPack;
before(async () => { pack = await loadBuiltinVulnPack(); });

function sshService(software: string, comments?: string, port = 22): ServiceResult {
  const version = software.replace('OpenSSH_', '');
  return {
    port, protocol: 'tcp', state: 'open', name: 'ssh', vendor: 'OpenBSD', product: 'OpenSSH', version, cpe: `cpe:/a:openbsd:openssh:${version}`,
    banner: `SSH-2.0-${software}${comments ? ` ${comments}` : ''}`, evidence: [],
    ssh: { identification: `SSH-2.0-${software}`, protoVersion: '2.0', softwareVersion: software, ...(comments ? { comments } : {}), kexAlgorithms: [], hostKeyAlgorithms: [], ciphers: [], macs: [], compression: [] },
  };
}
const noOs: Pick<HostResult, 'os'> = { os: {} };

test('upstream OpenSSH 8.9p1: vulnerable findings in the documented shape, most severe first', () => {
  const r = matchServiceVulns(sshService('OpenSSH_8.9p1'), noOs, pack);
  assert.deepEqual(r.findings.map((f) => f.id), ['CVE-2023-28531', 'CVE-2023-38408', 'CVE-2024-6387', 'CVE-2025-26465', 'CVE-2023-51385', 'CVE-2023-48795']);
  const f = r.findings.find((x) => x.id === 'CVE-2024-6387');
  assert.deepEqual(f, {
    id: 'CVE-2024-6387', title: 'OpenSSH regreSSHion: unauthenticated remote code execution via SIGALRM handler race', severity: 'high',
    cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 8.1 }, cves: ['CVE-2024-6387'], port: 22, protocol: 'tcp',
    proof: 'SSH identification OpenSSH_8.9p1: OpenSSH 8.9p1 is in the affected range [8.5p1, 9.8)', confidence: 'medium', verdict: 'vulnerable',
    rule: 'version:openssh:CVE-2024-6387:upstream',
  });
  assert.ok(r.invulnerable.length > 10, 'every other OpenSSH CVE has a reason');
});

test('Ubuntu backport: no finding for fixed CVEs, each with its invulnerable reason', () => {
  const r = matchServiceVulns(sshService('OpenSSH_8.9p1', 'Ubuntu-3ubuntu0.10'), { os: { vendor: 'Ubuntu', product: 'Linux', version: '22.04', confidence: 90, source: 'ssh' } }, pack);
  assert.deepEqual(r.findings.map((f) => `${f.id} ${f.verdict} ${f.rule}`), ['CVE-2025-26465 vulnerable version:openssh:CVE-2025-26465:ubuntu-22.04']);
  assert.deepEqual(r.invulnerable.find((v) => v.id === 'CVE-2024-6387'), {
    id: 'CVE-2024-6387', port: 22, protocol: 'tcp', rule: 'version:openssh:CVE-2024-6387:ubuntu-22.04', reason: 'fixed in 1:8.9p1-3ubuntu0.10, banner shows 1:8.9p1-3ubuntu0.10',
  });
});

test('CentOS Apache with OpenSSL in the Server header: only potential findings, for both products', () => {
  const s: ServiceResult = {
    port: 80, protocol: 'tcp', state: 'open', name: 'http', vendor: 'Apache', product: 'HTTPD', version: '2.4.6', cpe: 'cpe:/a:apache:http_server:2.4.6', evidence: [],
    http: { statusCode: 403, server: 'Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips', headers: {} },
  };
  const r = matchServiceVulns(s, noOs, pack);
  assert.ok(r.findings.length > 10);
  assert.ok(r.findings.every((f) => f.verdict === 'potential' && f.confidence === 'low' && f.rule.endsWith(':centos')), 'never vulnerable');
  assert.ok(r.findings.some((f) => f.rule.startsWith('version:openssl:')), 'OpenSSL 1.0.2k is checked too');
  assert.ok(r.findings.some((f) => f.id === 'CVE-2017-9798'));
});

test('closed ports, unknown products and unversioned services give nothing; control characters in proofs are escaped', () => {
  assert.deepEqual(matchServiceVulns({ ...sshService('OpenSSH_8.9p1'), state: 'closed' }, noOs, pack).findings, []);
  assert.deepEqual(matchServiceVulns({ port: 6379, protocol: 'tcp', state: 'open', name: 'redis', vendor: 'Redis', product: 'Redis', evidence: [] }, noOs, pack).findings, []);
  const weird: ServiceResult = { port: 21, protocol: 'tcp', state: 'open', name: 'ftp', evidence: [], banner: '220 (vsFTPd 2.3.4)\r\n\x1b[31m' };
  const r = matchServiceVulns(weird, noOs, pack);
  assert.equal(r.findings[0]?.id, 'CVE-2011-2523');
  assert.ok(!/[\x00-\x1f]/.test(r.findings[0]?.proof ?? ''), r.findings[0]?.proof);
});

test('a host: findings of all services, sorted by severity then score; a custom pack replaces the built-in one', () => {
  const host = { os: {}, services: [sshService('OpenSSH_8.9p1'), sshService('OpenSSH_9.9p2', undefined, 2222)] } as Pick<HostResult, 'os' | 'services'>;
  const r = matchHostVulns(host, pack);
  assert.equal(r.findings.length, 6);
  assert.deepEqual([...r.findings].sort(compareFindings), r.findings);
  const tiny = VulnPack.fromFiles([{ name: 't.json', text: JSON.stringify({ schemaVersion: 1, title: 't', vulnerabilities: [{
    id: 'farsight-test-old-openssh', title: 'Old OpenSSH', description: 'test', severity: 'low', solution: { type: 'upgrade', text: 'upgrade it' },
    rule: { cpe: 'cpe:2.3:a:openbsd:openssh:*', ranges: [{ versionEndExcluding: '10.0' }] },
  }] }) }]);
  assert.deepEqual(matchHostVulns(host, tiny).findings.map((f) => `${f.id}:${f.port}`), ['farsight-test-old-openssh:22', 'farsight-test-old-openssh:2222']);
});

test('serviceFacts reads the fields product normalisation needs', () => {
  assert.deepEqual(serviceFacts(sshService('OpenSSH_8.9p1', 'Ubuntu-3ubuntu0.10')), {
    name: 'ssh', vendor: 'OpenBSD', product: 'OpenSSH', version: '8.9p1', cpe: 'cpe:/a:openbsd:openssh:8.9p1',
    banner: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', sshSoftware: 'OpenSSH_8.9p1', sshComments: 'Ubuntu-3ubuntu0.10',
  });
});

test('the scanner\'s CheckMeta is what the content schema validates (types and every registered check)', async () => {
  const { checkMetaSchema } = await import('@farsight/content/vulns/index');
  const { BUILTIN_CHECKS } = await import('./registry.ts');
  type Meta = (typeof BUILTIN_CHECKS)[number]['meta'];
  const asDef = (m: Meta): CheckMetaDef => m; // compile-time: CheckMeta fits the schema type
  for (const c of BUILTIN_CHECKS) assert.equal(checkMetaSchema.safeParse(asDef(c.meta)).success, true, c.meta.id);
  assert.equal(checkMetaSchema.safeParse({ id: 'x', title: 'x', categories: ['dangerous'], services: [], reports: [] }).success, false);
});
