import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFarsightError } from '@farsight/common';
import { FingerprintDb } from './fingerprint-db.ts';
import { MAX_MATCH_INPUT, MAX_MATCH_LINES } from './fingerprint.ts';

const file = (key: string, preference: string, fps: string): string =>
  `<?xml version="1.0"?>\n<fingerprints matches="${key}" protocol="demo" preference="${preference}">${fps}</fingerprints>`;
const fp = (pattern: string, description: string, product: string, extra = ''): string =>
  `<fingerprint pattern="${pattern}"><description>${description}</description>${extra}<param pos="0" name="service.product" value="${product}"/><param pos="1" name="service.version"/></fingerprint>`;

test('match: first fingerprint in file order wins; matchAll lists every hit; ids name file and description', () => {
  const db = FingerprintDb.fromXml(file('k', '0.9', fp('^Foo/(\\d+)', 'specific', 'Foo') + fp('^F', 'broad', 'Eff')), 'demo.xml');
  assert.deepEqual(db.match('k', 'Foo/12'), {
    fingerprint: 'recog:demo.xml:specific',
    params: { 'service.product': 'Foo', 'service.version': '12', 'service.protocol': 'demo' },
  });
  assert.deepEqual(db.matchAll('k', 'Foo/12').map((m) => m.fingerprint), ['recog:demo.xml:specific', 'recog:demo.xml:broad']);
  assert.equal(db.match('k', 'Bar'), undefined);
  assert.equal(db.match('other', 'Foo/1'), undefined);
  assert.deepEqual(db.keys(), ['k']);
  assert.equal(db.size, 2);
});

test('several files with one key: higher preference first; merge puts the merged-in source first', () => {
  const low = { text: file('k', '0.2', fp('^x', 'low', 'Low')), name: 'low.xml' };
  const high = { text: file('k', '0.8', fp('^x', 'high', 'High')), name: 'high.xml' };
  const a = FingerprintDb.fromXml(low.text, low.name).merge(FingerprintDb.fromXml(high.text, high.name));
  assert.equal(a.match('k', 'x')?.params['service.product'], 'High');
  const b = FingerprintDb.fromXml(high.text, high.name).merge(FingerprintDb.fromXml(low.text, low.name));
  assert.equal(b.match('k', 'x')?.params['service.product'], 'Low', 'later source takes precedence');
  assert.equal(b.size, 2, 'both are kept');
  assert.equal(b.matchAll('k', 'x').length, 2);
});

test('an untranslatable pattern is reported and skipped, the rest of the file still loads', () => {
  const db = FingerprintDb.fromXml(file('k', '0.5', fp('\\p{Alpha}+', 'unicode property', 'P') + fp('^ok', 'fine', 'Ok')), 'mixed.xml');
  assert.equal(db.size, 2);
  assert.equal(db.match('k', 'ok')?.params['service.product'], 'Ok');
  const failures = db.regexFailures();
  assert.equal(failures.length, 1);
  assert.equal(failures[0]?.fingerprint, 'recog:mixed.xml:unicode property');
  assert.match(failures[0]?.message ?? '', /\\p/);
});

test(`input is cut to ${MAX_MATCH_INPUT} characters and ${MAX_MATCH_LINES} lines before matching`, () => {
  const db = FingerprintDb.fromXml(file('k', '0.5', fp('END', 'tail', 'T')), 't.xml');
  assert.ok(db.match('k', `${'a'.repeat(MAX_MATCH_INPUT - 3)}END`));
  assert.equal(db.match('k', `${'a'.repeat(MAX_MATCH_INPUT - 2)}END`), undefined);
  assert.ok(db.match('k', `${'x\n'.repeat(MAX_MATCH_LINES - 1)}END`));
  assert.equal(db.match('k', `${'x\n'.repeat(MAX_MATCH_LINES)}END`), undefined);
});

test('loadDirectory reads every *.xml in name order and resolves _filename examples inside <name>/', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'farsight-fp-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'b_banners'));
  await writeFile(join(dir, 'b_banners', 'sample.bin'), Buffer.from([0x46, 0x6f, 0x6f, 0x2f, 0x37, 0xff]));
  await writeFile(join(dir, 'b_banners.xml'), file('b', '0.5', fp('^Foo/(\\d)\\xff$', 'binary', 'Foo', '<example _filename="sample.bin" service.version="7"/>')));
  await writeFile(join(dir, 'a.xml'), file('a', '0.5', fp('^A(\\d)', 'a', 'A')));
  await writeFile(join(dir, 'notes.txt'), 'not a fingerprint file');
  const db = await FingerprintDb.loadDirectory(dir);
  assert.deepEqual(db.keys(), ['a', 'b']);
  const ex = db.fingerprints('b')[0]?.examples[0];
  assert.equal(ex?.text, 'Foo/7\xff');
  assert.equal(db.fingerprints('b')[0]?.match(ex?.text ?? '')?.params['service.version'], '7');
});

test('loadDirectory refuses _filename paths outside the example directory and unreadable directories', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'farsight-fp-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'x.xml'), file('x', '0.5', fp('^x', 'escape', 'X', '<example _filename="../../etc/passwd"/>')));
  await assert.rejects(FingerprintDb.loadDirectory(dir), (e: unknown) => isFarsightError(e, 'FINGERPRINT_XML_INVALID') && e.message.includes('escape'));
  await assert.rejects(FingerprintDb.loadDirectory(join(dir, 'missing')), (e: unknown) => isFarsightError(e, 'FINGERPRINT_DIR_UNREADABLE'));
});

test('a malformed file fails the directory load with the file named', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'farsight-fp-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'bad.xml'), '<fingerprints><fingerprint pattern="x">');
  await assert.rejects(FingerprintDb.loadDirectory(dir), (e: unknown) => isFarsightError(e, 'FINGERPRINT_XML_INVALID') && e.message.includes('bad.xml'));
});
