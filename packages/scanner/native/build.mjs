// Builds the optional native probe helper (farsight-probe.c, frames.c) with the system C compiler.
// Run by the scanner workspace's postinstall (`npm ci`) and, on demand, by the probe engine
// when `--probe-backend native` is asked for and no binary matches the source. Plain
// JavaScript so that any Node can run it. It never fails an install: without a compiler,
// on a non-Linux system or on a compile error it says so and exits 0 (the JS path is used).
// Usage: node build.mjs [--quiet] [--strict]   (--strict: exit 1 when no binary was built)
// Environment: CC (compiler tried first), FARSIGHT_NO_NATIVE=1 (skip), FARSIGHT_NATIVE_BUILD_DIR.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quiet = process.argv.includes('--quiet');
const strict = process.argv.includes('--strict');
const say = (m) => { if (!quiet) console.log(`farsight-probe: ${m}`); };

function done(ok, message) {
  if (message) (ok ? say : (m) => console.error(`farsight-probe: ${m}`))(message);
  process.exit(ok || !strict ? 0 : 1);
}

if (process.platform !== 'linux') done(false, `not built: the helper uses epoll (Linux only), this is ${process.platform}; the JS probe path is used`);
if (process.env.FARSIGHT_NO_NATIVE === '1') done(false, 'not built: FARSIGHT_NO_NATIVE=1; the JS probe path is used');
// The binary's name carries the hash of its sources (every .c and .h here, by name): the engine
// (native-helper.ts, same computation) finds the build of exactly this source.
const names = readdirSync(here).filter((n) => /\.[ch]$/.test(n)).sort();
const sha = createHash('sha256');
for (const n of names) sha.update(`${n}\0`).update(readFileSync(join(here, n))).update('\0');
const hash = sha.digest('hex').slice(0, 16);
const sources = names.filter((n) => n.endsWith('.c')).map((n) => join(here, n));
// FARSIGHT_NATIVE_BUILD_DIR: build elsewhere (tests of this script); the engine looks in build/.
const outDir = process.env.FARSIGHT_NATIVE_BUILD_DIR || join(here, 'build');
const out = join(outDir, `farsight-probe-${hash}`);
if (existsSync(out)) done(true, `up to date (${out})`);
mkdirSync(outDir, { recursive: true });
const tmp = `${out}.${process.pid}.tmp`;
const candidates = [process.env.CC, 'cc', 'gcc', 'clang'].filter((c) => typeof c === 'string' && c.length > 0);
const errors = [];
for (const cc of candidates) {
  const r = spawnSync(cc, ['-O2', '-std=gnu11', '-Wall', '-Wextra', '-o', tmp, ...sources], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) { errors.push(`${cc}: ${r.error.code ?? r.error.message}`); continue; }
  if (r.status !== 0) { errors.push(`${cc}: exit ${r.status}\n${(r.stderr ?? '').slice(0, 2000)}`); rmSync(tmp, { force: true }); continue; }
  // Rename is atomic: concurrent builds (two installs, two scans) never see a half-written file.
  renameSync(tmp, out);
  // Binaries of older sources are never used again (a running scan keeps its open file).
  for (const f of readdirSync(outDir)) if (f.startsWith('farsight-probe-') && join(outDir, f) !== out && !f.endsWith('.tmp')) rmSync(join(outDir, f), { force: true });
  done(true, `built ${out} with ${cc}`);
}
done(false, `not built (no working C compiler: ${errors.join('; ')}); the JS probe path is used. Install gcc and run npm ci, or node packages/scanner/native/build.mjs`);
