/**
 * Exact package version order for dpkg, rpm and apk; see docs/version-ordering.md. All
 * functions are pure; malformed versions throw FarsightError VERSION_INVALID.
 */
import { FarsightError } from '../errors.ts';
import { compareApk } from './apk.ts';
import { compareDpkg } from './dpkg.ts';
import { compareRpm } from './rpm.ts';
import type { Ordering, VersionEcosystem } from './shared.ts';

export type { Ordering, VersionEcosystem } from './shared.ts';
export { compareDpkg, compareDpkgParsed, dpkgVerrevcmp, isValidDpkgVersion, parseDpkgVersion } from './dpkg.ts';
export type { DpkgVersion } from './dpkg.ts';
export { compareRpm, compareRpmParsed, isValidRpmEvr, parseRpmEvr, rpmvercmp } from './rpm.ts';
export type { RpmEvr } from './rpm.ts';
export { compareApk, isValidApkVersion, parseApkVersion } from './apk.ts';
export type { ApkVersion } from './apk.ts';

const COMPARATORS: Readonly<Record<VersionEcosystem, (a: string, b: string) => Ordering>> = {
  dpkg: compareDpkg,
  rpm: compareRpm,
  apk: compareApk,
};

/** Compares two versions of one ecosystem: -1, 0 or 1. Throws VERSION_INVALID or INVALID_ARGUMENT. */
export function compareVersions(ecosystem: VersionEcosystem, a: string, b: string): Ordering {
  const compare = Object.hasOwn(COMPARATORS, ecosystem) ? COMPARATORS[ecosystem] : undefined;
  if (!compare) {
    throw new FarsightError('INVALID_ARGUMENT', `unknown version ecosystem ${JSON.stringify(ecosystem)}: use 'dpkg', 'rpm' or 'apk'`);
  }
  return compare(a, b);
}

/** True when version `a` sorts strictly before `b` in the ecosystem (e.g. installed < fixed). */
export function isVersionLess(ecosystem: VersionEcosystem, a: string, b: string): boolean {
  return compareVersions(ecosystem, a, b) < 0;
}
