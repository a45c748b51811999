import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFarsightError } from '@farsight/common';
import { listZip, readZipFiles } from './zip-reader.ts';
import { buildZip, type ZipWriteEntry } from './zip-writer.ts';
import { PACKAGE_CAPS, type ArchiveCaps } from './caps.ts';
import { entryNameProblem } from './entry-name.ts';

const caps: ArchiveCaps = { ...PACKAGE_CAPS, maxEntries: 20, maxEntryBytes: 4 << 20, maxTotalBytes: 6 << 20 };
const text = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Made by CPython's zipfile (a directory, a deflated and a stored entry): the reader must read other tools' zips. */
const PYTHON_ZIP = Buffer.from('504b03041400000008001454755d0000000002000000000000000b00000061647669736f726965732f0300504b03041400000008001454755dd94549671f000000e30000001500000061647669736f726965732f4453412d312e6a736f6eab56ca4c51b252720976d43554d2512a2ecdcd4d2caa048a540c13a0540b00504b03041400000000001454755d48c911480a0000000a0000000a000000524541444d452e74787468656c6c6f207a69700a504b010214031400000008001454755d0000000002000000000000000b0000000000000000001000fd410000000061647669736f726965732f504b010214031400000008001454755dd94549671f000000e300000015000000000000000000000080012b00000061647669736f726965732f4453412d312e6a736f6e504b010214031400000000001454755d48c911480a0000000a0000000a000000000000000000000080017d000000524541444d452e747874504b05060000000003000300b4000000af0000000000', 'hex');

function rejected(buf: Buffer, pattern: RegExp, c: ArchiveCaps = caps): void {
  assert.throws(() => [...readZipFiles(buf, c, 'test.zip')], (e: unknown) => {
    assert.ok(isFarsightError(e, 'ARCHIVE_REJECTED'), String(e));
    assert.match(e.message, pattern);
    assert.match(e.message, /^test\.zip: /);
    return true;
  });
}

test('reads a zip written by another tool (CPython zipfile)', () => {
  const files = [...readZipFiles(PYTHON_ZIP, caps, 'py.zip')];
  assert.deepEqual(files.map((f) => f.name), ['advisories/DSA-1.json', 'README.txt']);
  assert.equal(files[1]?.data.toString(), 'hello zip\n');
  assert.equal(JSON.parse(files[0]?.data.toString() ?? '').id, 'DSA-1');
  assert.equal(listZip(PYTHON_ZIP, caps, 'py.zip')[0]?.isDirectory, true);
});

/** CPython zipfile writing to a non-seekable stream: sizes and CRCs live in data descriptors after each entry. */
const STREAMED_ZIP = Buffer.from('504b0304140008000800000021000000000000000000000000000a000000612f6f6e652e6a736f6eab56ca4c51b252aa50aaad1e658db24659c3940500504b07081bd6e51215000000e8030000504b0304140008000800000021000000000000000000000000000800000074776f2e6a736f6e8b36d431d2318e0500504b0708e9b36dfd0900000007000000504b01021403140008000800000021001bd6e51215000000e80300000a0000000000000000000000800100000000612f6f6e652e6a736f6e504b0102140314000800080000002100e9b36dfd090000000700000008000000000000000000000080014d00000074776f2e6a736f6e504b050600000000020002006e0000008c0000000000', 'hex');

test('reads a streamed zip (data descriptors, sizes only in the central directory)', () => {
  const files = [...readZipFiles(STREAMED_ZIP, caps, 'stream.zip')];
  assert.deepEqual(files.map((f) => [f.name, f.data.length]), [['a/one.json', 1000], ['two.json', 7]]);
  assert.equal(files[1]?.data.toString(), '[1,2,3]');
});

test('round-trips stored and deflated entries', () => {
  const big = text('{"k":"' + 'abc'.repeat(5000) + '"}');
  const zip = buildZip([{ name: 'a/one.json', data: big }, { name: 'two.txt', data: text('2'), method: 0 }]);
  const files = [...readZipFiles(zip, caps, 'x.zip')];
  assert.equal(files.length, 2);
  assert.ok(files[0]?.data.equals(big));
});

const hostile: Array<[string, ZipWriteEntry[] | (() => Buffer), RegExp]> = [
  ['../ path', [{ name: '../evil.json', data: text('x') }], /'\.\.' segment/],
  ['nested ../ path', [{ name: 'a/../../evil.json', data: text('x') }], /'\.\.' segment/],
  ['absolute path', [{ name: '/etc/passwd', data: text('x') }], /absolute/],
  ['drive letter', [{ name: 'C:/x.json', data: text('x') }], /drive letter/],
  ['backslash', [{ name: '..\\evil.json', data: text('x') }], /backslash/],
  ['symlink', [{ name: 'link', data: text('/etc/passwd'), unixMode: 0o120777 }], /symbolic link/],
  ['fifo', [{ name: 'pipe', data: text(''), unixMode: 0o010644 }], /special file/],
  ['duplicate name', [{ name: 'a.json', data: text('1') }, { name: 'a.json', data: text('2') }], /appears twice/],
  ['case duplicate', [{ name: 'A.json', data: text('1') }, { name: 'a.json', data: text('2') }], /appears twice/],
  ['encrypted entry', [{ name: 'a.json', data: text('1'), flags: 1 }], /encrypted/],
  ['unknown method', [{ name: 'a.json', data: text('1'), method: 12 }], /compression method 12/],
  ['too many entries', () => buildZip(Array.from({ length: 21 }, (_, i) => ({ name: `f${i}`, data: text('x') }))), /21 entries, over the cap of 20/],
  ['entry over the per-entry cap', [{ name: 'big', data: Buffer.alloc(5 << 20, 7) }], /per-entry cap/],
  ['total over the cap', [{ name: 'a', data: Buffer.alloc(1 << 20, 1).fill(Math.random() * 255, 0, 1), method: 0 }, ...Array.from({ length: 6 }, (_, i) => ({ name: `b${i}`, data: Buffer.alloc(1 << 20, i), method: 0 }))], /uncompressed cap/],
  ['zip bomb (ratio)', [{ name: 'bomb', data: Buffer.alloc(3 << 20, 0) }], /compression-ratio cap/],
  ['lying size (inflates past declared)', [{ name: 'liar', data: Buffer.alloc(4000, 65), declaredSize: 10 }], /more than its declared size/],
  ['truncated', () => buildZip([{ name: 'a.json', data: text('{"a":1}') }]).subarray(0, 40), /truncated/],
  ['CRC mismatch', () => { const z = buildZip([{ name: 'a.txt', data: text('hello'), method: 0 }]); z[35] = 0x4a; return z; }, /CRC-32/],
  ['not a zip', () => text('<html>not found</html>'.repeat(3)), /not a zip/],
  ['overlapping entries', overlappingZip, /overlaps another entry/],
];

for (const [name, spec, pattern] of hostile) {
  test(`rejects: ${name}`, () => rejected(typeof spec === 'function' ? spec() : buildZip(spec), pattern));
}

test('rejects an archive over the compressed-size cap before parsing', () => {
  rejected(buildZip([{ name: 'a', data: text('x') }]), /over the 10 bytes cap/, { ...caps, maxArchiveBytes: 10 });
});

/** b.json's local header lies inside a.json's stored data: two entries share bytes. */
function overlappingZip(): Buffer {
  const inner = buildZip([{ name: 'b.json', data: text('{}'), method: 0 }]);
  const innerLocal = inner.subarray(0, 30 + 6 + 2);
  const zip = buildZip([{ name: 'a.json', data: innerLocal, method: 0 }, { name: 'b.json', data: text('{}'), method: 0 }]);
  const cd = zip.readUInt32LE(zip.length - 6);
  const secondCentral = cd + 46 + 6;
  zip.writeUInt32LE(30 + 6, secondCentral + 42);
  return zip;
}

test('entry name rules (table)', () => {
  const table: Array<[string, string | undefined]> = [
    ['fingerprints/ssh.xml', undefined], ['dir/', undefined], ['a..b.json', undefined],
    ['..', "the path has a '..' segment that leaves the archive root"], ['./a', "the path has a '.' segment"],
    ['a//b', 'the path has an empty segment (//)'], ['', 'the name is empty'], ['a\u0000b', 'the name contains a control character'],
  ];
  for (const [name, want] of table) assert.equal(entryNameProblem(name), want, name);
});

test('property: mutated archives are read or rejected with ARCHIVE_REJECTED, never anything else', () => {
  const base = buildZip([{ name: 'a.json', data: text('{"id":"x"}'.repeat(50)) }, { name: 'b/c.txt', data: text('hello'), method: 0 }]);
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(base.length), (muts, cut) => {
    const z = Buffer.from(base.subarray(0, Math.max(cut, base.length - 30)));
    for (const [i, v] of muts) if (i < z.length) z[i] = v;
    try { for (const f of readZipFiles(z, caps, 'm.zip')) assert.ok(f.data.length <= caps.maxEntryBytes); }
    catch (e) { assert.ok(isFarsightError(e, 'ARCHIVE_REJECTED'), `unexpected ${String(e)}`); }
  }), { seed: 51, numRuns: 400 });
});
