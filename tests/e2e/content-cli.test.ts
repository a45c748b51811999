// `farsight content` as a user runs it: pack → serve over loopback HTTP (127.10.1.1) → update
// (config file, signature) → list → import NVD/OSV → show, and the failures a user meets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '@farsight/content/archive/zip-writer';
import { ed25519Pair, packageFiles, startPackageServer } from '@farsight/content/store/fixture-package.test-data';

const root = new URL('../../', import.meta.url).pathname;
const fixtures = join(root, 'packages/content/src/import/fixtures');

function farsight(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}apps/cli/src/main.ts`, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FARSIGHT_CONFIG: '', FARSIGHT_CONTENT_DIR: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr }); });
  });
}

test('farsight content: pack, update, list, import, show and their errors', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'farsight-content-cli-'));
  const server = await startPackageServer('127.10.1.1');
  t.after(async () => { await server.close(); await rm(work, { recursive: true, force: true }); });
  const dir = join(work, 'content');
  const keys = ed25519Pair();
  await writeFile(join(work, 'signing.pem'), keys.privateKey);
  await writeFile(join(work, 'signing.pub.pem'), keys.publicKey);

  const src = join(work, 'src');
  for (const [path, data] of packageFiles(['CVE-2021-41773'])) {
    await mkdir(join(src, path, '..'), { recursive: true });
    await writeFile(join(src, path), data);
  }
  const pack = await farsight(['content', 'pack', src, '--package-version', '2026.11.1', '-o', join(work, 'content.zip'), '--sign-key', join(work, 'signing.pem')]);
  assert.equal(pack.code, 0, pack.stderr);
  assert.match(pack.stdout, /content 2026\.11\.1, \d+ fingerprints, 1 vulnerabilities, 1 advisories, sha256 [0-9a-f]{64}, signed/);
  for (const ext of ['', '.sha256', '.sig']) server.files.set(`/content.zip${ext}`, await readFile(join(work, `content.zip${ext}`)));

  await writeFile(join(work, 'config.json'), JSON.stringify({ content: { url: server.url('/content.zip'), publicKey: 'signing.pub.pem' } }));
  const update = await farsight(['content', 'update', '--config', join(work, 'config.json'), '--content-dir', dir]);
  assert.equal(update.code, 0, update.stderr);
  assert.match(update.stdout, /content 2026\.11\.1 installed in .* sha256 verified, signature verified/);

  const list = await farsight(['content', 'list', '--json'], { FARSIGHT_CONTENT_DIR: dir });
  assert.equal(list.code, 0, list.stderr);
  const rows = (JSON.parse(list.stdout) as { rows: Array<{ source: string; version: string; active: boolean }> }).rows;
  assert.deepEqual(rows.map((r) => [r.source, r.version, r.active]), [['package', '2026.11.1', true], ['built-in', rows[1]?.version, false]]);

  const osvZip = join(work, 'osv.zip');
  await writeFile(osvZip, buildZip([{ name: 'USN-6859-1.json', data: await readFile(join(fixtures, 'osv-USN-6859-1.json')) }]));
  const imp = await farsight(['content', 'import', join(fixtures, 'nvdcve-2.0-sample.json'), osvZip, '--content-dir', dir]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /^FILE\s+FORMAT\s+RECORDS\s+ADDED\s+UPDATED\s+UNCHANGED\s+REMOVED\s+TOTAL/);
  assert.match(imp.stdout, /nvdcve-2\.0-sample\.json\s+nvd\s+5\s+5\s+0\s+0\s+0\s+5/);
  const table = await farsight(['content', 'list', '--content-dir', dir]);
  assert.match(table.stdout, /^nvd\s+5\s+2026-11-20T08:00:01\.123Z/m);
  assert.match(table.stdout, /^osv\s+1\s/m);

  const show = await farsight(['content', 'show', 'cve-2099-0003', '--content-dir', dir]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /CVE-2099-0003 {2}\(NVD import, Analyzed\)/);
  assert.match(show.stdout, /Version rule: vsftpd: \[2\.0\.0, 3\.0\.5\) \(matched by version checks\)/);
  assert.match(show.stdout, /CVSS 3\.1: +5\.3 +CVSS:3\.1\/AV:N/);
  const usn = await farsight(['content', 'show', 'USN-6859-1', '--content-dir', dir]);
  assert.match(usn.stdout, /Ubuntu:22\.04:LTS openssh 1:8\.9p1-3ubuntu0\.10/);
  assert.match(usn.stdout, /Source: +OSV import/);

  // Failures: unknown id, tampered signature, no URL, a bad import file.
  const missing = await farsight(['content', 'show', 'CVE-1999-0001', '--content-dir', dir]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /error CONTENT_NOT_FOUND: CVE-1999-0001 is not in/);
  const v2 = join(work, 'v2.zip');
  await copyFile(join(work, 'content.zip'), v2);
  server.files.set('/v2.zip', await readFile(v2));
  server.files.set('/v2.zip.sha256', await readFile(join(work, 'content.zip.sha256')));
  server.files.set('/v2.zip.sig', Buffer.from(Buffer.alloc(64, 7).toString('base64')));
  const forged = await farsight(['content', 'update', '--url', server.url('/v2.zip'), '--public-key', join(work, 'signing.pub.pem'), '--content-dir', dir]);
  assert.equal(forged.code, 1);
  assert.match(forged.stderr, /error CONTENT_INTEGRITY_FAILED: .*signature does not verify/);
  const noUrl = await farsight(['content', 'update', '--content-dir', dir], { HOME: work });
  assert.equal(noUrl.code, 2);
  assert.match(noUrl.stderr, /error INVALID_ARGUMENT: no content URL: pass --url URL or set content\.url/);
  await writeFile(join(work, 'bad.json'), JSON.stringify({ format: 'NVD_CVE', version: '2.0', vulnerabilities: [{ cve: { id: 'CVE-2024-0001' } }] }));
  const bad = await farsight(['content', 'import', join(work, 'bad.json'), '--content-dir', dir]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /error CONTENT_IMPORT_INVALID: .*bad\.json: vulnerabilities\[0\] \(CVE-2024-0001\): field cve\.published/);
  const after = await farsight(['content', 'list', '--json', '--content-dir', dir]);
  assert.equal((JSON.parse(after.stdout) as { rows: Array<{ version: string }> }).rows[0]?.version, '2026.11.1', 'failed updates left the content as it was');

  // A package file changed on disk: scans fall back to the built-in pack, and list says so.
  const pointer = JSON.parse(await readFile(join(dir, 'active.json'), 'utf8')) as { package: string };
  await writeFile(join(dir, 'packages', pointer.package, 'vulns', 'test-nvd.json'), '{}');
  const damaged = await farsight(['content', 'list', '--json', '--content-dir', dir]);
  const listing = JSON.parse(damaged.stdout) as { rows: Array<{ source: string; active: boolean }>; warnings: string[] };
  assert.deepEqual(listing.rows.slice(0, 2).map((r) => [r.source, r.active]), [['package', false], ['built-in', true]]);
  assert.match(listing.warnings.join('\n'), /vulns\/test-nvd\.json no longer matches its manifest SHA-256/);
  assert.match(damaged.stderr, /warning: installed content ignored/);

  const help = await farsight(['content', 'update', '--help']);
  assert.match(help.stdout, /--sha256 <hex>/);
  assert.match(help.stdout, /symlinks/);
});
