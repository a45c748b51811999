/**
 * Port lists as the engine uses them: validated, without duplicates, in the caller's order.
 */
import { FarsightError } from '@farsight/common';

/**
 * Validated, de-duplicated port lists, shared by the hosts of a scan: callers pass the same
 * array for every host, and 65,535 ports are 256 KB, so one copy serves them all. A list is
 * reused only while its contents are unchanged (checked element by element, cheap next to
 * probing them).
 */
export class PortListCache {
  readonly #lists = new WeakMap<readonly number[], { given: Int32Array; unique: Int32Array }>();

  /** The validated, de-duplicated form of `ports`; throws PORT_SPEC_INVALID naming `address`. */
  get(ports: readonly number[], address: string): Int32Array {
    const hit = this.#lists.get(ports);
    if (hit !== undefined && sameList(hit.given, ports)) return hit.unique;
    const unique = uniquePorts(ports, address);
    this.#lists.set(ports, { given: Int32Array.from(ports), unique });
    return unique;
  }
}

function sameList(a: Int32Array, b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates ports (integers 1–65535) and drops duplicates, keeping the caller's order. */
export function uniquePorts(ports: readonly number[], address: string): Int32Array {
  const seen = new Uint8Array(65536);
  const out = new Int32Array(ports.length);
  let n = 0;
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) {
      throw new FarsightError('PORT_SPEC_INVALID', `port ${String(p)} for ${address} is not an integer from 1 to 65535`);
    }
    if (seen[p] === 1) continue;
    seen[p] = 1;
    out[n++] = p;
  }
  return out.slice(0, n);
}
