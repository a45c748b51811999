// End to end: real version-check findings through the console. The Local engine scans labnet's
// `vuln-versions` network (relocated to 127.12.N.x per process) with a template running safe
// checks and the content store of FARSIGHT_CONTENT_DIR (built-in pack plus an NVD import); the
// console writes each finding's definition from the same content, so the v3 API shows the
// expected findings with their real definitions (title, description, CVSS, CVEs, references).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabnet, type Labnet } from '@farsight/labnet';
import { VULN_VERSIONS_EXPECTED } from '@farsight/labnet/networks/vuln-versions';
import { importFiles } from '@farsight/content/import/import-files';
import { loadActiveContent, type ActiveContent } from '@farsight/content/store/index';
import { forEachDb, startTestConsole, assertMatchesV3 } from './harness/index.ts';
import { labnetSite, labnetTemplate, siteAssets, waitForScan, type Json } from './scan-e2e-helpers.ts';

const NVD_SAMPLE = new URL('../../packages/content/src/import/fixtures/nvdcve-2.0-sample.json', import.meta.url).pathname;
// A /24 of its own per process (127.12.20-219.x), so concurrent runs never collide.
const BLOCK = `127.12.${20 + (process.pid % 200)}`;
const at = (address: string): string => `${BLOCK}.${address.split('.')[3]}`;
let net: Labnet;
let contentDir: string;
let content: ActiveContent;
const savedDir = process.env.FARSIGHT_CONTENT_DIR;

before(async () => {
  contentDir = mkdtempSync(join(tmpdir(), 'farsight-console-content-'));
  const [r] = await importFiles(contentDir, [NVD_SAMPLE]);
  assert.equal(r?.error, undefined);
  // The console and its Local engine (a child inheriting the environment) read this store.
  process.env.FARSIGHT_CONTENT_DIR = contentDir;
  content = await loadActiveContent({ contentDir });
  net = await startLabnet('vuln-versions', { ttlSeconds: 600, relocate: BLOCK });
});
after(async () => {
  await net?.stop();
  if (savedDir === undefined) delete process.env.FARSIGHT_CONTENT_DIR; else process.env.FARSIGHT_CONTENT_DIR = savedDir;
  rmSync(contentDir, { recursive: true, force: true });
});

forEachDb('version-check findings of a Local engine scan appear via the v3 API with their content definitions', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const siteId = await labnetSite(c, net, await labnetTemplate(c, net, { checkCategories: ['safe'] }), 'vuln-versions');
  const started = await c.request('POST', `/api/3/sites/${siteId}/scans`, { body: { name: 'version checks' } });
  assert.equal(started.status, 201, started.text);
  await waitForScan(c, started.body.id as number);
  const assets = await siteAssets(c, siteId);

  // Every expected finding is on its asset (relocated address), with a definition.
  const missing: string[] = [];
  const byAsset = new Map<string, Set<string>>();
  for (const a of assets) {
    const r = await c.request('GET', `/api/3/assets/${a.id}/vulnerabilities?size=500`);
    assert.equal(r.status, 200, r.text);
    byAsset.set(a.ip as string, new Set((r.body.resources as Json[]).map((f) => String(f.id))));
    if (a.ip === at(VULN_VERSIONS_EXPECTED[0]?.address ?? '')) assertMatchesV3(r, 'PageOf«VulnerabilityFinding»');
  }
  for (const f of VULN_VERSIONS_EXPECTED) if (!byAsset.get(at(f.address))?.has(f.id)) missing.push(`${at(f.address)} ${f.id}`);
  assert.deepEqual(missing, [], 'expected version findings missing from the API');

  // The imported NVD definition (not in the built-in pack) flowed engine → console: finding and definition.
  const vsftpd = at(VULN_VERSIONS_EXPECTED.find((f) => f.id === 'CVE-2011-2523')?.address ?? '');
  assert.ok(byAsset.get(vsftpd)?.has('CVE-2099-0003'), `imported CVE-2099-0003 reported on ${vsftpd}: ${[...byAsset.get(vsftpd) ?? []].join(', ')}`);

  // Definitions are the content's, in the v3 shape.
  for (const id of [...new Set(VULN_VERSIONS_EXPECTED.map((f) => f.id)), 'CVE-2099-0003']) {
    const want = content.vulns.get(id);
    assert.ok(want, `${id} is in the content`);
    const r = await c.request('GET', `/api/3/vulnerabilities/${id}`);
    assert.equal(r.status, 200, `${id}: ${r.text}`);
    const v = r.body as Json;
    assert.equal(v.title, want.title, `${id} title`);
    assert.ok(String(v.description.text).startsWith(want.description), `${id} description`);
    assert.match(String(v.description.text), new RegExp(`Solution \\(${want.solution.type}\\)`));
    assert.deepEqual(v.cves, want.cves, `${id} cves`);
    const v31 = want.scores.find((s) => s.version === '3.1');
    if (v31) assert.deepEqual([v.cvss.v3?.vector, v.cvss.v3?.score], [v31.vector, v31.score], `${id} CVSS v3.1`);
    assert.ok((v.references as Json[]).length > 0 && (v.references as Json[]).every((x) => typeof x.url === 'string' && x.url.startsWith('https://')), `${id} references`);
    for (const cwe of want.cwes) assert.ok((v.categories as string[]).includes(cwe), `${id} CWE ${cwe} in categories`);
    if (want.published) assert.equal(v.published, want.published, `${id} published`);
  }
  // The Local engine publishes the version of the content it scanned with (no package installed: builtin).
  const engine = await c.request('GET', '/api/3/scan_engines/1');
  assert.equal(engine.body.contentVersion, 'builtin', engine.text);
  const one = await c.request('GET', '/api/3/vulnerabilities/CVE-2024-6387');
  assertMatchesV3(one, 'Vulnerability');
  const page = await c.request('GET', '/api/3/vulnerabilities?size=500');
  assertMatchesV3(page, 'PageOf«Vulnerability»');
  assert.ok(page.body.page.totalResources >= new Set(VULN_VERSIONS_EXPECTED.map((f) => f.id)).size, 'the list shows the definitions');
}, { timeout: 300_000 });
