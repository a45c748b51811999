// Start-up of `farsight scan` (benchmark A counts it): a pure port scan loads only what it
// uses — not the other commands, the content package, the SSH stack or the progress bar.
// Structural, not timed: it lists the modules the process loaded. Loopback 127.0.149.200 only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
/** A preload that prints every file module the process loaded, at exit. */
const HOOK = `data:text/javascript,${encodeURIComponent(`
import module from 'node:module';
const seen = [];
module.registerHooks({ load(url, ctx, next) { if (url.startsWith('file:')) seen.push(url); return next(url, ctx); } });
process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(seen) + '\\n'));
`)}`;

test('a pure port scan loads neither other commands, content, SSH nor the progress bar', () => {
  const r = spawnSync(process.execPath, ['--import', HOOK, MAIN, 'scan', '127.0.149.200', '--ports', '1-3', '--no-discovery', '--no-service-detection', '--json', '--no-progress'], {
    encoding: 'utf8', timeout: 120_000, env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FARSIGHT_SSH_'))),
  });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { hosts: Array<{ closedPorts?: number }> };
  assert.equal(report.hosts[0]?.closedPorts, 3, 'the scan itself ran');
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, 'the preload reported');
  const loaded = JSON.parse(line.slice('LOADED '.length)) as string[];
  assert.ok(loaded.some((u) => u.endsWith('/commands/scan.ts')) && loaded.some((u) => u.endsWith('/probe/probe-engine.ts')), 'sanity: the hook sees modules');
  // service/result.ts and text.ts are pure helpers the OS guess shares; detection itself must not load.
  const unwanted = loaded.filter((u) => /\/apps\/cli\/src\/(cli\.ts|admin\/)|\/packages\/content\/|\/packages\/scanner\/src\/(service\/(?!result\.ts|text\.ts)|auth\/)|\/node_modules\/(zod|ssh2|cli-progress|fast-xml-parser)\//.test(u));
  assert.deepEqual(unwanted, []);
});
