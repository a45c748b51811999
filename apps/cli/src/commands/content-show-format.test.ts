import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { isFarsightError } from '@farsight/common';
import { parseNvdFeed } from '@farsight/content/import/nvd';
import { loadBuiltinVulnPack } from '@farsight/content/vulns/pack';
import { parseOsv } from '@farsight/content/osv/osv-schema';
import { renderContentShow } from './content-show-format.ts';
import { contentSectionProblem, readContentConfig } from './content-config.ts';

const fixtures = new URL('../../../../packages/content/src/import/fixtures/', import.meta.url);
const feed = parseNvdFeed(JSON.parse(readFileSync(new URL('nvdcve-2.0-sample.json', fixtures), 'utf8')), 'f');
const usn = parseOsv(JSON.parse(readFileSync(new URL('osv-USN-6859-1.json', fixtures), 'utf8')));

test('show: a built-in definition with distro fixes, the NVD record and an advisory', async () => {
  const def = (await loadBuiltinVulnPack()).get('CVE-2024-6387');
  assert.ok(def, 'the built-in pack defines CVE-2024-6387');
  const nvd = feed.records.find((r) => r.id === 'CVE-2024-6387');
  const text = renderContentShow({ id: 'CVE-2024-6387', definition: def, definitionOrigin: 'built-in pack (openssh.json)', ...(nvd ? { nvd } : {}), advisories: [{ origin: 'OSV import', advisory: usn }], warnings: [] });
  const sections = text.split('\n\n');
  assert.equal(sections.length, 3);
  assert.match(sections[0] ?? '', /^CVE-2024-6387 {2}.+\n {2}Source: +built-in pack \(openssh\.json\)\n {2}Severity: +high\n {2}CVSS 3\.1: +8\.1 /);
  assert.match(sections[0] ?? '', /Distro fixes:\n(?: {4}- .+\n)*? {4}- debian 12 openssh: fixed in 1:9\.2p1-2\+deb12u3/);
  assert.match(sections[1] ?? '', /^CVE-2024-6387 {2}\(NVD import, Modified\)/);
  assert.match(sections[1] ?? '', /- 1\. any of \[openbsd:openssh < 4\.4, openbsd:openssh = 4\.4, openbsd:openssh \[8\.5, 9\.8\)\]/);
  assert.match((sections[1] ?? '').replace(/\s+/g, ' '), /Version rule: OpenSSH: < 4\.4; = 4\.4; \[8\.5, 9\.8\) \(not used: the definition above takes precedence\)/);
  assert.match(sections[2] ?? '', /^USN-6859-1 {2}OpenSSH vulnerability\n {2}Source: +OSV import\n {2}Aliases: +CVE-2024-6387/);
  assert.match(sections[2] ?? '', /Fixed versions:\n {4}- Ubuntu:22\.04:LTS openssh 1:8\.9p1-3ubuntu0\.10\n {4}- Ubuntu:24\.04:LTS openssh 1:9\.6p1-3ubuntu13\.3/);
  for (const line of text.split('\n')) assert.ok(line.length <= 110 || line.includes('http'), `line too long: ${line}`);
});

test('show: an AND configuration is explained and not matched', () => {
  const nvd = feed.records.find((r) => r.id === 'CVE-2099-0001');
  assert.ok(nvd);
  const text = renderContentShow({ id: nvd.id, nvd, advisories: [], warnings: [] });
  assert.match(text, /1\. any of \[example:widget <= 2\.0\] AND any of \[example:widget_os = - \(platform, not vulnerable\)\]/);
  assert.match(text.replace(/\s+/g, ' '), /Version rule: none: no OR configuration of a product the version checks know \(not matched\)/);
  assert.match(text, /CVSS 4\.0: +9\.3 +CVSS:4\.0\//);
});

test('config file: content section rules and relative key paths', async (t) => {
  const table: Array<[unknown, string | undefined]> = [
    [{}, undefined], [{ other: 1 }, undefined], [{ content: { url: 'http://127.0.0.1/x.zip' } }, undefined],
    [[], 'the file must hold a JSON object'], [{ content: 'x' }, 'field content must be an object'],
    [{ content: { url: '' } }, 'field content.url must be a non-empty string'], [{ content: { uri: 'x' } }, 'field content.uri is unknown (known: url, publicKey)'],
  ];
  for (const [json, want] of table) assert.equal(contentSectionProblem(json), want, JSON.stringify(json));
  const dir = await mkdtemp(join(tmpdir(), 'farsight-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'c.json'), JSON.stringify({ content: { url: 'http://127.10.4.1/p.zip', publicKey: 'keys/pub.pem' } }));
  assert.deepEqual(await readContentConfig(join(dir, 'c.json')), { file: join(dir, 'c.json'), url: 'http://127.10.4.1/p.zip', publicKeyPath: join(dir, 'keys/pub.pem') });
  assert.deepEqual(await readContentConfig(undefined, { HOME: dir }), {}, 'a missing default config file is fine');
  await assert.rejects(readContentConfig(join(dir, 'missing.json')), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT') && /cannot read config file/.test(e.message));
});

test('show: a definition several products share lists each product\'s ranges', async () => {
  const def = (await loadBuiltinVulnPack()).get('CVE-2023-44487');
  assert.ok(def);
  const text = renderContentShow({ id: 'CVE-2023-44487', definition: def, definitionOrigin: 'built-in pack (http2-protocol.json)', advisories: [], warnings: [] }).replace(/\s+/g, ' ');
  assert.match(text, /Affected: apache:tomcat \[8\.5\.0, 8\.5\.94\).* \| apache:http_server < 2\.4\.58 \| f5:nginx \[1\.9\.5, 1\.25\.2\] \| eclipse:jetty < 9\.4\.53/);
});
