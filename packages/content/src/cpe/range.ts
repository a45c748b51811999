/**
 * NVD configuration range semantics (CVE JSON 2.0 `cpeMatch`): a CPE pattern plus optional
 * `versionStartIncluding` / `versionStartExcluding` / `versionEndIncluding` /
 * `versionEndExcluding`; with no bound, the pattern's own version must match exactly
 * (`*` = every version). Pure.
 */
import { compareUpstreamVersions } from './version-order.ts';

/** One affected range, as NVD writes it. `version` is an exact version (the CPE's version attribute). */
export interface VersionRange {
  version?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

/** True when `version` lies in the range. */
export function versionInRange(version: string, range: VersionRange): boolean {
  const cmp = (b: string): number => compareUpstreamVersions(version, b);
  const bounded = range.versionStartIncluding !== undefined || range.versionStartExcluding !== undefined
    || range.versionEndIncluding !== undefined || range.versionEndExcluding !== undefined;
  if (!bounded) return range.version === undefined || range.version === '*' || cmp(range.version) === 0;
  if (range.versionStartIncluding !== undefined && cmp(range.versionStartIncluding) < 0) return false;
  if (range.versionStartExcluding !== undefined && cmp(range.versionStartExcluding) <= 0) return false;
  if (range.versionEndIncluding !== undefined && cmp(range.versionEndIncluding) > 0) return false;
  if (range.versionEndExcluding !== undefined && cmp(range.versionEndExcluding) >= 0) return false;
  return true;
}

/** Human form of a range: `[8.5p1, 9.8)`, `<= 7.7`, `= 9.1`. */
export function describeRange(range: VersionRange): string {
  const lo = range.versionStartIncluding !== undefined ? `[${range.versionStartIncluding}` : range.versionStartExcluding !== undefined ? `(${range.versionStartExcluding}` : undefined;
  const hi = range.versionEndIncluding !== undefined ? `${range.versionEndIncluding}]` : range.versionEndExcluding !== undefined ? `${range.versionEndExcluding})` : undefined;
  if (lo && hi) return `${lo}, ${hi}`;
  if (lo) return `${lo.startsWith('[') ? '>=' : '>'} ${lo.slice(1)}`;
  if (hi) return `${hi.endsWith(']') ? '<=' : '<'} ${hi.slice(0, -1)}`;
  return range.version === undefined || range.version === '*' ? 'every version' : `= ${range.version}`;
}

/** The first range that contains `version`, if any. */
export function findRange(version: string, ranges: readonly VersionRange[]): VersionRange | undefined {
  return ranges.find((r) => versionInRange(version, r));
}
