/**
 * Cheap, safe pre-checks derived from a parsed regex:
 * - literals of which every match must contain one, so a banner without them is rejected by
 *   `String.includes` instead of a backtracking run (Onigmo does the same "exact" search,
 *   which is why Recog patterns such as `^(?:\r|\n|\s){0,256}UDP/TCP/IP Stack…` are harmless
 *   in Ruby but exponential in V8 on a run of CR LF);
 * - single-character fragments, so the emitter can turn `(?:\r|\n)` into `[\r\n]` (same
 *   language, no captures inside, but no exponential backtracking when quantified).
 */
import type { RegexNode } from './regex-ast.ts';

/** A literal; `ignoreCase` literals are ASCII-lower-cased and compared with a lower-cased input. */
export interface Literal {
  readonly text: string;
  readonly ignoreCase: boolean;
}

/** Every match contains at least one of these literals. */
export interface RequiredLiteral {
  readonly anyOf: readonly Literal[];
}

const SIMPLE = /^(?:[^\\[\](){}.*+?^$|]|\\[^A-Za-z0-9]|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\[tnrf])$/;

/** The one character a raw JS fragment matches, when it is a plain literal. */
export function literalChar(js: string): string | undefined {
  if (!SIMPLE.test(js)) return undefined;
  if (js.length === 1) return js;
  const e = js[1] as string;
  if (e === 'x' || e === 'u') return String.fromCharCode(parseInt(js.slice(2), 16));
  const named: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };
  return named[e] ?? e;
}

/** The class-body form of a raw fragment that matches exactly one character from a set. */
export function classBody(js: string): string | undefined {
  if (literalChar(js) !== undefined) return js;
  if (/^\\[dDwW]$/.test(js)) return js;
  if (js.startsWith('[') && !js.startsWith('[^') && js.endsWith(']') && !/(?:^|[^\\])(?:\\\\)*\[/.test(js.slice(1, -1))) {
    return js.slice(1, -1);
  }
  return undefined;
}

function minOf(q: string): number {
  if (q === '+') return 1;
  if (q === '*' || q === '?') return 0;
  return Number(/^\{(\d*)/.exec(q)?.[1] || '0');
}

/** The worth of a requirement: its shortest alternative (longer literals reject more). */
function score(r: Literal[]): number {
  return r.length === 0 || r.length > 16 ? 0 : Math.min(...r.map((l) => l.text.length));
}

/** The best requirement of a sequence: contiguous literal runs, or a sub-node's own. */
function bestOfSequence(items: readonly RegexNode[], ic: boolean): Literal[] | undefined {
  const candidates: Literal[][] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') candidates.push([{ text, ignoreCase: ic }]);
    text = '';
  };
  for (const item of items) {
    const ch = item.t === 'raw' ? literalChar(item.js) : undefined;
    // Case-insensitive non-ASCII letters fold in ways a lower-cased includes() would not.
    if (ch !== undefined && !(ic && ch > '\x7f' && ch.toLowerCase() !== ch.toUpperCase())) {
      text += ic ? asciiLower(ch) : ch;
      continue;
    }
    flush();
    if (item.t === 'raw') continue; // a class or an assertion: no literal
    const sub = best(item, ic);
    if (sub) candidates.push(sub);
  }
  flush();
  let out: Literal[] | undefined;
  for (const c of candidates) if (out === undefined || score(c) > score(out)) out = c;
  return out;
}

/** A requirement (any-of literals) every match of `node` satisfies, if one is known. */
function best(node: RegexNode, ic: boolean): Literal[] | undefined {
  switch (node.t) {
    case 'raw':
    case 'seq':
      return bestOfSequence(node.t === 'seq' ? node.items : [node], ic);
    case 'alt': {
      const all: Literal[] = [];
      for (const b of node.branches) {
        const r = best(b, ic);
        if (r === undefined || score(r) === 0) return undefined;
        all.push(...r);
      }
      return all;
    }
    case 'group':
      if (node.kind === 'capture' || node.kind === 'noncap' || node.kind === 'atomic') return best(node.body, node.ignoreCase ?? ic);
      return undefined;
    case 'quant':
      return minOf(node.q) >= 1 ? best(node.body, ic) : undefined;
    default:
      return undefined;
  }
}

/** Literals of which every match of `root` contains one, when they are worth checking (≥ 2 chars). */
export function requiredLiteral(root: RegexNode, ignoreCase: boolean): RequiredLiteral | undefined {
  const r = best(root, ignoreCase);
  return r !== undefined && score(r) >= 2 ? { anyOf: r } : undefined;
}

/** ASCII-only lower-casing, the folding `RequiredLiteral.ignoreCase` assumes. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
