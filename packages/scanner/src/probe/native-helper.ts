/**
 * Finding (and on demand building) the native probe helper binary. The build
 * (`packages/scanner/native/build.mjs`, run by the workspace's postinstall) names the binary
 * after the SHA-256 of its C source, so a binary built from older source is never used.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FarsightError } from '@farsight/common';
import { NATIVE_MAGIC, NATIVE_VERSION } from './native-frames.ts';

const NATIVE_DIR = fileURLToPath(new URL('../../native/', import.meta.url));
const BUILD_SCRIPT = `${NATIVE_DIR}build.mjs`;

/** The probe backends a user can ask for. */
export type ProbeBackend = 'auto' | 'native' | 'js';
/** Environment variable naming the backend when no option does. */
export const PROBE_BACKEND_ENV = 'FARSIGHT_PROBE_BACKEND';

let cachedPath: string | null | undefined;

/** Where the helper built from the current sources lives (it may not exist); the hash is build.mjs's. */
export function helperBinaryPath(): string | undefined {
  try {
    const names = readdirSync(NATIVE_DIR).filter((n) => /\.[ch]$/.test(n)).sort();
    if (!names.includes('farsight-probe.c')) return undefined;
    const sha = createHash('sha256');
    for (const n of names) sha.update(`${n}\0`).update(readFileSync(`${NATIVE_DIR}${n}`)).update('\0');
    return `${NATIVE_DIR}build/farsight-probe-${sha.digest('hex').slice(0, 16)}`;
  } catch {
    return undefined; // source not shipped: no native backend
  }
}

/**
 * The helper binary when it is built and works here, else undefined (checked once per process):
 * executable, and run with an empty input it says READY in this protocol version and exits 0
 * (~2 ms). A binary copied from another machine or architecture, or on a noexec mount, is
 * thereby never chosen by `auto`.
 */
export function findNativeHelper(): string | undefined {
  if (cachedPath !== undefined) return cachedPath ?? undefined;
  cachedPath = null;
  if (process.platform !== 'linux') return undefined;
  const path = helperBinaryPath();
  if (path === undefined) return undefined;
  if (isExecutable(path) && nativeHelperWorks(path)) cachedPath = path;
  return cachedPath ?? undefined;
}

/** True when `path` runs, greets with READY of this protocol version on an empty input and exits 0 (bounded to 5 s). */
export function nativeHelperWorks(path: string): boolean {
  const r = spawnSync(path, [], { input: Buffer.alloc(0), timeout: 5000, maxBuffer: 4096 });
  if (r.error !== undefined || r.status !== 0 || !Buffer.isBuffer(r.stdout) || r.stdout.length !== 16) return false;
  const out = r.stdout;
  return out[0] === 0x81 && out.readUInt32LE(4) === 8 && out.readUInt32LE(8) === NATIVE_MAGIC && out.readUInt32LE(12) === NATIVE_VERSION;
}

/**
 * The helper binary, building it now (with the system C compiler, bounded to 2 minutes) when
 * it is missing; throws RUNTIME_UNSUPPORTED saying why when it cannot be had.
 */
export function requireNativeHelper(): string {
  const found = findNativeHelper();
  if (found !== undefined) return found;
  if (process.platform !== 'linux') {
    throw new FarsightError('RUNTIME_UNSUPPORTED', `the native probe helper needs Linux (epoll); this is ${process.platform}: use --probe-backend js or auto`);
  }
  const built = helperBinaryPath();
  if (built !== undefined && isExecutable(built)) {
    throw new FarsightError('RUNTIME_UNSUPPORTED', `the native probe helper ${built} does not run on this machine (built elsewhere?); delete it and run npm ci, or use --probe-backend js or auto`);
  }
  const r = spawnSync(process.execPath, [BUILD_SCRIPT, '--strict'], { encoding: 'utf8', timeout: 130_000 });
  cachedPath = undefined;
  const path = findNativeHelper();
  if (path !== undefined) return path;
  const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(0, 4).join(' ') || r.error?.message || `exit ${String(r.status)}`;
  throw new FarsightError('RUNTIME_UNSUPPORTED', `the native probe helper could not be built (${why}); install a C compiler (gcc) and run npm ci, or use --probe-backend js or auto`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The backend to use: `requested` (an option or flag), else the environment variable, else
 * auto; auto means native when the helper is built. Throws INVALID_ARGUMENT for unknown names.
 */
export function chooseBackend(requested: string | undefined, env: string | undefined, nativeBuilt: boolean): 'native' | 'js' {
  const name = requested ?? (env === undefined || env === '' ? 'auto' : env);
  if (name !== 'auto' && name !== 'native' && name !== 'js') {
    const from = requested !== undefined ? 'probe backend' : PROBE_BACKEND_ENV;
    throw new FarsightError('INVALID_ARGUMENT', `${from} '${name}' is not one of auto, native, js`);
  }
  if (name === 'auto') return nativeBuilt && AUTO_PREFERS_NATIVE ? 'native' : 'js';
  return name;
}

/**
 * Whether `auto` picks the native helper when it is built: yes, it costs less CPU per probe
 * than the worker threads (16 vs 20 µs; nmap 14.8) and starts faster (bench/README.md).
 */
export const AUTO_PREFERS_NATIVE = true;
