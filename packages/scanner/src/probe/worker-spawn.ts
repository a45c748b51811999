/**
 * Starting probe worker threads quickly, and early. A worker boots from a few lines of plain
 * JavaScript that turn on node's compile cache (which also caches type-stripped TypeScript)
 * and then import probe-worker.ts: a worker started on the .ts file directly would strip its
 * modules afresh (instantiating the type stripper) on every run, ~50–100 ms on these machines.
 * `prestartProbeWorkers()` lets a program (the CLI's `scan`) start them before it has even
 * parsed its flags; the next WorkerPool adopts them. Workers get their settings by message
 * (`init`), so one started early serves any options.
 */
import module from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./probe-worker.ts', import.meta.url).href;

/** The bootstrap (CommonJS, run by `eval`): compile cache on when the parent has one, then the real entry. */
const BOOT = [
  "const { workerData } = require('node:worker_threads');",
  "const m = require('node:module');",
  'if (workerData.compileCache && typeof m.enableCompileCache === "function") m.enableCompileCache(workerData.compileCache);',
  'import(workerData.entry);',
].join('\n');

/** A started worker and what became of it before anyone listened. */
interface Spawned {
  worker: Worker;
  /** Set when it failed or exited while waiting to be adopted. */
  dead: boolean;
}

const prestarted: Spawned[] = [];
const counts = { spawned: 0, prestarted: 0 };

/**
 * Workers inherit node's flags, but refuse --input-type (set when the host runs `node -e`
 * code as a module); only then is the list passed, without it. Passing execArgv in other
 * cases would make node re-validate flags a worker may not take.
 */
function workerExecArgv(): { execArgv?: string[] } {
  if (!process.execArgv.some((a) => a.startsWith('--input-type'))) return {};
  return { execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) };
}

function spawn(): Spawned {
  const compileCache = module.getCompileCacheDir?.();
  const worker = new Worker(BOOT, {
    eval: true,
    name: 'farsight-probe',
    workerData: { entry: ENTRY, ...(compileCache === undefined ? {} : { compileCache }) },
    ...workerExecArgv(),
  });
  counts.spawned++;
  const s: Spawned = { worker, dead: false };
  // Until a pool adopts it, a failure is only remembered (an 'error' with no listener would throw).
  const died = (): void => { s.dead = true; };
  worker.once('error', died);
  worker.once('exit', died);
  return s;
}

/**
 * Starts `count` probe workers now (default: one per CPU, as the engine's default) for the
 * next ProbeEngine to adopt. They are unref'd: they never keep the process alive, and
 * a program that exits without scanning just exits. Calling it again tops the set up.
 */
export function prestartProbeWorkers(count = availableParallelism()): void {
  const n = Math.max(1, Math.min(256, Math.floor(count)));
  while (prestarted.length < n) {
    const s = spawn();
    s.worker.unref();
    prestarted.push(s);
    counts.prestarted++;
  }
}

/** Probe workers started in this process: in all, ahead of need, and prestarted ones not adopted yet (tests, diagnostics). */
export function probeWorkerCounts(): { spawned: number; prestarted: number; waiting: number } {
  return { ...counts, waiting: prestarted.length };
}

/**
 * `count` probe workers: prestarted ones first (those that died waiting are replaced), new
 * ones for the rest. Prestarted workers beyond `count` are terminated. The caller attaches
 * its own listeners, ref()s them as needed and sends `init` first.
 */
export function takeProbeWorkers(count: number): Worker[] {
  const out: Worker[] = [];
  while (out.length < count) {
    const s = prestarted.shift() ?? spawn();
    if (s.dead) {
      void s.worker.terminate();
      continue;
    }
    s.worker.removeAllListeners('error');
    s.worker.removeAllListeners('exit');
    out.push(s.worker);
  }
  for (const s of prestarted.splice(0)) void s.worker.terminate();
  return out;
}
