/**
 * Splitting a pool scan's hosts into chunks, one per engine (pure). Hosts are taken in target
 * order and cut into contiguous, balanced blocks (sizes differ by at most one), so each engine
 * scans a compact range; runs of consecutive IPv4 addresses are written back as `a-b` ranges
 * so a chunk of a /16 stays a handful of tokens (scan.start carries at most 50,000).
 */
import { parseTargetList, type TargetItem } from '@farsight/common';

/** Most hosts a pool scan may be split over (the console expands them in memory). */
export const MAX_POOL_SCAN_HOSTS = 1_048_576;

function ipv4Value(address: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (!m) return undefined;
  return ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
}

/** Target tokens for a list of hosts: consecutive IPv4 runs become `first-last`. */
export function compactTargets(items: readonly TargetItem[]): string[] {
  const out: string[] = [];
  let run: { first: string; last: string; value: number } | undefined;
  const flush = (): void => {
    if (run) out.push(run.first === run.last ? run.first : `${run.first}-${run.last}`);
    run = undefined;
  };
  for (const item of items) {
    if (item.kind === 'hostname') { flush(); out.push(item.name); continue; }
    const v = ipv4Value(item.address);
    if (v === undefined) { flush(); out.push(item.address); continue; }
    if (run && v === run.value + 1) { run.last = item.address; run.value = v; continue; }
    flush();
    run = { first: item.address, last: item.address, value: v };
  }
  flush();
  return out;
}

/** The hosts of `targets` in order (bounded by MAX_POOL_SCAN_HOSTS). */
export function expandTargets(targets: readonly string[]): TargetItem[] {
  const list = parseTargetList(targets, { maxAddresses: MAX_POOL_SCAN_HOSTS });
  return [...list.items()];
}

/**
 * Cuts `targets` into at most `parts` chunks of contiguous hosts with balanced sizes; never
 * returns an empty chunk (fewer hosts than parts → one host per chunk).
 */
export function splitTargets(targets: readonly string[], parts: number): string[][] {
  const hosts = expandTargets(targets);
  const n = Math.max(1, Math.min(Math.floor(parts), hosts.length));
  const out: string[][] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(hosts.length / n) + (i < hosts.length % n ? 1 : 0);
    if (size === 0) continue;
    out.push(compactTargets(hosts.slice(at, at + size)));
    at += size;
  }
  return out;
}

/** The hosts of `targets` not in `done` (addresses already reported), as compact tokens. */
export function remainingTargets(targets: readonly string[], done: ReadonlySet<string>): string[] {
  return compactTargets(expandTargets(targets).filter((h) => h.kind === 'hostname' || !done.has(h.address)));
}
