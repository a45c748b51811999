import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scope } from './scope.ts';
import { parseAddressSet } from './address-set.ts';
import { FarsightError } from '../errors.ts';

void test('exclusions win and the reason names the matching token', () => {
  const scope = new Scope({ exclude: parseAddressSet(['127.0.0.0/24', '2001:db8::/126']) });
  assert.deepEqual(scope.check('127.0.1.1'), { allowed: true });
  assert.deepEqual(scope.check('127.0.0.5'), { allowed: false, reason: "127.0.0.5 is excluded by '127.0.0.0/24'" });
  assert.equal(scope.check('2001:db8::3').allowed, false);
  assert.equal(scope.check('2001:db8::4').allowed, true);
});

void test('the address is canonicalised before the check', () => {
  const scope = new Scope({ exclude: parseAddressSet(['127.0.0.5']) });
  for (const form of ['::ffff:127.0.0.5', '::FFFF:7f00:5', '0:0:0:0:0:ffff:127.0.0.5', ' 127.0.0.5 ']) {
    assert.equal(scope.check(form).allowed, false, form);
  }
});

void test('non-canonical or invalid input fails closed', () => {
  const scope = new Scope({ exclude: parseAddressSet(['127.0.0.1']) });
  for (const form of ['127.1', '2130706433', '0x7f.0.0.1', '0177.0.0.1', 'localhost', '', '::ffff:127.1']) {
    const v = scope.check(form);
    assert.equal(v.allowed, false, form);
  }
  assert.equal(new Scope().check('012.0.0.1').allowed, false, 'ambiguous input is refused even without exclusions');
});

void test('allow-list: only listed addresses pass, exclusions still win', () => {
  const scope = new Scope({ allow: parseAddressSet(['127.0.0.0/8']), exclude: parseAddressSet(['127.0.0.9']) });
  assert.equal(scope.check('127.0.0.1').allowed, true);
  assert.equal(scope.check('127.0.0.9').allowed, false);
  const out = scope.check('192.0.2.1');
  assert.equal(out.allowed, false);
  assert.match(out.allowed ? '' : out.reason, /outside the allowed scope \(127\.0\.0\.0\/8\)/);
  assert.equal(new Scope({ allow: parseAddressSet([]) }).check('127.0.0.1').allowed, false, 'an empty allow-list allows nothing');
  assert.throws(() => new Scope({ allow: parseAddressSet(['only.names.example']) }), { code: 'INVALID_ARGUMENT' });
});

void test('hostname exclusions', () => {
  const scope = new Scope({ exclude: parseAddressSet(['Printer.Example']) });
  assert.equal(scope.checkName('printer.example.').allowed, false);
  assert.equal(scope.checkName('other.example').allowed, true);
});

void test('assert throws TARGET_OUT_OF_SCOPE naming the address', () => {
  const scope = new Scope({ exclude: parseAddressSet(['127.0.0.0/8']) });
  assert.doesNotThrow(() => scope.assert('192.0.2.1'));
  assert.throws(() => scope.assert('::ffff:127.0.0.1'), (e: unknown) => {
    assert.ok(e instanceof FarsightError);
    assert.equal(e.code, 'TARGET_OUT_OF_SCOPE');
    assert.match(e.message, /::ffff:127\.0\.0\.1/);
    assert.match(e.message, /127\.0\.0\.1 is excluded by '127\.0\.0\.0\/8'/);
    return true;
  });
});
