// docs/checks.md is generated from the content; this fails when it is stale (same pattern as
// docs/errors.md). Fix: node scripts/gen-check-reference.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkReferenceDocument } from './check-reference-input.ts';
import { loadBuiltinVulnPack } from '../packages/content/src/vulns/index.ts';

const doc = readFileSync(new URL('../docs/checks.md', import.meta.url), 'utf8');

test('docs/checks.md is up to date with the content and the active checks (run node scripts/gen-check-reference.ts)', async () => {
  assert.equal(doc, await checkReferenceDocument());
});

test('docs/checks.md lists every built-in vulnerability with its severity, CVSS and rule', async () => {
  const pack = await loadBuiltinVulnPack();
  for (const v of pack.definitions) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${v.id}\` |`));
    assert.ok(row, `${v.id} has a row`);
    assert.ok(row.includes(` ${v.severity} |`), `${v.id} severity`);
    assert.ok(row.includes(v.scores[0]?.vector ?? '(none)'), `${v.id} CVSS vector`);
    assert.ok(row.includes(`\`version:${v.productKey?.split(':')[1]}:${v.id}\``), `${v.id} rule`);
  }
});
