/**
 * The version-rule decision for one product identity and one vulnerability, backport-aware:
 * upstream range first; then, for a distribution build, the distribution's fixed package
 * version when the banner shows the package revision, or a *potential* finding (low
 * confidence, saying why) when it does not. Every decision names its rule. Pure.
 */
import { compareDpkg, isValidDpkgVersion } from '@farsight/common';
import { DISTRO_NAMES } from '../cpe/distro.ts';
import type { ProductIdentity } from '../cpe/normalize.ts';
import { describeRange, findRange } from '../cpe/range.ts';
import { versionRulesOf, type LoadedRule, type LoadedVuln } from './pack.ts';

/** The service is affected (vulnerable or potentially so). */
export interface AffectedDecision {
  kind: 'affected';
  verdict: 'vulnerable' | 'potential';
  confidence: 'medium' | 'low';
  rule: string;
  proof: string;
}

/** The service is not affected, and why. */
export interface NotAffectedDecision {
  kind: 'not-affected';
  rule: string;
  reason: string;
}

/** What a version rule decided. */
export type VersionDecision = AffectedDecision | NotAffectedDecision;

/** `< 4.4p1 or [8.5p1, 9.8)` per rule, computed once (a scan decides the same rules many times). */
const RANGE_TEXT = new WeakMap<object, string>();

function rangesText(rule: LoadedRule): string {
  let t = RANGE_TEXT.get(rule);
  if (t === undefined) {
    t = `${rule.ranges.length > 1 ? 's' : ''} ${rule.ranges.map(describeRange).join(' or ')}`;
    RANGE_TEXT.set(rule, t);
  }
  return t;
}

/** Decides whether `identity` is affected by `vuln` (undefined when the rule is not for this product). */
export function decideVersionRule(identity: ProductIdentity, vuln: LoadedVuln): VersionDecision | undefined {
  // A definition several products share has one rule per product: the identity's product picks it.
  const rule = versionRulesOf(vuln).find((r) => r.productKey === identity.product.key);
  if (!rule) return undefined;
  const short = identity.product.key.split(':')[1] as string;
  const name = `version:${short}:${vuln.id}`;
  const { version, evidence } = identity;
  const range = findRange(version, rule.ranges);
  if (!range) {
    return { kind: 'not-affected', rule: `${name}:upstream`, reason: `${identity.product.name} ${version} is outside the affected range${rangesText(rule)}` };
  }
  const inRange = `${identity.product.name} ${version} is in the affected range ${describeRange(range)}`;
  const b = identity.build;
  if (!b) return { kind: 'affected', verdict: 'vulnerable', confidence: 'medium', rule: `${name}:upstream`, proof: `${evidence}: ${inRange}` };
  const distro = DISTRO_NAMES[b.distro];
  const where = b.release ? `${b.distro}-${b.release}` : b.distro;
  if (b.packageVersion && b.release && b.ecosystem === 'dpkg' && isValidDpkgVersion(b.packageVersion)) {
    const fix = rule.distroFixes.find((f) => f.distro === b.distro && f.release === b.release);
    if (fix?.notAffected) {
      return { kind: 'not-affected', rule: `${name}:${where}`, reason: `${distro} ${b.release} builds are not affected, banner shows ${b.packageVersion}` };
    }
    if (fix?.fixed) {
      if (compareDpkg(b.packageVersion, fix.fixed) >= 0) {
        return { kind: 'not-affected', rule: `${name}:${where}`, reason: `fixed in ${fix.fixed}, banner shows ${b.packageVersion}` };
      }
      return { kind: 'affected', verdict: 'vulnerable', confidence: 'medium', rule: `${name}:${where}`, proof: `${evidence}: ${distro} ${b.release} package ${b.packageVersion} is older than the fixed ${fix.fixed}` };
    }
    return {
      kind: 'affected', verdict: 'potential', confidence: 'low', rule: `${name}:${where}`,
      proof: `${evidence}: ${inRange}, and Farsight has no ${distro} ${b.release} fixed version for ${vuln.id}; check the distribution's security tracker for package ${b.packageVersion}`,
    };
  }
  const seen = b.source === 'host-os' ? `the host's OS guess is ${b.evidence}` : `the service names ${distro}`;
  return {
    kind: 'affected', verdict: 'potential', confidence: 'low', rule: `${name}:${where}`,
    proof: `${evidence}: ${inRange}, but ${seen} and its package revision is not visible; ${distro} backports fixes without changing the upstream version, so only an authenticated package check can confirm it`,
  };
}
