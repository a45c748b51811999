/**
 * Per-probe outcome codes shared by the probe workers and the scheduler. They travel in
 * Uint8Arrays (one byte per probe), so they are small integers, named here once.
 */
import { getSystemErrorMap } from 'node:util';

/** Connect succeeded: the port is open. */
export const OPEN = 1;
/** The peer answered with RST (ECONNREFUSED), or the "open" was our own socket (self-connect). */
export const CLOSED = 2;
/** No answer before our timeout (or the kernel's ETIMEDOUT). */
export const TIMEOUT = 3;
/** ICMP unreachable or another hard error that says nothing about the port: filtered after retries. */
export const UNREACHABLE = 4;
/** Local resources (fds, ephemeral ports) stayed exhausted; the port's state is unknown. */
export const RESOURCE = 5;

/** What a connect status (0 = connected, negative uv/errno code) means for scheduling. */
export type StatusClass = 'open' | 'closed' | 'timeout' | 'unreachable' | 'resource';

/** A uv error name for a negative status, e.g. -111 → `ECONNREFUSED` (platform-correct via node:util). */
const errorNames = new Map<number, string>();
for (const [code, [name]] of getSystemErrorMap()) errorNames.set(code, name);

/** Name of a negative status code, or `E<n>` when node does not know it. */
export function errorName(status: number): string {
  return errorNames.get(status) ?? `E${-status}`;
}

// Local exhaustion: the probe never left, so it must be retried without counting against the port.
const RESOURCE_ERRORS = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS', 'ENOMEM', 'EAGAIN', 'EADDRINUSE']);
const TIMEOUT_ERRORS = new Set(['ETIMEDOUT', 'ECANCELED']);

/** Classifies a connect status: 0 → open, ECONNREFUSED → closed, EMFILE/EADDRNOTAVAIL… → resource. */
export function classifyStatus(status: number): StatusClass {
  if (status === 0) return 'open';
  const name = errorName(status);
  if (name === 'ECONNREFUSED') return 'closed';
  if (RESOURCE_ERRORS.has(name)) return 'resource';
  if (TIMEOUT_ERRORS.has(name)) return 'timeout';
  // EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENETDOWN, EACCES/EPERM (a local firewall) and anything
  // else: the port did not answer, so after retries it is reported filtered, never open/closed.
  return 'unreachable';
}

/** The outcome byte for a non-resource status class. */
export function outcomeOf(cls: Exclude<StatusClass, 'resource'>): number {
  switch (cls) {
    case 'open': return OPEN;
    case 'closed': return CLOSED;
    case 'timeout': return TIMEOUT;
    case 'unreachable': return UNREACHABLE;
  }
}

/** The platform's negative status for ECONNREFUSED, checked first on the hot path. */
export const STATUS_ECONNREFUSED = [...errorNames].find(([, n]) => n === 'ECONNREFUSED')?.[0] ?? -111;
