/**
 * Parses a Ruby (Recog) or Perl (nmap) regex into a RegexNode tree, resolving the
 * dialect-dependent pieces (anchors, `.`, inline flags, escapes) on the way.
 */
import type { GroupKind, RegexDialect, RegexNode, RegexScope } from './regex-ast.ts';
import { literal, readClass, readCommonEscape, unsupported } from './regex-escapes.ts';

/** What a parse produced: the tree and the number of source capture groups. */
export interface ParsedRegex {
  readonly root: RegexNode;
  readonly captures: number;
  readonly names: readonly string[];
}

const ANY = '[\\s\\S]';
const START_OF_INPUT = '(?<![\\s\\S])';
const END_OF_INPUT = '(?![\\s\\S])';

/** Parses `pattern`; throws FarsightError REGEX_UNSUPPORTED for constructs JS cannot express. */
export function parseRegex(pattern: string, dialect: RegexDialect, scope: RegexScope): ParsedRegex {
  return new Parser(pattern, dialect).run(scope);
}

class Parser {
  private readonly src: string;
  private readonly dialect: RegexDialect;
  private i = 0;
  private captures = 0;
  private readonly names: string[] = [];
  /** Ruby: once a pattern has named groups, plain parentheses stop capturing. */
  private readonly namedOnly: boolean;

  constructor(src: string, dialect: RegexDialect) {
    this.src = src;
    this.dialect = dialect;
    this.namedOnly = dialect === 'ruby' && /\(\?(<[A-Za-z_]|'[A-Za-z_])/.test(src);
  }

  run(scope: RegexScope): ParsedRegex {
    const root = this.alternation({ ...scope });
    if (this.i < this.src.length) unsupported('(unbalanced parenthesis)', this.src);
    return { root, captures: this.captures, names: this.names };
  }

  /** Parses alternatives up to an unmatched `)` or the end. `scope` is mutated by inline flags. */
  private alternation(scope: RegexScope): RegexNode {
    const base = scope.ignoreCase;
    const branches: RegexNode[] = [this.sequence(scope)];
    while (this.src[this.i] === '|') {
      this.i++;
      // Perl: `(?i)` in one branch carries into the following ones.
      const ic = scope.ignoreCase;
      const body = this.sequence(scope);
      branches.push(ic === base ? body : { t: 'group', kind: 'noncap', ignoreCase: ic, body });
    }
    return branches.length === 1 ? (branches[0] as RegexNode) : { t: 'alt', branches };
  }

  private sequence(scope: RegexScope): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined || c === '|' || c === ')') break;
      if (scope.extended && this.skipExtended()) continue;
      const inline = this.inlineFlags(scope);
      if (inline) {
        // Ruby: `(?i)` applies to the rest of the enclosing group, alternatives included.
        // Perl: to the rest of this branch and the following branches of the group.
        const ic = inline.ignoreCase !== scope.ignoreCase ? inline.ignoreCase : undefined;
        let body: RegexNode;
        if (this.dialect === 'ruby') body = this.alternation(inline);
        else {
          Object.assign(scope, inline);
          body = this.sequence(scope);
        }
        items.push({ t: 'group', kind: 'noncap', ...(ic === undefined ? {} : { ignoreCase: ic }), body });
        break;
      }
      const atom = this.atom(scope);
      if (atom) items.push(this.quantifiers(atom, scope));
    }
    return items.length === 1 ? (items[0] as RegexNode) : { t: 'seq', items };
  }

  private skipExtended(): boolean {
    const c = this.src[this.i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      this.i++;
      return true;
    }
    if (c === '#') {
      const nl = this.src.indexOf('\n', this.i);
      this.i = nl < 0 ? this.src.length : nl + 1;
      return true;
    }
    return false;
  }

  /** Reads `(?flags)` at the cursor; returns the new scope or undefined if not there. */
  private inlineFlags(scope: RegexScope): RegexScope | undefined {
    const m = /^\(\?([a-z]*)(?:-([a-z]*))?\)/.exec(this.src.slice(this.i, this.i + 16));
    if (!m) return undefined;
    this.i += m[0].length;
    return this.applyFlags(scope, m[1] ?? '', m[2] ?? '');
  }

  private applyFlags(scope: RegexScope, on: string, off: string): RegexScope {
    const next = { ...scope };
    for (const [flags, value] of [[on, true], [off, false]] as const) {
      for (const f of flags) {
        if (f === 'i') next.ignoreCase = value;
        else if (f === 'x') next.extended = value;
        else if (f === 'm' && this.dialect === 'ruby') next.dotAll = value;
        else if (f === 'm') next.multiline = value;
        else if (f === 's' && this.dialect === 'perl') next.dotAll = value;
        else if (f === 'u' || f === 'a' || f === 'd' || f === 'l') continue; // charset modifiers: ASCII is what we do
        else unsupported(`(?${f})`, this.src);
      }
    }
    return next;
  }

  private atom(scope: RegexScope): RegexNode | undefined {
    const src = this.src;
    const c = src[this.i] as string;
    if (c === '(') return this.group(scope);
    if (c === '[') {
      const cls = readClass(src, this.i, this.dialect);
      this.i = cls.end;
      return { t: 'raw', js: cls.js, quantifiable: true };
    }
    this.i++;
    if (c === '.') return { t: 'raw', js: scope.dotAll ? ANY : '[^\\n]', quantifiable: true };
    if (c === '^') return { t: 'raw', js: scope.multiline ? '(?<![^\\n])' : START_OF_INPUT, quantifiable: false };
    if (c === '$') return { t: 'raw', js: scope.multiline ? '(?![^\\n])' : '(?=\\n?(?![\\s\\S]))', quantifiable: false };
    if (c === '\\') return this.escape();
    if (c === '*' || c === '+' || c === '?') unsupported(`(nothing to repeat before ${c})`, src);
    if (c === '{' && this.quantifierAt(this.i - 1)) unsupported('(nothing to repeat before {)', src);
    return { t: 'raw', js: literal(c), quantifiable: true };
  }

  private escape(): RegexNode {
    const src = this.src;
    const start = this.i - 1;
    const c = src[this.i] ?? '';
    const common = readCommonEscape(src, start, this.dialect, false);
    if (common) {
      this.i = start + common.len;
      return { t: 'raw', js: common.js, quantifiable: true };
    }
    this.i++;
    if (c === 'A' || c === 'G') return { t: 'raw', js: START_OF_INPUT, quantifiable: false };
    if (c === 'z') return { t: 'raw', js: END_OF_INPUT, quantifiable: false };
    if (c === 'Z') return { t: 'raw', js: '(?=\\n?(?![\\s\\S]))', quantifiable: false };
    if (c === 'b' || c === 'B') return { t: 'raw', js: `\\${c}`, quantifiable: false };
    if (c === 'R') return { t: 'raw', js: '(?:\\r\\n|[\\n\\x0b\\f\\r\\x85])', quantifiable: true };
    if (c === 'k') {
      const m = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|\{([A-Za-z_]\w*)\})/.exec(src.slice(this.i));
      if (!m) unsupported('\\k', src);
      this.i += m[0].length;
      return { t: 'namedref', name: m[1] ?? m[2] ?? m[3] ?? '' };
    }
    if (/[1-9]/.test(c)) {
      const digits = /^\d+/.exec(src.slice(this.i - 1))?.[0] ?? c;
      const n = Number(digits);
      if (n <= this.captures || (n < 10 && this.dialect === 'perl')) {
        this.i += digits.length - 1;
        return { t: 'backref', index: n };
      }
      const oct = /^[0-7]{1,3}/.exec(digits)?.[0];
      if (!oct) unsupported(`\\${digits} (backreference to a missing group)`, src);
      this.i += oct.length - 1;
      return { t: 'raw', js: `\\x${parseInt(oct, 8).toString(16).padStart(2, '0')}`, quantifiable: true };
    }
    if (/[A-Za-z]/.test(c)) return { t: 'raw', js: c, quantifiable: true };
    return { t: 'raw', js: literal(c), quantifiable: true };
  }

  private group(scope: RegexScope): RegexNode | undefined {
    const src = this.src;
    const rest = src.slice(this.i, this.i + 40);
    if (rest.startsWith('(?#')) {
      const end = src.indexOf(')', this.i);
      if (end < 0) unsupported('(unterminated comment)', src);
      this.i = end + 1;
      return undefined;
    }
    let kind: GroupKind = 'capture';
    let name: string | undefined;
    let inner = { ...scope };
    let ignoreCase: boolean | undefined;
    let m: RegExpExecArray | null;
    if ((m = /^\(\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest))) {
      name = m[1] ?? m[2];
      this.i += m[0].length;
    } else if ((m = /^\(\?([a-z]*)(?:-([a-z]*))?:/.exec(rest))) {
      kind = 'noncap';
      inner = this.applyFlags(scope, m[1] ?? '', m[2] ?? '');
      if (inner.ignoreCase !== scope.ignoreCase) ignoreCase = inner.ignoreCase;
      this.i += m[0].length;
    } else if ((m = /^\(\?(=|!|<=|<!|>)/.exec(rest))) {
      const kinds: Record<string, GroupKind> = { '=': 'lookahead', '!': 'neglookahead', '<=': 'lookbehind', '<!': 'neglookbehind', '>': 'atomic' };
      kind = kinds[m[1] ?? ''] ?? 'noncap';
      this.i += m[0].length;
    } else if (rest.startsWith('(?')) {
      unsupported(`(?${rest[2] ?? ''}`, src);
    } else {
      this.i++;
    }
    let index: number | undefined;
    if (name !== undefined || (kind === 'capture' && !this.namedOnly)) {
      index = ++this.captures;
      if (name !== undefined) this.names.push(name);
    } else if (kind === 'capture') {
      kind = 'noncap';
    }
    const body = this.alternation(inner);
    if (src[this.i] !== ')') unsupported('(missing closing parenthesis)', src);
    this.i++;
    return {
      t: 'group',
      kind,
      ...(index === undefined ? {} : { index }),
      ...(name === undefined ? {} : { name }),
      ...(ignoreCase === undefined ? {} : { ignoreCase }),
      body,
    };
  }

  /** True when a `{…}` quantifier starts at `at`. */
  private quantifierAt(at: number): boolean {
    return /^\{(?:\d+(?:,\d*)?|,\d+)\}/.test(this.src.slice(at, at + 24));
  }

  /** Applies any quantifiers that follow an atom (Ruby allows them to stack). */
  private quantifiers(atom: RegexNode, scope: RegexScope): RegexNode {
    let node = atom;
    for (;;) {
      if (scope.extended) while (this.skipExtended());
      const c = this.src[this.i];
      let q: string | undefined;
      if (c === '*' || c === '+' || c === '?') {
        q = c;
        this.i++;
      } else if (c === '{' && this.quantifierAt(this.i)) {
        const end = this.src.indexOf('}', this.i);
        q = this.src.slice(this.i, end + 1).replace('{,', '{0,');
        this.i = end + 1;
      }
      if (q === undefined) return node;
      if (node.t === 'raw' && !node.quantifiable) {
        // Ruby and Perl accept a quantified anchor; it can only match empty, so drop the quantifier.
        node = { t: 'group', kind: 'noncap', body: node };
      }
      let lazy = false;
      let possessive = false;
      if (this.src[this.i] === '?') {
        lazy = true;
        this.i++;
      } else if (this.src[this.i] === '+') {
        possessive = true;
        this.i++;
      }
      node = { t: 'quant', body: node, q, lazy, possessive };
    }
  }
}
