/**
 * Matches a host's installed packages (and its running kernel) against OSV advisories of the
 * host's ecosystem. Debian and Ubuntu advisories name source packages, RPM distros binary
 * ones, Alpine origins; versions compare in the distro's exact order. A package at or above
 * the fixed version is "invulnerable" with that reason. On Debian-family hosts a CVE named in
 * the package's changelog.Debian.gz is noted as evidence; when it contradicts the version
 * (a backport into an older version string) the finding becomes `potential`. Pure.
 */
import { advisoryCves, ecosystemCovers, evaluateAffected, parseEcosystem } from '@farsight/content/osv/index';
import type { OsEcosystem, OsvAdvisory, OsvAffected, RangeVerdict } from '@farsight/content/osv/index';
import type { VersionEcosystem } from '@farsight/common';
import { cvssBaseScore, severityOfScore } from '@farsight/content/vulns/cvss';
import type { CvssScore, Finding, Severity } from '../checks/types.ts';
import { isKernelPackage, runningKernel } from './kernel.ts';
import type { HostInventory, InstalledPackage, LocalInvulnerable, PackageManager } from './types.ts';

/** What matching decided for one host. */
export interface MatchResult {
  findings: Finding[];
  invulnerable: LocalInvulnerable[];
}

interface Candidate { version: string; binaries: string[] }

/** Package name → distinct installed versions (with the binary packages carrying each). */
function indexPackages(manager: PackageManager, packages: readonly InstalledPackage[]): Map<string, Map<string, Candidate>> {
  const index = new Map<string, Map<string, Candidate>>();
  const add = (key: string, version: string, binary: string): void => {
    let byVersion = index.get(key);
    if (!byVersion) index.set(key, byVersion = new Map());
    const c = byVersion.get(version);
    if (c) { if (!c.binaries.includes(binary)) c.binaries.push(binary); } else byVersion.set(version, { version, binaries: [binary] });
  };
  for (const p of packages) {
    // `alt:` keys are the fallback names: binary names on dpkg (advisories name sources), source rpm names on rpm.
    if (manager === 'dpkg') { add(p.source ?? p.name, p.sourceVersion ?? p.version, p.name); if (p.source && p.source !== p.name) add(`alt:${p.name}`, p.version, p.name); }
    else if (manager === 'apk') { add(p.source ?? p.name, p.version, p.name); if (p.source && p.source !== p.name) add(p.name, p.version, p.name); }
    else { add(p.name, p.version, p.name); if (p.source && p.source !== p.name) add(`alt:${p.source}`, p.version, p.name); }
  }
  return index;
}

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

function changelogNote(inv: HostInventory, binaries: readonly string[], cves: readonly string[]): string | undefined {
  for (const b of binaries) {
    for (const entry of inv.changelogCves?.[b.replace(/:[a-z0-9]+$/, '')] ?? []) {
      const named = cves.filter((c) => entry.cves.includes(c));
      if (named.length > 0) return `changelog.Debian.gz of ${b} names ${named.join(', ')} under ${entry.version}`;
    }
  }
  return undefined;
}

/** An advisory with what every host needs precomputed: its CVEs and its distro entries. */
interface Prepared {
  adv: OsvAdvisory;
  cves: string[];
  /** Severity and CVSS, scored once per advisory (not per finding). */
  score: { severity: Severity; cvss?: CvssScore };
  entries: { affected: OsvAffected; eco: OsEcosystem }[];
}

/** Per advisory list (one per scan): the prepared advisories and `distro NUL package name` → their indices. */
const preparedCache = new WeakMap<readonly OsvAdvisory[], { list: Prepared[]; byName: Map<string, number[]> }>();

function prepare(advisories: readonly OsvAdvisory[]): { list: Prepared[]; byName: Map<string, number[]> } {
  const cached = preparedCache.get(advisories);
  if (cached) return cached;
  const list: Prepared[] = [];
  const byName = new Map<string, number[]>();
  for (const adv of advisories) {
    if (adv.withdrawn !== undefined) continue;
    const entries = (adv.affected ?? []).flatMap((affected) => {
      const eco = parseEcosystem(affected.package.ecosystem);
      return eco ? [{ affected, eco }] : [];
    });
    if (entries.length === 0) continue;
    const i = list.push({ adv, cves: advisoryCves(adv), score: scoreOf(adv), entries }) - 1;
    for (const { affected, eco } of entries) {
      const key = `${eco.distro}\0${affected.package.name}`;
      const ids = byName.get(key);
      if (!ids) byName.set(key, [i]);
      else if (ids[ids.length - 1] !== i) ids.push(i);
    }
  }
  const out = { list, byName };
  preparedCache.set(advisories, out);
  return out;
}

/** The advisories (in list order) that name any package of the host's index: a host costs its package count, not the feed's size. */
function relevant(advisories: readonly OsvAdvisory[], distro: string, index: ReadonlyMap<string, unknown>): Prepared[] {
  const { list, byName } = prepare(advisories);
  const hits = new Set<number>();
  for (const key of index.keys()) {
    for (const i of byName.get(`${distro}\0${key.startsWith('alt:') ? key.slice(4) : key}`) ?? []) hits.add(i);
  }
  return [...hits].sort((a, b) => a - b).map((i) => list[i] as Prepared);
}

/**
 * Verdicts per affected entry and installed version, shared by every host of a scan: fleets
 * run the same package versions, so most hosts are judged from memory. Bounded per entry.
 */
const verdictCache = new WeakMap<OsvAffected, Map<string, RangeVerdict | null>>();
const MAX_VERSIONS_PER_ENTRY = 4096;

function judge(affected: OsvAffected, version: string, scheme: VersionEcosystem): RangeVerdict | null {
  let byVersion = verdictCache.get(affected);
  if (!byVersion) verdictCache.set(affected, byVersion = new Map());
  const hit = byVersion.get(version);
  if (hit !== undefined) return hit;
  let verdict: RangeVerdict | null;
  try {
    verdict = evaluateAffected(affected, version, scheme);
  } catch {
    verdict = null; // an installed version the distro's order rejects cannot be judged
  }
  if (byVersion.size < MAX_VERSIONS_PER_ENTRY) byVersion.set(version, verdict);
  return verdict;
}

/** One (advisory, installed package) pair that is affected or fixed. */
interface Hit {
  prepared: Prepared;
  ecosystem: string;
  pkg: string;
  c: Candidate;
  verdict: RangeVerdict;
  evidence?: string;
  isKernel: boolean;
}

function toFinding({ prepared: { adv, cves, score }, ecosystem, pkg, c, verdict, evidence, isKernel }: Hit): Finding {
  const fixedVersion = 'fixed' in verdict ? verdict.fixed : undefined;
  const what = `${isKernel ? 'running kernel ' : ''}${pkg} ${c.version} installed (${c.binaries.slice(0, 5).join(', ')}${c.binaries.length > 5 ? ', …' : ''})`;
  const fix = fixedVersion ? `fixed in ${fixedVersion}` : 'no fixed version yet';
  const f: Finding = {
    id: cves.length === 1 ? cves[0] as string : adv.id,
    // The package leads the title: one advisory often names several packages of one host.
    title: `${pkg}: ${adv.summary ?? adv.id}`.slice(0, 200),
    severity: score.severity,
    cves,
    proof: `${what}; ${fix} (${adv.id}, ${ecosystem})${evidence ? `; ${evidence}: the fix may be backported, verify` : ''}`,
    confidence: evidence ? 'medium' : 'high',
    verdict: evidence ? 'potential' : 'vulnerable',
    rule: `osv:${adv.id}:${ecosystem}`,
    instance: pkg,
    package: pkg,
    installedVersion: c.version,
    advisory: adv.id,
  };
  if (score.cvss) f.cvss = score.cvss;
  if (fixedVersion) f.fixedVersion = fixedVersion;
  return f;
}

function toInvulnerable({ prepared: { adv }, pkg, c, verdict, evidence }: Hit): LocalInvulnerable {
  const v: LocalInvulnerable = { advisory: adv.id, package: pkg, installedVersion: c.version, reason: evidence ? `${verdict.reason}; ${evidence}` : verdict.reason };
  if ('fixed' in verdict && verdict.fixed) v.fixedVersion = verdict.fixed;
  return v;
}

/** Matches one host's inventory against advisories; hosts of unknown ecosystems get nothing. */
export function matchInventory(inv: HostInventory, host: OsEcosystem | undefined, advisories: readonly OsvAdvisory[]): MatchResult {
  const out: MatchResult = { findings: [], invulnerable: [] };
  const manager = inv.packageManager;
  if (!host || !manager) return out;
  const ordinary = inv.packages.filter((p) => !isKernelPackage(manager, p));
  const kernel = inv.kernel ? runningKernel(manager, inv.kernel.release, inv.packages).match : [];
  const kernelNames = new Set(kernel.map((k) => k.name));
  const index = indexPackages(manager, [...ordinary, ...kernel]);
  // Which advisory last judged each binary package: an advisory naming a binary and its source
  // (kernel, kernel-core) judges each installed package once, without a set per advisory.
  const judgedBy = new Map<string, number>();
  let stamp = 0;
  for (const prepared of relevant(advisories, host.distro, index)) {
    stamp++;
    // Primary names first (dpkg/apk sources, rpm binaries), then the fallback names.
    for (let pass = 0; pass < 2; pass++) for (const { affected, eco } of prepared.entries) {
      if (!ecosystemCovers(eco, host)) continue;
      const candidates = index.get(pass === 1 ? `alt:${affected.package.name}` : affected.package.name);
      if (!candidates) continue;
      for (const c of candidates.values()) {
        if (c.binaries.every((b) => judgedBy.get(b) === stamp)) continue;
        for (const b of c.binaries) judgedBy.set(b, stamp);
        const verdict = judge(affected, c.version, eco.scheme);
        if (!verdict || verdict.status === 'unaffected') continue;
        const pkg = pass === 1 && manager === 'rpm' ? c.binaries[0] ?? affected.package.name : affected.package.name;
        const evidence = manager === 'dpkg' ? changelogNote(inv, c.binaries, prepared.cves) : undefined;
        const hit: Hit = { prepared, ecosystem: affected.package.ecosystem, pkg, c, verdict, isKernel: c.binaries.some((b) => kernelNames.has(b)), ...(evidence ? { evidence } : {}) };
        if (verdict.status === 'fixed') out.invulnerable.push(toInvulnerable(hit));
        else out.findings.push(toFinding(hit));
      }
    }
  }
  return dedupe(out);
}

/** One finding per (id, package): two advisories for one CVE (a DSA and its tracker entry) report once. */
function dedupe(r: MatchResult): MatchResult {
  const seen = new Set<string>();
  const findings = r.findings.filter((f) => {
    const key = `${f.id} ${f.instance ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { findings, invulnerable: r.invulnerable };
}
