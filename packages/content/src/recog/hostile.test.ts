// Hostile banners: random bytes and strings up to 64 KiB, and real banners padded with long
// runs of the characters patterns repeat over, must never make matching throw or run away.
// Matching cuts input to MAX_MATCH_INPUT (8 KiB) / MAX_MATCH_LINES, rejects banners without a
// pattern's required literal, and gives backtracking-prone patterns a shorter prefix. No timing
// is asserted (shared machines); a regression shows up as this test hanging past its timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { FingerprintDb } from './fingerprint-db.ts';
import { decodeBanner } from './banner-text.ts';

const shared = process.env.FARSIGHT_SHARED ?? fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const recogDir = join(shared, 'recog');

async function database(): Promise<FingerprintDb> {
  const builtin = await FingerprintDb.builtin();
  return existsSync(recogDir) ? builtin.merge(await FingerprintDb.loadDirectory(recogDir)) : builtin;
}

function matchEveryKey(db: FingerprintDb, text: string): number {
  let hits = 0;
  for (const key of db.keys()) {
    for (const m of db.matchAll(key, text)) {
      assert.equal(typeof m.fingerprint, 'string');
      for (const v of Object.values(m.params)) assert.equal(typeof v, 'string');
      hits++;
    }
  }
  return hits;
}

test('hostile banners never throw and finish (random bytes, random strings, padded real banners)', async () => {
  const db = await database();
  const started = performance.now();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 * 1024 }), (bytes) => {
      matchEveryKey(db, decodeBanner(bytes));
    }),
    { numRuns: 25 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 64 * 1024 }), (s) => {
      matchEveryKey(db, s);
    }),
    { numRuns: 25 },
  );
  // Crafted-looking input: a real example (so required literals are present) between long runs
  // of whitespace, digits, letters or CR LF — the shapes that make ambiguous patterns backtrack.
  const examples = db.fingerprints().flatMap((fp) => fp.examples.map((e) => [fp.matchKey, e.text ?? ''] as const));
  const filler = fc.constantFrom(' ', '\r\n', '\n', 'a', '0', '1.', '-', ':', '\t', 'A a', '*');
  fc.assert(
    fc.property(fc.nat(examples.length - 1), filler, fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 0, max: 6000 }), (i, f, before, after) => {
      const [key, text] = examples[i] ?? ['', ''];
      const banner = f.repeat(Math.ceil(before / f.length)) + text + f.repeat(Math.ceil(after / f.length));
      const m = db.matchAll(key, banner);
      assert.ok(Array.isArray(m));
    }),
    { numRuns: 300 },
  );
  console.log(`hostile banners: ${db.size} fingerprints, ${db.keys().length} keys, ${Math.round(performance.now() - started)} ms`);
});
