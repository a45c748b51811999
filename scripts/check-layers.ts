// Enforces the dependency direction between workspaces (see DESIGN.md, "Layers").
// Reads every .ts file's imports; exits 1 naming each import that goes the wrong way.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);

/** Which @farsight/* workspaces each workspace may import. */
export const ALLOWED: Record<string, string[]> = {
  common: [],
  'engine-protocol': ['common'],
  content: ['common'],
  scanner: ['common', 'content'],
  'engine-core': ['common', 'content', 'scanner', 'engine-protocol'],
  labnet: ['common'],
  // `farsight console` starts the console in-process (console-main.ts only, loaded on demand).
  cli: ['common', 'content', 'scanner', 'engine-protocol', 'engine-core', 'console', 'engine'],
  console: ['common', 'content', 'scanner', 'engine-protocol', 'engine-core'],
  engine: ['common', 'content', 'scanner', 'engine-protocol', 'engine-core'],
  web: [],
  // Benchmarks, scripts and cross-process tests may use everything but never import an app's internals.
  // Benchmarks load the console's services directly (like tests/console) to measure ingest and query latency.
  bench: ['common', 'content', 'scanner', 'labnet', 'engine-protocol', 'engine-core', 'console', 'tests'],
  scripts: ['common', 'content', 'scanner', 'labnet', 'engine-protocol'],
  // tests/console drives the console in-process (harness: startConsole, app.inject).
  tests: ['common', 'content', 'scanner', 'labnet', 'engine-protocol', 'engine-core', 'console'],
};

function workspaceOf(file: string): string | undefined {
  const rel = relative(root, file).split('/');
  if (rel[0] === 'packages' || rel[0] === 'apps') return rel[1];
  if (rel[0] === 'tests' && rel[1] === 'labnet') return 'labnet';
  if (rel[0] === 'tests' || rel[0] === 'bench' || rel[0] === 'scripts') return rel[0];
  return undefined;
}

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
}

const files: string[] = [];
for (const d of ['packages', 'apps', 'tests', 'bench', 'scripts']) walk(join(root, d), files);
const problems: string[] = [];
const importRe = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
for (const file of files) {
  const from = workspaceOf(file);
  if (!from) continue;
  const allowed = ALLOWED[from];
  if (!allowed) { problems.push(`${relative(root, file)}: workspace '${from}' has no entry in scripts/check-layers.ts ALLOWED`); continue; }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? '';
    let target: string | undefined;
    if (spec.startsWith('@farsight/')) target = spec.slice('@farsight/'.length).split('/')[0];
    else if (spec.startsWith('.')) target = workspaceOf(resolve(dirname(file), spec));
    if (!target || target === from) continue;
    const isApp = existsSync(join(root, 'apps', target)) && !existsSync(join(root, 'packages', target));
    // Apps are leaves; the only app imports allowed are the ones listed explicitly in ALLOWED.
    if (isApp && from !== target && !allowed.includes(target)) problems.push(`${relative(root, file)}: imports app '${target}' (${spec}); nothing imports from apps/*`);
    else if (!allowed.includes(target)) problems.push(`${relative(root, file)}: '${from}' may not import '${target}' (${spec})`);
  }
}
if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} import(s) go the wrong way:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-layers: ${files.length} files, dependency direction OK`);
