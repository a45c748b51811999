/**
 * Syntax tree shared by the Ruby (Recog) and Perl (nmap) regex translators. The parser
 * resolves everything that depends on the source dialect (anchors, `.`, `\s`, `\h`, POSIX
 * classes) into `raw` JavaScript fragments, so the emitter only has to care about groups,
 * quantifiers and capture numbering.
 */

/** A source regex dialect: Recog patterns are Ruby (Onigmo), nmap patterns are Perl (PCRE). */
export type RegexDialect = 'ruby' | 'perl';

/** One node of a parsed regex. */
export type RegexNode =
  | { readonly t: 'raw'; readonly js: string; readonly quantifiable: boolean }
  | { readonly t: 'seq'; readonly items: RegexNode[] }
  | { readonly t: 'alt'; readonly branches: RegexNode[] }
  | {
      readonly t: 'group';
      readonly kind: GroupKind;
      /** Capture number in the source regex (capture and named groups only). */
      readonly index?: number;
      readonly name?: string;
      /** Case-insensitivity inside this group when it differs from the enclosing scope. */
      readonly ignoreCase?: boolean;
      readonly body: RegexNode;
    }
  | { readonly t: 'quant'; readonly body: RegexNode; readonly q: string; readonly lazy: boolean; readonly possessive: boolean }
  | { readonly t: 'backref'; readonly index: number }
  | { readonly t: 'namedref'; readonly name: string };

/** The kinds of parenthesised group the emitter knows. */
export type GroupKind = 'capture' | 'noncap' | 'atomic' | 'lookahead' | 'neglookahead' | 'lookbehind' | 'neglookbehind';

/** Flags in force at some point of the pattern. */
export interface RegexScope {
  ignoreCase: boolean;
  /** `.` matches `\n` (Ruby `m`, Perl `s`). */
  dotAll: boolean;
  /** `^`/`$` are line anchors (always in Ruby; Perl `m`). */
  multiline: boolean;
  /** Extended syntax: whitespace and `#` comments ignored (Ruby and Perl `x`). */
  extended: boolean;
}
