/**
 * The resolve-and-guard step between target parsing and probing: every hostname is resolved
 * once, every resolved address is canonicalised and checked against scope, and only allowed
 * addresses come out. The caller dials exactly the address yielded (never the name again), so
 * a resolver cannot steer packets to an excluded host after the check.
 */
import { lookup } from 'node:dns/promises';
import { FarsightError, canonicalAddress, toFarsightError } from '@farsight/common';
import type { Scope, TargetList } from '@farsight/common';

/** One in-scope host to scan: a canonical address and the names that resolved to it. */
export interface GuardedTarget {
  address: string;
  hostnames: string[];
}

/** Options of guardedTargets. */
export interface GuardOptions {
  /** Resolves a hostname to addresses (default: the system resolver, all families). */
  resolve?: (name: string) => Promise<string[]>;
  /** Called for every target not yielded because of scope; `address` is the name itself when the name is excluded. */
  onOutOfScope?: (target: string, address: string, reason: string) => void;
  /** Called with a TARGET_UNRESOLVABLE error for a hostname that gave no usable address. */
  onError?: (error: FarsightError, target: string) => void;
  /** Lookups in flight at once (default 16). */
  resolveConcurrency?: number;
  /** Longest wait for one lookup, in ms (default 10000). */
  resolveTimeoutMs?: number;
}

/** The system resolver: getaddrinfo through node:dns, every address family. */
export async function systemResolve(name: string): Promise<string[]> {
  const results = await lookup(name, { all: true, family: 0 });
  return results.map((r) => r.address);
}

type Resolution = { ok: true; addresses: string[] } | { ok: false; error: FarsightError };

async function resolveOne(name: string, resolve: (name: string) => Promise<string[]>, timeoutMs: number): Promise<Resolution> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FarsightError('TARGET_UNRESOLVABLE', `hostname '${name}' did not resolve within ${timeoutMs} ms; check DNS or give the address`)), timeoutMs);
  });
  try {
    const raw = await Promise.race([resolve(name), timeout]);
    const addresses: string[] = [];
    const bad: string[] = [];
    for (const text of raw) {
      try {
        const a = canonicalAddress(text);
        if (!addresses.includes(a)) addresses.push(a);
      } catch {
        bad.push(text);
      }
    }
    if (addresses.length === 0) {
      const why = bad.length > 0 ? `the resolver returned no usable address (${bad.slice(0, 3).join(', ')})` : 'it resolved to no address';
      return { ok: false, error: new FarsightError('TARGET_UNRESOLVABLE', `hostname '${name}' cannot be scanned: ${why}; check the name or give the address`) };
    }
    return { ok: true, addresses };
  } catch (e) {
    if (e instanceof FarsightError) return { ok: false, error: e };
    const cause = toFarsightError(e);
    return { ok: false, error: new FarsightError('TARGET_UNRESOLVABLE', `hostname '${name}' did not resolve (${cause.message}); check the name or give the address`, { cause: e }) };
  } finally {
    clearTimeout(timer);
  }
}

async function resolveAll(names: readonly string[], options: GuardOptions): Promise<Map<string, Resolution>> {
  const resolve = options.resolve ?? systemResolve;
  const timeoutMs = options.resolveTimeoutMs ?? 10_000;
  const out = new Map<string, Resolution>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] as string;
      out.set(name, await resolveOne(name, resolve, timeoutMs));
    }
  };
  const width = Math.max(1, Math.min(options.resolveConcurrency ?? 16, names.length));
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

/**
 * Yields the in-scope hosts of a target list, in target order, each address once. Hostnames
 * are resolved once each (before the first host is yielded); an address both listed and
 * resolved is yielded at the listed position with its names attached.
 */
export async function* guardedTargets(list: TargetList, scope: Scope, options: GuardOptions = {}): AsyncGenerator<GuardedTarget, void, undefined> {
  const toResolve = list.hostnames.filter((n) => scope.checkName(n).allowed);
  const resolved = await resolveAll(toResolve, options);
  const namesOf = new Map<string, string[]>();
  for (const [name, r] of resolved) {
    if (!r.ok) continue;
    for (const a of r.addresses) {
      const names = namesOf.get(a);
      if (names) names.push(name);
      else namesOf.set(a, [name]);
    }
  }
  const handled = new Set<string>();
  for (const item of list.items()) {
    if (item.kind === 'address') {
      const verdict = scope.check(item.address);
      if (!verdict.allowed) options.onOutOfScope?.(item.address, item.address, verdict.reason);
      else yield { address: item.address, hostnames: [...(namesOf.get(item.address) ?? [])] };
      continue;
    }
    const nameVerdict = scope.checkName(item.name);
    if (!nameVerdict.allowed) {
      options.onOutOfScope?.(item.name, item.name, nameVerdict.reason);
      continue;
    }
    const r = resolved.get(item.name);
    if (!r) continue;
    if (!r.ok) {
      options.onError?.(r.error, item.name);
      continue;
    }
    for (const address of r.addresses) {
      // Listed addresses are handled at their own position; each resolved address once.
      if (list.has(address) || handled.has(address)) continue;
      handled.add(address);
      const verdict = scope.check(address);
      if (!verdict.allowed) options.onOutOfScope?.(item.name, address, verdict.reason);
      else yield { address, hostnames: [...(namesOf.get(address) ?? [])] };
    }
  }
}
