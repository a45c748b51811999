// End to end: a full-audit scan of the active-checks labnet reports exactly the active-check
// findings ground truth predicts (nothing missed, no false positive); the CLI's check flags
// (--intrusive, --checks, --no-checks, unknown ids) behave as documented. Network on 127.6.2.x.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startLabnet, type Labnet } from '@farsight/labnet';
import { FingerprintDb } from '@farsight/content';
import { runScan } from '@farsight/scanner/scan/run-scan';
import type { Finding } from '@farsight/scanner/checks/types';
import type { ScanReport } from '@farsight/scanner/types';
import { expectedFindings, minus, reportedFindings } from '../checks/weakness-map.ts';

const NET = '127.6.2';
const PORTS = '21,22,23,25,80,443,6379,8080,8443,9200,9443,10443,11211,11443,12443,27017,U:161';
const root = new URL('../../', import.meta.url).pathname;
let net: Labnet;
before(async () => { net = await startLabnet('active-checks', { relocate: NET, ttlSeconds: 900 }); });
after(async () => { await net.stop(); });

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}apps/cli/src/main.ts`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const killer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code) => { clearTimeout(killer); resolve({ code: code ?? 1, stdout, stderr }); });
  });
}

test('full-audit of the active-checks network: exactly the predicted findings, 0 false positives', async () => {
  const report = await runScan({ targets: [`${NET}.0/24`], ports: PORTS, template: 'full-audit', fingerprints: FingerprintDb.builtin() });
  const want = expectedFindings(net.groundTruth());
  const got = reportedFindings(report);
  assert.deepEqual(minus(got, want), [], 'false positives');
  assert.deepEqual(minus(want, got), [], 'missed findings');
  assert.ok(want.size >= 35, `${want.size} expected findings`);
  const all = report.hosts.flatMap((h) => h.findings as Finding[]);
  assert.ok(!all.some((f) => f.id === 'farsight-ftp-anonymous-writable'), 'the intrusive check did not run by default');
  const snmp = all.filter((f) => f.id === 'farsight-snmp-default-community').map((f) => f.instance).sort();
  assert.deepEqual(snmp, ['private', 'public']);
  const sslv3 = all.find((f) => f.id === 'farsight-tls-sslv3-enabled');
  assert.ok(sslv3 && sslv3.rule === 'check:tls-protocol-versions' && sslv3.cvss?.vector.startsWith('CVSS:3.1/') && sslv3.cves.includes('CVE-2014-3566'));
  assert.ok(all.filter((f) => f.rule.startsWith('check:')).every((f) => f.proof.length > 0 && f.verdict === 'vulnerable'));
  const hostileAddrs = new Set(net.groundTruth().hosts.filter((h) => h.hostile).map((h) => h.address));
  const hostile = report.hosts.filter((h) => hostileAddrs.has(h.address));
  assert.equal(hostile.length, 5, 'hostile hosts were scanned');
  assert.ok(hostile.every((h) => (h.findings as Finding[]).every((f) => !f.rule.startsWith('check:'))), 'no active-check finding on hostile hosts');
});

test('CLI: --intrusive opts in to the writable-FTP check; without it the check never runs', async () => {
  const ftp = [`${NET}.40`, `${NET}.41`, `${NET}.42`];
  const args = ['scan', ...ftp, '--ports', '21', '--no-discovery', '--no-progress', '--json', '--checks', 'ftp-anonymous,ftp-anonymous-writable'];
  const withOptIn = await cli([...args, '--intrusive']);
  assert.equal(withOptIn.code, 0, withOptIn.stderr);
  const r1 = JSON.parse(withOptIn.stdout) as ScanReport;
  const ids = (r: ScanReport): string[] => r.hosts.flatMap((h) => (h.findings as Finding[]).filter((f) => f.rule.startsWith('check:')).map((f) => `${h.address.split('.')[3] ?? ''} ${f.id}`)).sort();
  assert.deepEqual(ids(r1), ['40 farsight-ftp-anonymous-login', '40 farsight-ftp-anonymous-writable', '41 farsight-ftp-anonymous-login']);
  assert.match((r1.hosts[0]?.findings as Finding[]).find((f) => f.id === 'farsight-ftp-anonymous-writable')?.proof ?? '', /removed again with RMD/);
  const without = await cli(args);
  assert.equal(without.code, 0, without.stderr);
  assert.deepEqual(ids(JSON.parse(without.stdout) as ScanReport), ['40 farsight-ftp-anonymous-login', '41 farsight-ftp-anonymous-login']);
  const none = await cli(['scan', `${NET}.40`, '--ports', '21', '--no-discovery', '--no-progress', '--json', '--no-checks']);
  assert.deepEqual(ids(JSON.parse(none.stdout) as ScanReport), []);
});

test('CLI: an unknown check id is a clear input error before anything is scanned', async () => {
  const before = net.connections(`${NET}.40`);
  const r = await cli(['scan', `${NET}.40`, '--ports', '21', '--no-progress', '--checks', 'ftp-anonymos']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /CHECK_UNKNOWN.*'ftp-anonymos' does not exist; valid ids: .*ftp-anonymous/);
  assert.equal(net.connections(`${NET}.40`), before, 'nothing was sent');
});
