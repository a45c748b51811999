/**
 * ProbeEngine options: the public shape, validation with messages that name the option,
 * and the defaults that depend on the machine (CPU count, open-file limit).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { FarsightError } from '@farsight/common';
import { chooseBackend, type ProbeBackend } from './native-helper.ts';

/** Options of a ProbeEngine. */
export interface ProbeEngineOptions {
  /** Worker threads that run connect loops; default os.availableParallelism(). */
  workers?: number;
  /** Global max new connections per second (0 = unlimited), split evenly across workers. */
  rate?: number;
  /** Total concurrent connects across workers (default 1000, lowered when `ulimit -n` is small). */
  maxInFlight?: number;
  /** Timeout of a host's probes before its RTT is known (default 1000 ms). */
  initialTimeoutMs?: number;
  /** Lower bound of the adaptive timeout (default 100 ms). */
  minTimeoutMs?: number;
  /** Upper bound of the adaptive timeout (default 3000 ms). */
  maxTimeoutMs?: number;
  /** Extra attempts for ports that timed out (silent/filtered); default 1. */
  retries?: number;
  /** Socket layer: the raw libuv handle, net.Socket, or raw when available (default). */
  transport?: 'auto' | 'raw' | 'net';
  /**
   * Who runs the connect loops: `native` helper processes (packages/scanner/native), `js`
   * worker threads, or `auto` (default; env FARSIGHT_PROBE_BACKEND) — see native-helper.ts.
   */
  backend?: ProbeBackend;
  /** Called before any packet goes to an address; throws if it is out of scope. */
  assertInScope: (address: string) => void;
}

/** Options after validation and defaults. */
export interface ResolvedOptions {
  workers: number;
  rate: number;
  maxInFlight: number;
  initialTimeoutMs: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  retries: number;
  transport: 'raw' | 'net';
  backend: 'native' | 'js';
  assertInScope: (address: string) => void;
}

/** What the machine offers, passed in so resolution stays testable. */
export interface MachineFacts {
  cpus: number;
  /** Soft RLIMIT_NOFILE, when known. */
  fdLimit: number | undefined;
  rawAvailable: boolean;
  /** The native helper is built (native-helper.ts findNativeHelper). */
  nativeBuilt?: boolean;
  /** Value of FARSIGHT_PROBE_BACKEND. */
  backendEnv?: string;
}

const DEFAULT_IN_FLIGHT = 1000;

/** Reads the soft open-file limit from /proc (Linux); undefined elsewhere. */
export function readFdLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (m === null) return undefined;
    return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** The facts of this machine. */
export function machineFacts(rawAvailable: boolean): MachineFacts {
  return { cpus: availableParallelism(), fdLimit: readFdLimit(), rawAvailable };
}

function intIn(name: string, v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new FarsightError('INVALID_ARGUMENT', `probe option ${name}=${String(v)} must be an integer from ${min} to ${max}`);
  }
  return v;
}

/** Validates options and fills defaults; throws INVALID_ARGUMENT or RUNTIME_UNSUPPORTED. */
export function resolveOptions(o: ProbeEngineOptions, facts: MachineFacts): ResolvedOptions {
  if (typeof o.assertInScope !== 'function') {
    throw new FarsightError('INVALID_ARGUMENT', 'probe option assertInScope is required: pass the scope check that throws for excluded addresses');
  }
  const rate = o.rate ?? 0;
  if (!Number.isFinite(rate) || rate < 0) {
    throw new FarsightError('INVALID_ARGUMENT', `probe option rate=${String(rate)} must be a finite number ≥ 0 (0 = unlimited)`);
  }
  const minTimeoutMs = intIn('minTimeoutMs', o.minTimeoutMs, 100, 1, 600_000);
  const maxTimeoutMs = intIn('maxTimeoutMs', o.maxTimeoutMs, Math.max(3000, minTimeoutMs), 1, 600_000);
  if (minTimeoutMs > maxTimeoutMs) {
    throw new FarsightError('INVALID_ARGUMENT', `probe option minTimeoutMs=${minTimeoutMs} exceeds maxTimeoutMs=${maxTimeoutMs}; lower the one or raise the other`);
  }
  const initialTimeoutMs = intIn('initialTimeoutMs', o.initialTimeoutMs, Math.min(maxTimeoutMs, Math.max(minTimeoutMs, 1000)), 1, 600_000);
  // Each connect holds one descriptor; keep half the soft limit for everything else the process does.
  const fdBudget = facts.fdLimit === undefined ? DEFAULT_IN_FLIGHT : Math.max(8, Math.floor(facts.fdLimit / 2) - 64);
  const maxInFlight = Math.min(intIn('maxInFlight', o.maxInFlight, DEFAULT_IN_FLIGHT, 1, 1_000_000), fdBudget);
  const workers = Math.min(intIn('workers', o.workers, Math.max(1, facts.cpus), 1, 256), maxInFlight);
  const retries = intIn('retries', o.retries, 1, 0, 20);
  const requested = o.transport ?? 'auto';
  if (requested !== 'auto' && requested !== 'raw' && requested !== 'net') {
    throw new FarsightError('INVALID_ARGUMENT', `probe option transport=${String(requested)} must be 'auto', 'raw' or 'net'`);
  }
  if (requested === 'raw' && !facts.rawAvailable) {
    throw new FarsightError('RUNTIME_UNSUPPORTED', "probe transport 'raw' needs node's tcp_wrap binding, which this runtime does not expose; use transport 'auto' or 'net'");
  }
  const transport = requested === 'net' || !facts.rawAvailable ? 'net' : 'raw';
  const backend = chooseBackend(o.backend, facts.backendEnv, facts.nativeBuilt === true);
  return { workers, rate, maxInFlight, initialTimeoutMs, minTimeoutMs, maxTimeoutMs, retries, transport, backend, assertInScope: o.assertInScope };
}
