/**
 * `farsight` bootstrap: turns on Node's compile cache (which also caches the type-stripped
 * TypeScript) before loading the CLI, cutting start-up from ~0.25 s to ~0.09 s of module
 * loading — it counts in every short scan. For `farsight scan` it also starts the probe
 * worker threads first, so they boot on the other core while this thread loads the CLI
 * (the scan's engine adopts them; see packages/scanner/src/probe/worker-spawn.ts).
 */
import module from 'node:module';

module.enableCompileCache?.();
// A reader that goes away (`farsight scan … | head`) is not an error: stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const args = process.argv.slice(2);
if (args[0] === 'scan' && !args.includes('-h') && !args.includes('--help') && !(await nativeBackend(args))) {
  const { prestartProbeWorkers } = await import('@farsight/scanner/probe/worker-spawn');
  prestartProbeWorkers(workersFlag(args));
}
// `farsight scan` loads only its own command; everything else gets the whole CLI.
await import(args[0] === 'scan' ? './scan-main.ts' : './cli.ts');

/** The --workers value when it is a plausible count (the CLI validates it properly later). */
function workersFlag(argv: string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const v = a === '--workers' ? argv[i + 1] : a.startsWith('--workers=') ? a.slice('--workers='.length) : undefined;
    if (v !== undefined && /^\d{1,2}$/.test(v) && Number(v) >= 1) return Number(v);
  }
  return undefined;
}

/** True when the scan's connects will run in the native helper (no worker threads to prestart). */
async function nativeBackend(argv: string[]): Promise<boolean> {
  const { chooseBackend, findNativeHelper, PROBE_BACKEND_ENV } = await import('@farsight/scanner/probe/native-helper');
  const i = argv.findIndex((a) => a === '--probe-backend' || a.startsWith('--probe-backend='));
  const flag = i < 0 ? undefined : argv[i]?.includes('=') ? argv[i]?.slice('--probe-backend='.length) : argv[i + 1];
  try {
    return chooseBackend(flag, process.env[PROBE_BACKEND_ENV], findNativeHelper() !== undefined) === 'native';
  } catch {
    return false; // an invalid name: the scan command reports it
  }
}
