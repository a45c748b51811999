/**
 * Ruby (Recog) and Perl (nmap) regexes → JavaScript RegExp.
 *
 * Semantics kept exactly: Ruby `^`/`$` are always line anchors (before/after `\n` only);
 * Perl `^`/`$` anchor the input (`$` also before a final `\n`) unless `(?m)`; `.` excludes only
 * `\n` (JS would also exclude `\r`); `\A`, `\z`, `\Z`, `\G` (= start, we always match from 0);
 * Ruby `\h` (hex digit) vs Perl `\h` (horizontal space); POSIX `[[:alpha:]]` (ASCII);
 * inline `(?i)`/`(?i:…)` via JS modifiers; atomic groups and possessive quantifiers via the
 * lookahead-capture idiom; Ruby `{,n}`; a leading `]` in a class; Ruby class unions.
 * Rejected (REGEX_UNSUPPORTED): `\p{…}`, `\K`, `\X`, conditionals, recursion, class `&&`.
 * Known small differences: a backreference to a group that did not participate matches
 * empty in JS (it fails in Ruby/Perl); `\S` inside a class also excludes U+00A0.
 */
import { FarsightError } from '@farsight/common';
import type { RegexDialect } from './regex-ast.ts';
import { parseRegex } from './regex-parse.ts';
import { emitRegex } from './regex-emit.ts';
import { requiredLiteral } from './regex-prefilter.ts';
import type { RequiredLiteral } from './regex-prefilter.ts';
import { backtrackingDegree } from './regex-risk.ts';

/** Flags given outside the pattern (Recog's `flags=` attribute, nmap's `m|…|is`). */
export interface TranslateOptions {
  readonly dialect: RegexDialect;
  readonly ignoreCase?: boolean;
  /** `.` matches newline: Recog REG_DOT_NEWLINE/REG_MULTILINE (Ruby `m`), nmap `s`. */
  readonly dotAll?: boolean;
  /** Perl `m` (Ruby anchors are always line anchors). */
  readonly multiline?: boolean;
  readonly extended?: boolean;
}

/** JavaScript source and flags, plus the capture-number map (see emitRegex). */
export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
  /** `groupMap[n]` is the JS capture number of source capture group n. */
  readonly groupMap: readonly number[];
  /** Number of capture groups in the source pattern. */
  readonly captures: number;
  /** A literal every match contains (a prefilter), when the pattern has one. */
  readonly required: RequiredLiteral | undefined;
  /** Backtracking degree (regex-risk.ts): 1 linear, d ≈ n^d per start, Infinity exponential. */
  readonly degree: number;
}

/** Translates a pattern; throws FarsightError REGEX_UNSUPPORTED when JS cannot express it. */
export function translateRegex(pattern: string, options: TranslateOptions): TranslatedRegex {
  const ignoreCase = options.ignoreCase ?? false;
  const parsed = parseRegex(pattern, options.dialect, {
    ignoreCase,
    dotAll: options.dotAll ?? false,
    multiline: options.dialect === 'ruby' ? true : (options.multiline ?? false),
    extended: options.extended ?? false,
  });
  const emitted = emitRegex(parsed.root, pattern, ignoreCase);
  return {
    source: emitted.source,
    flags: emitted.ignoreCase ? 'i' : '',
    groupMap: emitted.groupMap,
    captures: parsed.captures,
    required: requiredLiteral(parsed.root, ignoreCase),
    degree: backtrackingDegree(parsed.root, ignoreCase),
  };
}

/** A compiled translation: the RegExp and the capture-number map. */
export interface CompiledRegex {
  readonly regex: RegExp;
  readonly groupMap: readonly number[];
  readonly required: RequiredLiteral | undefined;
  readonly degree: number;
}

/** Translates and compiles; JS syntax errors surface as REGEX_UNSUPPORTED too. */
export function compileRegex(pattern: string, options: TranslateOptions): CompiledRegex {
  const t = translateRegex(pattern, options);
  try {
    return { regex: new RegExp(t.source, t.flags), groupMap: t.groupMap, required: t.required, degree: t.degree };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new FarsightError('REGEX_UNSUPPORTED', `regex /${pattern}/ does not compile as JavaScript: ${why}`, { cause: e });
  }
}

/** Capture `n` of the source pattern from a JS match (undefined when it did not participate). */
export function sourceGroup(m: RegExpExecArray, groupMap: readonly number[], n: number): string | undefined {
  const js = groupMap[n];
  return js === undefined ? undefined : m[js];
}
