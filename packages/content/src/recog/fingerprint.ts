/**
 * One compiled Recog fingerprint: translated regex plus param plan. A pattern that cannot be
 * translated leaves the fingerprint inert (`error` says why) instead of failing the load.
 */
import { isFarsightError, toFarsightError } from '@farsight/common';
import type { FarsightError } from '@farsight/common';
import type { ExampleSpec, FingerprintSpec, ParamSpec } from './recog-xml.ts';
import { buildParams, planParams } from './params.ts';
import type { ParamPlan } from './params.ts';
import { compileRegex } from './regex-translate.ts';
import { asciiLower } from './regex-prefilter.ts';
import { inputLimitFor } from './regex-risk.ts';
import type { CompiledRegex } from './regex-translate.ts';

/** A successful match: Recog-named params and the id of the fingerprint that matched. */
export interface FingerprintMatch {
  /** e.g. `service.vendor`, `service.product`, `service.version`, `service.cpe23`, `os.*`, `hw.*`. */
  params: Record<string, string>;
  /** Which fingerprint matched: `recog:<file>:<description>` (nmap: `nmap:<probe>:<service>:<line>`). */
  fingerprint: string;
}

/**
 * Longest text a fingerprint regex ever sees. Banners longer than this are cut before matching
 * so that a hostile peer cannot make a backtracking-prone pattern run for long; every real
 * banner, header or title is far shorter.
 */
export const MAX_MATCH_INPUT = 8192;

/**
 * Most lines of a banner a fingerprint sees (the text is cut before the line feed that would
 * start line MAX_MATCH_LINES + 1). Recog's `^` is a line anchor, so every line start is a
 * fresh attempt for a pattern; the longest real example has 28 lines.
 */
export const MAX_MATCH_LINES = 64;

/**
 * A banner prepared once per match call and shared by every fingerprint tried: cut to `limit`
 * characters, with an ASCII-lower-case copy made on first need (for case-insensitive prefilters).
 */
export class MatchInput {
  readonly text: string;
  private lowerText: string | undefined;
  private prefixes: Map<number, string> | undefined;

  constructor(text: string, limit: number = MAX_MATCH_INPUT, maxLines: number = MAX_MATCH_LINES) {
    let t = text.length > limit ? text.slice(0, limit) : text;
    let at = -1;
    for (let n = 0; n < maxLines; n++) {
      at = t.indexOf('\n', at + 1);
      if (at < 0) break;
    }
    if (at >= 0) t = t.slice(0, at);
    this.text = t;
  }

  /** The text `c` may see: backtracking-prone patterns get a shorter prefix (regex-risk.ts). */
  textFor(c: CompiledRegex): string {
    const limit = inputLimitFor(c.degree, this.text.length);
    if (limit >= this.text.length) return this.text;
    this.prefixes ??= new Map();
    let t = this.prefixes.get(limit);
    if (t === undefined) this.prefixes.set(limit, (t = this.text.slice(0, limit)));
    return t;
  }

  /** True when `c`'s required literal occurs (or when it has none); false rules the regex out. */
  admits(c: CompiledRegex): boolean {
    const r = c.required;
    if (r === undefined) return true;
    for (const lit of r.anyOf) {
      if (!lit.ignoreCase) {
        if (this.text.includes(lit.text)) return true;
      } else {
        this.lowerText ??= asciiLower(this.text);
        if (this.lowerText.includes(lit.text)) return true;
      }
    }
    return false;
  }
}

/** Where a fingerprint came from (file attributes shared by all its fingerprints). */
export interface FingerprintOrigin {
  readonly source: string;
  readonly matchKey: string;
  readonly protocol: string;
}

/** A compiled fingerprint. */
export class Fingerprint {
  readonly source: string;
  readonly matchKey: string;
  readonly protocol: string;
  readonly description: string;
  readonly pattern: string;
  readonly flags: readonly string[];
  readonly params: readonly ParamSpec[];
  readonly examples: readonly ExampleSpec[];
  /** `recog:<file>:<description>`. */
  readonly id: string;
  /** Set when the pattern could not be translated; such a fingerprint never matches. */
  readonly error: FarsightError | undefined;
  private readonly compiled: CompiledRegex | undefined;
  private readonly plan: ParamPlan;

  constructor(spec: FingerprintSpec, origin: FingerprintOrigin) {
    this.source = origin.source;
    this.matchKey = origin.matchKey;
    this.protocol = origin.protocol;
    this.description = spec.description;
    this.pattern = spec.pattern;
    this.flags = spec.flags;
    this.params = spec.params;
    this.examples = spec.examples;
    this.id = `recog:${origin.source}:${spec.description}`;
    this.plan = planParams(spec.params);
    let compiled: CompiledRegex | undefined;
    let error: FarsightError | undefined;
    try {
      compiled = compileRegex(spec.pattern, {
        dialect: 'ruby',
        ignoreCase: spec.flags.includes('REG_ICASE'),
        dotAll: spec.flags.some((f) => f !== 'REG_ICASE'),
      });
    } catch (e) {
      if (!isFarsightError(e, 'REGEX_UNSUPPORTED')) throw e;
      error = toFarsightError(e);
    }
    this.compiled = compiled;
    this.error = error;
  }

  /** The pattern's backtracking degree (regex-risk.ts); above 1 it sees a shorter input. */
  get backtrackingDegree(): number {
    return this.compiled?.degree ?? 1;
  }

  /** The translated JavaScript regex, when there is one. */
  get regex(): RegExp | undefined {
    return this.compiled?.regex;
  }

  /** Matches `text` (cut to MAX_MATCH_INPUT) and returns the params, or undefined. */
  match(text: string | MatchInput): FingerprintMatch | undefined {
    const c = this.compiled;
    if (c === undefined) return undefined;
    const input = typeof text === 'string' ? new MatchInput(text) : text;
    if (!input.admits(c)) return undefined;
    const m = c.regex.exec(input.textFor(c));
    if (m === null) return undefined;
    const group = (n: number): string | undefined => {
      const js = c.groupMap[n];
      return js === undefined ? undefined : m[js];
    };
    return { params: buildParams(this.plan, group, this.protocol), fingerprint: this.id };
  }
}
