import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadedVuln } from '@farsight/content/vulns/index';
import { BUILTIN_CHECK_VULNS } from '@farsight/scanner/checks/check-vulns';
import { definitionFromCheck, definitionFromContent } from './vulnerabilities-content-map.ts';
import { normaliseDefinition } from './vulnerabilities-model.ts';

const base: LoadedVuln = {
  id: 'CVE-2024-6387', title: 'regreSSHion', description: 'Race condition in sshd.', severity: 'high', cvss: {}, cves: ['CVE-2024-6387'], cwes: ['CWE-364'],
  references: ['https://nvd.nist.gov/vuln/detail/CVE-2024-6387', 'https://www.openssh.com/txt/release-9.8'], solution: { type: 'upgrade', text: 'Upgrade to 9.8p1.' },
  published: '2024-07-01', modified: '2024-07-02', scores: [], productKey: 'openbsd:openssh', file: 'openssh.json',
  rule: { cpe: 'cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*', ranges: [{ versionEndExcluding: '9.8' }], distroFixes: [] },
};
const V31 = 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N';

test('content definition → console definition (table)', () => {
  const cases: Array<[string, Partial<LoadedVuln>, { score: number; severity: string; v3?: string; v4Line?: boolean }]> = [
    ['v3.1 decides the score', { scores: [{ version: '3.1', vector: V31, score: 8.1 }] }, { score: 8, severity: 'Critical', v3: V31 }],
    ['v4.0 only: its score, vector kept in the description', { severity: 'high', scores: [{ version: '4.0', vector: V40, score: 8.7 }] }, { score: 9, severity: 'Critical', v4Line: true }],
    ['no CVSS: the severity band', { severity: 'medium', scores: [] }, { score: 5, severity: 'Severe' }],
    ['info: lowest score', { severity: 'info', scores: [] }, { score: 1, severity: 'Moderate' }],
  ];
  for (const [name, over, want] of cases) {
    const d = normaliseDefinition(definitionFromContent({ ...base, ...over }));
    assert.equal(d.id, 'cve-2024-6387', name);
    assert.deepEqual([d.severityScore, d.severity], [want.score, want.severity], name);
    assert.equal(d.cvss?.v3?.vector, want.v3, name);
    assert.equal(/CVSS v4\.0: CVSS:4\.0\//.test(d.description ?? ''), want.v4Line === true, name);
    assert.match(d.description ?? '', /^Race condition in sshd\.\n\nSolution \(upgrade\): Upgrade to 9\.8p1\./, name);
    assert.deepEqual(d.categories, ['CWE-364', 'openbsd:openssh'], name);
    assert.deepEqual(d.references, [
      { source: 'NVD', reference: 'CVE-2024-6387', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-6387' },
      { source: 'URL', reference: 'https://www.openssh.com/txt/release-9.8', url: 'https://www.openssh.com/txt/release-9.8' },
    ], name);
    assert.deepEqual([d.published, d.modified, d.cves], ['2024-07-01', '2024-07-02', ['CVE-2024-6387']], name);
  }
});

test('active-check definition → console definition (same mapping as content)', () => {
  const byId = new Map(BUILTIN_CHECK_VULNS.map((d) => [d.id, d]));
  const cases: Array<[string, { score: number; severity: string; v3Score?: number; categories: string[] }]> = [
    ['farsight-tls-sslv3-enabled', { score: 5, severity: 'Severe', v3Score: 5.3, categories: ['CWE-327'] }],
    ['farsight-redis-unauthenticated', { score: 10, severity: 'Critical', v3Score: 9.8, categories: ['CWE-306'] }],
    ['farsight-http-server-version-disclosure', { score: 1, severity: 'Moderate', categories: ['CWE-200'] }],
    ['farsight-http-missing-security-headers', { score: 2, severity: 'Moderate', categories: ['CWE-1021', 'CWE-693'] }],
  ];
  for (const [id, want] of cases) {
    const src = byId.get(id);
    assert.ok(src, id);
    const d = normaliseDefinition(definitionFromCheck(src));
    assert.equal(d.id, id);
    assert.equal(d.title, src.title, id);
    assert.deepEqual([d.severityScore, d.severity, d.cvss?.v3?.score, d.categories], [want.score, want.severity, want.v3Score, want.categories], id);
    assert.ok(d.description?.startsWith(`${src.description}\n\nSolution (${src.solution.type}): ${src.solution.text}`), id);
    assert.deepEqual(d.cves, src.cves, id);
    assert.deepEqual(d.references?.map((r) => r.url), src.references, id);
  }
});
