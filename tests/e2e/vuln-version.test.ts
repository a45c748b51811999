// Version checks against labnet's `vuln-versions` network (127.5.0.x, relocated per process): exactly the expected
// findings, no false positive on patched or backported builds, a reason for every "not
// affected", and `farsight scan --format sarif --fail-on` as a pipeline uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startLabnet, type Labnet } from '@farsight/labnet';
import { VULN_VERSIONS_BACKPORTED, VULN_VERSIONS_EXPECTED, VULN_VERSIONS_PATCHED } from '@farsight/labnet/networks/vuln-versions';
import { FingerprintDb } from '@farsight/content';
import { loadBuiltinVulnPack } from '@farsight/content/vulns/index';
import { runScan } from '@farsight/scanner/scan/run-scan';
import { matchServiceVulns } from '@farsight/scanner/checks/version-check';
import type { ScanReport } from '@farsight/scanner/types';

const root = new URL('../../', import.meta.url).pathname;
// A /24 of its own per process (127.5.10-249.x), so two suites running at once on one machine never collide.
const BLOCK = `127.5.${10 + (process.pid % 240)}`;
/** The address of a `vuln-versions` host (127.5.0.N) in this run's block. */
const at = (address: string): string => `${BLOCK}.${address.split('.')[3]}`;
let net: Labnet;
let report: ScanReport;

before(async () => {
  net = await startLabnet('vuln-versions', { ttlSeconds: 600, relocate: BLOCK });
  const truth = net.groundTruth();
  report = await runScan({
    targets: truth.hosts.map((h) => h.address), ports: '21,22,80', noDiscovery: true,
    fingerprints: await FingerprintDb.builtin(), performance: { serviceTimeoutMs: 8000 },
  });
});
after(async () => { await net?.stop(); });

const versionFindings = (r: ScanReport): string[] => r.hosts.flatMap((h) => h.findings
  .filter((f) => f.rule.startsWith('version:'))
  .map((f) => `${h.address}:${f.port} ${f.id} ${f.verdict} ${f.rule}`)).sort();

test('every service of the network is identified with its version (the input of version checks)', () => {
  for (const h of net.groundTruth().hosts) {
    for (const s of h.services) {
      const got = report.hosts.find((x) => x.address === h.address)?.services.find((x) => x.port === s.port);
      assert.equal(got?.version, s.version, `${h.address}:${s.port} version`);
    }
  }
});

test('version checks report exactly the expected findings, with their rules', () => {
  const want = VULN_VERSIONS_EXPECTED.map((f) => `${at(f.address)}:${f.port} ${f.id} ${f.verdict} ${f.rule}`).sort();
  const got = versionFindings(report);
  assert.deepEqual(got.filter((x) => !want.includes(x)), [], 'unexpected findings (false positives)');
  assert.deepEqual(want.filter((x) => !got.includes(x)), [], 'missed findings');
});

test('0 false positives: patched builds have no version finding, backported builds are never "vulnerable" without proof', () => {
  for (const address of VULN_VERSIONS_PATCHED.map(at)) {
    const h = report.hosts.find((x) => x.address === address);
    assert.ok(h, `${address} scanned`);
    assert.deepEqual(h.findings.filter((f) => f.rule.startsWith('version:')).map((f) => f.id), [], `${address} is patched`);
  }
  for (const address of VULN_VERSIONS_BACKPORTED.map(at)) {
    for (const f of report.hosts.find((x) => x.address === address)?.findings ?? []) {
      if (!f.rule.startsWith('version:')) continue;
      // A distribution build is "vulnerable" only when its banner shows a package older than the fix.
      if (f.verdict === 'vulnerable') assert.match(f.proof, /package \S+ is older than the fixed \S+/, `${address} ${f.id}`);
      else assert.equal(f.confidence, 'low', `${address} ${f.id} potential findings have low confidence`);
    }
  }
});

test('findings carry the documented fields; potential ones say why', () => {
  const all = report.hosts.flatMap((h) => h.findings.filter((f) => f.rule.startsWith('version:')));
  assert.ok(all.length >= 50, `${all.length} version findings`);
  for (const f of all) {
    assert.ok(f.cvss && f.cvss.version === '3.1' && f.cvss.score > 0 && f.cvss.vector.startsWith('CVSS:3.1/'), `${f.id} cvss`);
    assert.deepEqual(f.cves, [f.id]);
    assert.equal(f.protocol, 'tcp');
    if (f.verdict === 'potential') assert.match(f.proof, /not visible|no \w+ \S+ fixed version/, `${f.id}: ${f.proof}`);
  }
  const hidden = all.find((f) => f.id === 'CVE-2024-6387' && f.port === 22 && f.verdict === 'potential');
  assert.match(hidden?.proof ?? '', /Debian backports fixes without changing the upstream version/);
});

test('invulnerable verdicts name the fixed and the seen package version', async () => {
  const pack = await loadBuiltinVulnPack();
  const host = report.hosts.find((h) => h.address === at('127.5.0.12'));
  const ssh = host?.services.find((s) => s.port === 22);
  assert.ok(host && ssh);
  const r = matchServiceVulns(ssh, host, pack);
  const regresshion = r.invulnerable.find((v) => v.id === 'CVE-2024-6387');
  assert.equal(regresshion?.reason, 'fixed in 1:8.9p1-3ubuntu0.10, banner shows 1:8.9p1-3ubuntu0.10');
  assert.equal(regresshion?.rule, 'version:openssh:CVE-2024-6387:ubuntu-22.04');
});

function farsight(args: string[], timeoutMs = 180_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}apps/cli/src/main.ts`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr }); });
  });
}

test('farsight scan --format sarif --fail-on high: SARIF on stdout, exit status 3 on a vulnerable host', async () => {
  const r = await farsight(['scan', at('127.5.0.15'), '--ports', '80', '--no-discovery', '--no-progress', '--format', 'sarif', '--fail-on', 'high']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /fail-on high: \d+ vulnerable finding\(s\) at or above high/);
  const sarif = JSON.parse(r.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  const rule = run?.tool.driver.rules.find((x) => x.id === 'CVE-2021-41773');
  assert.ok(rule, 'CVE-2021-41773 is a rule');
  const result = run?.results.find((x) => x.ruleId === 'CVE-2021-41773');
  assert.equal(result?.level, 'error');
  assert.equal(result?.locations[0]?.physicalLocation.artifactLocation.uri, `${at('127.5.0.15')}:80`);
});

test('--fail-on passes on a patched host and only potential findings do not fail the gate', async () => {
  const patched = await farsight(['scan', at('127.5.0.11'), '--ports', '22,80', '--no-discovery', '--no-progress', '--fail-on', 'low']);
  assert.equal(patched.code, 0, patched.stderr);
  assert.ok(patched.stdout.includes(`Host ${at('127.5.0.11')}`), patched.stdout);
  const hidden = await farsight(['scan', at('127.5.0.14'), '--ports', '22,80', '--no-discovery', '--no-progress', '--fail-on', 'medium']);
  assert.equal(hidden.code, 0, hidden.stderr);
  assert.match(hidden.stderr, /potential finding\(s\) at or above medium do not fail the gate/);
  assert.match(hidden.stdout, /CVE-2024-6387\s+potential \(low\)/);
  const bad = await farsight(['scan', at('127.5.0.14'), '--fail-on', 'severe']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on 'severe' is not a severity; use one of info, low, medium, high, critical/);
});
