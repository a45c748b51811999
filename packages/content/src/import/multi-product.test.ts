// One NVD CVE naming several products Farsight knows becomes one definition with one rule per
// product (`rules`), as CVE-2023-44487 (HTTP/2 Rapid Reset) does in NVD; a single product keeps `rule`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseNvdFeed } from './nvd.ts';
import { rulesOf, toVulnDefinition } from './vuln-definition.ts';
import { nvdVulnPack } from './nvd-pack.ts';

type Doc = { vulnerabilities: Array<{ cve: Record<string, unknown> & { id: string; configurations: unknown[] } }> };
const match = (criteria: string, extra: Record<string, string>, n: number): Record<string, unknown> => ({ vulnerable: true, criteria, matchCriteriaId: `A1B2C3D4-0000-4000-8000-0000000009${String(n).padStart(2, '0')}`, ...extra });

/** The sample feed with its nginx record (CVE-2021-23017) turned into a Rapid-Reset-like record over four products. */
function rapidResetFeed(): Doc {
  const doc = JSON.parse(readFileSync(new URL('./fixtures/nvdcve-2.0-sample.json', import.meta.url), 'utf8')) as Doc;
  const rec = doc.vulnerabilities.find((v) => v.cve.id === 'CVE-2021-23017');
  assert.ok(rec);
  rec.cve.configurations = [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [
    match('cpe:2.3:a:apache:tomcat:*:*:*:*:*:*:*:*', { versionStartIncluding: '9.0.0', versionEndExcluding: '9.0.81' }, 1),
    match('cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*', { versionStartIncluding: '1.9.5', versionEndIncluding: '1.25.2' }, 2),
    match('cpe:2.3:a:acme:unknown_server:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' }, 3),
    match('cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.4.58' }, 4),
    match('cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*', { versionStartIncluding: '1.9.5', versionEndIncluding: '1.25.2' }, 5),
  ] }] }];
  return doc;
}

test('NVD import: every known product of a CVE becomes a rule of one definition', () => {
  const feed = parseNvdFeed(rapidResetFeed() as unknown as Record<string, unknown>, 'rapid.json');
  const rec = feed.records.find((r) => r.id === 'CVE-2021-23017');
  assert.ok(rec);
  assert.deepEqual(rulesOf(rec).map((r) => `${r.product.key} ${JSON.stringify(r.ranges)}`), [
    'apache:tomcat [{"versionStartIncluding":"9.0.0","versionEndExcluding":"9.0.81"}]',
    'f5:nginx [{"versionStartIncluding":"1.9.5","versionEndIncluding":"1.25.2"}]',
    'apache:http_server [{"versionEndExcluding":"2.4.58"}]',
  ], 'known products in NVD order, duplicates merged, unknown products left out');
  const def = toVulnDefinition(rec);
  assert.equal(def.rule, undefined);
  assert.equal((def.rules as unknown[]).length, 3);
  assert.match(String(def.title), /^Apache Tomcat and 2 other products: /);
  assert.match(String((def.solution as { text: string }).text), /Tomcat to 9\.0\.81 .*; nginx to a version outside.*; Apache HTTP Server to 2\.4\.58/);

  const pack = nvdVulnPack(feed.records).pack;
  const loaded = pack.get('CVE-2021-23017');
  assert.ok(loaded, 'the converted definition passes the schema');
  for (const key of ['apache:tomcat', 'f5:nginx', 'apache:http_server']) assert.ok(pack.forProduct(key).includes(loaded), `matchable for ${key}`);

  const single = toVulnDefinition(feed.records.find((r) => r.id === 'CVE-2024-6387') as (typeof feed.records)[number]);
  assert.ok(single.rule && single.rules === undefined, 'one product keeps the single rule form');
});
