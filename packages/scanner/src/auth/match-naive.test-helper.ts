/**
 * Test oracle for `matchInventory`: the naive matcher, every advisory of the feed checked
 * against every host with no index and no cache (the algorithm before the feed index). Only
 * tests import it; `match-property.test.ts` checks that the indexed matcher returns
 * exactly what this one returns.
 */
import { advisoryCves, ecosystemCovers, evaluateAffected, parseEcosystem } from '@farsight/content/osv/index';
import type { OsEcosystem, OsvAdvisory } from '@farsight/content/osv/index';
import { cvssBaseScore, severityOfScore } from '@farsight/content/vulns/cvss';
import type { CvssScore, Finding, Severity } from '../checks/types.ts';
import { isKernelPackage, runningKernel } from './kernel.ts';
import type { MatchResult } from './match.ts';
import type { HostInventory, InstalledPackage, PackageManager } from './types.ts';

interface Candidate { version: string; binaries: string[] }

function indexPackages(manager: PackageManager, packages: readonly InstalledPackage[]): Map<string, Map<string, Candidate>> {
  const index = new Map<string, Map<string, Candidate>>();
  const add = (key: string, version: string, binary: string): void => {
    let byVersion = index.get(key);
    if (!byVersion) index.set(key, byVersion = new Map());
    const c = byVersion.get(version);
    if (c) { if (!c.binaries.includes(binary)) c.binaries.push(binary); } else byVersion.set(version, { version, binaries: [binary] });
  };
  for (const p of packages) {
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
    } catch { /* unscored */ }
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

/** The naive matcher: O(advisories × entries) per host. Same contract as `matchInventory`. */
export function naiveMatchInventory(inv: HostInventory, host: OsEcosystem | undefined, advisories: readonly OsvAdvisory[]): MatchResult {
  const out: MatchResult = { findings: [], invulnerable: [] };
  const manager = inv.packageManager;
  if (!host || !manager) return out;
  const ordinary = inv.packages.filter((p) => !isKernelPackage(manager, p));
  const kernel = inv.kernel ? runningKernel(manager, inv.kernel.release, inv.packages).match : [];
  const index = indexPackages(manager, [...ordinary, ...kernel]);
  for (const adv of advisories) {
    if (adv.withdrawn !== undefined) continue;
    const cves = advisoryCves(adv);
    const judged = new Set<string>();
    const lookups = [false, true].flatMap((viaSource) => (adv.affected ?? []).map((affected) => ({ affected, viaSource })));
    for (const { affected, viaSource } of lookups) {
      const eco = parseEcosystem(affected.package.ecosystem);
      if (!eco || !ecosystemCovers(eco, host)) continue;
      const candidates = index.get(viaSource ? `alt:${affected.package.name}` : affected.package.name);
      const name = viaSource && manager === 'rpm' ? undefined : affected.package.name;
      for (const c of candidates?.values() ?? []) {
        if (c.binaries.every((b) => judged.has(b))) continue;
        for (const b of c.binaries) judged.add(b);
        const pkg = name ?? c.binaries[0] ?? affected.package.name;
        let verdict;
        try {
          verdict = evaluateAffected(affected, c.version, eco.scheme);
        } catch {
          continue;
        }
        if (verdict.status === 'unaffected') continue;
        const evidence = manager === 'dpkg' ? changelogNote(inv, c.binaries, cves) : undefined;
        const isKernel = kernel.some((k) => c.binaries.includes(k.name));
        const fixedVersion = 'fixed' in verdict ? verdict.fixed : undefined;
        if (verdict.status === 'fixed') {
          out.invulnerable.push({ advisory: adv.id, package: pkg, installedVersion: c.version, ...(fixedVersion ? { fixedVersion } : {}), reason: `${verdict.reason}${evidence ? `; ${evidence}` : ''}` });
          continue;
        }
        const what = `${isKernel ? 'running kernel ' : ''}${pkg} ${c.version} installed (${c.binaries.slice(0, 5).join(', ')}${c.binaries.length > 5 ? ', …' : ''})`;
        const fix = fixedVersion ? `fixed in ${fixedVersion}` : 'no fixed version yet';
        const f: Finding = {
          id: cves.length === 1 ? cves[0] as string : adv.id,
          title: `${pkg}: ${adv.summary ?? adv.id}`.slice(0, 200),
          ...scoreOf(adv),
          cves,
          proof: `${what}; ${fix} (${adv.id}, ${affected.package.ecosystem})${evidence ? `; ${evidence}: the fix may be backported, verify` : ''}`,
          confidence: evidence ? 'medium' : 'high',
          verdict: evidence ? 'potential' : 'vulnerable',
          rule: `osv:${adv.id}:${affected.package.ecosystem}`,
          instance: pkg,
          package: pkg,
          installedVersion: c.version,
          ...(fixedVersion ? { fixedVersion } : {}),
          advisory: adv.id,
        };
        out.findings.push(f);
      }
    }
  }
  const seen = new Set<string>();
  return {
    findings: out.findings.filter((f) => {
      const key = `${f.id} ${f.instance ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
    invulnerable: out.invulnerable,
  };
}
