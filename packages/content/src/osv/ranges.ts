/**
 * Is a package version affected by an OSV `affected[]` entry? Follows the OSV schema's
 * evaluation ("Evaluation" in https://ossf.github.io/osv-schema/): events of each ECOSYSTEM
 * range sorted by version, `introduced: "0"` below everything; a version is affected when the
 * last event at or below it is an `introduced` (or it is ≤ a `last_affected`), or when it is
 * listed in `versions`. The version order is the distro's own (dpkg, rpm, apk). Pure.
 */
import { compareVersions } from '@farsight/common';
import type { VersionEcosystem } from '@farsight/common';
import type { OsvAffected, OsvEvent } from './osv-schema.ts';

/** What an advisory says about one installed version. */
export type RangeVerdict =
  | { status: 'affected'; fixed?: string; reason: string }
  | { status: 'fixed'; fixed: string; reason: string }
  | { status: 'unaffected'; reason: string };

interface Flat { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: string }

function flatten(ev: OsvEvent): Flat {
  if ('introduced' in ev) return { kind: 'introduced', version: ev.introduced };
  if ('fixed' in ev) return { kind: 'fixed', version: ev.fixed };
  if ('last_affected' in ev) return { kind: 'last_affected', version: ev.last_affected };
  return { kind: 'limit', version: ev.limit };
}

/**
 * Evaluates `installed` against one affected entry. ECOSYSTEM ranges only (SEMVER/GIT ranges
 * of distro advisories are ignored). Throws VERSION_INVALID when `installed` is malformed.
 */
export function evaluateAffected(affected: OsvAffected, installed: string, scheme: VersionEcosystem): RangeVerdict {
  const cmp = (a: string, b: string): number => (a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : compareVersions(scheme, a, b));
  compareVersions(scheme, installed, installed);
  if ((affected.versions ?? []).some((v) => v !== '0' && compareVersions(scheme, v, installed) === 0)) {
    return { status: 'affected', reason: `${installed} is listed as an affected version` };
  }
  let fixedAtOrBelow: string | undefined;
  for (const range of affected.ranges ?? []) {
    if (range.type !== 'ECOSYSTEM') continue;
    const events = range.events.map(flatten).sort((a, b) => cmp(a.version, b.version));
    let inRange = false;
    let fixedHere: string | undefined;
    for (const ev of events) {
      const c = cmp(installed, ev.version);
      if (ev.kind === 'introduced' && c >= 0) inRange = true;
      else if (ev.kind === 'fixed' && c >= 0) { inRange = false; fixedHere = ev.version; }
      else if (ev.kind === 'last_affected' && c > 0) inRange = false;
      else if (ev.kind === 'limit' && c >= 0) inRange = false;
    }
    if (inRange) {
      const next = events.find((ev) => ev.kind === 'fixed' && cmp(installed, ev.version) < 0);
      return next
        ? { status: 'affected', fixed: next.version, reason: `${installed} is below the fixed version ${next.version}` }
        : { status: 'affected', reason: `${installed} is in an affected range with no fixed version yet` };
    }
    if (fixedHere !== undefined && (fixedAtOrBelow === undefined || cmp(fixedHere, fixedAtOrBelow) > 0)) fixedAtOrBelow = fixedHere;
  }
  if (fixedAtOrBelow !== undefined) {
    return { status: 'fixed', fixed: fixedAtOrBelow, reason: `installed ${installed} is at or above the fixed version ${fixedAtOrBelow}` };
  }
  return { status: 'unaffected', reason: `${installed} is outside every affected range` };
}
