/**
 * RPM version order: rpmvercmp (rpm 4.18, rpmio/rpmvercmp.c) on each part of an EVR
 * `[epoch:]version[-release]`, combined as rpmverCmp (lib/rpmver.c) does, which is what
 * `rpm.vercmp()` in rpm's Lua returns. A missing epoch is 0; a missing release sorts below
 * any release, so `1.0 < 1.0-1` (rpm's dependency *ranges* treat it as a wildcard instead,
 * which is matching, not ordering).
 *
 * Rejected although rpm would order them (VERSION_INVALID): the empty string, characters
 * outside printable ASCII, an empty epoch, version or release, and an epoch above 2^32-1
 * (rpm stores the epoch as a 32-bit number). No installed package can carry these.
 */
import { compareDigitRuns, firstNonGraphic, isAlphaCode, isDigitCode, versionInvalid } from './shared.ts';
import type { Ordering } from './shared.ts';

/** A parsed rpm EVR. `epoch` is 0 when absent; `release` is null when absent. */
export interface RpmEvr {
  epoch: number;
  version: string;
  release: string | null;
}

const UINT32_MAX = 4294967295;

/** Parses `[epoch:]version[-release]` like rpm's parseEVR; throws VERSION_INVALID. */
export function parseRpmEvr(input: string): RpmEvr {
  if (typeof input !== 'string') throw versionInvalid('rpm', String(input), 'it is not a string');
  if (input === '') throw versionInvalid('rpm', input, 'it is empty');
  const bad = firstNonGraphic(input);
  if (bad >= 0) throw versionInvalid('rpm', input, `character ${bad + 1} is a space, a control character or not ASCII`);
  // rpm: an epoch is the leading digits only when a ':' follows them; the release starts
  // after the last '-'.
  let s = 0;
  while (s < input.length && isDigitCode(input.charCodeAt(s))) s++;
  let epoch = 0;
  let versionStart = 0;
  if (input[s] === ':') {
    const digits = input.slice(0, s).replace(/^0+/, '');
    if (s === 0) throw versionInvalid('rpm', input, "the epoch before ':' is empty");
    if (digits.length > 10 || Number(digits) > UINT32_MAX) throw versionInvalid('rpm', input, 'the epoch is larger than 4294967295');
    epoch = Number(digits);
    versionStart = s + 1;
  }
  const hyphen = input.lastIndexOf('-');
  let version = input.slice(versionStart);
  let release: string | null = null;
  if (hyphen >= versionStart) {
    version = input.slice(versionStart, hyphen);
    release = input.slice(hyphen + 1);
    if (release === '') throw versionInvalid('rpm', input, "the release after the last '-' is empty");
  }
  if (version === '') throw versionInvalid('rpm', input, 'the version is empty');
  return { epoch, version, release };
}

/** True when `input` is an EVR this module accepts. */
export function isValidRpmEvr(input: string): boolean {
  try {
    parseRpmEvr(input);
    return true;
  } catch {
    return false;
  }
}

function isAlnum(code: number): boolean {
  return isDigitCode(code) || isAlphaCode(code);
}

/**
 * rpmvercmp on one version or release string: separators (anything not alphanumeric, '~'
 * or '^') only split segments; a numeric segment beats an alphabetic one; numbers compare by
 * value; '~' sorts below everything, even the end; '^' sorts above the end but below any
 * further segment. Never throws.
 */
export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a.charCodeAt(i)) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b.charCodeAt(j)) && b[j] !== '~' && b[j] !== '^') j++;
    const ca = a[i];
    const cb = b[j];
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === undefined) return -1;
      if (cb === undefined) return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === undefined || cb === undefined) break;
    const numeric = isDigitCode(a.charCodeAt(i));
    const inSegment = numeric ? isDigitCode : isAlphaCode;
    const si = i;
    const sj = j;
    while (i < a.length && inSegment(a.charCodeAt(i))) i++;
    while (j < b.length && inSegment(b.charCodeAt(j))) j++;
    // Segments of different kinds: b has none of a's kind here; numeric is newer than alpha.
    if (sj === j) return numeric ? 1 : -1;
    const x = a.slice(si, i);
    const y = b.slice(sj, j);
    const c = numeric ? compareDigitRuns(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Compares two parsed EVRs as rpmverCmp: epoch, version, then release (absent < present). */
export function compareRpmParsed(a: RpmEvr, b: RpmEvr): Ordering {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0) return v;
  if (a.release === null || b.release === null) return a.release === b.release ? 0 : a.release === null ? -1 : 1;
  return rpmvercmp(a.release, b.release);
}

/** Compares two rpm EVR strings like rpm's `rpm.vercmp()`; throws VERSION_INVALID. */
export function compareRpm(a: string, b: string): Ordering {
  return compareRpmParsed(parseRpmEvr(a), parseRpmEvr(b));
}
