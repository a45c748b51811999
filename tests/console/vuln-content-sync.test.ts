// The console's definitions from content: ids a batch names are written once from the content,
// unknown ids are not guessed, and a content change rewrites every stored definition it knows.
// Active-check ids (`farsight-…`) the content lacks get the check's own definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActiveContent } from '@farsight/content/store/index';
import { VulnPack } from '@farsight/content/vulns/index';
import { BUILTIN_CHECK_VULNS } from '@farsight/scanner/checks/check-vulns';
import { ContentDefinitions } from '../../apps/console/src/services/vulnerabilities-content.ts';
import { findVulnerability } from '../../apps/console/src/services/vulnerabilities.ts';
import { assertMatchesV3, startTestConsole } from './harness/index.ts';

function contentWith(title: string, extra: object[] = []): ActiveContent {
  const def = {
    id: 'CVE-2099-0042', title, description: 'A synthetic flaw.', severity: 'critical', cvss: { v31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    cves: ['CVE-2099-0042'], cwes: ['CWE-787'], solution: { type: 'upgrade', text: 'Upgrade to 2.0.' },
    rules: [{ cpe: 'cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*', ranges: [{ versionEndExcluding: '2.0' }] }, { cpe: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', ranges: [{ versionEndExcluding: '3.0' }] }],
  };
  const vulns = VulnPack.fromFiles([{ name: 'synthetic.json', text: JSON.stringify({ schemaVersion: 1, title: 'T', vulnerabilities: [def, ...extra] }) }]);
  return { source: 'builtin', version: title, contentDir: '/nonexistent', fingerprintDir: '/nonexistent', vulns, advisories: [], imported: { nvd: 0, nvdMatchable: 0, osv: 0 }, warnings: [] };
}

test('content definitions: written on first sight, unknown ids left alone, rewritten when the content changes', async (t) => {
  const c = await startTestConsole({ db: 'sqlite' });
  t.after(() => c.stop());
  let content = contentWith('First title');
  let loads = 0;
  const defs = new ContentDefinitions(c.db, { get: async () => { loads++; return content; } });

  assert.equal(await defs.ensure(['CVE-2099-0042', 'farsight-not-in-content']), 1);
  const v = await findVulnerability(c.db, 'CVE-2099-0042');
  assert.equal(v?.title, 'First title');
  assert.equal(v?.cvss.v3?.score, 9.8);
  assert.deepEqual(v?.categories, ['CWE-787', 'f5:nginx', 'apache:http_server'], 'CWEs and every product of the shared definition');
  assert.equal(await findVulnerability(c.db, 'farsight-not-in-content'), undefined, 'an id the content does not know is not invented');
  const before = loads;
  assert.equal(await defs.ensure(['CVE-2099-0042', 'farsight-not-in-content']), 0, 'known and unknown ids: nothing to do');
  assert.equal(loads, before, 'no content load when every id is settled');

  content = contentWith('Second title');
  await defs.refresh();
  assert.equal((await findVulnerability(c.db, 'CVE-2099-0042'))?.title, 'Second title', 'a content change rewrites stored definitions');
});

test('active-check ids the content lacks: ensure() writes the check definition (farsight-tls-tlsv1.0-enabled), content wins when it has the id', async (t) => {
  const c = await startTestConsole({ db: 'sqlite' });
  t.after(() => c.stop());
  const packageTelnet = { id: 'farsight-telnet-enabled', title: 'Telnet (package text)', description: 'A package refines the check text.', severity: 'medium', solution: { type: 'configuration', text: 'Use SSH.' } };
  const defs = new ContentDefinitions(c.db, { get: async () => contentWith('Content title', [packageTelnet]) });
  const tls10 = BUILTIN_CHECK_VULNS.find((d) => d.id === 'farsight-tls-tlsv1.0-enabled');
  assert.ok(tls10);

  assert.equal(await defs.ensure(['farsight-tls-tlsv1.0-enabled', 'FARSIGHT-REDIS-UNAUTHENTICATED', 'CVE-2099-0042', 'farsight-not-a-check']), 3);
  const v = await findVulnerability(c.db, 'farsight-tls-tlsv1.0-enabled');
  assert.equal(v?.title, 'TLS 1.0 protocol enabled');
  assert.equal(v?.cvss.v3?.vector, tls10.cvss31);
  assert.equal(v?.cvss.v3?.score, 4.8);
  assert.equal(v?.severity, 'Severe', 'score 4.8 rounds to 5: Severe');
  assert.match(v?.description ?? '', /RFC 8996[\s\S]*Solution \(configuration\): Allow only TLS 1\.2 and TLS 1\.3\./);
  assert.deepEqual(v?.categories, ['CWE-327']);
  assert.ok(v?.references.some((r) => r.url === 'https://www.rfc-editor.org/rfc/rfc8996'));
  const api = await c.request('GET', '/api/3/vulnerabilities/farsight-tls-tlsv1.0-enabled');
  assert.equal(api.status, 200, api.text);
  assertMatchesV3(api, 'Vulnerability');
  assert.equal(api.body.title, 'TLS 1.0 protocol enabled');
  assert.equal((await findVulnerability(c.db, 'farsight-redis-unauthenticated'))?.cvss.v3?.score, 9.8, 'ids match case-insensitively');
  assert.equal(await findVulnerability(c.db, 'farsight-not-a-check'), undefined, 'an id neither content nor checks define is not invented');

  // Every active-check definition maps (none throws, every one lands in the table).
  assert.equal(await defs.ensure(BUILTIN_CHECK_VULNS.map((d) => d.id)), BUILTIN_CHECK_VULNS.length - 2);
  for (const d of BUILTIN_CHECK_VULNS) {
    const want = d.id === packageTelnet.id ? packageTelnet.title : d.title;
    assert.equal((await findVulnerability(c.db, d.id))?.title, want, `${d.id}: the content's definition first, else the check's`);
  }
});
