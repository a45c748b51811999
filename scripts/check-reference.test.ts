// docs/checks.md is generated from the content; this fails when it is stale (same pattern as
// docs/errors.md). Fix: node scripts/gen-check-reference.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkReferenceDocument } from './check-reference-input.ts';
import { loadBuiltinVulnPack, versionRulesOf } from '../packages/content/src/vulns/index.ts';

const doc = readFileSync(new URL('../docs/checks.md', import.meta.url), 'utf8');

test('docs/checks.md is up to date with the content and the active checks (run node scripts/gen-check-reference.ts)', async () => {
  assert.equal(doc, await checkReferenceDocument());
});

test('docs/checks.md lists every built-in vulnerability with its severity, CVSS and rule', async () => {
  const pack = await loadBuiltinVulnPack();
  for (const v of pack.definitions) {
    // A definition several products share has one row per product (its rule names the product).
    const rows = doc.split('\n').filter((l) => l.startsWith(`| \`${v.id}\` |`));
    assert.ok(rows.length > 0, `${v.id} has a row`);
    for (const rule of versionRulesOf(v)) {
      const row = rows.find((l) => l.includes(`\`version:${rule.productKey.split(':')[1]}:${v.id}\``));
      assert.ok(row, `${v.id} rule for ${rule.productKey}`);
      assert.ok(row.includes(` ${v.severity} |`), `${v.id} severity`);
      assert.ok(row.includes(v.scores[0]?.vector ?? '(none)'), `${v.id} CVSS vector`);
    }
  }
});
