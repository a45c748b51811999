/**
 * The advisory feed of a scan, prepared once for all its hosts: advisories scored once and
 * indexed by (distro, package name), and a bounded LRU of verdict lists per (host ecosystem,
 * package name, installed version), so a host costs one lookup per installed package and a
 * fleet running the same versions has them compared once. Everything is keyed by the
 * advisory list object, so it lives as long as the scan's content. Pure.
 */
import { advisoryCves, ecosystemCovers, evaluateAffected, parseEcosystem } from '@farsight/content/osv/index';
import type { OsEcosystem, OsvAdvisory, OsvAffected, RangeVerdict } from '@farsight/content/osv/index';
import { cvssBaseScore, severityOfScore } from '@farsight/content/vulns/cvss';
import type { CvssScore, Severity } from '../checks/types.ts';
import { BoundedLru } from './lru.ts';

/** An advisory with what every host needs precomputed. */
export interface Prepared {
  adv: OsvAdvisory;
  /** Position in the feed (findings come out in feed order). */
  index: number;
  cves: string[];
  /** Severity and CVSS, scored once per advisory (not per finding). */
  score: { severity: Severity; cvss?: CvssScore };
  /** The affected entries of a known distro ecosystem, in advisory order. */
  entries: { affected: OsvAffected; eco: OsEcosystem }[];
}

/** Host-independent text of a finding or invulnerable verdict, built once per entry verdict. */
export interface Rendered {
  /** Finding id: the single CVE, else the advisory id. */
  id: string;
  rule: string;
  fixedVersion?: string;
  /** `; fixed in X (ADV, Ecosystem)` — the end of the proof. */
  tail: string;
  /** Title when the reported package is the name the advisory gives. */
  title: string;
  /** `id package` for that package: the key that reports one finding per (id, package). */
  key: string;
}

/** One affected entry (naming the looked-up package, covering the host) judged for one installed version. */
export interface EntryVerdict {
  prepared: Prepared;
  affected: OsvAffected;
  /** null when the version (installed or in the advisory) cannot be ordered: no verdict, but the package counts as judged. */
  verdict: RangeVerdict | null;
  /** Feed order of this (advisory, entry); a host adds `pass × stride` for fallback names. */
  order: number;
  rendered?: Rendered;
}

/** The prepared feed. */
export interface Feed {
  list: Prepared[];
  /** distro → package name → indices into `list` (ascending). */
  byName: Map<string, Map<string, number[]>>;
  /** Entries of the widest advisory (orders are `(index × 2 + pass) × stride + entry`). */
  stride: number;
  verdicts: BoundedLru<string, readonly EntryVerdict[]>;
}

/** Distinct (host ecosystem, package, version) verdict lists kept per feed, and judged entries in all of them. */
export const VERDICT_CACHE: Readonly<{ keys: number; entries: number }> = Object.freeze({ keys: 65_536, entries: 262_144 });

const NONE: readonly EntryVerdict[] = Object.freeze([]);
const feeds = new WeakMap<readonly OsvAdvisory[], Feed>();

function scoreOf(adv: OsvAdvisory): { severity: Severity; cvss?: CvssScore } {
  for (const s of adv.severity ?? []) {
    const version = s.score.startsWith('CVSS:4.0/') ? '4.0' : s.score.startsWith('CVSS:3.1/') ? '3.1' : undefined;
    if (!version) continue;
    try {
      const score = cvssBaseScore(s.score);
      return { severity: severityOfScore(score), cvss: { version, vector: s.score, score } };
    } catch { /* an unscorable vector leaves the advisory unscored */ }
  }
  return { severity: 'medium' };
}

/**
 * The prepared feed of an advisory list (built on first use, then shared). Withdrawn advisories
 * are left out. `limits` size the verdict cache when this call builds the feed (tests).
 */
export function feedOf(advisories: readonly OsvAdvisory[], limits: { keys: number; entries: number } = VERDICT_CACHE): Feed {
  const cached = feeds.get(advisories);
  if (cached) return cached;
  const list: Prepared[] = [];
  const byName = new Map<string, Map<string, number[]>>();
  let stride = 1;
  for (const adv of advisories) {
    if (adv.withdrawn !== undefined) continue;
    const entries = (adv.affected ?? []).flatMap((affected) => {
      const eco = parseEcosystem(affected.package.ecosystem);
      return eco ? [{ affected, eco }] : [];
    });
    if (entries.length === 0) continue;
    const index = list.push({ adv, index: list.length, cves: advisoryCves(adv), score: scoreOf(adv), entries }) - 1;
    stride = Math.max(stride, entries.length);
    for (const { affected, eco } of entries) {
      let names = byName.get(eco.distro);
      if (!names) byName.set(eco.distro, names = new Map());
      const ids = names.get(affected.package.name);
      if (!ids) names.set(affected.package.name, [index]);
      else if (ids[ids.length - 1] !== index) ids.push(index);
    }
  }
  const feed: Feed = { list, byName, stride, verdicts: new BoundedLru(limits.keys, limits.entries) };
  feeds.set(advisories, feed);
  return feed;
}

function judge(affected: OsvAffected, version: string, eco: OsEcosystem): RangeVerdict | null {
  try {
    return evaluateAffected(affected, version, eco.scheme);
  } catch {
    return null; // a version the distro's order rejects cannot be judged
  }
}

/**
 * Every entry that names `name` and covers the host's ecosystem, judged for `version`, in
 * feed order (advisory, then entry). Cached across hosts; the list is shared, never mutate it.
 */
export function verdictsFor(feed: Feed, host: OsEcosystem, name: string, version: string): readonly EntryVerdict[] {
  const ids = feed.byName.get(host.distro)?.get(name);
  if (!ids) return NONE;
  const key = `${host.distro}\0${host.release === undefined ? '*' : `=${host.release}`}\0${name}\0${version}`;
  const hit = feed.verdicts.get(key);
  if (hit) return hit;
  const out: EntryVerdict[] = [];
  for (const i of ids) {
    const prepared = feed.list[i] as Prepared;
    prepared.entries.forEach(({ affected, eco }, entry) => {
      if (affected.package.name !== name || !ecosystemCovers(eco, host)) return;
      out.push({ prepared, affected, verdict: judge(affected, version, eco), order: prepared.index * 2 * feed.stride + entry });
    });
  }
  const list = out.length === 0 ? NONE : out;
  feed.verdicts.set(key, list, Math.max(1, list.length));
  return list;
}

/** The host-independent text of an entry verdict (built on first use, then shared by every host). */
export function renderedOf(ev: EntryVerdict): Rendered {
  if (ev.rendered) return ev.rendered;
  const { adv, cves } = ev.prepared;
  const ecosystem = ev.affected.package.ecosystem;
  const fixedVersion = ev.verdict && 'fixed' in ev.verdict ? ev.verdict.fixed : undefined;
  const id = cves.length === 1 ? cves[0] as string : adv.id;
  const r: Rendered = {
    id,
    rule: `osv:${adv.id}:${ecosystem}`,
    tail: `; ${fixedVersion ? `fixed in ${fixedVersion}` : 'no fixed version yet'} (${adv.id}, ${ecosystem})`,
    title: titleOf(adv, ev.affected.package.name),
    key: `${id} ${ev.affected.package.name}`,
  };
  if (fixedVersion) r.fixedVersion = fixedVersion;
  ev.rendered = r;
  return r;
}

/** A local finding's title: the package leads (one advisory often names several packages of one host). */
export function titleOf(adv: OsvAdvisory, pkg: string): string {
  return `${pkg}: ${adv.summary ?? adv.id}`.slice(0, 200);
}
