import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { canonicalAddress, isLoopback, parseAddress } from './address.ts';
import { formatIPv4, inetAton } from './ipv4.ts';
import { formatIPv6, parseIPv6 } from './ipv6.ts';
import { FarsightError } from '../errors.ts';

const RUNS = { seed: 42, numRuns: 500 };

function rejects(text: string, code: string, ...parts: (string | RegExp)[]): void {
  assert.throws(() => canonicalAddress(text), (e: unknown) => {
    assert.ok(e instanceof FarsightError, `${text}: not a FarsightError`);
    assert.equal(e.code, code, `${text}: ${e.message}`);
    assert.ok(e.message.includes(`'${text}'`), `message names the token: ${e.message}`);
    for (const p of parts) assert.match(e.message, typeof p === 'string' ? new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : p);
    return true;
  });
}

void test('canonical addresses are accepted and normalised', () => {
  const table: [string, string][] = [
    ['127.0.0.1', '127.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['192.0.2.10', '192.0.2.10'],
    [' 192.0.2.10 ', '192.0.2.10'],
    ['::1', '::1'],
    ['::', '::'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['2001:0:0:1::1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'], // the longer run wins (RFC 5952 §4.2.3)
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // equal runs: the first wins
    ['fe80::1:2', 'fe80::1:2'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:7f00:5', '127.0.0.5'],
    ['0:0:0:0:0:ffff:192.0.2.1', '192.0.2.1'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
    ['::192.0.2.1', '::c000:201'],
  ];
  for (const [input, want] of table) assert.equal(canonicalAddress(input), want, input);
});

void test('non-canonical IPv4 forms are ambiguous and the message says what they mean', () => {
  rejects('012.0.0.1', 'TARGET_AMBIGUOUS', "target '012.0.0.1' is ambiguous: resolvers read a leading 0 as octal (10.0.0.1); write the address in plain dotted decimal");
  rejects('127.1', 'TARGET_AMBIGUOUS', '(127.0.0.1)', 'plain dotted decimal');
  rejects('127.0.1', 'TARGET_AMBIGUOUS', '(127.0.0.1)');
  rejects('2130706433', 'TARGET_AMBIGUOUS', 'bare number', '(127.0.0.1)');
  rejects('0x7f.0.0.1', 'TARGET_AMBIGUOUS', 'hexadecimal', '(127.0.0.1)');
  rejects('0x7f000001', 'TARGET_AMBIGUOUS', 'hexadecimal', '(127.0.0.1)');
  rejects('0X7F.1', 'TARGET_AMBIGUOUS', '(127.0.0.1)');
  rejects('127.0.0.01', 'TARGET_AMBIGUOUS', 'octal', '(127.0.0.1)');
  rejects('010.0.0.1', 'TARGET_AMBIGUOUS', 'octal (8.0.0.1)');
  rejects('00.0.0.0', 'TARGET_AMBIGUOUS', 'octal');
  rejects('09.0.0.1', 'TARGET_AMBIGUOUS', 'octal by some resolvers and as decimal by others');
  rejects('1.2.256', 'TARGET_AMBIGUOUS', '(1.2.1.0)');
  rejects('::ffff:127.1', 'TARGET_AMBIGUOUS', '(127.0.0.1)');
  rejects('::ffff:012.0.0.1', 'TARGET_AMBIGUOUS', '(10.0.0.1)');
});

void test('invalid addresses are rejected with TARGET_INVALID naming the token', () => {
  rejects('256.1.1.1', 'TARGET_INVALID', '256 is larger than 255');
  rejects('1.2.3.256', 'TARGET_INVALID', '256');
  rejects('1.2.3.4.5', 'TARGET_INVALID');
  rejects('1.2.3.', 'TARGET_INVALID');
  rejects('4294967296', 'TARGET_INVALID');
  rejects('example.com', 'TARGET_INVALID');
  rejects('1:2:3:4:5:6:7:8:9', 'TARGET_INVALID', '9 groups');
  rejects('1::2::3', 'TARGET_INVALID', 'only once');
  rejects('12345::', 'TARGET_INVALID', '1-4 hex digits');
  rejects('fe80::1%eth0', 'TARGET_INVALID', 'zone');
  rejects('[::1]', 'TARGET_INVALID', 'brackets');
  rejects('1:2:3:4:5:6:7:8::', 'TARGET_INVALID', 'at least one group');
  rejects(':1::', 'TARGET_INVALID');
  rejects('::1.2.3.4:5', 'TARGET_INVALID');
  rejects('g::1', 'TARGET_INVALID');
});

void test('isLoopback', () => {
  for (const a of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.5', '0:0:0:0:0:0:0:1']) assert.equal(isLoopback(a), true, a);
  for (const a of ['128.0.0.1', '126.255.255.255', '::2', '::', '192.0.2.1', '127.1', 'localhost', '::127.0.0.1']) assert.equal(isLoopback(a), false, a);
});

void test('property: IPv4 format → parse round-trips and agrees with inet_aton', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
    const text = formatIPv4(v);
    const a = parseAddress(text);
    assert.deepEqual(a, { family: 4, value: v });
    assert.equal(inetAton(text), v);
    assert.equal(canonicalAddress(`::ffff:${text}`), text);
  }), RUNS);
});

void test('property: IPv6 formatting is RFC 5952 (checked against ipaddr.js) and round-trips', () => {
  // Bias towards zero groups so :: compression is exercised.
  const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
  fc.assert(fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
    const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
    const text = formatIPv6(value);
    assert.equal(parseIPv6(text), value);
    assert.equal(text, ipaddr.IPv6.parse(groups.map((g) => g.toString(16)).join(':')).toRFC5952String());
    // Any accepted spelling of the same value canonicalises to the same text, unless it is IPv4-mapped.
    if (value >> 32n !== 0xffffn) assert.equal(canonicalAddress(groups.map((g) => g.toString(16).padStart(4, '0')).join(':')), text);
  }), RUNS);
});

void test('property: arbitrary strings never throw anything but FarsightError', () => {
  const alphabet = fc.constantFrom(...'0123456789abcdefxX.:%/-[] '.split(''));
  const arb = fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 40 }));
  fc.assert(fc.property(arb, (s) => {
    try {
      const out = canonicalAddress(s);
      // Whatever is accepted is canonical: parsing the output gives the output.
      assert.equal(canonicalAddress(out), out);
    } catch (e) {
      assert.ok(e instanceof FarsightError, `non-Farsight error for ${JSON.stringify(s)}: ${String(e)}`);
      assert.ok(e.code === 'TARGET_INVALID' || e.code === 'TARGET_AMBIGUOUS');
    }
  }), RUNS);
});

void test('property: every inet_aton form that is not dotted decimal is refused as ambiguous', () => {
  const part = fc.oneof(
    fc.integer({ min: 0, max: 0xffffffff }).map((n) => `0x${n.toString(16)}`),
    fc.integer({ min: 0, max: 0xffffffff }).map((n) => `0${n.toString(8)}`),
    fc.integer({ min: 0, max: 0xffffffff }).map(String),
  );
  fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
    const text = parts.join('.');
    const means = inetAton(text);
    if (means === undefined) return;
    if (formatIPv4(means) === text) {
      assert.equal(canonicalAddress(text), text);
      return;
    }
    assert.throws(() => canonicalAddress(text), (e: unknown) => e instanceof FarsightError && e.code === 'TARGET_AMBIGUOUS' && e.message.includes(`(${formatIPv4(means)})`));
  }), RUNS);
});
