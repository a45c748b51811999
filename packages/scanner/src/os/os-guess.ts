/**
 * Combines the OS candidates of all services of a host into one guess: the lineage with the
 * most support wins; agreeing services raise the confidence, conflicting ones lower it.
 */
import type { OsGuess, ServiceResult } from '../types.ts';
import { candidatesFor } from './banner-rules.ts';
import { GENERIC, type OsCandidate } from './os-candidate.ts';

/** Guesses the host's OS from its services' evidence; undefined when nothing hints at one. */
export function guessOs(services: ServiceResult[]): OsGuess | undefined {
  return combineCandidates(services.flatMap((s) => strongestPerLineage(candidatesFor(s))));
}

/** Keeps one candidate per lineage per service (several rules often read the same banner). */
function strongestPerLineage(cands: OsCandidate[]): OsCandidate[] {
  const best = new Map<string, OsCandidate>();
  for (const c of cands) {
    const prev = best.get(c.lineage);
    if (!prev || rank(c) > rank(prev)) best.set(c.lineage, c);
  }
  return [...best.values()];
}

function rank(c: OsCandidate): number {
  return c.weight + (c.version ? 5 : 0);
}

function familyOf(lineage: string, cands: OsCandidate[]): string {
  return cands.find((c) => c.lineage === lineage)?.family ?? lineage;
}

/** Whether candidate `c` supports lineage `l` (itself, or a bare family that contains it). */
function supports(c: OsCandidate, l: string, family: string): boolean {
  return c.lineage === l || (GENERIC[c.lineage] !== undefined && GENERIC[c.lineage] === family) || (c.lineage === 'unix' && family !== 'Windows');
}

/** Pure combination step, exported for table tests. */
export function combineCandidates(cands: OsCandidate[]): OsGuess | undefined {
  if (cands.length === 0) return undefined;
  const specific = [...new Set(cands.map((c) => c.lineage).filter((l) => GENERIC[l] === undefined))];
  const lineages = specific.length > 0 ? specific : [...new Set(cands.map((c) => c.lineage))];
  let bestLineage = lineages[0] ?? '';
  let bestScore = -1;
  for (const l of lineages) {
    const fam = familyOf(l, cands);
    const weights = cands.filter((c) => supports(c, l, fam)).map(rank).sort((a, b) => b - a);
    const score = weights.reduce((sum, w, i) => sum + w / 2 ** i, 0);
    if (score > bestScore) { bestScore = score; bestLineage = l; }
  }
  const family = familyOf(bestLineage, cands);
  const agree = cands.filter((c) => supports(c, bestLineage, family)).sort((a, b) => rank(b) - rank(a));
  const conflict = cands.filter((c) => !supports(c, bestLineage, family) && !(GENERIC[bestLineage] && GENERIC[bestLineage] === c.family));
  const top = agree[0];
  if (!top) return undefined;
  const own = agree.filter((c) => c.lineage === bestLineage);
  // Vendor and product from the strongest candidate that names them; version likewise.
  const named = own.find((c) => c.vendor) ?? top;
  const versioned = own.find((c) => c.version);
  const versions = new Set(own.map((c) => c.version).filter(Boolean));
  const services = new Set(agree.map((c) => c.port ?? -1));
  const conflictServices = new Set(conflict.map((c) => c.port ?? -1));
  let confidence = rank(top) + 10 * Math.min(3, services.size - 1) - 15 * conflictServices.size - (versions.size > 1 ? 10 : 0);
  confidence = Math.max(5, Math.min(95, Math.round(confidence)));
  const guess: OsGuess = { family: named.family, confidence, source: [...new Set(agree.map((c) => c.source))].slice(0, 4).join('; ') };
  if (named.vendor) guess.vendor = named.vendor;
  if (named.product) guess.product = named.product;
  if (versioned?.version) guess.version = versioned.version;
  const cpe = (versioned ?? named).cpe;
  if (cpe) guess.cpe = cpe;
  if (conflict.length > 0) guess.source += `; conflicts: ${[...new Set(conflict.map((c) => c.source))].slice(0, 3).join('; ')}`;
  return guess;
}
