/**
 * A conservative static estimate of how badly a regex can backtrack. V8 backtracks without
 * limit, and some Recog patterns are polynomial or exponential on crafted input — e.g.
 * `^Aruba\s+([\w -]+)\s+(?:\D+\.)?…` does ~n⁴ work on "Aruba" between runs of spaces.
 * Two unbounded repetitions are *ambiguous* when, with only optional items between them, the
 * first can also take what the second starts with (`\s+([\w -]+)`, `\s*(?:\S)*\s*`); a chain of
 * d such repetitions costs about n^d per start position, and an ambiguous repetition inside a
 * repetition (`(?:\S+\s*)+`) is exponential. The input a pattern sees shrinks with its degree
 * (inputLimitFor) so that the worst case stays in the milliseconds.
 */
import type { RegexNode } from './regex-ast.ts';

/**
 * Input limit by backtracking degree. The degree is an upper bound (it assumes an attacker who
 * repeats exactly the right separators), so the limits are set from measurement rather than
 * n^degree: crafted inputs of this size cost under a second for every Recog pattern (worst
 * seen ~0.8 s), and real banners for such patterns (NTP readvar lists, SNMP descriptions) are
 * shorter.
 */
export function inputLimitFor(degree: number, max: number): number {
  if (degree <= 1) return max;
  if (degree === 2) return Math.min(max, 4096);
  if (degree === 3) return Math.min(max, 1024);
  if (degree < Infinity) return Math.min(max, 256);
  return Math.min(max, 24);
}

const FULL = new Uint8Array(256).fill(1);
const setCache = new Map<string, Uint8Array>();

/** Which of the 256 Latin-1 characters a single-character fragment matches. */
function charSet(js: string, ic: boolean): Uint8Array {
  const key = `${ic ? 'i' : ''}${js}`;
  let set = setCache.get(key);
  if (set === undefined) {
    set = new Uint8Array(256);
    try {
      const re = new RegExp(`^(?:${js})$`, ic ? 'i' : '');
      for (let c = 0; c < 256; c++) set[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
    } catch {
      set = FULL;
    }
    setCache.set(key, set);
  }
  return set;
}

function subset(a: Uint8Array, b: Uint8Array): boolean {
  for (let c = 0; c < 256; c++) if (a[c] === 1 && b[c] !== 1) return false;
  return true;
}

function overlaps(a: Uint8Array, b: Uint8Array): boolean {
  for (let c = 0; c < 256; c++) if (a[c] === 1 && b[c] === 1) return true;
  return false;
}

function bounds(q: string): { min: number; unbounded: boolean } {
  if (q === '*') return { min: 0, unbounded: true };
  if (q === '+') return { min: 1, unbounded: true };
  if (q === '?') return { min: 0, unbounded: false };
  const m = /^\{(\d*)(,?)(\d*)\}$/.exec(q);
  const min = Number(m?.[1] || '0');
  const max = m?.[2] === '' ? min : m?.[3] === '' ? Infinity : Number(m?.[3]);
  return { min, unbounded: max > 32 };
}

function nullable(node: RegexNode): boolean {
  switch (node.t) {
    case 'raw':
      return !node.quantifiable; // anchors and assertions
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.branches.some(nullable);
    case 'quant':
      return bounds(node.q).min === 0 || nullable(node.body);
    case 'group':
      return node.kind.startsWith('look') || node.kind.startsWith('neglook') || nullable(node.body);
    default:
      return true;
  }
}

/** True when a node matches at any position without consuming or asserting anything. */
function alwaysMatches(node: RegexNode): boolean {
  switch (node.t) {
    case 'quant':
      return bounds(node.q).min === 0 || alwaysMatches(node.body);
    case 'seq':
      return node.items.every(alwaysMatches);
    case 'alt':
      return node.branches.some(alwaysMatches);
    case 'group':
      return (node.kind === 'capture' || node.kind === 'noncap') && alwaysMatches(node.body);
    default:
      return false;
  }
}

function hasUnbounded(node: RegexNode): boolean {
  switch (node.t) {
    case 'quant':
      return bounds(node.q).unbounded || hasUnbounded(node.body);
    case 'seq':
      return node.items.some(hasUnbounded);
    case 'alt':
      return node.branches.some(hasUnbounded);
    case 'group':
      return hasUnbounded(node.body);
    default:
      return false;
  }
}

/** Flattens transparent groups so that `\s+([\w -]+)` reads as two adjacent repetitions. */
function flatten(node: RegexNode, ic: boolean, out: { node: RegexNode; ic: boolean }[]): void {
  if (node.t === 'seq') for (const i of node.items) flatten(i, ic, out);
  else if (node.t === 'group' && (node.kind === 'capture' || node.kind === 'noncap') && node.body.t !== 'alt') {
    flatten(node.body, node.ignoreCase ?? ic, out);
  } else out.push({ node, ic });
}

/** The single-character body of a repetition (through one transparent group), if it is one. */
function singleChar(node: RegexNode, ic: boolean): Uint8Array {
  if (node.t === 'raw' && node.quantifiable) return charSet(node.js, ic);
  if (node.t === 'alt' && node.branches.every((b) => b.t === 'raw' && b.quantifiable)) return alphabet(node, ic);
  if (node.t === 'group' && (node.kind === 'capture' || node.kind === 'noncap')) return singleChar(node.body, node.ignoreCase ?? ic);
  return FULL;
}

/** Every character a node may consume (FULL when it holds a backreference). */
function alphabet(node: RegexNode, ic: boolean): Uint8Array {
  const acc = new Uint8Array(256);
  const add = (set: Uint8Array): void => {
    for (let c = 0; c < 256; c++) if (set[c] === 1) acc[c] = 1;
  };
  const walk = (n: RegexNode, nic: boolean): void => {
    if (n.t === 'raw') {
      if (n.quantifiable) add(charSet(n.js, nic));
    } else if (n.t === 'seq') n.items.forEach((i) => walk(i, nic));
    else if (n.t === 'alt') n.branches.forEach((b) => walk(b, nic));
    else if (n.t === 'quant') walk(n.body, nic);
    else if (n.t === 'group') walk(n.body, n.ignoreCase ?? nic);
    else add(FULL);
  };
  walk(node, ic);
  return acc;
}

/** Characters a node may start with (FULL when not a plain sequence of single characters). */
function headSet(node: RegexNode, ic: boolean): Uint8Array {
  const items: { node: RegexNode; ic: boolean }[] = [];
  flatten(node, ic, items);
  const acc = new Uint8Array(256);
  for (const { node: item, ic: itemIc } of items) {
    const body = item.t === 'quant' ? item.body : item;
    const set = singleChar(body, itemIc);
    for (let c = 0; c < 256; c++) acc[c] = acc[c] === 1 || set[c] === 1 ? 1 : 0;
    if (!nullable(item)) return acc;
  }
  return FULL;
}

/**
 * Whether consecutive iterations of a repeated body can split the text in several ways: its
 * trailing repetitions can take a character the body can start with. `(?:\.\d+)*` cannot
 * (a dot starts every iteration), `(?:\S+\s*)+` can.
 */
function iterationsBlur(body: RegexNode, ic: boolean): boolean {
  const items: { node: RegexNode; ic: boolean }[] = [];
  flatten(body, ic, items);
  const head = headSet(body, ic);
  for (let i = items.length - 1; i >= 0; i--) {
    const { node: item, ic: itemIc } = items[i] as { node: RegexNode; ic: boolean };
    if (item.t === 'quant' && bounds(item.q).unbounded && overlaps(singleChar(item.body, itemIc), head)) return true;
    if (!nullable(item)) return false;
  }
  return true;
}

/**
 * How badly the pattern may backtrack: 1 = linear per start position, d = the longest chain
 * of d mutually ambiguous adjacent repetitions (≈ n^d work), Infinity = an ambiguous
 * repetition inside a repetition (exponential).
 */
export function backtrackingDegree(root: RegexNode, ignoreCase: boolean): number {
  let degree = 1;
  // `top` marks the root sequence: there, repetitions followed only by optional items never
  // backtrack (nothing after them can fail), e.g. `:.*?(\d*\.*\d*)` at the end of a pattern.
  const visit = (node: RegexNode, ic: boolean, top = false): void => {
    switch (node.t) {
      case 'quant':
        if (bounds(node.q).unbounded && node.body.t !== 'raw' && hasUnbounded(node.body) && iterationsBlur(node.body, ic)) degree = Infinity;
        visit(node.body, ic);
        return;
      case 'alt':
        for (const b of node.branches) visit(b, ic);
        return;
      case 'group':
        visit(node.body, node.ignoreCase ?? ic);
        return;
      case 'seq': {
        const items: { node: RegexNode; ic: boolean }[] = [];
        flatten(node, ic, items);
        const restNullable = items.map((_, i) => top && items.slice(i + 1).every((x) => alwaysMatches(x.node)));
        // Repetitions reachable through optional items only, with the length of their chain.
        let open: { set: Uint8Array; chain: number }[] = [];
        for (const [i, { node: item, ic: itemIc }] of items.entries()) {
          if (item.t === 'quant' && bounds(item.q).unbounded) {
            const head = headSet(item.body, itemIc);
            let chain = 1;
            for (const o of open) if (overlaps(o.set, head)) chain = Math.max(chain, o.chain + 1);
            if (!restNullable[i]) degree = Math.max(degree, chain);
            if (!nullable(item)) open = [];
            open.push({ set: alphabet(item.body, itemIc), chain });
          } else if (!nullable(item)) {
            // A required item only separates repetitions that cannot take its characters
            // themselves: in `[^ ]+\.[^ ]+` the dot may be any of the dots, so the chain goes on.
            const own = alphabet(item, itemIc);
            open = open.filter((o) => subset(own, o.set));
          }
          if (item.t !== 'raw') visit(item, itemIc);
        }
        return;
      }
      default:
        return;
    }
  };
  if (root.t === 'seq' || root.t === 'group' || root.t === 'quant') visit(root.t === 'seq' ? root : { t: 'seq', items: [root] }, ignoreCase, true);
  else visit(root, ignoreCase);
  return degree;
}
