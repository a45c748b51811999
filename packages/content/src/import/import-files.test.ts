import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isFarsightError } from '@farsight/common';
import { buildZip } from '../archive/zip-writer.ts';
import { readImportIndex, readImported, readImportedRecord } from '../store/imported-store.ts';
import { loadActiveContent } from '../store/load.ts';
import { loadBuiltinVulnPack } from '../vulns/pack.ts';
import { tempContentDir } from '../store/fixture-package.test-data.ts';
import { importFiles } from './import-files.ts';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const text = (name: string): string => readFileSync(fixture(name), 'utf8');

test('NVD import: counts, idempotent re-import, gzip, rejected CVEs removed, matchable rules in the scan content', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  const [first] = await importFiles(root, [fixture('nvdcve-2.0-sample.json')]);
  assert.equal(first?.error, undefined);
  assert.equal(first?.source, 'nvd');
  assert.deepEqual([first?.records, first?.retired], [5, 1]);
  assert.deepEqual(first?.merge, { added: 5, updated: 0, unchanged: 0, removed: 0, total: 5 });

  const gz = join(root, 'feed.json.gz');
  await writeFile(gz, gzipSync(readFileSync(fixture('nvdcve-2.0-sample.json'))));
  const [again] = await importFiles(root, [gz]);
  assert.deepEqual(again?.merge, { added: 0, updated: 0, unchanged: 5, removed: 0, total: 5 }, 're-import changes nothing');
  const zipped = join(root, 'nvdcve-2.0-sample.json.zip');
  await writeFile(zipped, buildZip([{ name: 'nvdcve-2.0-sample.json', data: readFileSync(fixture('nvdcve-2.0-sample.json')) }]));
  const [fromZip] = await importFiles(root, [zipped]);
  assert.deepEqual(fromZip?.merge, { added: 0, updated: 0, unchanged: 5, removed: 0, total: 5 }, 'the .json.zip form NVD publishes');

  const index = await readImportIndex(root);
  assert.equal(index.sources.nvd?.count, 5);
  assert.equal(index.sources.nvd?.version, '2026-11-20T08:00:01.123Z');
  assert.deepEqual(index.sources.nvd?.shards, { 2021: 2, 2024: 1, 2099: 2 });

  // A later feed rejects CVE-2099-0001 and changes two descriptions.
  const doc = JSON.parse(text('nvdcve-2.0-sample.json'));
  doc.vulnerabilities[3].cve.vulnStatus = 'Rejected';
  doc.vulnerabilities[2].cve.descriptions[0].value = 'Updated description.';
  doc.vulnerabilities[4].cve.descriptions[0].value = 'Updated vsftpd description.';
  const later = join(root, 'later.json');
  await writeFile(later, JSON.stringify(doc));
  const [third] = await importFiles(root, [later]);
  assert.deepEqual(third?.merge, { added: 0, updated: 2, unchanged: 2, removed: 1, total: 4 });
  assert.equal(await readImportedRecord(root, 'nvd', 'CVE-2099-0001'), undefined);
  assert.deepEqual([...(await readImported(root, 'nvd-rules')).keys()].sort(), ['CVE-2021-23017', 'CVE-2021-41773', 'CVE-2024-6387', 'CVE-2099-0003'], 'the scan view holds only CVEs with a version rule');

  const content = await loadActiveContent({ contentDir: root });
  assert.equal(content.imported.nvd, 4);
  const vsftpd = content.vulns.get('CVE-2099-0003');
  assert.deepEqual(vsftpd?.rule?.ranges, [{ versionStartIncluding: '2.0.0', versionEndExcluding: '3.0.5' }], 'an imported CVE not in the built-in pack is matchable');
  assert.equal(vsftpd?.description, 'Updated vsftpd description.');
  assert.equal(vsftpd?.productKey, 'beasts:vsftpd');
  const builtinIds = new Set((await loadBuiltinVulnPack()).definitions.map((d) => d.id));
  for (const id of ['CVE-2021-23017', 'CVE-2024-6387'].filter((x) => builtinIds.has(x))) {
    assert.notEqual(content.vulns.get(id)?.description, 'Updated description.', `${id}: the built-in definition wins over the import`);
  }
  assert.equal(content.imported.nvdMatchable, [...['CVE-2024-6387', 'CVE-2021-41773', 'CVE-2021-23017'].filter((x) => !builtinIds.has(x)), 'CVE-2099-0003'].length);
});

test('OSV import: single files, arrays, zip archives, withdrawn advisories', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  const zip = join(root, 'osv.zip');
  await writeFile(zip, buildZip([
    { name: 'USN-6859-1.json', data: readFileSync(fixture('osv-USN-6859-1.json')) },
    { name: 'TEST-2099-1.json', data: readFileSync(fixture('osv-withdrawn-test.json')) },
    { name: 'README.txt', data: Buffer.from('not json, ignored') },
  ]));
  const results = await importFiles(root, [fixture('osv-DSA-5724-1.json'), zip]);
  assert.deepEqual(results.map((r) => [r.source, r.records, r.retired, r.merge?.total]), [['osv', 1, 0, 1], ['osv', 1, 1, 2]]);
  const arr = join(root, 'arr.json');
  await writeFile(arr, `[${text('osv-DSA-5724-1.json')},${text('osv-USN-6859-1.json')}]`);
  const [again] = await importFiles(root, [arr]);
  assert.deepEqual(again?.merge, { added: 0, updated: 0, unchanged: 2, removed: 0, total: 2 });
  const content = await loadActiveContent({ contentDir: root });
  assert.ok(content.advisories.some((a) => a.id === 'USN-6859-1'));
  assert.equal(content.imported.osv, 2);
});

test('bad files are reported by name, record and field; nothing from them is stored; other files still import', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  const write = async (name: string, body: string | Buffer): Promise<string> => { const p = join(root, name); await writeFile(p, body); return p; };
  const badOsv = JSON.parse(text('osv-USN-6859-1.json'));
  badOsv.affected[1].ranges[0].events[1].fixed = 'not a dpkg version!';
  const badNvd = JSON.parse(text('nvdcve-2.0-sample.json'));
  badNvd.vulnerabilities[2].cve.configurations[0].nodes[0].cpeMatch[0].versionEndExcluding = '';
  const files = [
    await write('bad-osv.json', JSON.stringify(badOsv)),
    await write('bad-nvd.json', JSON.stringify(badNvd)),
    await write('not-json.json', '{"format": "NVD_CVE",'),
    await write('unknown.json', '{"hello": "world"}'),
    await write('binary.json', Buffer.from([0xff, 0xfe, 0x00, 0x41])),
    await write('bomb.zip', buildZip([{ name: 'a.json', data: Buffer.alloc(8 << 20, 0x20) }])),
    await write('slip.zip', buildZip([{ name: '../a.json', data: Buffer.from('{}') }])),
    await write('bad.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3])),
    join(root, 'missing.json'),
    fixture('osv-DSA-5724-1.json'),
  ];
  const results = await importFiles(root, files);
  const errors = results.map((r) => r.error ? `${r.error.code}: ${r.error.message}` : 'ok');
  const expected: RegExp[] = [
    /^OSV_INVALID: .*bad-osv\.json "USN-6859-1": field affected\[1\]\.ranges\[0\]\.events\[1\]\.fixed: /,
    /^CONTENT_IMPORT_INVALID: .*bad-nvd\.json: vulnerabilities\[2\] \(CVE-2021-23017\): field cve\.configurations\[0\]\.nodes\[0\]\.cpeMatch\[0\]\.versionEndExcluding: /,
    /^CONTENT_IMPORT_INVALID: .*not-json\.json is not valid JSON/,
    /^CONTENT_IMPORT_INVALID: .*unknown\.json is neither NVD CVE JSON 2\.0 .* nor OSV/,
    /^CONTENT_IMPORT_INVALID: .*binary\.json is not UTF-8 text/,
    /^ARCHIVE_REJECTED: .*bomb\.zip: entry "a\.json" expands \d+:1, over the 100:1 compression-ratio cap/,
    /^ARCHIVE_REJECTED: .*slip\.zip: entry "\.\.\/a\.json": the path has a '\.\.' segment/,
    /^CONTENT_IMPORT_INVALID: .*bad\.gz is not valid gzip/,
    /^CONTENT_IMPORT_INVALID: cannot read .*missing\.json: ENOENT/,
    /^ok$/,
  ];
  expected.forEach((re, i) => assert.match(errors[i] ?? '', re));
  const index = await readImportIndex(root);
  assert.equal(index.sources.nvd, undefined, 'nothing from the bad NVD file was stored');
  assert.equal(index.sources.osv?.count, 1);
  assert.ok(results.every((r) => r.error === undefined || isFarsightError(r.error)));
});

test('a content directory that cannot be written stops the import with CONTENT_STORE_FAILED', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  const file = join(root, 'not-a-dir');
  await writeFile(file, 'x');
  await assert.rejects(importFiles(join(file, 'content'), [fixture('osv-DSA-5724-1.json')]), (e: unknown) => isFarsightError(e, 'CONTENT_STORE_FAILED') && /not-a-dir\/content: .*ENOTDIR.*writable directory/.test(e.message));
  await writeFile(join(root, 'imported'), 'a file where the imported directory belongs');
  await assert.rejects(importFiles(root, [fixture('osv-DSA-5724-1.json')]), (e: unknown) => isFarsightError(e, 'CONTENT_STORE_FAILED') && /ENOTDIR|EEXIST/.test(e.message));
});
