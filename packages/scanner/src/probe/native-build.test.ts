// The helper's build script (run by npm ci): builds a working binary named after its source,
// and never fails an install when there is no compiler (unless --strict asks it to).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FrameReader, NATIVE_MAGIC, NATIVE_VERSION } from './native-frames.ts';
import { findNativeHelper, helperBinaryPath, nativeHelperWorks, requireNativeHelper } from './native-helper.ts';

const SCRIPT = fileURLToPath(new URL('../../native/build.mjs', import.meta.url));

function build(env: NodeJS.ProcessEnv, args: string[] = []): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env, timeout: 130_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('without a C compiler the build says why and exits 0 (exit 1 with --strict)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-native-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { PATH: '/nonexistent', FARSIGHT_NATIVE_BUILD_DIR: dir };
  const r = build(env);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /not built \(no working C compiler: cc: ENOENT; gcc: ENOENT; clang: ENOENT\); the JS probe path is used/);
  assert.deepEqual(readdirSync(dir), []);
  assert.equal(build(env, ['--strict']).status, 1);
  assert.match(build({ ...env, FARSIGHT_NO_NATIVE: '1' }).out, /FARSIGHT_NO_NATIVE=1/);
});

test('with a compiler it builds a helper named after the source hash that speaks the protocol', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-native-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = build({ ...process.env, FARSIGHT_NATIVE_BUILD_DIR: dir });
  assert.equal(r.status, 0, r.out);
  const name = (helperBinaryPath() ?? '').split('/').pop() as string;
  assert.deepEqual(readdirSync(dir), [name]);
  assert.match(build({ ...process.env, FARSIGHT_NATIVE_BUILD_DIR: dir }).out, /up to date/);
  // Closed stdin: it says READY and exits 0.
  const run = spawnSync(join(dir, name), [], { input: Buffer.alloc(0), timeout: 10_000 });
  assert.equal(run.status, 0);
  const frames = new FrameReader().push(run.stdout);
  assert.deepEqual(frames, [{ t: 'ready', magic: NATIVE_MAGIC, version: NATIVE_VERSION }]);
});

test('a helper is only chosen when it runs here and speaks this protocol', () => {
  requireNativeHelper();
  const built = findNativeHelper();
  assert.ok(built !== undefined && nativeHelperWorks(built), 'the built helper works');
  assert.equal(nativeHelperWorks('/bin/false'), false);
  assert.equal(nativeHelperWorks('/bin/true'), false, 'exit 0 without READY is not a helper');
  assert.equal(nativeHelperWorks('/nonexistent/farsight-probe'), false);
});
