import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isFarsightError } from '@farsight/common';
import { buildZip } from '../archive/zip-writer.ts';
import { validatePackage, kindOf } from './package-validate.ts';
import { packageFiles, testPackage } from './fixture-package.test-data.ts';
import type { ContentManifest } from './manifest.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const good = testPackage('1.0');
const files = packageFiles();

function zipOf(manifest: unknown, entries: Map<string, Buffer> = files): Buffer {
  return buildZip([{ name: 'manifest.json', data: Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest)) }, ...[...entries].map(([name, data]) => ({ name, data }))]);
}

test('a built package validates and its counts match its files', () => {
  const v = validatePackage(good.zip, 'good.zip');
  assert.deepEqual(v.counts, good.manifest.counts);
  assert.equal(v.counts.vulns, 1);
  assert.equal(v.counts.advisories, 1);
  assert.ok(v.counts.fingerprints > 10);
  assert.deepEqual([...v.files.keys()].sort(), [...files.keys()].sort());
});

test('manifest and file problems are named (table)', () => {
  const m = good.manifest;
  const withFile = (path: string, change: Partial<ContentManifest['files'][number]>): ContentManifest => ({ ...m, files: m.files.map((f) => (f.path === path ? { ...f, ...change } : f)) });
  const extra = new Map(files).set('vulns/other.json', Buffer.from('{}'));
  const outside = new Map(files).set('scripts/run.sh', Buffer.from('#!/bin/sh'));
  const outsideManifest = { ...m, files: [...m.files, { path: 'scripts/run.sh', sha256: sha(Buffer.from('#!/bin/sh')), size: 9 }] };
  const cases: Array<[string, Buffer, RegExp]> = [
    ['not JSON', zipOf('{"format":'), /manifest\.json is not JSON/],
    ['wrong format', zipOf({ ...m, format: 'zip' }), /manifest\.json field format/],
    ['future format version', zipOf({ ...m, formatVersion: 2 }), /field formatVersion/],
    ['bad version text', zipOf({ ...m, version: '../1' }), /field version: a version is letters/],
    ['unknown manifest field', zipOf({ ...m, extra: 1 }), /manifest\.json field \(top level\)|extra/],
    ['listed twice', zipOf({ ...m, files: [...m.files, m.files[0]] }), /lists .* twice/],
    ['listed, missing', zipOf({ ...m, files: [...m.files, { path: 'vulns/gone.json', sha256: 'a'.repeat(64), size: 1 }] }), /lists vulns\/gone\.json, which the archive does not hold/],
    ['wrong size', zipOf(withFile('vulns/test-nvd.json', { size: 1 })), /vulns\/test-nvd\.json is \d+ bytes, the manifest says 1/],
    ['wrong sha256', zipOf(withFile('vulns/test-nvd.json', { sha256: 'b'.repeat(64) })), /vulns\/test-nvd\.json has SHA-256 [0-9a-f]{64}, the manifest says b{64}/],
    ['unlisted file', zipOf(m, extra), /vulns\/other\.json is in the archive but not in manifest\.json/],
    ['file outside the layout', zipOf(outsideManifest, outside), /scripts\/run\.sh is not allowed in a package/],
    ['counts disagree', zipOf({ ...m, counts: { ...m.counts, advisories: 7 } }), /the manifest says 7 advisories, the files hold 1/],
  ];
  for (const [name, zip, re] of cases) {
    assert.throws(() => validatePackage(zip, 'p.zip'), (e: unknown) => isFarsightError(e, 'CONTENT_PACKAGE_INVALID') && re.test(e.message) && /^p\.zip: /.test(e.message) && /active content is unchanged|rebuild the package/.test(e.message), name);
  }
});

test('bad content in each kind is refused, naming the file', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['fingerprints/ssh_banners.xml', '<!DOCTYPE x><fingerprints/>', /fingerprints\/ssh_banners\.xml fails validation/],
    ['advisories/debian-12/DSA-5724-1.json', '{"id":"DSA-1"}', /advisories\/debian-12\/DSA-5724-1\.json fails validation: .*modified/],
    ['vulns/test-nvd.json', '{"schemaVersion":1,"title":"x","vulnerabilities":[{"id":"X"}]}', /vulnerability definitions fail validation/],
  ];
  for (const [path, text, re] of bad) {
    const changed = new Map(files).set(path, Buffer.from(text));
    const m = { ...good.manifest, files: good.manifest.files.map((f) => (f.path === path ? { ...f, sha256: sha(Buffer.from(text)), size: Buffer.byteLength(text) } : f)) };
    assert.throws(() => validatePackage(zipOf(m, changed), 'p.zip'), (e: unknown) => isFarsightError(e, 'CONTENT_PACKAGE_INVALID') && re.test(e.message), path);
  }
});

test('package layout (table)', () => {
  const table: Array<[string, string | undefined]> = [
    ['fingerprints/ssh.xml', 'fingerprints'], ['fingerprints/sub/ssh.xml', undefined], ['fingerprints/ssh.json', undefined],
    ['vulns/openssh.json', 'vulns'], ['vulns/a/b.json', undefined], ['advisories/debian-12/DSA-1.json', 'advisories'],
    ['advisories/x.json', 'advisories'], ['manifest.json', undefined], ['README.md', undefined],
  ];
  for (const [path, kind] of table) assert.equal(kindOf(path), kind, path);
});
