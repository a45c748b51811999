/**
 * Which asset each host of a batch is, decided in memory for the whole batch at once (pure):
 * from the identifiers already in the database, hosts are walked in order exactly as
 * one-host-at-a-time resolution would walk them — a host none of whose identifiers is known
 * makes a new asset (later hosts of the batch that share an identifier join it), a host whose
 * identifiers all point at one asset is that asset and adds its new identifiers to it. A host
 * whose identifiers point at two or more assets needs a merge: the plan gives up (null) and
 * the caller takes the one-host-at-a-time path (assets-identity.ts), which merges.
 */
import type { Identifier } from './assets-identity.ts';

/** An asset in a plan: an existing id, or the n-th new asset of the batch. */
export type AssetRef = { existing: number } | { fresh: number };

/** An identifier to attach, and why. */
export interface PlannedIdentifier extends Identifier {
  ref: AssetRef;
  /** Absent: it created the asset; else the identifier of the same host that was already known. */
  via?: Identifier;
  /** The host address whose result brought it. */
  address: string;
}

/** The asset plan of a batch. */
export interface AssetPlan {
  /** Per input host, in order. */
  refs: AssetRef[];
  /** How many new assets to create. */
  fresh: number;
  /** Identifiers not yet in the database. */
  identifiers: PlannedIdentifier[];
}

/** Key of an identifier in the `known` map. */
export const identifierKey = (i: Identifier): string => `${i.kind}|${i.value}`;

const refKey = (r: AssetRef): string => ('existing' in r ? `e${r.existing}` : `f${r.fresh}`);

/**
 * Plans the batch's hosts (each with its identifiers, strongest first) against `known`
 * (identifier key → asset id, from the database). Null when any host needs a merge.
 */
export function planAssets(hosts: ReadonlyArray<{ address: string; ids: readonly Identifier[] }>, known: ReadonlyMap<string, number>): AssetPlan | null {
  const seen = new Map<string, AssetRef>();
  for (const [k, id] of known) seen.set(k, { existing: id });
  const refs: AssetRef[] = [];
  const identifiers: PlannedIdentifier[] = [];
  let fresh = 0;
  for (const h of hosts) {
    const hits = h.ids.map((i) => ({ i, ref: seen.get(identifierKey(i)) })).filter((x): x is { i: Identifier; ref: AssetRef } => x.ref !== undefined);
    const targets = new Set(hits.map((x) => refKey(x.ref)));
    if (targets.size > 1) return null;
    const first = hits[0];
    const ref: AssetRef = first ? first.ref : { fresh: fresh++ };
    for (const i of h.ids) {
      if (seen.has(identifierKey(i))) continue;
      seen.set(identifierKey(i), ref);
      identifiers.push({ ...i, ref, address: h.address, ...(first ? { via: first.i } : {}) });
    }
    refs.push(ref);
  }
  return { refs, fresh, identifiers };
}
