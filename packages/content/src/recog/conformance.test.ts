// Recog conformance: every <example> of the Recog database must produce its expected params
// through *its own* fingerprint, as Recog's own verifier demands. Reads ../shared/recog at run
// time (FARSIGHT_SHARED overrides ../shared); the data is never copied into the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FingerprintDb } from './fingerprint-db.ts';

const shared = process.env.FARSIGHT_SHARED ?? fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const recogDir = join(shared, 'recog');
const exceptionsFile = new URL('../../recog-known-exceptions.json', import.meta.url);

interface KnownException {
  file: string;
  fingerprint: string;
  example: string;
  reason: string;
}

const keyOf = (e: { file: string; fingerprint: string; example: string }): string => JSON.stringify([e.file, e.fingerprint, e.example]);

test('recog conformance: every example yields its expected params; failures are exactly the known exceptions', { skip: !existsSync(recogDir) && `no Recog data at ${recogDir}` }, async () => {
  const db = await FingerprintDb.loadDirectory(recogDir);
  const failures: { file: string; fingerprint: string; example: string; why: string }[] = [];
  let total = 0;
  for (const fp of db.fingerprints()) {
    for (const ex of fp.examples) {
      total++;
      const text = ex.text ?? '';
      const m = fp.match(text);
      let why: string | undefined = m ? undefined : fp.error ? `regex not translated: ${fp.error.message}` : 'no match';
      for (const [k, v] of Object.entries(ex.expected)) {
        if (why !== undefined) break;
        if (m?.params[k] !== v) why = `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(m?.params[k])}`;
      }
      if (why !== undefined) failures.push({ file: fp.source, fingerprint: fp.description, example: text, why });
    }
  }
  const passed = total - failures.length;
  console.log(`recog conformance: ${passed}/${total} (${((100 * passed) / total).toFixed(2)}%)`);
  assert.ok(total >= 7000, `expected the whole Recog database, found ${total} examples`);
  assert.ok(passed / total >= 0.99, `pass rate ${passed}/${total} is below 99%`);

  const known = (JSON.parse(readFileSync(exceptionsFile, 'utf8')) as { exceptions: KnownException[] }).exceptions;
  for (const k of known) assert.ok(k.reason.trim() !== '', `known exception without a reason: ${keyOf(k)}`);
  const knownKeys = new Set(known.map(keyOf));
  const failedKeys = new Set(failures.map(keyOf));
  const regressions = failures.filter((f) => !knownKeys.has(keyOf(f)));
  const fixed = known.filter((k) => !failedKeys.has(keyOf(k)));
  assert.deepEqual(regressions, [], 'examples failing that recog-known-exceptions.json does not list');
  assert.deepEqual(fixed, [], 'recog-known-exceptions.json lists examples that now pass: remove them');
});
