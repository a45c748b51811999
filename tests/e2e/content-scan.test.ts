// Installed and imported content reaches `farsight scan`: an NVD CVE imported into a content
// directory produces a finding on a matching banner, and an installed package's fingerprints
// replace the built-in ones. Banner servers bind 127.10.2.1 (this suite's block).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { builtinFingerprintDir } from '@farsight/content/recog/load-files';
import { buildPackage } from '@farsight/content/store/pack-build';
import { installPackage } from '@farsight/content/store/install';
import { validatePackage } from '@farsight/content/store/package-validate';

const root = new URL('../../', import.meta.url).pathname;
const HOST = '127.10.2.1';

function farsight(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}apps/cli/src/main.ts`, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FARSIGHT_CONTENT_DIR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr }); });
  });
}

async function bannerServer(banner: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((c) => {
    c.on('error', () => undefined);
    c.write(`${banner}\r\n`);
    c.on('data', () => c.write('530 Please login with USER and PASS.\r\n'));
    setTimeout(() => c.destroy(), 10_000).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => { server.close(() => resolve()); }) };
}

interface ScanDoc { hosts: Array<{ services: Array<{ product?: string; version?: string }>; findings: Array<{ id: string; verdict: string; rule: string }> }> }

async function scan(port: number, contentDir: string): Promise<ScanDoc> {
  const r = await farsight(['scan', HOST, '-p', String(port), '--no-discovery', '--json', '--no-progress', '--content-dir', contentDir]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ScanDoc;
}

test('an imported NVD CVE becomes a scan finding only with that content directory', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'farsight-content-scan-'));
  const empty = await mkdtemp(join(tmpdir(), 'farsight-content-empty-'));
  const ftp = await bannerServer('220 (vsFTPd 3.0.3)');
  t.after(async () => { await ftp.close(); await rm(dir, { recursive: true, force: true }); await rm(empty, { recursive: true, force: true }); });
  const imp = await farsight(['content', 'import', join(root, 'packages/content/src/import/fixtures/nvdcve-2.0-sample.json'), '--content-dir', dir]);
  assert.equal(imp.code, 0, imp.stderr);
  const withImport = await scan(ftp.port, dir);
  const finding = withImport.hosts[0]?.findings.find((f) => f.id === 'CVE-2099-0003');
  assert.ok(finding, JSON.stringify(withImport.hosts[0]?.findings));
  assert.equal(finding.verdict, 'vulnerable');
  assert.match(finding.rule, /CVE-2099-0003/);
  const without = await scan(ftp.port, empty);
  assert.equal(without.hosts[0]?.findings.some((f) => f.id === 'CVE-2099-0003'), false);
});

test("an installed package's fingerprints replace the built-in ones", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'farsight-content-fp-'));
  const ftp = await bannerServer('220 Farsight-Test-FTPd 1.2 ready');
  t.after(async () => { await ftp.close(); await rm(dir, { recursive: true, force: true }); });
  const custom = `<?xml version="1.0" encoding="UTF-8"?>
<fingerprints matches="ftp.banner" protocol="ftp" database_type="service" preference="0.95">
  <fingerprint pattern="^Farsight-Test-FTPd (\\d+\\.\\d+) ready$">
    <description>A test FTP server known only to this package</description>
    <example service.product="TestFTPd" service.version="1.2">Farsight-Test-FTPd 1.2 ready</example>
    <param pos="0" name="service.vendor" value="Farsight"/>
    <param pos="0" name="service.product" value="TestFTPd"/>
    <param pos="1" name="service.version"/>
  </fingerprint>
</fingerprints>
`;
  const before = await scan(ftp.port, dir);
  assert.notEqual(before.hosts[0]?.services[0]?.product, 'TestFTPd', 'the built-in fingerprints do not know it');
  const files = new Map<string, Buffer>([
    ['fingerprints/ftp_banners.xml', await readFile(join(builtinFingerprintDir(), 'ftp_banners.xml'))],
    ['fingerprints/test_ftp.xml', Buffer.from(custom)],
  ]);
  const built = buildPackage(files, { version: 'fp-1' });
  await installPackage(dir, validatePackage(built.zip, 'fp-1.zip'), { sha256: built.sha256 });
  const after = await scan(ftp.port, dir);
  assert.deepEqual([after.hosts[0]?.services[0]?.product, after.hosts[0]?.services[0]?.version], ['TestFTPd', '1.2']);
});
