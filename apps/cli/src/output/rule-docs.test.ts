// SARIF rules describe findings from the content the scan loaded (NVD imports, packages), not only the built-in pack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { importFiles } from '@farsight/content/import/import-files';
import { parseOsvText } from '@farsight/content/osv/index';
import { loadActiveContent } from '@farsight/content/store/index';
import type { ScanReport } from '@farsight/scanner/types';
import type { Finding } from '@farsight/scanner/checks/types';
import { readFileSync } from 'node:fs';
import { writeScanOutput } from './scan-output.ts';
import { ruleDocsOf } from './rule-docs.ts';
import { BUILTIN_CHECK_VULNS, checkVulnDefinition } from '@farsight/scanner/checks/check-vulns';

const FIXTURES = new URL('../../../../packages/content/src/import/fixtures/', import.meta.url).pathname;

const finding = (id: string, title: string): Finding => ({
  id, title, severity: 'high', cves: [id], port: 21, protocol: 'tcp', proof: 'banner', confidence: 'medium', verdict: 'vulnerable', rule: `version:vsftpd:${id}:upstream`,
});

function report(findings: Finding[]): ScanReport {
  return {
    scan: { startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:05.000Z', elapsedMs: 5000, template: 'full-audit', targetsSpecified: ['127.12.2.1'], exclusions: [], hostsTotal: 1, hostsUp: 1, hostsDown: 0, portsProbed: 1, openPorts: 1, servicesIdentified: 1, probesPerSecond: 1, rateLimit: 0, maxParallelHosts: 1, outOfScope: 0, farsightVersion: '0.1.0' },
    hosts: [{ address: '127.12.2.1', hostnames: [], status: 'up', reason: 'x', os: {}, services: [], findings }],
  };
}

async function sarifRules(r: ScanReport, content?: PromiseLike<Parameters<typeof ruleDocsOf>[0]>): Promise<Array<Record<string, { text?: string } | string>>> {
  let text = '';
  const out = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  await writeScanOutput(r, 'sarif', out, content);
  return JSON.parse(text).runs[0].tool.driver.rules;
}

test('SARIF rules of an imported NVD definition come from the loaded content; built-in only without it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-rule-docs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [r] = await importFiles(dir, [join(FIXTURES, 'nvdcve-2.0-sample.json')]);
  assert.equal(r?.error, undefined);
  const content = await loadActiveContent({ contentDir: dir });
  const imported = content.vulns.get('CVE-2099-0003');
  assert.ok(imported);
  const scan = report([finding('CVE-2099-0003', 'vsftpd synthetic')]);

  const [rule] = await sarifRules(scan, Promise.resolve(content));
  assert.deepEqual(rule?.fullDescription, { text: imported.description });
  assert.match((rule?.help as { text: string }).text, new RegExp(imported.solution.text.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(rule?.helpUri, imported.references[0]);

  const [bare] = await sarifRules(scan);
  assert.deepEqual(bare?.fullDescription, { text: 'vsftpd synthetic' }, 'the built-in pack does not know the imported CVE');
});

test('rule docs: OSV advisories by id and by alias; unknown ids undefined', () => {
  const adv = parseOsvText(readFileSync(join(FIXTURES, 'osv-DSA-5724-1.json'), 'utf8'), 'osv-DSA-5724-1.json');
  const describe = ruleDocsOf({ vulns: { get: () => undefined } as never, advisories: adv });
  const byId = describe('DSA-5724-1');
  assert.match(byId?.description ?? '', /Qualys/);
  assert.equal(describe('CVE-2024-6387')?.description, byId?.description, 'a finding named by the advisory CVE alias');
  assert.equal(describe('CVE-1999-0001'), undefined);
});

test('SARIF rules of active-check findings (farsight-…) come from the check definitions, with and without loaded content', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-rule-docs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const def = BUILTIN_CHECK_VULNS.find((d) => d.id === 'farsight-tls-tlsv1.0-enabled');
  assert.ok(def);
  const scan = report([{ ...finding(def.id, def.title), cves: [], port: 443, rule: 'check:tls-protocol-versions' }]);
  const content = await loadActiveContent({ contentDir: dir });
  for (const [name, rules] of [['loaded content', await sarifRules(scan, Promise.resolve(content))], ['built-in pack', await sarifRules(scan)]] as const) {
    const [rule] = rules;
    assert.deepEqual(rule?.fullDescription, { text: def.description }, name);
    assert.equal((rule?.help as { text: string }).text, [def.solution.text, ...def.references.map((r) => `- ${r}`)].join('\n'), name);
    assert.equal(rule?.helpUri, def.references[0], name);
  }
});

test('rule docs: content first, then advisories, then active-check definitions', () => {
  const fromContent = { description: 'package text', solution: { type: 'configuration', text: 'x' }, references: [], cwes: [] };
  const vulns = { get: (id: string) => (id === 'farsight-telnet-enabled' ? fromContent : undefined) } as never;
  const describe = ruleDocsOf({ vulns }, checkVulnDefinition);
  assert.equal(describe('farsight-telnet-enabled')?.description, 'package text', 'a package definition wins');
  const ssh = describe('farsight-ssh-weak-cipher');
  assert.equal(ssh?.description, checkVulnDefinition('farsight-ssh-weak-cipher')?.description);
  assert.deepEqual(ssh?.cwes, ['CWE-327']);
  assert.equal(describe('farsight-unknown'), undefined);
  assert.equal(ruleDocsOf({ vulns })('farsight-ssh-weak-cipher'), undefined, 'without the lookup, no check text');
});
