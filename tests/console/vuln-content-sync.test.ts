// The console's definitions from content: ids a batch names are written once from the content,
// unknown ids are not guessed, and a content change rewrites every stored definition it knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActiveContent } from '@farsight/content/store/index';
import { VulnPack } from '@farsight/content/vulns/index';
import { ContentDefinitions } from '../../apps/console/src/services/vulnerabilities-content.ts';
import { findVulnerability } from '../../apps/console/src/services/vulnerabilities.ts';
import { startTestConsole } from './harness/index.ts';

function contentWith(title: string): ActiveContent {
  const def = {
    id: 'CVE-2099-0042', title, description: 'A synthetic flaw.', severity: 'critical', cvss: { v31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    cves: ['CVE-2099-0042'], cwes: ['CWE-787'], solution: { type: 'upgrade', text: 'Upgrade to 2.0.' },
    rules: [{ cpe: 'cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*', ranges: [{ versionEndExcluding: '2.0' }] }, { cpe: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', ranges: [{ versionEndExcluding: '3.0' }] }],
  };
  const vulns = VulnPack.fromFiles([{ name: 'synthetic.json', text: JSON.stringify({ schemaVersion: 1, title: 'T', vulnerabilities: [def] }) }]);
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
