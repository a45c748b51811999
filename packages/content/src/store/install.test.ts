import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isFarsightError } from '@farsight/common';
import { builtinFingerprintDir } from '../recog/load-files.ts';
import { installPackage, type InstallStage } from './install.ts';
import { loadActiveContent } from './load.ts';
import { validatePackage } from './package-validate.ts';
import { readActivePointer } from './active.ts';
import { withStoreLock } from './lock.ts';
import { tempContentDir, testPackage } from './fixture-package.test-data.ts';

async function install(root: string, version: string, fault?: (s: InstallStage) => void, cves?: string[]): Promise<void> {
  const built = testPackage(version, cves);
  const pkg = validatePackage(built.zip, `${version}.zip`);
  await installPackage(root, pkg, { sha256: built.sha256, ...(fault ? { fault } : {}) });
}

test('nothing installed: built-in content, no warnings', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  const c = await loadActiveContent({ contentDir: root });
  assert.equal(c.source, 'builtin');
  assert.equal(c.fingerprintDir, builtinFingerprintDir());
  assert.deepEqual(c.warnings, []);
});

test('install makes a package active; the next install keeps one previous version', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  await install(root, '2026.1');
  let c = await loadActiveContent({ contentDir: root });
  assert.equal(c.source, 'package');
  assert.equal(c.version, '2026.1');
  assert.deepEqual(c.manifest?.counts, { fingerprints: c.manifest?.counts.fingerprints, vulns: 1, advisories: 1 });
  assert.ok(c.fingerprintDir.startsWith(join(root, 'packages')));
  assert.deepEqual(c.vulns.definitions.map((d) => d.id), ['CVE-2021-41773'], 'the package replaces the built-in definitions');
  assert.deepEqual(c.advisories.map((a) => a.id), ['DSA-5724-1']);
  await install(root, '2026.2', undefined, ['CVE-2021-41773', 'CVE-2024-6387']);
  await install(root, '2026.3');
  c = await loadActiveContent({ contentDir: root });
  assert.equal(c.version, '2026.3');
  const pointer = await readActivePointer(root);
  assert.match(pointer?.previous ?? '', /^2026\.2-/);
  assert.deepEqual((await readdir(join(root, 'packages'))).map((n) => n.split('-')[0]).sort(), ['2026.2', '2026.3']);
});

for (const stage of ['file-written', 'staged', 'renamed'] as const) {
  test(`a failure at '${stage}' leaves the previous version active, and the next install cleans up`, async (t) => {
    const root = await tempContentDir();
    t.after(() => rm(root, { recursive: true, force: true }));
    await install(root, '1.0');
    await assert.rejects(install(root, '2.0', (s) => { if (s === stage) throw new Error(`simulated failure at ${s}`); }), (e: unknown) => isFarsightError(e, 'CONTENT_STORE_FAILED') && /simulated failure/.test(e.message) && /previous content stays active/.test(e.message));
    const c = await loadActiveContent({ contentDir: root });
    assert.equal(c.version, '1.0');
    assert.deepEqual(c.warnings, []);
    await install(root, '3.0');
    assert.equal((await loadActiveContent({ contentDir: root })).version, '3.0');
    assert.deepEqual(await readdir(join(root, 'tmp')).catch(() => []), []);
    assert.deepEqual((await readdir(join(root, 'packages'))).map((n) => n.split('-')[0]).sort(), ['1.0', '3.0']);
  });
}

const crashScript = (root: string, stage: string): string => `
import { installPackage } from './packages/content/src/store/install.ts';
import { validatePackage } from './packages/content/src/store/package-validate.ts';
import { withStoreLock } from './packages/content/src/store/lock.ts';
import { testPackage } from './packages/content/src/store/fixture-package.test-data.ts';
const built = testPackage('2.0');
await withStoreLock(${JSON.stringify(root)}, () => installPackage(${JSON.stringify(root)}, validatePackage(built.zip, 'p'), {
  sha256: built.sha256,
  fault: (s) => { if (s === ${JSON.stringify(stage)}) process.kill(process.pid, 'SIGKILL'); },
}));
`;

for (const stage of ['file-written', 'renamed'] as const) {
  test(`a process killed (SIGKILL) at '${stage}' leaves the previous version active; its stale lock is taken over`, async (t) => {
    const root = await tempContentDir();
    t.after(() => rm(root, { recursive: true, force: true }));
    await install(root, '1.0');
    const repo = new URL('../../../../', import.meta.url).pathname;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', crashScript(root, stage)], { cwd: repo, timeout: 60_000, encoding: 'utf8' });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.ok((await readFile(join(root, '.lock'), 'utf8')).length > 0, 'the killed process left its lock');
    assert.equal((await loadActiveContent({ contentDir: root })).version, '1.0');
    await withStoreLock(root, () => install(root, '3.0'));
    assert.equal((await loadActiveContent({ contentDir: root })).version, '3.0');
  });
}

test('a damaged pointer or a file changed on disk falls back to built-in content with a warning', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  await install(root, '1.0');
  const pointer = await readActivePointer(root);
  await writeFile(join(root, 'packages', pointer?.package ?? '', 'advisories', 'debian-12', 'DSA-5724-1.json'), '{"tampered":true}');
  let c = await loadActiveContent({ contentDir: root });
  assert.equal(c.source, 'builtin');
  assert.match(c.warnings[0] ?? '', /no longer matches its manifest SHA-256/);
  await writeFile(join(root, 'active.json'), '{"package":');
  c = await loadActiveContent({ contentDir: root });
  assert.equal(c.source, 'builtin');
  assert.match(c.warnings[0] ?? '', /active\.json is damaged/);
  await install(root, '2.0');
  assert.equal((await loadActiveContent({ contentDir: root })).version, '2.0', 'an update repairs a damaged pointer');
});

test('a second writer is refused while the lock is held by a live process', async (t) => {
  const root = await tempContentDir();
  t.after(() => rm(root, { recursive: true, force: true }));
  await withStoreLock(root, async () => {
    await assert.rejects(withStoreLock(root, async () => 1), (e: unknown) => isFarsightError(e, 'CONTENT_STORE_FAILED') && /is updating/.test(e.message));
  });
});
