/**
 * Alpine (apk-tools) version order and validation, following apk-tools 3's src/version.c
 * (the rewrite with `~hash` support): `digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}`.
 *
 * - The first number compares numerically; later dot-numbers too, unless either starts with
 *   '0', then the two digit strings compare as strings (`1.05 < 1.5`, `1.0 < 1.00`).
 * - One lower-case letter may follow a number (`1.2.3a`).
 * - Suffixes `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p`, each with
 *   an optional number; several may follow each other (`1.0_alpha1_p2`).
 * - `~hash` (lower-case hex) compares as a string; `-rN` is the package revision.
 * - When one version runs out of tokens first, it is older, unless the other continues with
 *   a pre-release suffix: `1.0_rc1 < 1.0 < 1.0-r0 < 1.0-r1 < 1.0_p1`.
 * Numbers wrap at 2^64 as apk's uint64 parsing does. Anything apk_version_validate() rejects
 * throws VERSION_INVALID.
 */
import { versionInvalid } from './shared.ts';
import type { Ordering } from './shared.ts';

const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;

/** Suffix weights; NONE (5) is the pivot between pre-release and post-release suffixes. */
const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['alpha', 1], ['beta', 2], ['pre', 3], ['rc', 4], ['cvs', 6], ['svn', 7], ['git', 8], ['hg', 9], ['p', 10],
]);
const SUFFIX_NONE = 5;

interface Token {
  type: number;
  /** The token's characters (digits, letter, suffix name or hash). */
  text: string;
  /** Numeric value, wrapped to 64 bits like apk_blob_pull_uint (digit tokens only). */
  value: bigint;
  /** Suffix weight (SUFFIX tokens only). */
  suffix: number;
}

/** A parsed Alpine version: the part before `-r`, and the revision digits or null. */
export interface ApkVersion {
  version: string;
  revision: string | null;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isHex = (c: string | undefined): boolean => isDigit(c) || (c !== undefined && c >= 'a' && c <= 'f');

function span(text: string, start: number, test: (c: string | undefined) => boolean): number {
  let i = start;
  while (i < text.length && test(text[i])) i++;
  return i;
}

function digitToken(type: number, digits: string): Token {
  return { type, text: digits, value: BigInt.asUintN(64, BigInt(digits)), suffix: 0 };
}

/** Tokenises like apk's token_first/token_next; returns the rule broken instead on failure. */
function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = span(text, 0, isDigit);
  if (i === 0) return 'it does not start with a digit';
  tokens.push(digitToken(INITIAL_DIGIT, text.slice(0, i)));
  while (i < text.length) {
    const prev = tokens[tokens.length - 1]?.type ?? INITIAL_DIGIT;
    const c = text[i];
    if (isLower(c)) {
      if (prev > DIGIT) return `letter '${c}' at ${i + 1} may only follow a number`;
      tokens.push({ type: LETTER, text: c ?? '', value: 0n, suffix: 0 });
      i++;
    } else if (c === '.') {
      if (prev > DIGIT) return `'.' at ${i + 1} may only follow a number`;
      const end = span(text, i + 1, isDigit);
      if (end === i + 1) return `'.' at ${i + 1} is not followed by a number`;
      tokens.push(digitToken(DIGIT, text.slice(i + 1, end)));
      i = end;
    } else if (isDigit(c) && prev === SUFFIX) {
      const end = span(text, i, isDigit);
      tokens.push(digitToken(SUFFIX_NO, text.slice(i, end)));
      i = end;
    } else if (c === '_') {
      if (prev > SUFFIX_NO) return `suffix at ${i + 1} comes after a ~hash or -r revision`;
      const end = span(text, i + 1, isLower);
      const name = text.slice(i + 1, end);
      const suffix = SUFFIXES.get(name);
      if (suffix === undefined) return `'_${name}' is not a suffix (alpha, beta, pre, rc, cvs, svn, git, hg, p)`;
      tokens.push({ type: SUFFIX, text: name, value: 0n, suffix });
      i = end;
    } else if (c === '~') {
      if (prev >= COMMIT_HASH) return `'~' at ${i + 1} is not allowed here`;
      const end = span(text, i + 1, isHex);
      if (end === i + 1) return `'~' at ${i + 1} is not followed by a lower-case hex commit hash`;
      tokens.push({ type: COMMIT_HASH, text: text.slice(i + 1, end), value: 0n, suffix: 0 });
      i = end;
    } else if (c === '-') {
      if (prev >= REVISION_NO) return `second '-' at ${i + 1}`;
      if (text[i + 1] !== 'r') return `'-' at ${i + 1} must start a revision '-rN'`;
      const end = span(text, i + 2, isDigit);
      if (end === i + 2) return `revision '-r' at ${i + 1} has no number`;
      tokens.push(digitToken(REVISION_NO, text.slice(i + 2, end)));
      i = end;
    } else {
      return `character ${JSON.stringify(c)} at ${i + 1} is not allowed here`;
    }
  }
  tokens.push({ type: END, text: '', value: 0n, suffix: 0 });
  return tokens;
}

function tokensOf(input: string): Token[] {
  if (typeof input !== 'string') throw versionInvalid('apk', String(input), 'it is not a string');
  if (input === '') throw versionInvalid('apk', input, 'it is empty');
  const result = tokenize(input);
  if (typeof result === 'string') throw versionInvalid('apk', input, result);
  return result;
}

/** Validates and splits an Alpine version; throws VERSION_INVALID. */
export function parseApkVersion(input: string): ApkVersion {
  const tokens = tokensOf(input);
  const rev = tokens.find((t) => t.type === REVISION_NO);
  if (!rev) return { version: input, revision: null };
  return { version: input.slice(0, input.lastIndexOf('-r')), revision: rev.text };
}

/** True when apk-tools would accept `input` as a version. */
export function isValidApkVersion(input: string): boolean {
  return typeof input === 'string' && typeof tokenize(input) !== 'string';
}

function byString(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byValue(a: bigint, b: bigint): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** apk's token_cmp for two tokens of the same type. */
function tokenCompare(a: Token, b: Token): Ordering {
  switch (a.type) {
    case DIGIT:
      // Leading zero on either side: compare as strings, like a decimal fraction.
      if (a.text.startsWith('0') || b.text.startsWith('0')) return byString(a.text, b.text);
      return byValue(a.value, b.value);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      return byValue(a.value, b.value);
    case LETTER:
      return byString(a.text, b.text);
    case SUFFIX:
      return byValue(BigInt(a.suffix), BigInt(b.suffix));
    default:
      return byString(a.text, b.text);
  }
}

/** Compares two Alpine versions like apk_version_compare(); throws VERSION_INVALID. */
export function compareApk(a: string, b: string): Ordering {
  const ta = tokensOf(a);
  const tb = tokensOf(b);
  let k = 0;
  // Both lists end with END, so the loop stops at the first differing type or at END.
  let x = ta[0] as Token;
  let y = tb[0] as Token;
  while (x.type === y.type && x.type < END) {
    const c = tokenCompare(x, y);
    if (c !== 0) return c;
    k++;
    x = ta[k] as Token;
    y = tb[k] as Token;
  }
  if (x.type === y.type) return 0;
  if (x.type === SUFFIX && x.suffix < SUFFIX_NONE) return -1;
  if (y.type === SUFFIX && y.suffix < SUFFIX_NONE) return 1;
  return x.type > y.type ? -1 : 1;
}
