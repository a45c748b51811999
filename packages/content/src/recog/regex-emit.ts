/**
 * Emits JavaScript regex source from a RegexNode tree. Atomic groups and possessive
 * quantifiers, which JavaScript lacks, are emulated exactly with the lookahead-capture idiom
 * `(?=(X))\N` (a lookahead is atomic once it has matched); the extra captures are why the
 * emitter keeps a map from source group numbers to JavaScript group numbers.
 */
import type { RegexNode } from './regex-ast.ts';
import { unsupported } from './regex-escapes.ts';
import { classBody } from './regex-prefilter.ts';

/** Emitted source plus `groupMap[n]` = JS group number of source capture group n. */
export interface EmittedRegex {
  readonly source: string;
  readonly groupMap: readonly number[];
  /** Whether to compile with the `i` flag. */
  readonly ignoreCase: boolean;
}

/** True when a raw JS fragment can match differently under case-insensitivity. */
export function isCased(js: string): boolean {
  const plain = js
    .replace(/\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})/g, (_m, a?: string, b?: string) => String.fromCharCode(parseInt(a ?? b ?? '0', 16)))
    .replace(/\\[A-Za-z]/g, '');
  for (const ch of plain) if (ch.toLowerCase() !== ch.toUpperCase()) return true;
  return false;
}

/**
 * The case-insensitivity states under which cased content occurs: a pattern whose cased
 * content is all under one state needs no `(?i:…)` modifier at all. That matters beyond
 * tidiness: V8 (Node 24) mis-matches some alternations inside `(?i:…)` — e.g.
 * `/(?i:W (?:[a-z]+ [a-z]+ |[a-z]+ )?S)/` fails on "W Storage S" — so modifiers are emitted
 * only for patterns that really mix case-sensitive and case-insensitive parts.
 */
function caseStates(node: RegexNode, ic: boolean, out: Set<boolean>): void {
  switch (node.t) {
    case 'raw':
      if (isCased(node.js)) out.add(ic);
      return;
    case 'backref':
    case 'namedref':
      out.add(ic);
      return;
    case 'seq':
      for (const n of node.items) caseStates(n, ic, out);
      return;
    case 'alt':
      for (const n of node.branches) caseStates(n, ic, out);
      return;
    case 'quant':
      caseStates(node.body, ic, out);
      return;
    case 'group':
      caseStates(node.body, node.ignoreCase ?? ic, out);
  }
}

/** Turns a parsed tree into JS source; `pattern` is only used in error messages. */
export function emitRegex(root: RegexNode, pattern: string, ignoreCase: boolean): EmittedRegex {
  const groupMap: number[] = [0];
  const names = new Set<string>();
  let next = 1;
  const states = new Set<boolean>();
  caseStates(root, ignoreCase, states);
  const uniform = states.size <= 1;
  const flagI = uniform ? states.has(true) : ignoreCase;

  const atomic = (inner: () => string): string => {
    const n = next++;
    return `(?:(?=(${inner()}))\\${n})`;
  };

  const emit = (node: RegexNode): string => {
    switch (node.t) {
      case 'raw':
        return node.js;
      case 'seq':
        return node.items.map(emit).join('');
      case 'alt': {
        // `(?:\r|\n)` → `[\r\n]`: same language, but linear when quantified (see regex-prefilter.ts).
        const bodies = node.branches.map((b) => (b.t === 'raw' ? classBody(b.js) : undefined));
        if (bodies.every((b) => b !== undefined)) return `[${bodies.join('')}]`;
        return node.branches.map(emit).join('|');
      }
      case 'backref': {
        const n = groupMap[node.index];
        if (n === undefined) unsupported(`\\${node.index} (forward or missing backreference)`, pattern);
        return `(?:\\${n})`;
      }
      case 'namedref':
        // Without a group of that name JS would read \k<…> as literal text.
        if (!names.has(node.name)) unsupported(`\\k<${node.name}> (no such group before it)`, pattern);
        return `(?:\\k<${node.name}>)`;
      case 'quant': {
        const q = `${node.q}${node.lazy ? '?' : ''}`;
        if (node.possessive) return atomic(() => `${unit(node.body)}${q}`);
        return `${unit(node.body)}${q}`;
      }
      case 'group':
        return group(node);
    }
  };

  const unit = (node: RegexNode): string => {
    const js = emit(node);
    const single = node.t === 'raw' || node.t === 'group' || node.t === 'backref' || node.t === 'namedref';
    return single ? js : `(?:${js})`;
  };

  const group = (node: Extract<RegexNode, { t: 'group' }>): string => {
    switch (node.kind) {
      case 'capture': {
        const n = next++;
        if (node.index !== undefined) groupMap[node.index] = n;
        if (node.name !== undefined) names.add(node.name);
        const open = node.name === undefined ? '(' : `(?<${node.name}>`;
        return `${open}${emit(node.body)})`;
      }
      case 'noncap': {
        const mod = node.ignoreCase === undefined || uniform ? '' : node.ignoreCase ? 'i' : '-i';
        return `(?${mod}:${emit(node.body)})`;
      }
      case 'atomic':
        return atomic(() => emit(node.body));
      case 'lookahead':
        return `(?=${emit(node.body)})`;
      case 'neglookahead':
        return `(?!${emit(node.body)})`;
      case 'lookbehind':
        return `(?<=${emit(node.body)})`;
      case 'neglookbehind':
        return `(?<!${emit(node.body)})`;
    }
  };

  const source = emit(root);
  return { source, groupMap, ignoreCase: flagI };
}
