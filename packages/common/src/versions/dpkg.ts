/**
 * Debian package version order, as `dpkg --compare-versions` (dpkg 1.21, lib/dpkg/version.c
 * and parsehelp.c) computes it; Debian Policy §5.6.12 describes the format
 * `[epoch:]upstream_version[-debian_revision]`.
 *
 * Acceptance follows dpkg: what dpkg rejects with an error (empty parts, a non-numeric or
 * too-big epoch, embedded blanks) throws VERSION_INVALID; what dpkg merely warns about (an
 * upstream version not starting with a digit, odd punctuation) is compared exactly as dpkg
 * compares it. Deliberate differences, see docs/version-ordering.md: the empty string and
 * `<unknown>` (dpkg's "no version") and any character outside printable ASCII are rejected.
 */
import { compareDigitRuns, firstNonGraphic, isAlphaCode, isDigitCode, sign, versionInvalid } from './shared.ts';
import type { Ordering } from './shared.ts';

/** A parsed Debian version. `revision` is '' when absent (dpkg orders '' like '0'). */
export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const INT_MAX = 2147483647;

/** dpkg trims blanks (space, tab) around a version before parsing it. */
function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(start, end);
}

/** Parses `[epoch:]upstream[-revision]` like dpkg's parseversion; throws VERSION_INVALID. */
export function parseDpkgVersion(input: string): DpkgVersion {
  if (typeof input !== 'string') throw versionInvalid('dpkg', String(input), 'it is not a string');
  const text = trimBlanks(input);
  if (text === '') throw versionInvalid('dpkg', input, 'it is empty');
  if (text === '<unknown>') throw versionInvalid('dpkg', input, "'<unknown>' is dpkg's placeholder for no version");
  const bad = firstNonGraphic(text);
  if (bad >= 0) {
    const c = text.charCodeAt(bad);
    throw versionInvalid('dpkg', input, c === 0x20 || c === 0x09 ? 'it has embedded spaces' : `character ${bad + 1} is not printable ASCII`);
  }

  let epoch = 0;
  let rest = text;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    // dpkg reads the epoch with strtol, which takes an optional sign; it must end at the first ':'.
    const field = text.slice(0, colon);
    const m = /^([+-]?)(\d+)$/.exec(field);
    if (field === '' || field === '+' || field === '-') throw versionInvalid('dpkg', input, "the epoch before ':' is empty");
    if (!m) throw versionInvalid('dpkg', input, `the epoch ${JSON.stringify(field)} before the first ':' is not a number`);
    const digits = (m[2] ?? '').replace(/^0+/, '');
    if (digits.length > 10 || Number(digits) > INT_MAX) throw versionInvalid('dpkg', input, 'the epoch is larger than 2147483647');
    if (m[1] === '-' && digits !== '') throw versionInvalid('dpkg', input, 'the epoch is negative');
    epoch = digits === '' ? 0 : Number(digits);
    rest = text.slice(colon + 1);
    if (rest === '') throw versionInvalid('dpkg', input, "nothing follows the epoch's ':'");
  }

  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === '') throw versionInvalid('dpkg', input, "the revision after the last '-' is empty");
  }
  if (upstream === '') throw versionInvalid('dpkg', input, 'the upstream version is empty');
  return { epoch, upstream, revision };
}

/** True when dpkg would accept `input` as a version (possibly with a warning). */
export function isValidDpkgVersion(input: string): boolean {
  try {
    parseDpkgVersion(input);
    return true;
  } catch {
    return false;
  }
}

/** dpkg's per-character weight: '~' below the end, letters before every other non-digit. */
function order(code: number): number {
  if (isDigitCode(code)) return 0;
  if (isAlphaCode(code)) return code;
  if (code === 0x7e) return -1;
  return code === 0 ? 0 : code + 256;
}

/**
 * dpkg's verrevcmp: alternating non-digit parts (compared char by char with `order`, the end
 * of a string weighing 0) and digit parts (compared numerically, so `01` equals `1`).
 */
export function dpkgVerrevcmp(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigitCode(a.charCodeAt(i))) || (j < b.length && !isDigitCode(b.charCodeAt(j)))) {
      const ac = order(i < a.length ? a.charCodeAt(i) : 0);
      const bc = order(j < b.length ? b.charCodeAt(j) : 0);
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    const si = i;
    const sj = j;
    while (i < a.length && isDigitCode(a.charCodeAt(i))) i++;
    while (j < b.length && isDigitCode(b.charCodeAt(j))) j++;
    const c = compareDigitRuns(a.slice(si, i), b.slice(sj, j));
    if (c !== 0) return c;
  }
  return 0;
}

/** Compares two parsed Debian versions: epoch, then upstream, then revision. */
export function compareDpkgParsed(a: DpkgVersion, b: DpkgVersion): Ordering {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return dpkgVerrevcmp(a.upstream, b.upstream) || dpkgVerrevcmp(a.revision, b.revision);
}

/** Compares two Debian version strings like `dpkg --compare-versions`; throws VERSION_INVALID. */
export function compareDpkg(a: string, b: string): Ordering {
  return compareDpkgParsed(parseDpkgVersion(a), parseDpkgVersion(b));
}
