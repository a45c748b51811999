import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSet, parseAddressSet } from './address-set.ts';
import { formatIPv4 } from './ipv4.ts';
import { formatIPv6 } from './ipv6.ts';

const RUNS = { seed: 42, numRuns: 500 };

void test('membership of addresses, CIDRs, ranges and names', () => {
  const set = parseAddressSet(['127.0.0.0/8', '192.0.2.10-192.0.2.20', '2001:db8::/32, ::1', 'Internal.Example.', '0.0.0.0/0']);
  assert.equal(parseAddressSet(['10.0.0.0/8']).has('10.255.255.255'), true);
  assert.equal(set.has('127.0.0.5'), true);
  assert.equal(set.has('::ffff:127.0.0.5'), true, 'IPv4-mapped input is canonicalised');
  assert.equal(set.has('2001:db8:ffff::1'), true);
  assert.equal(set.has('2001:db9::'), false);
  assert.equal(set.has('::1'), true);
  assert.equal(set.has('::2'), false);
  assert.equal(set.match('2001:DB8::5'), '2001:db8::/32');
  assert.equal(set.hasName('internal.example'), true);
  assert.equal(set.hasName('INTERNAL.example.'), true);
  assert.equal(set.hasName('other.example'), false);
  assert.equal(set.hasName('not a name'), false);
  const narrow = parseAddressSet(['192.0.2.10-192.0.2.20']);
  assert.equal(narrow.has('192.0.2.9'), false);
  assert.equal(narrow.has('192.0.2.10'), true);
  assert.equal(narrow.has('192.0.2.20'), true);
  assert.equal(narrow.has('192.0.2.21'), false);
});

void test('exclusions have no size limit and may cover IPv4 through ::/0', () => {
  const all6 = parseAddressSet(['::/0']);
  assert.equal(all6.has('2001:db8::1'), true);
  assert.equal(all6.has('127.0.0.1'), true, '::/0 contains ::ffff:0:0/96, i.e. every IPv4 address');
  assert.equal(parseAddressSet(['0.0.0.0/0']).has('203.0.113.9'), true);
  assert.equal(parseAddressSet(['0.0.0.0/0']).has('2001:db8::1'), false);
});

void test('ambiguous exclusions are refused rather than guessed', () => {
  assert.throws(() => parseAddressSet(['127.1']), { code: 'TARGET_AMBIGUOUS' });
  assert.throws(() => parseAddressSet(['012.0.0.0/8']), { code: 'TARGET_AMBIGUOUS' });
});

void test('union, empty and sources', () => {
  const u = AddressSet.union(parseAddressSet(['192.0.2.1']), parseAddressSet(['192.0.2.2', 'a.example']), AddressSet.empty());
  assert.equal(u.has('192.0.2.1'), true);
  assert.equal(u.has('192.0.2.2'), true);
  assert.equal(u.has('192.0.2.3'), false);
  assert.equal(u.hasName('a.example'), true);
  assert.deepEqual(u.tokens, ['192.0.2.1', '192.0.2.2', 'a.example']);
  assert.equal(AddressSet.empty().isEmpty, true);
  assert.equal(AddressSet.empty().has('127.0.0.1'), false);
  assert.equal(parseAddressSet(['a.example']).hasAddresses, false);
});

void test('property: has() agrees with a naive check over the listed intervals (IPv4)', () => {
  const base = 0xc0000200; // 192.0.2.0, a window of 1024 addresses
  const interval = fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 0, max: 64 }))
    .map(([o, n]) => [base + o, base + Math.min(1023, o + n)] as const);
  fc.assert(fc.property(fc.array(interval, { maxLength: 12 }), fc.array(fc.integer({ min: -8, max: 1031 }), { minLength: 1, maxLength: 40 }), (ivs, probes) => {
    const set = parseAddressSet(ivs.map(([s, e]) => (s === e ? formatIPv4(s) : `${formatIPv4(s)}-${formatIPv4(e)}`)));
    for (const p of probes) {
      const v = base + p;
      assert.equal(set.has(formatIPv4(v)), ivs.some(([s, e]) => s <= v && v <= e), formatIPv4(v));
    }
  }), RUNS);
});

void test('property: has() agrees with a naive check over CIDRs (IPv6)', () => {
  const base = 0x20010db8n << 96n;
  const cidr = fc.tuple(fc.bigInt({ min: 0n, max: 0xffffn }), fc.integer({ min: 112, max: 128 }))
    .map(([o, p]) => {
      const size = 1n << BigInt(128 - p);
      const start = ((base + o) / size) * size;
      return { token: `${formatIPv6(base + o)}/${p}`, start, end: start + size - 1n };
    });
  fc.assert(fc.property(fc.array(cidr, { maxLength: 10 }), fc.array(fc.bigInt({ min: -4n, max: 0x10004n }), { minLength: 1, maxLength: 40 }), (cidrs, probes) => {
    const set = parseAddressSet(cidrs.map((c) => c.token));
    for (const p of probes) {
      const v = base + p;
      assert.equal(set.has(formatIPv6(v)), cidrs.some((c) => c.start <= v && v <= c.end), formatIPv6(v));
    }
  }), RUNS);
});
