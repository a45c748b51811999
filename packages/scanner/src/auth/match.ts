/**
 * Matches a host's installed packages (and its running kernel) against OSV advisories of the
 * host's ecosystem. Debian and Ubuntu advisories name source packages, RPM distros binary
 * ones, Alpine origins; versions compare in the distro's exact order. A package at or above
 * the fixed version is "invulnerable" with that reason. On Debian-family hosts a CVE named in
 * the package's changelog.Debian.gz is noted as evidence; when it contradicts the version
 * (a backport into an older version string) the finding becomes `potential`. The feed is
 * indexed and verdicts cached across hosts (`match-feed.ts`). Pure.
 */
import type { OsEcosystem, OsvAdvisory } from '@farsight/content/osv/index';
import type { Finding } from '../checks/types.ts';
import { isKernelPackage, runningKernel } from './kernel.ts';
import { feedOf, renderedOf, titleOf, verdictsFor } from './match-feed.ts';
import { stableOrder } from './stable-order.ts';
import type { EntryVerdict, Rendered } from './match-feed.ts';
import type { ChangelogEntry, HostInventory, InstalledPackage, LocalInvulnerable, PackageManager } from './types.ts';

/** What matching decided for one host. */
export interface MatchResult {
  findings: Finding[];
  invulnerable: LocalInvulnerable[];
}

interface Candidate { version: string; binaries: string[] }

/** Package name → distinct installed versions (with the binary packages carrying each). */
type NameIndex = Map<string, Map<string, Candidate>>;

/**
 * The host's packages under the names advisories use: `primary` (dpkg/apk sources — and apk
 * binary names too — rpm binaries) and `fallback` (binary names on dpkg, source rpm names on rpm).
 */
function indexPackages(manager: PackageManager, packages: readonly InstalledPackage[]): { primary: NameIndex; fallback: NameIndex } {
  const primary: NameIndex = new Map();
  const fallback: NameIndex = new Map();
  const add = (index: NameIndex, key: string, version: string, binary: string): void => {
    let byVersion = index.get(key);
    if (!byVersion) index.set(key, byVersion = new Map());
    const c = byVersion.get(version);
    if (c) { if (!c.binaries.includes(binary)) c.binaries.push(binary); } else byVersion.set(version, { version, binaries: [binary] });
  };
  for (const p of packages) {
    if (manager === 'dpkg') { add(primary, p.source ?? p.name, p.sourceVersion ?? p.version, p.name); if (p.source && p.source !== p.name) add(fallback, p.name, p.version, p.name); }
    else if (manager === 'apk') { add(primary, p.source ?? p.name, p.version, p.name); if (p.source && p.source !== p.name) add(primary, p.name, p.version, p.name); }
    else { add(primary, p.name, p.version, p.name); if (p.source && p.source !== p.name) add(fallback, p.source, p.version, p.name); }
  }
  return { primary, fallback };
}

/** One candidate of the host as its matching needs it (built lazily, once per host). */
interface HostCandidate {
  c: Candidate;
  /** The package a finding reports: the advisory's name, or on rpm fallbacks the binary. */
  pkg: string;
  /** `pkg` is the advisory's name (the shared title and key apply). */
  reported: boolean;
  what?: string;
  /** dpkg: the changelog entries of its binaries, in binary order (undefined: none). */
  changelog?: { binary: string; entry: ChangelogEntry }[];
}

function changelogOf(inv: HostInventory, binaries: readonly string[]): HostCandidate['changelog'] {
  let out: HostCandidate['changelog'];
  for (const binary of binaries) {
    for (const entry of inv.changelogCves?.[binary.replace(/:[a-z0-9]+$/, '')] ?? []) (out ??= []).push({ binary, entry });
  }
  return out;
}

function changelogNote(hc: HostCandidate, cves: readonly string[]): string | undefined {
  for (const { binary, entry } of hc.changelog ?? []) {
    const named = cves.filter((c) => entry.cves.includes(c));
    if (named.length > 0) return `changelog.Debian.gz of ${binary} names ${named.join(', ')} under ${entry.version}`;
  }
  return undefined;
}

/**
 * Matches one host's inventory against advisories; hosts of unknown ecosystems get nothing.
 * Each installed (name, version) is one lookup in the feed's verdict cache; the pairs are then
 * put in feed order (advisory, primary before fallback name, entry, package), and an advisory
 * naming a binary and its source judges each installed package once.
 */
export function matchInventory(inv: HostInventory, host: OsEcosystem | undefined, advisories: readonly OsvAdvisory[]): MatchResult {
  const out: MatchResult = { findings: [], invulnerable: [] };
  const manager = inv.packageManager;
  if (!host || !manager) return out;
  const ordinary = inv.packages.filter((p) => !isKernelPackage(manager, p));
  const kernel = inv.kernel ? runningKernel(manager, inv.kernel.release, inv.packages).match : [];
  const kernelNames = new Set(kernel.map((k) => k.name));
  const feed = feedOf(advisories);
  const names = feed.byName.get(host.distro);
  if (!names) return out;
  // Every (entry verdict, candidate) pair, then sorted into feed order: one float per pair,
  // order × 2^20 + pair number (a stable numeric sort); a comparator sort past that range.
  const evs: EntryVerdict[] = [];
  const hcs: HostCandidate[] = [];
  const keys: number[] = [];
  const { primary, fallback } = indexPackages(manager, [...ordinary, ...kernel]);
  for (const [pass, index] of [[0, primary], [1, fallback]] as const) {
    for (const [name, byVersion] of index) {
      if (!names.has(name)) continue;
      for (const c of byVersion.values()) {
        const list = verdictsFor(feed, host, name, c.version);
        if (list.length === 0) continue;
        const pkg = pass === 1 && manager === 'rpm' ? c.binaries[0] ?? name : name;
        const hc: HostCandidate = { c, pkg, reported: pkg === name };
        for (const ev of list) { keys.push(ev.order + pass * feed.stride); evs.push(ev); hcs.push(hc); }
      }
    }
  }
  const sequence = stableOrder(keys);
  const seen = new Set<string>();
  const emit = (ev: EntryVerdict, hc: HostCandidate): void => {
    const { verdict, prepared } = ev;
    if (!verdict || verdict.status === 'unaffected') return;
    const r = renderedOf(ev);
    if (manager === 'dpkg' && hc.changelog === undefined) hc.changelog = changelogOf(inv, hc.c.binaries) ?? [];
    const evidence = hc.changelog && hc.changelog.length > 0 ? changelogNote(hc, prepared.cves) : undefined;
    if (verdict.status === 'fixed') {
      const v: LocalInvulnerable = { advisory: prepared.adv.id, package: hc.pkg, installedVersion: hc.c.version, reason: evidence ? `${verdict.reason}; ${evidence}` : verdict.reason };
      if (verdict.fixed) v.fixedVersion = verdict.fixed;
      out.invulnerable.push(v);
      return;
    }
    // One finding per (id, package): two advisories for one CVE (a DSA and its tracker entry) report once.
    const dedupeKey = hc.reported ? r.key : `${r.id} ${hc.pkg}`;
    if (seen.has(dedupeKey)) return;
    seen.add(dedupeKey);
    out.findings.push(toFinding(ev, hc, r, kernelNames, evidence));
  };
  for (let i = 0; i < sequence.length;) {
    const first = sequence[i] as number;
    const prepared = (evs[first] as EntryVerdict).prepared;
    let j = i + 1;
    while (j < sequence.length && (evs[sequence[j] as number] as EntryVerdict).prepared === prepared) j++;
    if (j - i === 1) emit(evs[first] as EntryVerdict, hcs[first] as HostCandidate);
    else {
      // Which binary packages this advisory judged already: each installed package once per advisory.
      const judged = new Set<string>();
      for (let k = i; k < j; k++) {
        const t = sequence[k] as number;
        const hc = hcs[t] as HostCandidate;
        if (hc.c.binaries.every((b) => judged.has(b))) continue;
        for (const b of hc.c.binaries) judged.add(b);
        emit(evs[t] as EntryVerdict, hc);
      }
    }
    i = j;
  }
  return out;
}

function toFinding({ prepared: { adv, cves, score } }: EntryVerdict, hc: HostCandidate, r: Rendered, kernelNames: ReadonlySet<string>, evidence: string | undefined): Finding {
  const { c, pkg } = hc;
  hc.what ??= `${c.binaries.some((b) => kernelNames.has(b)) ? 'running kernel ' : ''}${pkg} ${c.version} installed (${c.binaries.slice(0, 5).join(', ')}${c.binaries.length > 5 ? ', …' : ''})`;
  const f: Finding = {
    id: r.id,
    title: hc.reported ? r.title : titleOf(adv, pkg),
    severity: score.severity,
    cves,
    proof: `${hc.what}${r.tail}${evidence ? `; ${evidence}: the fix may be backported, verify` : ''}`,
    confidence: evidence ? 'medium' : 'high',
    verdict: evidence ? 'potential' : 'vulnerable',
    rule: r.rule,
    instance: pkg,
    package: pkg,
    installedVersion: c.version,
    advisory: adv.id,
  };
  if (score.cvss) f.cvss = score.cvss;
  if (r.fixedVersion) f.fixedVersion = r.fixedVersion;
  return f;
}
