/**
 * Test support: a seeded generator of realistic-but-tricky version pairs for the dpkg and rpm
 * oracle tests (and the property tests). Same seed, same pairs, on every machine.
 */

/** A small deterministic PRNG (mulberry32); returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)] as T;

function number(r: Rng): string {
  const roll = r();
  if (roll < 0.55) return String(int(r, 10));
  if (roll < 0.75) return String(int(r, 100));
  if (roll < 0.82) return `0${int(r, 10)}`;
  if (roll < 0.88) return pick(r, ['00', '000', '010', '001']);
  if (roll < 0.94) return String(20000000 + int(r, 9999999));
  return pick(r, ['4294967296', '18446744073709551617', '99999999999999999999999', '2147483648']);
}

function word(r: Rng, upper: boolean): string {
  const w = pick(r, ['a', 'b', 'rc', 'alpha', 'beta', 'pre', 'git', 'dfsg', 'ds', 'deb', 'ubuntu', 'build', 'el', 'fc', 'svn', 'z', 'p', 'r', 'bpo']);
  return upper && r() < 0.15 ? w.toUpperCase() : w;
}

/** A run of segments joined by separators drawn from `seps`. */
function segments(r: Rng, seps: readonly string[], upper: boolean): string {
  let out = number(r);
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.55) out += pick(r, seps) + number(r);
    else if (roll < 0.7) out += word(r, upper) + (r() < 0.6 ? number(r) : '');
    else if (roll < 0.85) out += pick(r, seps) + word(r, upper) + (r() < 0.6 ? number(r) : '');
    else out += number(r);
  }
  return out;
}

/** A short random string over a tricky alphabet: finds what realistic shapes miss. */
function noise(r: Rng, alphabet: string): string {
  let out = '';
  const n = 1 + int(r, 8);
  for (let i = 0; i < n; i++) out += alphabet[int(r, alphabet.length)];
  return out;
}

/** A Debian-style version; ~3% are strings dpkg rejects, ~5% ones it only warns about, ~8% noise. */
export function randomDpkgVersion(r: Rng): string {
  const roll = r();
  if (roll > 0.92) return noise(r, '0019aZz.+~~-:_');
  if (roll < 0.03) return pick(r, ['1.0-', 'a:1.0', '1:', '1.0-1:2', '1:-1', '1 0', '2147483648:1', 'x:y-z', '1.0 -1', '1:2:']);
  if (roll < 0.08) return pick(r, ['abc', '1.0_x', '1@2', 'v1.2', '1.0!', '1.0-a_b', '~1', '.1', '+1:2.0', '1.0=2', '1.0*', '1:a-1']);
  const seps = ['.', '.', '.', '+', '~', '~', '-'];
  let v = segments(r, seps, true);
  if (r() < 0.65) v += '-' + segments(r, ['.', '+', '~', '.'], false);
  if (r() < 0.2) v = `${pick(r, ['0', '1', '2', '10', '01', '00'])}:${v}`;
  if (r() < 0.05) v += '~';
  return v;
}

/** An rpm EVR (~8% noise); filter with isValidRpmEvr. */
export function randomRpmEvr(r: Rng): string {
  if (r() > 0.92) return noise(r, '0019aZz.+~~^^-:_');
  const seps = ['.', '.', '.', '_', '+', '~', '^', '%', '@', '..'];
  let v = segments(r, seps, true);
  if (r() < 0.1) v += pick(r, ['~', '^', '.', '~~', '^^', '^~']) + (r() < 0.5 ? number(r) : '');
  if (r() < 0.7) v += '-' + segments(r, ['.', '.', '_', '~', '^', '+'], true);
  if (r() < 0.2) v = `${pick(r, ['0', '1', '2', '10', '01', '00'])}:${v}`;
  return v;
}

/** Changes one small thing in `v`: a digit run, a separator, a suffix, the epoch. */
export function mutateVersion(r: Rng, v: string, extras: readonly string[]): string {
  const runs = [...v.matchAll(/\d+/g)];
  const op = int(r, 8);
  if (op <= 1 && runs.length > 0) {
    const m = pick(r, runs);
    const at = m.index;
    const n = m[0];
    const next = op === 0 ? String(BigInt(n) + BigInt(pick(r, [1, -1, 10]))).replace('-', '') : `0${n}`;
    return v.slice(0, at) + next + v.slice(at + n.length);
  }
  if (op === 2) return v + pick(r, extras);
  if (op === 3 && v.length > 1) return v.slice(0, -1);
  if (op === 4) {
    const i = int(r, v.length);
    return v.slice(0, i) + pick(r, extras) + v.slice(i);
  }
  if (op === 5) return v.includes(':') ? v.slice(v.indexOf(':') + 1) : `1:${v}`;
  if (op === 6) return v.replace(/[.+~_^]/, pick(r, ['.', '+', '~', '_', '^']));
  return v;
}

/** What generatePairs needs to know about one ecosystem. */
export interface PairRecipe {
  make: (r: Rng) => string;
  extras: readonly string[];
  /** Versions to keep (e.g. only what the oracle's command line can take). */
  keep: (v: string) => boolean;
}

/** `count` pairs: a third independent, the rest near-equal (one mutation, sometimes two). */
export function generatePairs(seed: number, count: number, recipe: PairRecipe): [string, string][] {
  const r = seededRandom(seed);
  const pairs: [string, string][] = [];
  for (let guard = 0; pairs.length < count && guard < count * 20; guard++) {
    const a = recipe.make(r);
    let b: string;
    if (r() < 0.33) b = recipe.make(r);
    else {
      b = mutateVersion(r, a, recipe.extras);
      if (r() < 0.3) b = mutateVersion(r, b, recipe.extras);
    }
    if (recipe.keep(a) && recipe.keep(b)) pairs.push(r() < 0.5 ? [a, b] : [b, a]);
  }
  return pairs;
}

/** Extras inserted by mutations for dpkg versions. */
export const DPKG_EXTRAS = ['~', '~rc1', '+b1', '.0', 'a', '-1', '+deb12u1', '~~', '0', '.', 'Z', '+', ':', '_'];
/** Extras inserted by mutations for rpm EVRs. */
export const RPM_EXTRAS = ['~', '^', '~rc1', '^git1', '.0', 'a', '.1', '_9', '^', '~~', '0', '.', 'Z', '+', '-1'];
