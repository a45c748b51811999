/**
 * Upstream (vendor release) version order, the order NVD ranges are written in:
 * `8.9p1 < 9.3p2 < 9.6`, `1.0.2 < 1.0.2a < 1.0.2k < 1.1.0`, `9.0.0.M1 < 9.0.0-RC1 < 9.0.0`,
 * `1.3.7rc2 < 1.3.7 < 1.3.7a`, `9.11.5 < 9.11.5-P4`. Distro package versions use the dpkg/rpm
 * comparators in @farsight/common instead. Pure and total: any string compares.
 */

/** A version token: a number, a pre-release word (ranked, below a release), or a post-release word. */
type Token = { kind: 'num'; n: bigint } | { kind: 'pre'; rank: number } | { kind: 'post'; s: string };

/** Pre-release words, lowest first; `m` is Tomcat's milestone (`9.0.0.M1`). */
const PRE_RANKS: Readonly<Record<string, number>> = {
  dev: 0, snapshot: 0, alpha: 1, beta: 2, m: 3, milestone: 3, pre: 4, preview: 4, rc: 5, cr: 5,
};

/** Splits a version into number and word tokens; separators (`.`, `-`, `_`, `+`, `~`) only delimit. */
export function tokenizeVersion(version: string): Token[] {
  const out: Token[] = [];
  const lower = version.toLowerCase();
  for (const m of lower.matchAll(/(\d+)|([a-z]+)/g)) {
    if (m[1] !== undefined) out.push({ kind: 'num', n: BigInt(m[1].length > 30 ? m[1].slice(0, 30) : m[1]) });
    else {
      const w = m[2] as string;
      // `m` is a milestone only after a separator (Tomcat `9.0.0.M1`); glued to a digit it is
      // OpenSSL's letter release (`1.0.0m`).
      const glued = m.index > 0 && /\d/.test(lower[m.index - 1] as string);
      const rank = Object.hasOwn(PRE_RANKS, w) && !(w === 'm' && glued) ? PRE_RANKS[w] : undefined;
      out.push(rank !== undefined ? { kind: 'pre', rank } : { kind: 'post', s: w });
    }
  }
  return out;
}

function compareToken(a: Token, b: Token): number {
  if (a.kind === 'num' && b.kind === 'num') return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
  if (a.kind === 'pre' && b.kind === 'pre') return Math.sign(a.rank - b.rank);
  if (a.kind === 'post' && b.kind === 'post') return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  // Order of kinds at one position: pre-release < post-release word < number (`1.0rc1 < 1.0a < 1.0.1`).
  const order = { pre: 0, post: 1, num: 2 } as const;
  return Math.sign(order[a.kind] - order[b.kind]);
}

/** What a missing tail counts as against the other side's remaining token. */
function tailSign(rest: Token): number {
  if (rest.kind === 'pre') return 1; // `1.0` > `1.0rc1`
  if (rest.kind === 'num' && rest.n === 0n) return 0; // `9.0` == `9.0.0`
  return -1; // `1.0.2` < `1.0.2a`, `8.9` < `8.9p1`, `9.4` < `9.4.1`
}

/** Tokens of recently compared versions: range bounds and banner versions repeat, tokenising dominates. */
const TOKEN_CACHE = new Map<string, Token[]>();
const TOKEN_CACHE_MAX = 4096;

function tokens(version: string): Token[] {
  let t = TOKEN_CACHE.get(version);
  if (t) return t;
  t = tokenizeVersion(version);
  if (TOKEN_CACHE.size >= TOKEN_CACHE_MAX) TOKEN_CACHE.clear();
  if (version.length <= 64) TOKEN_CACHE.set(version, t);
  return t;
}

/** Compares two upstream versions: -1, 0 or 1. */
export function compareUpstreamVersions(a: string, b: string): -1 | 0 | 1 {
  const ta = tokens(a);
  const tb = tokens(b);
  const n = Math.max(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i];
    const y = tb[i];
    let c: number;
    if (x && y) c = compareToken(x, y);
    else if (x) c = -tailSign(x);
    else c = tailSign(y as Token);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}
