import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isFarsightError } from '@farsight/common';
import { versionInRange } from '../cpe/range.ts';
import { parseNvdFeed, severityFromScore } from './nvd.ts';
import { rangeOfMatch, ruleOf, toVulnDefinition } from './vuln-definition.ts';
import { nvdVulnPack } from './nvd-pack.ts';

const fixture = (): Record<string, unknown> => JSON.parse(readFileSync(new URL('./fixtures/nvdcve-2.0-sample.json', import.meta.url), 'utf8')) as Record<string, unknown>;

test('NVD 2.0 feed: records, CVSS, CWEs, references, dates, rejected', () => {
  const feed = parseNvdFeed(fixture(), 'sample.json');
  assert.equal(feed.timestamp, '2026-11-20T08:00:01.123Z');
  assert.deepEqual(feed.records.map((r) => r.id), ['CVE-2024-6387', 'CVE-2021-41773', 'CVE-2021-23017', 'CVE-2099-0001', 'CVE-2099-0003']);
  assert.deepEqual(feed.rejected, ['CVE-2099-0002']);
  const [ssh, httpd, , synthetic] = feed.records;
  assert.equal(ssh?.published, '2024-07-01T13:15:06.467Z');
  assert.deepEqual(ssh?.cvss, [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 8.1, severity: 'high', source: 'secalert@redhat.com' }]);
  assert.equal(ssh?.severity, 'high');
  assert.deepEqual(ssh?.cwes, ['CWE-364']);
  assert.equal(ssh?.references.length, 3, 'duplicate reference URLs are merged');
  assert.match(ssh?.description ?? '', /^A security regression/);
  assert.deepEqual(httpd?.cvss.map((c) => c.version), ['3.1', '2.0']);
  assert.equal(synthetic?.severity, 'critical');
  assert.deepEqual(synthetic?.cwes, [], 'NVD-CWE-noinfo is not a CWE');
  assert.equal(synthetic?.configurations[0]?.operator, 'AND');
});

test('CPE configurations become version rules with NVD range semantics', () => {
  const feed = parseNvdFeed(fixture(), 'sample.json');
  const [ssh, httpd, nginx, synthetic] = feed.records;
  const sshRule = ruleOf(ssh!);
  assert.equal(sshRule?.product.key, 'openbsd:openssh');
  assert.deepEqual(sshRule?.ranges, [{ versionEndExcluding: '4.4' }, { version: '4.4' }, { versionStartIncluding: '8.5', versionEndExcluding: '9.8' }]);
  const affected = (v: string): boolean => sshRule!.ranges.some((r) => versionInRange(v, r));
  const table: Array<[string, boolean]> = [['3.9p1', true], ['4.4', true], ['4.4p1', false], ['4.5', false], ['8.4p1', false], ['8.5p1', true], ['9.7p1', true], ['9.8p1', false], ['9.9p1', false]];
  for (const [v, want] of table) assert.equal(affected(v), want, `OpenSSH ${v}`);
  assert.deepEqual(ruleOf(httpd!)?.ranges, [{ version: '2.4.49' }]);
  assert.deepEqual(ruleOf(nginx!)?.ranges, [{ versionStartIncluding: '0.6.18', versionEndExcluding: '1.20.1' }], 'the AND configuration (running on a platform) adds no range');
  assert.equal(ruleOf(synthetic!), undefined, 'unknown product and AND configuration: no rule');
});

test('cpeMatch ranges (table)', () => {
  const m = (criteria: string, extra: Record<string, string> = {}): ReturnType<typeof rangeOfMatch> => rangeOfMatch({ vulnerable: true, criteria, ...extra });
  assert.deepEqual(m('cpe:2.3:a:openbsd:openssh:8.5:p1:*:*:*:*:*:*'), { version: '8.5p1' });
  assert.deepEqual(m('cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*'), { versionStartIncluding: '0' });
  assert.deepEqual(m('cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*', { versionStartExcluding: '1.0', versionEndIncluding: '1.2' }), { versionStartExcluding: '1.0', versionEndIncluding: '1.2' });
  assert.equal(m('cpe:2.3:a:f5:nginx:-:*:*:*:*:*:*:*'), undefined, 'NA version');
  assert.equal(m('cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*', { versionStartIncluding: '2.0', versionEndExcluding: '1.0' }), undefined, 'reversed range');
  assert.equal(m('cpe:2.3:a:f5:nginx:1.0\\(1\\):*:*:*:*:*:*:*'), undefined, 'escaped version text');
});

test('converted definitions pass the content schema and land in a pack', () => {
  const feed = parseNvdFeed(fixture(), 'sample.json');
  const def = toVulnDefinition(feed.records[0]!);
  assert.equal(def.title, 'OpenSSH: A security regression (CVE-2006-5051) was discovered in OpenSSH\'s server (sshd).');
  assert.deepEqual(def.cvss, { v31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' });
  assert.deepEqual(def.references, ['https://www.openssh.com/txt/release-9.8', 'https://www.qualys.com/2024/07/01/cve-2024-6387/regresshion.txt'], 'only https references');
  const { pack, matchable, refused } = nvdVulnPack(feed.records, new Set(['CVE-2021-41773']));
  assert.deepEqual(refused, []);
  assert.equal(matchable, 3);
  assert.deepEqual(pack.definitions.map((d) => d.id).sort(), ['CVE-2021-23017', 'CVE-2024-6387', 'CVE-2099-0003']);
  assert.equal(pack.get('CVE-2099-0003')?.severity, 'medium');
  assert.equal(pack.forProduct('openbsd:openssh')[0]?.scores[0]?.score, 8.1);
});

test('malformed records name the file, record and field', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutating a JSON fixture by path
  const cases: Array<[string, (doc: any) => void, RegExp]> = [
    ['wrong format', (d) => { d.format = 'CVE'; }, /^x\.json: field format: format must be "NVD_CVE"/],
    ['1.1 feed', (d) => { d.version = '1.1'; }, /field version: .*1\.1 feeds were retired/],
    ['bad id', (d) => { d.vulnerabilities[1].cve.id = 'CVE-21-1'; }, /vulnerabilities\[1\] \(CVE-21-1\): field cve\.id: id is CVE-YYYY-NNNN/],
    ['bad criteria', (d) => { d.vulnerabilities[0].cve.configurations[0].nodes[0].cpeMatch[2].criteria = 'openssh'; }, /vulnerabilities\[0\] \(CVE-2024-6387\): field cve\.configurations\[0\]\.nodes\[0\]\.cpeMatch\[2\]\.criteria: criteria is a CPE 2\.3 name/],
    ['both start bounds', (d) => { d.vulnerabilities[0].cve.configurations[0].nodes[0].cpeMatch[2].versionStartExcluding = '8.4'; }, /cpeMatch\[2\]: versionStartIncluding and versionStartExcluding cannot both be set/],
    ['vulnerable not boolean', (d) => { d.vulnerabilities[2].cve.configurations[0].nodes[0].cpeMatch[0].vulnerable = 'yes'; }, /\(CVE-2021-23017\): field cve\.configurations\[0\]\.nodes\[0\]\.cpeMatch\[0\]\.vulnerable/],
    ['bad operator', (d) => { d.vulnerabilities[2].cve.configurations[1].nodes[0].operator = 'XOR'; }, /configurations\[1\]\.nodes\[0\]\.operator/],
    ['score out of range', (d) => { d.vulnerabilities[1].cve.metrics.cvssMetricV31[0].cvssData.baseScore = 11; }, /cvssMetricV31\[0\]\.cvssData\.baseScore/],
    ['bad date', (d) => { d.vulnerabilities[0].cve.published = 'yesterday'; }, /field cve\.published: a date is/],
    ['missing vulnerabilities', (d) => { delete d.vulnerabilities; }, /field vulnerabilities/],
  ];
  for (const [name, mutate, pattern] of cases) {
    const doc = fixture();
    mutate(doc);
    assert.throws(() => parseNvdFeed(doc, 'x.json'), (e: unknown) => isFarsightError(e, 'CONTENT_IMPORT_INVALID') && pattern.test(e.message) && /Nothing from this file was imported/.test(e.message), name);
  }
});

test('severity bands from scores', () => {
  assert.deepEqual([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityFromScore), ['info', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
});

test('more matchable CVEs than one pack file holds (2000) still load', () => {
  const base = parseNvdFeed(fixture(), 'sample.json').records.find((r) => r.id === 'CVE-2099-0003')!;
  const many = Array.from({ length: 2500 }, (_, i) => ({ ...base, id: `CVE-2098-${10000 + i}` }));
  const { pack, matchable, refused } = nvdVulnPack(many);
  assert.deepEqual([matchable, refused.length, pack.definitions.length], [2500, 0, 2500]);
});

test('property: mutated NVD documents parse or fail with CONTENT_IMPORT_INVALID; what parses converts without throwing', () => {
  const base = fixture();
  const paths: string[][] = [
    ['vulnerabilities', '0', 'cve', 'configurations', '0', 'nodes', '0', 'cpeMatch', '0', 'criteria'],
    ['vulnerabilities', '0', 'cve', 'configurations', '0', 'nodes', '0', 'cpeMatch', '1', 'versionEndExcluding'],
    ['vulnerabilities', '2', 'cve', 'configurations', '1', 'operator'],
    ['vulnerabilities', '1', 'cve', 'metrics', 'cvssMetricV31', '0', 'cvssData', 'vectorString'],
    ['vulnerabilities', '1', 'cve', 'descriptions'],
    ['vulnerabilities', '1', 'cve', 'descriptions', '0', 'value'],
    ['vulnerabilities', '4', 'cve', 'configurations', '0', 'nodes', '0', 'cpeMatch', '0', 'versionStartIncluding'],
    ['vulnerabilities', '4', 'cve', 'configurations', '0', 'nodes', '0', 'cpeMatch', '0', 'criteria'],
    ['vulnerabilities', '4', 'cve', 'weaknesses', '0', 'description', '0', 'value'],
    ['vulnerabilities', '4', 'cve', 'lastModified'],
    ['vulnerabilities', '3', 'cve', 'published'],
    ['vulnerabilities', '4', 'cve', 'references', '0', 'url'],
    ['vulnerabilities', '0', 'cve'],
    ['vulnerabilities'],
    ['format'],
  ];
  fc.assert(fc.property(fc.nat(paths.length - 1), fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom('cpe:2.3:a:openbsd:openssh:\\:x:*', 'cpe:2.3:a:beasts:vsftpd:3.0.3:*:*:*:*:*:*:*', 'cpe:2.3:a:beasts:vsftpd:*:rc1', 'CVSS:3.1/AV:N', '9999', '', '1.0 beta', 'CWE-1234567', '2000-01-01T00:00:00', 'x'.repeat(70000))), (which, value) => {
    const doc = structuredClone(base) as Record<string, unknown>;
    const path = paths[which]!;
    let node: Record<string, unknown> = doc;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path.at(-1)!] = value;
    try {
      const feed = parseNvdFeed(doc, 'p.json');
      for (const r of feed.records) assert.ok(ruleOf(r) === undefined || ruleOf(r)!.ranges.length > 0);
      const { refused } = nvdVulnPack(feed.records);
      assert.deepEqual(refused, [], 'every CVE that yields a rule converts to a valid definition');
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      assert.ok(isFarsightError(e, 'CONTENT_IMPORT_INVALID'), `unexpected ${String(e)}`);
    }
  }), { seed: 55, numRuns: 500 });
});
