import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { isFarsightError, type ErrorCode } from '@farsight/common';
import { buildZip, type ZipWriteEntry } from '../archive/zip-writer.ts';
import { updateContent, type UpdateOptions } from './update.ts';
import { loadActiveContent } from './load.ts';
import { signPackage } from './pack-build.ts';
import { ed25519Pair, startPackageServer, tempContentDir, testPackage, packageFiles } from './fixture-package.test-data.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A hostile archive: a valid manifest-bearing package plus extra entries. */
let base: { manifest: Buffer; files: ZipWriteEntry[] } | undefined;
function hostile(extra: ZipWriteEntry[]): Buffer {
  base ??= { manifest: Buffer.from(JSON.stringify(testPackage('9.9').manifest)), files: [...packageFiles()].map(([name, data]) => ({ name, data })) };
  return buildZip([{ name: 'manifest.json', data: base.manifest }, ...base.files, ...extra]);
}

test('content update over loopback HTTP: verification, signatures and hostile packages', async (t) => {
  const server = await startPackageServer('127.10.0.1');
  const root = await tempContentDir();
  t.after(async () => { await server.close(); await rm(root, { recursive: true, force: true }); });
  const keys = ed25519Pair();
  const other = ed25519Pair();

  const v1 = testPackage('1.0');
  server.files.set('/v1.zip', v1.zip);
  server.files.set('/v1.zip.sha256', Buffer.from(`${v1.sha256}  v1.zip\n`));
  server.files.set('/v1.zip.sig', Buffer.from(signPackage(v1.zip, keys.privateKey).toString('base64')));
  const first = await updateContent(root, { url: server.url('/v1.zip'), publicKeyPem: keys.publicKey });
  assert.deepEqual([first.pointer.version, first.changed, first.signed], ['1.0', true, true]);
  assert.equal((await updateContent(root, { url: server.url('/v1.zip') })).changed, false, 'the same package again changes nothing');

  const v2 = testPackage('2.0', ['CVE-2021-41773', 'CVE-2024-6387']);
  server.files.set('/v2.zip', v2.zip);
  const steps = new Set<string>();
  const second = await updateContent(root, { url: server.url('/v2.zip'), sha256: v2.sha256.toUpperCase(), onProgress: (s) => steps.add(s) });
  assert.equal(second.pointer.version, '2.0');
  assert.deepEqual([...steps], ['download', 'verify', 'validate', 'install']);
  assert.equal((await loadActiveContent({ contentDir: root })).vulns.definitions.length, 2);

  // Replay protection: a validly signed but older package is refused unless asked for.
  const old = testPackage('0.9', undefined, new Date('2026-01-01T00:00:00Z'));
  server.files.set('/old.zip', old.zip);
  await assert.rejects(updateContent(root, { url: server.url('/old.zip'), sha256: old.sha256 }), (e: unknown) => isFarsightError(e, 'CONTENT_INTEGRITY_FAILED') && /older than the active 2\.0 .*--allow-downgrade/.test(e.message));
  assert.equal((await loadActiveContent({ contentDir: root, skipImported: true })).version, '2.0');
  assert.equal((await updateContent(root, { url: server.url('/old.zip'), sha256: old.sha256, allowDowngrade: true })).pointer.version, '0.9');
  assert.equal((await updateContent(root, { url: server.url('/v2.zip'), sha256: v2.sha256 })).pointer.version, '2.0');

  const serve = (path: string, body: Buffer): UpdateOptions => {
    server.files.set(path, body);
    server.files.set(`${path}.sha256`, Buffer.from(sha(body)));
    return { url: server.url(path) };
  };
  const v3 = testPackage('3.0');
  const cases: Array<[string, UpdateOptions, ErrorCode, RegExp]> = [
    ['no SHA-256 anywhere', { url: server.url('/v2.zip') }, 'CONTENT_INTEGRITY_FAILED', /no SHA-256 to check the package against.*--sha256/],
    ['wrong --sha256', { url: server.url('/v2.zip'), sha256: 'a'.repeat(64) }, 'CONTENT_INTEGRITY_FAILED', /expected a{64}; the download is damaged/],
    ['malformed --sha256', { url: server.url('/v2.zip'), sha256: 'xyz' }, 'INVALID_ARGUMENT', /--sha256 is not a SHA-256/],
    ['signature by another key', (() => { const o = serve('/v3.zip', v3.zip); server.files.set('/v3.zip.sig', signPackage(v3.zip, other.privateKey)); return { ...o, publicKeyPem: keys.publicKey }; })(), 'CONTENT_INTEGRITY_FAILED', /signature does not verify/],
    ['key configured, no signature published', (() => { const o = serve('/v3b.zip', v3.zip); return { ...o, publicKeyPem: keys.publicKey }; })(), 'CONTENT_INTEGRITY_FAILED', /signature could not be fetched.*HTTP 404/],
    ['garbage signature', (() => { const o = serve('/v3c.zip', v3.zip); server.files.set('/v3c.zip.sig', Buffer.from('not a signature')); return { ...o, publicKeyPem: keys.publicKey }; })(), 'CONTENT_INTEGRITY_FAILED', /not an Ed25519 signature/],
    ['zip bomb', serve('/bomb.zip', hostile([{ name: 'vulns/bomb.json', data: Buffer.alloc(20 << 20, 0x20) }])), 'ARCHIVE_REJECTED', /compression-ratio cap/],
    ['../ path', serve('/slip.zip', hostile([{ name: '../../.bashrc', data: Buffer.from('echo pwned') }])), 'ARCHIVE_REJECTED', /'\.\.' segment/],
    ['symlink', serve('/link.zip', hostile([{ name: 'vulns/link.json', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }])), 'ARCHIVE_REJECTED', /symbolic link/],
    ['too many entries', serve('/many.zip', buildZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `advisories/a${i}.json`, data: Buffer.from('{}'), method: 0 })))), 'ARCHIVE_REJECTED', /10001 entries, over the cap of 10000/],
    ['truncated archive', serve('/cut.zip', v3.zip.subarray(0, v3.zip.length - 100)), 'ARCHIVE_REJECTED', /truncated/],
    ['unlisted file', serve('/extra.zip', hostile([{ name: 'vulns/extra.json', data: Buffer.from('{}') }])), 'CONTENT_PACKAGE_INVALID', /vulns\/extra\.json is in the archive but not in manifest\.json/],
    ['no manifest', serve('/nomani.zip', buildZip([...packageFiles()].map(([name, data]) => ({ name, data })))), 'CONTENT_PACKAGE_INVALID', /manifest\.json is missing/],
    ['file failing its schema', (() => {
      const files = packageFiles();
      const bad = Buffer.from(files.get('vulns/test-nvd.json')!.toString().replace('CVSS:3.1/AV:N/AC:L', 'CVSS:3.1/AV:X/AC:L'));
      files.set('vulns/test-nvd.json', bad);
      const manifest = { ...v3.manifest, files: v3.manifest.files.map((f) => f.path === 'vulns/test-nvd.json' ? { ...f, sha256: sha(bad), size: bad.length } : f) };
      return serve('/schema.zip', buildZip([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }, ...[...files].map(([name, data]) => ({ name, data }))]));
    })(), 'CONTENT_PACKAGE_INVALID', /vulns\/test-nvd\.json.*AV:X/],
    ['HTTP 404', { url: server.url('/missing.zip'), sha256: 'a'.repeat(64) }, 'CONTENT_DOWNLOAD_FAILED', /HTTP 404/],
    ['over the size cap', (() => { server.files.set('/huge.zip', { status: 200, headers: { 'content-length': String(65 << 20) } }); return { url: server.url('/huge.zip'), sha256: 'a'.repeat(64) }; })(), 'CONTENT_DOWNLOAD_FAILED', /over the 64 MiB cap/],
    ['connection closed early', (() => { server.files.set('/short.zip', { status: 200, headers: { 'content-length': '5000' }, body: Buffer.alloc(100) }); return { url: server.url('/short.zip'), sha256: 'a'.repeat(64) }; })(), 'CONTENT_DOWNLOAD_FAILED', /closed after 100 of 5000 bytes|aborted|broke/],
    ['not http', { url: 'file:///etc/passwd' }, 'INVALID_ARGUMENT', /only http: and https:/],
  ];
  for (const [name, opts, code, pattern] of cases) {
    await assert.rejects(updateContent(root, opts), (e: unknown) => {
      assert.ok(isFarsightError(e, code), `${name}: ${String(e)}`);
      assert.match(e.message, pattern, name);
      return true;
    });
    const active = await loadActiveContent({ contentDir: root, skipImported: true });
    assert.equal(active.version, '2.0', `${name}: the active content is unchanged`);
  }
  assert.ok(server.requests.every((r) => r.startsWith('/')), 'only the loopback server was asked');
});
