import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { compileRegex, translateRegex } from './regex-translate.ts';
import type { TranslateOptions } from './regex-translate.ts';

const RUBY: TranslateOptions = { dialect: 'ruby' };
const PERL: TranslateOptions = { dialect: 'perl' };

/** [pattern, options, input, expected source groups (null = no match)] */
type Case = [string, TranslateOptions, string, (string | undefined)[] | null];

function run(cases: Case[]): void {
  for (const [pattern, opts, input, want] of cases) {
    const c = compileRegex(pattern, opts);
    const m = c.regex.exec(input);
    const label = `/${pattern}/ ${opts.dialect} on ${JSON.stringify(input)} (js /${c.regex.source}/${c.regex.flags})`;
    if (want === null) {
      assert.equal(m, null, label);
      continue;
    }
    assert.ok(m, label);
    const got = want.map((_, i) => (i === 0 ? m[0] : m[c.groupMap[i] ?? -1]));
    assert.deepEqual(got, want, label);
  }
}

test('Ruby anchors: ^ and $ are line anchors on \\n only; \\A \\z \\Z anchor the input', () => {
  run([
    ['^b$', RUBY, 'a\nb\nc', ['b']],
    ['^b$', RUBY, 'a\rb\rc', null], // CR is not a line break for Ruby (JS m-flag would match)
    ['a$', RUBY, 'a\r\n', null],
    ['a\\r$', RUBY, 'a\r\n', ['a\r']],
    ['\\Ab', RUBY, 'a\nb', null],
    ['\\Aa', RUBY, 'a\nb', ['a']],
    ['a\\z', RUBY, 'a\n', null],
    ['a\\Z', RUBY, 'a\n', ['a']],
    ['a\\Z', RUBY, 'a\nb', null],
    ['\\Ga', RUBY, 'ba', null],
  ]);
});

test('Ruby dot excludes only \\n; REG_DOT_NEWLINE (Ruby m) and (?m) include it', () => {
  run([
    ['a.b', RUBY, 'a\rb', ['a\rb']],
    ['a.b', RUBY, 'a\nb', null],
    ['a.b', { dialect: 'ruby', dotAll: true }, 'a\nb', ['a\nb']],
    ['(?m)a.b', RUBY, 'a\nb', ['a\nb']],
    ['(?m:a.b)c.d', RUBY, 'a\nbc\nd', null],
    ['(?m:a.b)c.d', RUBY, 'a\nbcxd', ['a\nbcxd']],
  ]);
});

test('escapes and classes: \\h, \\s (ASCII), POSIX, leading ], unions, {,n}, hex', () => {
  run([
    ['^\\h+$', RUBY, 'dEadB33f', ['dEadB33f']],
    ['^\\h+$', RUBY, 'xyz', null],
    ['^\\H$', RUBY, 'g', ['g']],
    ['^a\\sb$', RUBY, 'a\u00a0b', null], // Ruby \s is ASCII; JS \s would take NBSP
    ['^a\\sb$', RUBY, 'a\tb', ['a\tb']],
    ['^[[:alpha:]]+[[:digit:]]+$', RUBY, 'abc123', ['abc123']],
    ['^[[:^digit:]]+$', RUBY, 'abc', ['abc']],
    ['^[[:xdigit:][:punct:]]+$', RUBY, 'ff-0.', ['ff-0.']],
    ['^[]a]+$', RUBY, ']a]', [']a]']],
    ['^[^]]+$', PERL, 'abc', ['abc']],
    ['^[^]]+$', PERL, 'a]c', null], // JS reads [^] as "any char"
    ['^[a[0-9]]+$', RUBY, 'a1a', ['a1a']],
    ['^x{,2}y$', RUBY, 'xxy', ['xxy']],
    ['^x{,2}y$', RUBY, 'xxxy', null],
    ['^a{2}{3}$', RUBY, 'aaaaaa', ['aaaaaa']],
    ['^\\x4\\x41\\101$', RUBY, '\x04AA', ['\x04AA']],
    ['^\\e\\a$', RUBY, '\x1b\x07', ['\x1b\x07']],
    ['^[\\x00-\\x1f]$', RUBY, '\x1f', ['\x1f']],
    ['^a\\{b$', RUBY, 'a{b', ['a{b']],
    ['^a{b$', RUBY, 'a{b', ['a{b']],
    ['^\\h\\v$', PERL, '\t\n', ['\t\n']], // Perl \h is horizontal space, \v vertical
  ]);
});

test('inline flags: (?i) to the end of the group (Ruby, including later alternatives), (?i:…), (?-i)', () => {
  run([
    ['(?i)^openssh$', RUBY, 'OpenSSH', ['OpenSSH']],
    ['^(?i)cisco$', RUBY, 'CISCO', ['CISCO']],
    ['a(?i)b|c', RUBY, 'aC', ['aC']], // Ruby: a(?i:b|c)
    ['a(?i)b|c', PERL, 'aC', ['C']], // Perl: (?:a(?i:b))|(?i:c)
    ['(?i:ab)C', RUBY, 'ABC', ['ABC']],
    ['(?i:ab)C', RUBY, 'ABc', null],
    ['(?i)a(?-i)B', RUBY, 'AB', ['AB']],
    ['(?i)a(?-i)B', RUBY, 'Ab', null],
    ['(?i)a(?-i:b)c', RUBY, 'AbC', ['AbC']],
    ['(?x) a b # comment\n c', RUBY, 'abc', ['abc']],
    ['abc', { dialect: 'ruby', ignoreCase: true }, 'ABC', ['ABC']],
  ]);
});

test('modifiers are only emitted for really mixed case (V8 mis-matches some alternations inside (?i:…))', () => {
  const t = translateRegex('(?i)^Windows (?:[a-z]+\\s[a-z]+\\s|[a-z]+\\s)?Server$', RUBY);
  assert.equal(t.flags, 'i');
  assert.ok(!t.source.includes('(?i:'), t.source);
  run([['(?i)^Windows (?:[a-z]+\\s[a-z]+\\s|[a-z]+\\s)?Server$', RUBY, 'Windows Storage Server', ['Windows Storage Server']]]);
});

test('groups: numbering, named groups (Ruby: plain groups stop capturing), backreferences', () => {
  run([
    ['^(a)(?:b)(c)$', RUBY, 'abc', ['abc', 'a', 'c']],
    ['^(?<x>a)(b)$', RUBY, 'ab', ['ab', 'a']],
    ['^(a)\\1$', RUBY, 'aa', ['aa', 'a']],
    ['^(a)\\10$', RUBY, 'a\x08', ['a\x08', 'a']], // \10 with one group is octal 010
    ['^(a)|(b)$', RUBY, 'b', ['b', undefined, 'b']],
    ['^(?#comment)a$', RUBY, 'a', ['a']],
  ]);
});

test('atomic groups and possessive quantifiers keep their semantics (and the capture numbering)', () => {
  run([
    ['^(?>a+)a$', RUBY, 'aaa', null],
    ['^(?:a+)a$', RUBY, 'aaa', ['aaa']],
    ['^a++a$', RUBY, 'aaa', null],
    ['^a*+b$', RUBY, 'aab', ['aab']],
    ['^(x)(?>(y)+)(z)$', RUBY, 'xyyz', ['xyyz', 'x', 'y', 'z']],
    ['^(a)(?>b)\\1$', RUBY, 'aba', ['aba', 'a']],
  ]);
});

test('Perl (nmap) anchors: ^ is start of input, $ and \\Z also before a final newline, (?m) lines, (?s) dot', () => {
  run([
    ['^SSH-([\\d.]+)-', PERL, 'SSH-2.0-OpenSSH\r\n', ['SSH-2.0-', '2.0']],
    ['^b', PERL, 'a\nb', null],
    ['(?m)^b', PERL, 'a\nb', ['b']],
    ['a$', PERL, 'a\n', ['a']],
    ['a$', PERL, 'a\n\n', null],
    ['a\\Z', PERL, 'a\n', ['a']],
    ['a\\z', PERL, 'a\n', null],
    ['a.b', PERL, 'a\nb', null],
    ['a.b', { dialect: 'perl', dotAll: true }, 'a\nb', ['a\nb']],
    ['(?s)a.b', PERL, 'a\nb', ['a\nb']],
  ]);
});

test('quantified alternatives of single characters become a class (no exponential backtracking)', () => {
  const t = translateRegex('^(?:\\r|\\n|\\s){0,256}UDP', RUBY);
  assert.ok(t.source.includes('(?:[\\x0d\\x0a \\t\\n\\x0b\\f\\r]){0,256}'), t.source);
  const m = compileRegex('^(?:\\r|\\n|\\s){0,256}UDP', RUBY).regex.exec('\r\n\r\nUDP');
  assert.ok(m);
});

test('required literals: any-of across alternatives, case-insensitive ones lower-cased, none when optional', () => {
  assert.deepEqual(translateRegex('^OpenSSH_([\\d.]+)', RUBY).required, { anyOf: [{ text: 'OpenSSH_', ignoreCase: false }] });
  assert.deepEqual(translateRegex('(?i)^Dropbear_', RUBY).required, { anyOf: [{ text: 'dropbear_', ignoreCase: true }] });
  assert.deepEqual(translateRegex('^(?:foo bar|baz qux)', RUBY).required?.anyOf.map((l) => l.text), ['foo bar', 'baz qux']);
  assert.equal(translateRegex('^(?:foo)?\\d+$', RUBY).required, undefined);
  assert.equal(translateRegex('^(?:foo|\\d+)$', RUBY).required, undefined);
  assert.deepEqual(translateRegex('(?:abc)+x', RUBY).required?.anyOf, [{ text: 'abc', ignoreCase: false }]);
});

test('untranslatable constructs throw REGEX_UNSUPPORTED (the loader counts them, never crashes)', () => {
  for (const p of ['\\p{Alpha}', 'a\\Kb', '(?(1)a|b)', '(a)(?1)', '[a&&b]', '(?~abc)', '(', 'a)', '[abc', '\\k<nope>']) {
    assert.throws(
      () => compileRegex(p, RUBY),
      (e: unknown) => isFarsightError(e, 'REGEX_UNSUPPORTED'),
      p,
    );
  }
});
