// fast-check properties for all three comparators: a comparator must be a total preorder
// (reflexive, antisymmetric, transitive) on valid input, never throw on it, and reject garbage
// only with VERSION_INVALID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFarsightError } from '../errors.ts';
import { compareApk, isValidApkVersion, parseApkVersion } from './apk.ts';
import { compareDpkg, dpkgVerrevcmp, isValidDpkgVersion, parseDpkgVersion } from './dpkg.ts';
import { randomDpkgVersion, randomRpmEvr, seededRandom } from './oracle-pairs.ts';
import { compareRpm, isValidRpmEvr, parseRpmEvr, rpmvercmp } from './rpm.ts';
import type { Ordering } from './shared.ts';

const RUNS = 2000;

const joined = (tokens: readonly string[], max = 8): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: max }).map((t) => t.join(''));
const seeded = (make: (r: () => number) => string): fc.Arbitrary<string> => fc.integer().map((s) => make(seededRandom(s)));

const dpkgVersion = fc.oneof(
  joined(['0', '1', '9', '00', '01', '10', 'a', 'z', 'A', 'Z', '.', '+', '~', '-', ':', '_']),
  seeded(randomDpkgVersion),
).filter(isValidDpkgVersion);

const rpmVersion = fc.oneof(
  joined(['0', '1', '9', '00', '01', '10', 'a', 'z', 'A', 'Z', '.', '_', '+', '~', '^', '-', ':', '%']),
  seeded(randomRpmEvr),
).filter(isValidRpmEvr);

const apkNumber = fc.oneof(fc.constantFrom('0', '00', '01', '05', '1', '5', '9', '10', '010', '18446744073709551616'), fc.nat().map(String));
const apkStructured = fc
  .record({
    first: apkNumber,
    rest: fc.array(apkNumber, { maxLength: 3 }),
    letter: fc.option(fc.constantFrom('a', 'b', 'z'), { nil: '' }),
    suffixes: fc.array(fc.tuple(fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'), fc.option(apkNumber, { nil: '' })), { maxLength: 2 }),
    hash: fc.option(fc.constantFrom('0', 'ab', 'beef', '1234abcd', 'f00'), { nil: '' }),
    revision: fc.option(apkNumber, { nil: '' }),
  })
  .map((p) => {
    let v = [p.first, ...p.rest].join('.') + p.letter + p.suffixes.map(([s, n]) => `_${s}${n}`).join('');
    if (p.hash) v += `~${p.hash}`;
    if (p.revision) v += `-r${p.revision}`;
    return v;
  });
const apkVersion = fc.oneof(apkStructured, joined(['0', '1', '9', '00', '.', 'a', 'b', '_rc', '_p', '_alpha', '_git', '~ab', '-r', '-r1']).filter(isValidApkVersion));

const ECOSYSTEMS = [
  { name: 'dpkg', version: dpkgVersion, compare: compareDpkg },
  { name: 'rpm', version: rpmVersion, compare: compareRpm },
  { name: 'apk', version: apkVersion, compare: compareApk },
] as const;

const negate = (o: Ordering): Ordering => (o === 0 ? 0 : o === 1 ? -1 : 1);

for (const { name, version, compare } of ECOSYSTEMS) {
  test(`${name}: reflexive, antisymmetric, and never throws on valid versions`, () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        assert.equal(compare(a, a), 0);
        const ab = compare(a, b);
        assert.ok(ab === -1 || ab === 0 || ab === 1);
        assert.equal(compare(b, a), negate(ab));
      }),
      { numRuns: RUNS },
    );
  });

  test(`${name}: transitive on triples, and equal versions order alike`, () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const ab = compare(a, b);
        const bc = compare(b, c);
        if (ab <= 0 && bc <= 0) assert.ok(compare(a, c) <= 0, `${a} <= ${b} <= ${c}`);
        if (ab >= 0 && bc >= 0) assert.ok(compare(a, c) >= 0, `${a} >= ${b} >= ${c}`);
        if (ab === 0) assert.equal(compare(a, c), bc, `${a} = ${b}`);
      }),
      { numRuns: RUNS },
    );
  });

  test(`${name}: sorting yields a consistent order (every earlier element <= every later one)`, () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 2, maxLength: 14 }), (list) => {
        const sorted = [...list].sort(compare);
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) assert.ok(compare(sorted[i] as string, sorted[j] as string) <= 0);
        }
      }),
      { numRuns: 500 },
    );
  });
}

const PARSERS = [
  { name: 'dpkg', parse: parseDpkgVersion, valid: isValidDpkgVersion },
  { name: 'rpm', parse: parseRpmEvr, valid: isValidRpmEvr },
  { name: 'apk', parse: parseApkVersion, valid: isValidApkVersion },
] as const;

for (const { name, parse, valid } of PARSERS) {
  test(`${name}: garbage either parses or throws VERSION_INVALID, never anything else`, () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
      joined(['0', '1', '.', '-', ':', '~', '^', '_', 'r', 'a', ' ', '\t', '\n', '\u0000', 'é', '-r', '_p', '<unknown>'], 12),
    );
    fc.assert(
      fc.property(garbage, (s) => {
        let ok = true;
        try {
          parse(s);
        } catch (e) {
          ok = false;
          assert.ok(isFarsightError(e, 'VERSION_INVALID'), `${JSON.stringify(s)} threw ${String(e)}`);
        }
        assert.equal(valid(s), ok);
      }),
      { numRuns: RUNS },
    );
  });

  test(`${name}: anything with a control or non-ASCII character is rejected`, () => {
    const bad = fc.tuple(fc.constantFrom('1.0', '2', '1:1.0-1'), fc.constantFrom('\u0000', '\u0001', '\n', '\r', '\u007f', 'é', '\u{1F600}'), fc.constantFrom('', '1', '.5')).map(([a, c, b]) => a + c + b);
    fc.assert(fc.property(bad, (s) => assert.throws(() => parse(s), (e: unknown) => isFarsightError(e, 'VERSION_INVALID'))), { numRuns: 200 });
  });
}

test('tilde sorts below and caret above the same text (dpkg verrevcmp, rpmvercmp)', () => {
  const text = fc.string({ unit: fc.constantFrom(...'019azAZ.+_~^-:'), maxLength: 12 });
  fc.assert(
    fc.property(text, (x) => {
      assert.equal(dpkgVerrevcmp(`${x}~`, x), -1);
      assert.equal(rpmvercmp(`${x}~`, x), -1);
      assert.equal(rpmvercmp(`${x}^`, x), 1);
    }),
    { numRuns: RUNS },
  );
});

test('dpkg: a higher epoch always wins; rpm: a release always beats none', () => {
  fc.assert(
    fc.property(dpkgVersion, dpkgVersion, (a, b) => {
      const pa = parseDpkgVersion(a);
      const pb = parseDpkgVersion(b);
      if (pa.epoch < pb.epoch) assert.equal(compareDpkg(a, b), -1);
    }),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(rpmVersion, (v) => {
      const p = parseRpmEvr(v);
      if (p.release === null) assert.equal(compareRpm(v, `${v}-0`), -1);
    }),
    { numRuns: RUNS },
  );
});

test('apk: _rc before, -r0 and _p after the same release', () => {
  fc.assert(
    fc.property(apkStructured, (v) => {
      const base = v.replace(/~.*$/, '').replace(/-r.*$/, '');
      assert.equal(compareApk(`${base}_rc1`, base), -1);
      assert.equal(compareApk(base, `${base}-r0`), -1);
      assert.equal(compareApk(`${base}-r99`, `${base}_p0`), -1);
    }),
    { numRuns: RUNS },
  );
});
