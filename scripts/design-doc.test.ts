// Keeps DESIGN.md true: every repository path it names in backticks must exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;

test('every path DESIGN.md names exists', () => {
  const text = readFileSync(`${root}DESIGN.md`, 'utf8');
  const paths = [...text.matchAll(/`((?:packages|apps|tests|scripts|bench|docs)\/[^`\s]*)`/g)].map((m) => m[1] as string);
  assert.ok(paths.length > 10, 'DESIGN.md should name the files it describes');
  const missing = paths.filter((p) => !existsSync(`${root}${p}`));
  assert.deepEqual(missing, [], `DESIGN.md names paths that do not exist: ${missing.join(', ')}`);
});
