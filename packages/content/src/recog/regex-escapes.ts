/**
 * Escapes and character classes of Ruby/Perl regexes, rewritten as JavaScript fragments for
 * a RegExp compiled without the `u`, `m` and `s` flags. Both source dialects are ASCII-minded
 * here: `\s`, `\w`, `\d` and POSIX classes mean their ASCII sets, as they do in Ruby for
 * binary strings and in nmap's PCRE without UCP.
 */
import { FarsightError } from '@farsight/common';
import type { RegexDialect } from './regex-ast.ts';

/** Ruby and Perl `\s`: ASCII whitespace only (JavaScript's `\s` adds U+00A0 and friends). */
export const SPACE_SET = ' \\t\\n\\x0b\\f\\r';

const HEX_SET = '0-9a-fA-F';
/** Perl's `\h`: horizontal whitespace. */
const HSPACE_SET = ' \\t\\xa0';

/** POSIX bracket classes by name, as ASCII set bodies. */
const POSIX: Readonly<Record<string, string>> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: SPACE_SET,
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: HEX_SET,
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  ascii: '\\x00-\\x7f',
};

/** Complements of POSIX classes that JavaScript can say inside a class. */
const POSIX_NEGATED: Readonly<Record<string, string>> = { digit: '\\D', word: '\\W', alnum: '\\W_' };

/** Throws the error every untranslatable construct raises. */
export function unsupported(what: string, pattern: string): never {
  throw new FarsightError('REGEX_UNSUPPORTED', `unsupported regex construct ${what} in /${pattern}/`);
}

function hex2(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A single code point as a JavaScript escape usable both inside and outside a class. */
export function codeEscape(code: number, pattern: string): string {
  if (code > 0xffff) unsupported('(astral code point)', pattern);
  return hex2(code);
}

/** Result of reading one backslash escape: the JS text and how many source chars it used. */
export interface Escape {
  readonly js: string;
  readonly len: number;
  /** A single character (usable as a range endpoint). */
  readonly char: boolean;
}

const CONTROL: Readonly<Record<string, number>> = { t: 9, n: 10, r: 13, f: 12, e: 27, a: 7 };

/**
 * Reads the escape starting at `src[i] === '\\'` that is valid both inside and outside a
 * class: code points, control characters, and the shorthand classes. Returns undefined for
 * escapes whose meaning depends on position (anchors, backreferences).
 */
export function readCommonEscape(src: string, i: number, dialect: RegexDialect, inClass: boolean): Escape | undefined {
  const c = src[i + 1];
  if (c === undefined) unsupported('(trailing backslash)', src);
  if (c in CONTROL) return { js: hex2(CONTROL[c] ?? 0), len: 2, char: true };
  if (c === 'v') {
    if (dialect === 'ruby') return { js: '\\x0b', len: 2, char: true };
    return { js: inClass ? '\\n\\x0b\\f\\r\\x85' : '[\\n\\x0b\\f\\r\\x85]', len: 2, char: false };
  }
  if (c === 'x') {
    if (src[i + 2] === '{') {
      const end = src.indexOf('}', i + 3);
      const body = end < 0 ? '' : src.slice(i + 3, end);
      if (!/^[0-9a-fA-F]{1,6}$/.test(body)) unsupported('\\x{…}', src);
      return { js: codeEscape(parseInt(body, 16), src), len: end - i + 1, char: true };
    }
    const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(i + 2, i + 4));
    if (!m) return { js: hex2(0), len: 2, char: true }; // PCRE: "\x" alone is NUL
    return { js: hex2(parseInt(m[0], 16)), len: 2 + m[0].length, char: true };
  }
  if (c === 'u' && dialect === 'ruby') {
    const m = /^\{([0-9a-fA-F]{1,6})\}|^[0-9a-fA-F]{4}/.exec(src.slice(i + 2));
    if (!m) unsupported('\\u', src);
    return { js: codeEscape(parseInt(m[1] ?? m[0], 16), src), len: 2 + m[0].length, char: true };
  }
  if (c === 'c') {
    const x = src[i + 2];
    if (x === undefined) unsupported('\\c', src);
    return { js: hex2(x.toUpperCase().charCodeAt(0) ^ 0x40), len: 3, char: true };
  }
  if (c === '0') {
    const m = /^[0-7]{0,2}/.exec(src.slice(i + 2)) ?? [''];
    return { js: hex2(parseInt(`0${m[0]}`, 8)), len: 2 + m[0].length, char: true };
  }
  if (c === 'd' || c === 'D' || c === 'w' || c === 'W') return { js: `\\${c}`, len: 2, char: false };
  if (c === 's') return { js: inClass ? SPACE_SET : `[${SPACE_SET}]`, len: 2, char: false };
  if (c === 'S') return { js: inClass ? '\\S' : `[^${SPACE_SET}]`, len: 2, char: false };
  if (c === 'h' || c === 'H') {
    const set = dialect === 'ruby' ? HEX_SET : HSPACE_SET;
    if (c === 'h') return { js: inClass ? set : `[${set}]`, len: 2, char: false };
    if (inClass) unsupported('\\H inside a class', src);
    return { js: `[^${set}]`, len: 2, char: false };
  }
  if (c === 'p' || c === 'P' || c === 'X' || c === 'K' || c === 'g' || c === 'N' || c === 'C') unsupported(`\\${c}`, src);
  return undefined;
}

/** A literal character for use in JS regex source (escaped where it would be syntax). */
export function literal(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Parses a bracket class starting at `src[start] === '['`; returns the JS class and the index
 * after its closing `]`. Handles a leading literal `]`, POSIX `[:name:]`, Ruby nested classes
 * (union only) and the escapes above.
 */
export function readClass(src: string, start: number, dialect: RegexDialect): { js: string; end: number } {
  let i = start + 1;
  let negated = false;
  if (src[i] === '^') {
    negated = true;
    i++;
  }
  let body = '';
  let first = true;
  for (;;) {
    const c = src[i];
    if (c === undefined) unsupported('(unterminated class)', src);
    if (c === ']' && !first) break;
    first = false;
    if (c === '[' && src[i + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
      if (m) {
        const name = m[2] ?? '';
        const set = m[1] ? POSIX_NEGATED[name] : POSIX[name];
        if (set === undefined) unsupported(`[:${m[1]}${name}:]`, src);
        body += set;
        i += m[0].length;
        continue;
      }
    }
    if (c === '[' && dialect === 'ruby') {
      const inner = readClass(src, i, dialect);
      if (inner.js.startsWith('[^')) unsupported('(negated nested class)', src);
      body += inner.js.slice(1, -1);
      i = inner.end;
      continue;
    }
    if (c === '&' && src[i + 1] === '&' && dialect === 'ruby') unsupported('&& (class intersection)', src);
    if (c === '\\') {
      const e = readCommonEscape(src, i, dialect, true);
      if (e) {
        body += e.js;
        i += e.len;
        continue;
      }
      const n = src[i + 1] ?? '';
      if (/[1-7]/.test(n)) {
        const m = /^[0-7]{1,3}/.exec(src.slice(i + 1)) ?? ['0'];
        body += hex2(parseInt(m[0], 8));
        i += 1 + m[0].length;
        continue;
      }
      if (n === 'b') body += '\\x08';
      else if (/[A-Za-z]/.test(n)) body += n; // unknown letter escapes are the letter itself
      else body += literal(n);
      i += 2;
      continue;
    }
    body += c === '[' || c === ']' || c === '/' ? `\\${c}` : c;
    i++;
  }
  if (body === '') return { js: negated ? '[\\s\\S]' : '[^\\s\\S]', end: i + 1 };
  return { js: `[${negated ? '^' : ''}${body}]`, end: i + 1 };
}
