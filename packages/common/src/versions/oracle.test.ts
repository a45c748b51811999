// Oracle tests: our dpkg and rpm comparators must agree 100% with the real tools on the
// hand-picked tables and on thousands of seeded random pairs. No network; local processes only.
// FARSIGHT_ORACLE_PAIRS (default 3000 dpkg / 20000 rpm) and FARSIGHT_ORACLE_SEED vary the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFarsightError } from '../errors.ts';
import { DPKG_CASES, RPM_CASES } from './cases.ts';
import { compareDpkg } from './dpkg.ts';
import { DPKG_EXTRAS, RPM_EXTRAS, generatePairs, randomDpkgVersion, randomRpmEvr } from './oracle-pairs.ts';
import { compareRpm, isValidRpmEvr } from './rpm.ts';

const TIME_LIMIT_MS = 240_000;

function envInt(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new Error(`${name}=${raw}: expected a whole number 1-${max}`);
  return n;
}
const SEED = envInt('FARSIGHT_ORACLE_SEED', 20240611, 0xffffffff);
const DPKG_PAIRS = envInt('FARSIGHT_ORACLE_PAIRS', 3000, 1_000_000);
const RPM_PAIRS = envInt('FARSIGHT_ORACLE_PAIRS', 20000, 1_000_000);

/** Fails (never skips) when a tool is missing, naming the Debian package to install. */
function requireTool(command: string, args: string[], debianPackage: string): void {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) {
    assert.fail(
      `${command} is needed as the version-order oracle but is not usable here (${r.error?.message ?? r.stderr.trim()}); ` +
        `install the Debian package '${debianPackage}': apt-get install -y ${debianPackage}`,
    );
  }
}

/** Runs a command to completion within the time limit; resolves stdout. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d.length < 4096 ? d : ''));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} exited ${code ?? signal}: ${err.slice(0, 500)}`));
    });
  });
}

function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-oracle-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function pairFile(dir: string, name: string, pairs: readonly (readonly [string, string])[]): string {
  for (const [a, b] of pairs) if (/[\t\n\r]/.test(a + b)) throw new Error(`pair not representable: ${a} ${b}`);
  const path = join(dir, name);
  writeFileSync(path, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
  return path;
}

// One shell loop per chunk: dpkg exits 0/1 for true/false and 2 when a version is an error.
const DPKG_LOOP = `
tab=$(printf '\\t')
while IFS="$tab" read -r a b; do
  dpkg --compare-versions "$a" lt "$b" 2>/dev/null; rc=$?
  if [ "$rc" -eq 0 ]; then echo -1
  elif [ "$rc" -eq 1 ]; then
    if dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo 0; else echo 1; fi
  else echo E; fi
done < "$1"
`;

/** dpkg's verdicts ('-1', '0', '1' or 'E' for rejected) for each pair, in two parallel loops. */
async function dpkgVerdicts(pairs: readonly (readonly [string, string])[]): Promise<string[]> {
  return withTempDir(async (dir) => {
    const half = Math.ceil(pairs.length / 2);
    const chunks = [pairs.slice(0, half), pairs.slice(half)];
    const outputs = await Promise.all(chunks.map((c, i) => run('sh', ['-c', DPKG_LOOP, 'dpkg-oracle', pairFile(dir, `pairs${i}.tsv`, c)])));
    return outputs.flatMap((o) => o.split('\n').filter((l) => l !== ''));
  });
}

/** rpm.vercmp() for each pair, in one rpm process running a Lua loop over the pair file. */
async function rpmVerdicts(pairs: readonly (readonly [string, string])[]): Promise<string[]> {
  return withTempDir(async (dir) => {
    const path = pairFile(dir, 'pairs.tsv', pairs);
    const lua = [
      `local f = assert(io.open(${JSON.stringify(path)}, "r"))`,
      'local T = string.char(9)',
      'local out = {}',
      'for line in f:lines() do',
      '  local a, b = line:match("^([^" .. T .. "]*)" .. T .. "(.*)$")',
      '  local ok, r = pcall(rpm.vercmp, a, b)',
      '  out[#out + 1] = ok and tostring(r) or "E"',
      'end',
      'f:close()',
      'print(table.concat(out, string.char(10)))',
    ].join('\n');
    const out = await run('rpm', ['--eval', `%{lua:\n${lua}\n}`]);
    return out.split('\n').filter((l) => l !== '');
  });
}

function ours(compare: (a: string, b: string) => number, a: string, b: string): string {
  try {
    return String(compare(a, b));
  } catch (e) {
    if (isFarsightError(e, 'VERSION_INVALID')) return 'E';
    throw e;
  }
}

function agreement(
  name: string,
  pairs: readonly (readonly [string, string])[],
  verdicts: readonly string[],
  compare: (a: string, b: string) => number,
): void {
  assert.equal(verdicts.length, pairs.length, `${name} answered ${verdicts.length} of ${pairs.length} pairs`);
  const disagreements: string[] = [];
  pairs.forEach(([a, b], i) => {
    const mine = ours(compare, a, b);
    if (mine !== verdicts[i]) disagreements.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: ${name} ${verdicts[i]}, ours ${mine}`);
  });
  const counts = { '-1': 0, '0': 0, '1': 0, E: 0 } as Record<string, number>;
  for (const v of verdicts) counts[v] = (counts[v] ?? 0) + 1;
  console.log(`${name} oracle: ${pairs.length - disagreements.length}/${pairs.length} agree (seed ${SEED}; verdicts ${JSON.stringify(counts)})`);
  assert.deepEqual(disagreements.slice(0, 25), [], `${disagreements.length} of ${pairs.length} pairs disagree with ${name}`);
}

test('dpkg --compare-versions agrees with compareDpkg on the table and on generated pairs', async () => {
  requireTool('dpkg', ['--version'], 'dpkg');
  const table = DPKG_CASES.map(([a, b]) => [a, b] as const);
  const tableVerdicts = await dpkgVerdicts(table);
  DPKG_CASES.forEach(([a, b, want, why], i) => assert.equal(tableVerdicts[i], String(want), `dpkg says ${a} vs ${b} is ${tableVerdicts[i]}, table says ${want} (${why})`));

  // Versions starting with '-' would be read as dpkg options; empty ones are dpkg's "no version".
  const pairs = generatePairs(SEED, DPKG_PAIRS, { make: randomDpkgVersion, extras: DPKG_EXTRAS, keep: (v) => v.trim() !== '' && !v.startsWith('-') });
  const verdicts = await dpkgVerdicts(pairs);
  agreement('dpkg', pairs, verdicts, compareDpkg);
  const kinds = new Set(verdicts);
  assert.ok(kinds.has('-1') && kinds.has('0') && kinds.has('1') && kinds.has('E'), 'the generated pairs exercise every outcome');
});

test('rpm.vercmp agrees with compareRpm on the table and on generated pairs', async () => {
  requireTool('rpm', ['--version'], 'rpm');
  const table = RPM_CASES.map(([a, b]) => [a, b] as const);
  const tableVerdicts = await rpmVerdicts(table);
  RPM_CASES.forEach(([a, b, want, why], i) => assert.equal(tableVerdicts[i], String(want), `rpm says ${a} vs ${b} is ${tableVerdicts[i]}, table says ${want} (${why})`));

  const pairs = generatePairs(SEED, RPM_PAIRS, { make: randomRpmEvr, extras: RPM_EXTRAS, keep: isValidRpmEvr });
  const verdicts = await rpmVerdicts(pairs);
  agreement('rpm', pairs, verdicts, compareRpm);
  const kinds = new Set(verdicts);
  assert.ok(kinds.has('-1') && kinds.has('0') && kinds.has('1'), 'the generated pairs exercise every outcome');
});
