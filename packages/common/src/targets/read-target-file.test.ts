import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTargetFile, expandTargetFiles } from './read-target-file.ts';
import { parseTargetFileText } from './target-file-text.ts';

void test('target file text: several tokens per line, comments, blank lines, CRLF', () => {
  const text = '# lab hosts\n127.0.0.1 127.0.0.2,127.0.0.3\r\n\n   \n127.0.1.0/30   # a small block\nlocalhost#inline\n  # indented comment\n';
  assert.deepEqual(parseTargetFileText(text), ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.1.0/30', 'localhost']);
  assert.deepEqual(parseTargetFileText(''), []);
});

void test('readTargetFile and expandTargetFiles', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'farsight-targets-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'targets.txt');
  await writeFile(file, '127.0.0.1\n# skip\n127.0.0.2 127.0.0.3\n');
  assert.deepEqual(await readTargetFile(file), ['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  assert.deepEqual(await expandTargetFiles(['127.0.0.9', `@${file}`, '::1']), ['127.0.0.9', '127.0.0.1', '127.0.0.2', '127.0.0.3', '::1']);

  const missing = join(dir, 'nope.txt');
  await assert.rejects(readTargetFile(missing), (e: Error & { code?: string }) => e.code === 'TARGET_FILE_UNREADABLE' && e.message.includes(missing));
  await assert.rejects(readTargetFile(dir), { code: 'TARGET_FILE_UNREADABLE' });

  const nested = join(dir, 'nested.txt');
  await writeFile(nested, `127.0.0.1\n@${file}\n`);
  await assert.rejects(readTargetFile(nested), (e: Error & { code?: string }) => e.code === 'TARGET_INVALID' && e.message.includes('cannot include other files'));
  await assert.rejects(expandTargetFiles(['@']), { code: 'TARGET_INVALID' });
});
