// The built-in vulnerability pack validates against the schema, covers what issue 5 asks for,
// and a broken definition is refused with an error naming the file, definition and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { PRODUCTS, productByKey, type ProductDef } from '../cpe/products.ts';
import type { ProductIdentity } from '../cpe/normalize.ts';
import { decideVersionRule } from './evaluate.ts';
import { loadBuiltinVulnPack, VulnPack } from './pack.ts';

test('the built-in pack: at least 150 CVEs, every product covered, scored, with solutions and references', async () => {
  const pack = await loadBuiltinVulnPack();
  const cves = new Set(pack.definitions.flatMap((d) => d.cves));
  assert.ok(cves.size >= 150, `${cves.size} CVEs`);
  const covered = new Set(pack.definitions.map((d) => d.productKey));
  assert.deepEqual(PRODUCTS.map((p) => p.key).filter((k) => !covered.has(k)), [], 'products without a definition');
  for (const d of pack.definitions) {
    assert.ok(d.rule ?? d.rules, `${d.id} has a version rule`);
    assert.equal(d.scores[0]?.version, '3.1', `${d.id} has a CVSS v3.1 vector`);
    assert.ok(d.references.length > 0 && d.references.every((r) => r.startsWith('https://')), `${d.id} references`);
    assert.ok(d.solution.text.length > 10, `${d.id} solution`);
  }
  assert.equal(pack.get('CVE-2024-6387')?.scores[0]?.score, 8.1);
  assert.deepEqual(pack.get('CVE-2025-14847')?.scores.map((x) => `${x.version} ${x.score}`), ['3.1 7.5', '4.0 8.7'], 'v3.1 first, then v4.0');
  assert.equal(pack.forProduct('openbsd:openssh').length >= 20, true);
});

test('OpenSSH distribution fixes exist for Debian 11/12 and Ubuntu 20.04/22.04/24.04', async () => {
  const pack = await loadBuiltinVulnPack();
  const releases = new Set(pack.forProduct('openbsd:openssh').flatMap((d) => d.rule?.distroFixes ?? []).map((f) => `${f.distro} ${f.release}`));
  for (const r of ['debian 11', 'debian 12', 'ubuntu 20.04', 'ubuntu 22.04', 'ubuntu 24.04']) assert.ok(releases.has(r), r);
  const regresshion = pack.get('CVE-2024-6387')?.rule?.distroFixes ?? [];
  assert.deepEqual(regresshion.find((f) => f.distro === 'debian' && f.release === '12')?.fixed, '1:9.2p1-2+deb12u3');
  assert.deepEqual(regresshion.find((f) => f.distro === 'ubuntu' && f.release === '22.04')?.fixed, '1:8.9p1-3ubuntu0.10');
});

const good = {
  id: 'CVE-2099-0001', title: 'Test', description: 'A test definition.', severity: 'critical',
  cvss: { v31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }, cves: ['CVE-2099-0001'],
  solution: { type: 'upgrade', text: 'Upgrade to 2.0.' },
  rule: { cpe: 'cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*', ranges: [{ versionEndExcluding: '9.3p2' }], distroFixes: [{ distro: 'debian', release: '12', package: 'openssh', fixed: '1:9.2p1-2+deb12u1' }] },
};
const file = (vulns: unknown[]): { name: string; text: string } => ({ name: 'test.json', text: JSON.stringify({ schemaVersion: 1, title: 'T', vulnerabilities: vulns }) });

test('a valid file loads; references default to NVD', () => {
  const pack = VulnPack.fromFiles([file([good])]);
  assert.deepEqual(pack.get('CVE-2099-0001')?.references, ['https://nvd.nist.gov/vuln/detail/CVE-2099-0001']);
  assert.equal(pack.get('CVE-2099-0001')?.productKey, 'openbsd:openssh');
});

test('broken definitions are refused with VULN_CONTENT_INVALID naming file, definition and field', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['invalid vector', { ...good, cvss: { v31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H' } }, /CVE-2099-0001 vulnerabilities\.0\.cvss\.v31: CVSS v3\.1 vector .*must have exactly the 8 base metrics/],
    ['severity mismatch', { ...good, severity: 'low' }, /severity low disagrees with the CVSS base score band critical/],
    ['reversed range', { ...good, rule: { ...good.rule, ranges: [{ versionStartIncluding: '9.0', versionEndExcluding: '8.0' }] } }, /range starts at 9\.0 after it ends at 8\.0/],
    ['both start bounds', { ...good, rule: { ...good.rule, ranges: [{ versionStartIncluding: '1', versionStartExcluding: '2' }] } }, /not both/],
    ['unknown product', { ...good, rule: { ...good.rule, cpe: 'cpe:2.3:a:acme:widget:*' } }, /product acme:widget is not in packages\/content\/src\/cpe\/products\.ts/],
    ['bad CPE', { ...good, rule: { ...good.rule, cpe: 'openssh' } }, /CPE "openssh" is not valid/],
    ['bad dpkg version', { ...good, rule: { ...good.rule, distroFixes: [{ distro: 'debian', release: '12', package: 'openssh', fixed: 'a:b:c' }] } }, /not a valid dpkg version/],
    ['fixed and notAffected', { ...good, rule: { ...good.rule, distroFixes: [{ distro: 'debian', release: '12', package: 'openssh', fixed: '1:1-1', notAffected: true }] } }, /exactly one of fixed or notAffected/],
    ['CVE id not listed', { ...good, cves: [] }, /must list it in cves/],
    ['unknown field', { ...good, score: 9.8 }, /Unrecognized key/],
    ['bad date', { ...good, published: '2024-02-30' }, /not a calendar date/],
    ['http reference', { ...good, references: ['http://example.invalid/x'] }, /references/],
    ['rule and rules', { ...good, rules: [good.rule] }, /give rule \(one product\) or rules \(several\), not both/],
    ['one product twice in rules', { ...good, rule: undefined, rules: [good.rule, { ...good.rule, ranges: [{ version: '1.0' }] }] }, /product openbsd:openssh has two rules/],
    ['empty rules', { ...good, rule: undefined, rules: [] }, /rules/],
  ];
  for (const [what, vuln, re] of cases) {
    assert.throws(() => VulnPack.fromFiles([file([vuln])]), (e: unknown) => isFarsightError(e, 'VULN_CONTENT_INVALID') && e.message.startsWith('test.json') && re.test(e.message), what);
  }
  assert.throws(() => VulnPack.fromFiles([file([good, good])]), (e: unknown) => isFarsightError(e, 'VULN_CONTENT_INVALID') && /defined twice/.test(e.message));
  assert.throws(() => VulnPack.fromFiles([{ name: 'x.json', text: '{' }]), (e: unknown) => isFarsightError(e, 'VULN_CONTENT_INVALID') && /x\.json is not JSON/.test(e.message));
  assert.throws(() => VulnPack.fromFiles([{ name: 'y.json', text: '{"schemaVersion":2,"title":"t","vulnerabilities":[]}' }]), (e: unknown) => isFarsightError(e, 'VULN_CONTENT_INVALID'));
});

test('one definition, several products: indexed and decided per product (HTTP/2 Rapid Reset)', async () => {
  const pack = await loadBuiltinVulnPack();
  const rapid = pack.get('CVE-2023-44487');
  assert.ok(rapid);
  assert.deepEqual(rapid.versionRules?.map((r) => r.productKey), ['apache:tomcat', 'apache:http_server', 'f5:nginx', 'eclipse:jetty']);
  for (const key of ['apache:tomcat', 'apache:http_server', 'f5:nginx', 'eclipse:jetty']) assert.ok(pack.forProduct(key).includes(rapid), `${key} lists it`);
  const identity = (key: string, version: string): ProductIdentity => ({ product: productByKey(key) as ProductDef, version, cpe: `cpe:2.3:a:${key}:${version}:*:*:*:*:*:*:*`, evidence: 'test banner' });
  const decide = (key: string, version: string): string => {
    const d = decideVersionRule(identity(key, version), rapid);
    return d ? `${d.kind} ${d.rule}` : 'none';
  };
  assert.deepEqual([
    decide('f5:nginx', '1.24.0'), decide('f5:nginx', '1.25.3'), decide('apache:http_server', '2.4.57'), decide('apache:http_server', '2.4.58'),
    decide('eclipse:jetty', '9.4.52'), decide('apache:tomcat', '9.0.80'), decide('openbsd:openssh', '8.9p1'),
  ], [
    'affected version:nginx:CVE-2023-44487:upstream', 'not-affected version:nginx:CVE-2023-44487:upstream',
    'affected version:http_server:CVE-2023-44487:upstream', 'not-affected version:http_server:CVE-2023-44487:upstream',
    'affected version:jetty:CVE-2023-44487:upstream', 'affected version:tomcat:CVE-2023-44487:upstream', 'none',
  ]);
});
