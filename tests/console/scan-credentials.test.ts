// Console-stored SSH credentials drive authenticated scans on the Local engine (issues 3 + 6).
// Two in-process ssh2 hosts on 127.13.N.x emulate Ubuntu 22.04 (tests/e2e/auth-fixtures). A
// site credential restricted to host A (and its SSH port) is created over the v3 API, plus a
// shared credential for all sites restricted to an address outside the site and a shared
// credential assigned to another site only. A scan of the site through the Local engine:
// host A logs in (success, packages, OS) and its local findings (built-in advisories) appear
// via the API with package/installed/fixed in the proof; host B sees zero credential attempts;
// the canary password appears nowhere: console logs, engine spool files, the database (every
// table, the sealed column included), API responses and the scan log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestHost, type TestHost } from '../e2e/auth-fixtures/ssh-test-host.ts';
import { UBUNTU } from '../e2e/auth-fixtures/profiles.ts';
import { CANARY_PASSWORD, assertNoCanary } from '../e2e/auth-fixtures/canary.ts';
import { forEachDb, startTestConsole, type TestConsole, type TestResponse } from './harness/index.ts';
import { waitForScan, type Json } from './scan-e2e-helpers.ts';
import { consoleKeyring } from '../../apps/console/src/services/credentials-keyring.ts';
import { credentialsForScan } from '../../apps/console/src/services/scans-credentials.ts';

// A /24 of its own per process (127.13.10-209.x), so concurrent runs never collide.
const BLOCK = `127.13.${10 + (process.pid % 200)}`;
const A = `${BLOCK}.10`;
const B = `${BLOCK}.11`;
const C = `${BLOCK}.12`;
const ELSEWHERE = `${BLOCK}.200`;
let hostA: TestHost;
let hostB: TestHost;
let hostC: TestHost;
let contentDir: string;
const savedContent = process.env.FARSIGHT_CONTENT_DIR;

before(async () => {
  // An empty content store: the Local engine matches the built-in advisories.
  contentDir = mkdtempSync(join(tmpdir(), 'farsight-console-auth-content-'));
  process.env.FARSIGHT_CONTENT_DIR = contentDir;
  hostA = await startTestHost({ address: A, user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands });
  hostB = await startTestHost({ address: B, user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands });
  hostC = await startTestHost({ address: C, user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands });
});
after(async () => {
  await hostA?.close();
  await hostB?.close();
  await hostC?.close();
  if (savedContent === undefined) delete process.env.FARSIGHT_CONTENT_DIR; else process.env.FARSIGHT_CONTENT_DIR = savedContent;
  rmSync(contentDir, { recursive: true, force: true });
});

/** Every log line the console writes (pino stream, shared by the background services' child loggers). */
function captureLogs(c: TestConsole): string[] {
  const lines: string[] = [];
  let o: object | null = c.console.app.log as object;
  for (let depth = 0; o && depth < 8; depth++, o = Object.getPrototypeOf(o) as object | null) {
    const sym = Object.getOwnPropertySymbols(o).find((s) => s.description === 'pino.stream');
    if (!sym) continue;
    const stream = (o as Record<symbol, { write: (s: string) => boolean }>)[sym];
    assert.ok(stream, 'the console logger has a stream');
    stream.write = (s: string) => { lines.push(s); return true; };
    return lines;
  }
  assert.fail('cannot find the console logger stream');
}

/** Every file under `dir`, as latin1 text (so any byte sequence of the canary is found). */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p).toString('latin1') });
  }
  return out;
}

forEachDb('console-stored SSH credentials: authenticated scan via the Local engine, host restriction honoured, no secret anywhere', async (t, db) => {
  const c = await startTestConsole({ db, logLevel: 'debug' });
  t.after(() => c.stop());
  const logs = captureLogs(c);
  const responses: TestResponse[] = [];
  const api = async (method: string, path: string, body?: unknown): Promise<TestResponse> => {
    const r = await c.request(method, path, body === undefined ? {} : { body });
    responses.push(r);
    return r;
  };

  const tpl = await api('POST', '/api/3/scan_templates', { name: `auth ${Date.now()}`, copyOf: 'full-audit', farsight: {
    tcpPorts: `T:${hostA.port},${hostB.port},${hostC.port}`, udpPorts: 'U:53', discovery: { enabled: false }, checkCategories: [], performance: { serviceTimeoutMs: 4000 },
  } });
  assert.equal(tpl.status, 201, tpl.text);
  const site = await api('POST', '/api/3/sites', { name: 'auth site', scanTemplateId: tpl.body.id, scan: { assets: { includedTargets: { addresses: [A, B, C] } } } });
  assert.equal(site.status, 201, site.text);
  const other = await api('POST', '/api/3/sites', { name: 'other site', scan: { assets: { includedTargets: { addresses: [ELSEWHERE] } } } });
  assert.equal(other.status, 201, other.text);
  const siteId = site.body.id as number;
  const account = { service: 'ssh', username: 'scanner', password: CANARY_PASSWORD };

  const siteCred = await api('POST', `/api/3/sites/${siteId}/site_credentials`, { name: 'lab A', account, hostRestriction: A, portRestriction: hostA.port });
  assert.equal(siteCred.status, 201, siteCred.text);
  // Host C: a wrong password is a badcredential outcome.
  const wrong = await api('POST', `/api/3/sites/${siteId}/site_credentials`, { name: 'lab C', account: { ...account, password: 'wrong-password-3e1f' }, hostRestriction: C, portRestriction: hostC.port });
  assert.equal(wrong.status, 201, wrong.text);
  // Applies to every site, but only to an address outside this one: never presented to A or B.
  const elsewhere = await api('POST', '/api/3/shared_credentials', { name: 'elsewhere', account, hostRestriction: ELSEWHERE, portRestriction: hostB.port, siteAssignment: 'all-sites' });
  assert.equal(elsewhere.status, 201, elsewhere.text);
  // Assigned to the other site only: not sent for this site's scan at all.
  const otherOnly = await api('POST', '/api/3/shared_credentials', { name: 'other only', account, siteAssignment: 'specific-sites', sites: [other.body.id] });
  assert.equal(otherOnly.status, 201, otherOnly.text);

  const started = await api('POST', `/api/3/sites/${siteId}/scans`, { name: 'authenticated' });
  assert.equal(started.status, 201, started.text);
  const scanId = started.body.id as number;
  await waitForScan(c, scanId);

  // Host A: logged in with the site credential; inventory summarised; coverage counts it.
  const cov = await api('GET', `/api/farsight/scans/${scanId}/credentials`);
  assert.equal(cov.status, 200, cov.text);
  assert.equal(cov.body.attempted, 2, cov.text);
  assert.equal(cov.body.success, 1, cov.text);
  assert.deepEqual([cov.body.outcomes.success, cov.body.outcomes.badcredential], [1, 1]);
  const [a, cHost] = cov.body.hosts as Json[];
  assert.deepEqual([cHost?.address, cHost?.outcome, cHost?.credentialId, cHost?.packages], [C, 'badcredential', wrong.body.id, null]);
  assert.equal(a?.address, A);
  assert.equal(a?.credentialId, siteCred.body.id);
  assert.equal(a?.method, 'password');
  assert.equal(a?.packages, UBUNTU.packageCount);
  assert.equal(a?.ecosystem, UBUNTU.ecosystem);
  assert.match(String(a?.os), /Ubuntu 22\.04/);
  assert.ok(hostA.credentialAttempts >= 1, 'host A was logged in to');
  // Host B: inside the site, but no credential may be presented to it.
  assert.equal(hostB.credentialAttempts, 0, 'no credential was presented to host B');

  const scanView = await api('GET', `/api/3/scans/${scanId}`);
  assert.ok((scanView.body.links as Json[]).some((l) => l.rel === 'Credentials' && String(l.href).endsWith(`/api/farsight/scans/${scanId}/credentials`)), 'the scan links its coverage');
  const assetA = await api('GET', `/api/farsight/assets/${a?.assetId as number}/authentication`);
  assert.equal(assetA.status, 200, assetA.text);
  assert.equal(assetA.body.authentication.outcome, 'success');
  assert.equal(assetA.body.authentication.scanId, scanId);

  // Local findings of the built-in advisories, as findings with package, installed and fixed in the proof.
  const vulns = await api('GET', `/api/farsight/assets/${a?.assetId as number}/findings?size=500`);
  assert.equal(vulns.status, 200, vulns.text);
  const findings = vulns.body.resources as Json[];
  const ids = new Set(findings.map((f) => String(f.checkId)));
  for (const want of UBUNTU.vulnerable.map((v) => v.split(' ')[0] as string)) assert.ok(ids.has(want), `${want} reported on ${A}: ${[...ids].join(', ')}`);
  const ssh = findings.find((f) => String(f.checkId) === 'CVE-2024-6387');
  assert.match(String(ssh?.proof), /openssh 1:8\.9p1-3ubuntu0\.6 installed .*fixed in 1:8\.9p1-3ubuntu0\.10/);
  const v3 = await api('GET', `/api/3/assets/${a?.assetId as number}/vulnerabilities`);
  assert.equal(v3.status, 200, v3.text);
  assert.ok((v3.body.resources as Json[]).some((f) => f.id === 'CVE-2024-6387'), 'v3 lists the local finding');

  // The scan log says which credentials were sent (names, never secrets).
  const log = await api('GET', `/api/farsight/scans/${scanId}/log`);
  assert.match(log.text, /credentials: 3 sent to the engine .*lab A.* restricted to /);
  assert.doesNotMatch(log.text, /other only/);

  // The canary is nowhere.
  for (const r of responses) assertNoCanary(r.text, `API response ${r.status}`);
  c.console.app.log.info('scan-credentials test: log capture probe');
  assert.ok(logs.some((l) => l.includes('log capture probe')), 'console logs are captured');
  assertNoCanary(logs.join(''), 'console logs');
  const spool = filesUnder(join(c.console.config.dataDir, 'local-engine'));
  assert.ok(spool.some((f) => f.path.endsWith('spool.sqlite')), 'the engine spool was written');
  for (const f of spool) assertNoCanary(f.text, `engine spool file ${f.path}`);
  const tables = await c.db.introspection.getTables();
  assert.ok(tables.some((x) => x.name === 'credentials'));
  for (const table of tables) {
    const rows = await sql<Json>`SELECT * FROM ${sql.table(table.name)}`.execute(c.db);
    assertNoCanary(JSON.stringify(rows.rows), `database table ${table.name}`);
  }
  if (db === 'sqlite') for (const f of filesUnder(c.console.config.dataDir)) assertNoCanary(f.text, `console data file ${f.path}`);
}, { timeout: 300_000 });

test('an engine that negotiated protocol 1.1 gets no credentials; the scan log says the scan runs unauthenticated', { timeout: 120_000 }, async (t) => {
  const c = await startTestConsole({ db: 'sqlite' });
  t.after(() => c.stop());
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'old engine', scan: { assets: { includedTargets: { addresses: [A] } } } } });
  assert.equal(site.status, 201, site.text);
  const cred = await c.request('POST', `/api/3/sites/${site.body.id as number}/site_credentials`, { body: { name: 'lab', account: { service: 'ssh', username: 'scanner', password: CANARY_PASSWORD } } });
  assert.equal(cred.status, 201, cred.text);
  const scan = await c.request('POST', `/api/3/sites/${site.body.id as number}/scans`, { body: { name: 'x' } });
  assert.equal(scan.status, 201, scan.text);
  const ring = consoleKeyring(c.console.config.dataDir);
  const scanId = scan.body.id as number;
  assert.deepEqual(await credentialsForScan(c.db, ring, scanId, '1.1'), []);
  const sent = await credentialsForScan(c.db, ring, scanId, '1.2');
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.password, CANARY_PASSWORD, 'decrypted for the engine');
  const log = await c.request('GET', `/api/farsight/scans/${scanId}/log`);
  assert.match(log.text, /not sent, the engine speaks protocol 1\.1/);
  assertNoCanary(log.text, 'scan log');
});
