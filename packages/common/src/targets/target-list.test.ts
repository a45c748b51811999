import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTargetList } from './target-list.ts';
import type { TargetItem } from './target-list.ts';
import type { TargetParseOptions } from './token.ts';
import { formatIPv4 } from './ipv4.ts';
import { formatIPv6 } from './ipv6.ts';
import { FarsightError } from '../errors.ts';

const RUNS = { seed: 42, numRuns: 500 };

function show(items: Iterable<TargetItem>): string[] {
  return [...items].map((i) => (i.kind === 'address' ? i.address : `name:${i.name}`));
}

function rejects(token: string, code: string, fragment?: string, options?: TargetParseOptions): void {
  assert.throws(() => parseTargetList([token], options), (e: unknown) => {
    assert.ok(e instanceof FarsightError, `${token}: ${String(e)}`);
    assert.equal(e.code, code, `${token}: ${e.message}`);
    assert.ok(e.message.includes(`'${token}'`), `message names the token: ${e.message}`);
    if (fragment) assert.ok(e.message.includes(fragment), `${e.message} lacks ${fragment}`);
    return true;
  });
}

void test('accepted target forms expand as written', () => {
  const table: [string, string[]][] = [
    ['192.0.2.7', ['192.0.2.7']],
    ['192.0.2.0/30', ['192.0.2.0', '192.0.2.1', '192.0.2.2', '192.0.2.3']],
    ['192.0.2.5/30', ['192.0.2.4', '192.0.2.5', '192.0.2.6', '192.0.2.7']],
    ['192.0.2.9/32', ['192.0.2.9']],
    ['192.0.2.1-192.0.2.3', ['192.0.2.1', '192.0.2.2', '192.0.2.3']],
    ['192.0.2.254-192.0.3.1', ['192.0.2.254', '192.0.2.255', '192.0.3.0', '192.0.3.1']],
    ['192.0.2.1-3', ['192.0.2.1', '192.0.2.2', '192.0.2.3']],
    ['192.0.2.5-5', ['192.0.2.5']],
    ['2001:db8::1', ['2001:db8::1']],
    ['2001:DB8::FE/127', ['2001:db8::fe', '2001:db8::ff']],
    ['2001:db8::ffff-2001:db8::1:1', ['2001:db8::ffff', '2001:db8::1:0', '2001:db8::1:1']],
    ['::ffff:192.0.2.1', ['192.0.2.1']],
    ['::ffff:192.0.2.0/126', ['192.0.2.0', '192.0.2.1', '192.0.2.2', '192.0.2.3']],
    ['::ffff:192.0.2.1-::ffff:192.0.2.2', ['192.0.2.1', '192.0.2.2']],
    ['localhost', ['name:localhost']],
    ['Host-1.Example.COM.', ['name:host-1.example.com']],
    ['10-server.example', ['name:10-server.example']],
    ['xn--bcher-kva.example', ['name:xn--bcher-kva.example']],
    ['deadbeef', ['name:deadbeef']],
    ['192.0.2.1,192.0.2.2 192.0.2.3', ['192.0.2.1', '192.0.2.2', '192.0.2.3']],
  ];
  for (const [token, want] of table) {
    const list = parseTargetList([token]);
    assert.deepEqual(show(list.items()), want, token);
    assert.equal(list.count, want.length, `${token} count`);
  }
});

void test('rejected target forms name the token and say what to do', () => {
  rejects('192.0.2.50-192.0.2.1', 'TARGET_RANGE_REVERSED', 'range ends before it starts; write 192.0.2.1-192.0.2.50');
  rejects('192.0.2.50-1', 'TARGET_RANGE_REVERSED', 'write 192.0.2.1-192.0.2.50');
  rejects('2001:db8::ff-2001:db8::1', 'TARGET_RANGE_REVERSED', 'write 2001:db8::1-2001:db8::ff');
  rejects('10.0.0.0/7', 'TARGET_RANGE_TOO_LARGE', '33554432');
  rejects('0.0.0.0/0', 'TARGET_RANGE_TOO_LARGE');
  rejects('10.0.0.0-11.0.0.0', 'TARGET_RANGE_TOO_LARGE', '16777217');
  rejects('2001:db8::/111', 'TARGET_RANGE_TOO_LARGE', 'a /112');
  rejects('2001:db8::/64', 'TARGET_RANGE_TOO_LARGE');
  rejects('192.0.2.0/23', 'TARGET_RANGE_TOO_LARGE', 'maximum of 256', { maxAddresses: 256 });
  rejects('192.0.2.0/33', 'TARGET_INVALID', '0-32');
  rejects('::/129', 'TARGET_INVALID', '0-128');
  rejects('192.0.2.0/', 'TARGET_INVALID');
  rejects('192.0.2.0/08', 'TARGET_INVALID');
  rejects('192.0.2.0/x', 'TARGET_INVALID');
  rejects('example.com/24', 'TARGET_INVALID');
  rejects('192.0.2.1-256', 'TARGET_INVALID', '0-255');
  rejects('192.0.2.1-050', 'TARGET_AMBIGUOUS', 'octal');
  rejects('192.0.2.1-', 'TARGET_INVALID', 'no end');
  rejects('192.0.2.1-::1', 'TARGET_INVALID', 'mix');
  rejects('2001:db8::1-5', 'TARGET_INVALID', 'full end address');
  rejects('012.0.0.1', 'TARGET_AMBIGUOUS', 'resolvers read a leading 0 as octal (10.0.0.1)');
  rejects('012.0.0.1/8', 'TARGET_AMBIGUOUS', '(10.0.0.1)');
  rejects('127.1-5', 'TARGET_AMBIGUOUS', '(127.0.0.1)');
  rejects('127.1', 'TARGET_AMBIGUOUS');
  rejects('2130706433', 'TARGET_AMBIGUOUS');
  rejects('0x7f.0.0.1', 'TARGET_AMBIGUOUS');
  rejects('0xdeadbeef', 'TARGET_AMBIGUOUS');
  rejects('1.2.3.4.5', 'TARGET_INVALID');
  rejects('256.0.0.1', 'TARGET_INVALID', 'larger than 255');
  rejects('@targets.txt', 'TARGET_INVALID', 'file reference');
  rejects('a_b.example', 'TARGET_INVALID');
  rejects('-host.example', 'TARGET_INVALID');
  rejects('host-.example', 'TARGET_INVALID');
  rejects('a..example', 'TARGET_INVALID');
  rejects(`${'a'.repeat(64)}.example`, 'TARGET_INVALID');
  rejects(`${'abcdefghi.'.repeat(26)}example`, 'TARGET_INVALID');
  rejects('host.123', 'TARGET_INVALID');
});

void test('limits are configurable', () => {
  assert.equal(parseTargetList(['2001:db8::/112']).count, 65536);
  assert.equal(parseTargetList(['2001:db8::/108'], { maxIPv6Addresses: 2n ** 20n }).count, 2 ** 20);
  assert.equal(parseTargetList(['10.0.0.0/7'], { maxAddresses: 2 ** 25 }).count, 2 ** 25);
});

void test('an IPv6 block overlapping ::ffff:0:0/96 yields its mapped part as IPv4', () => {
  const list = parseTargetList(['::fffe:ffff:fffe/126'], { maxIPv6Addresses: 4n });
  assert.deepEqual(show(list.items()), ['::fffe:ffff:fffc', '::fffe:ffff:fffd', '::fffe:ffff:fffe', '::fffe:ffff:ffff']);
  const wide = parseTargetList(['::fffe:0:0/95'], { maxIPv6Addresses: 2n ** 33n, maxAddresses: 2 ** 32 });
  assert.equal(wide.count, 2 ** 33);
  assert.ok(wide.has('127.0.0.1'));
  assert.ok(wide.has('::fffe:1:2'));
  assert.ok(!wide.has('::1'));
});

void test('duplicates across tokens are yielded once, at their first token', () => {
  const list = parseTargetList(['192.0.2.4-192.0.2.6', '192.0.2.0/29', 'example.com', '192.0.2.5', 'EXAMPLE.com', '::ffff:192.0.2.1', '2001:db8::1', '2001:db8::/127']);
  assert.deepEqual(show(list.items()), [
    '192.0.2.4', '192.0.2.5', '192.0.2.6',
    '192.0.2.0', '192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.7',
    'name:example.com', '2001:db8::1', '2001:db8::',
  ]);
  assert.equal(list.count, 11);
  assert.deepEqual(show(list.items()), show(list.items()), 'items() can be iterated again');
  assert.deepEqual(list.hostnames, ['example.com']);
});

void test('streaming: a /8 is never materialised', () => {
  const before = process.memoryUsage().heapUsed;
  const list = parseTargetList(['10.0.0.0/8']);
  assert.equal(list.count, 16777216);
  const first: string[] = [];
  for (const item of list.items()) {
    if (item.kind === 'address') first.push(item.address);
    if (first.length === 10) break;
  }
  assert.deepEqual(first, Array.from({ length: 10 }, (_, i) => `10.0.0.${i}`));
  // 16M address strings would take gigabytes; a lazy walk allocates next to nothing.
  assert.ok(process.memoryUsage().heapUsed - before < 32 * 1024 * 1024);
  // 2^64 addresses cannot be materialised at all: only a lazy generator gets past this line.
  const huge = parseTargetList(['2001:db8::/64', '2001:db8::5'], { maxIPv6Addresses: 2n ** 64n });
  assert.equal(huge.count, 2 ** 64);
  const it = huge.items();
  assert.deepEqual([it.next().value, it.next().value], [{ kind: 'address', address: '2001:db8::' }, { kind: 'address', address: '2001:db8::1' }]);
});

/** A generator of small IPv4 tokens (address, CIDR, full or short range) inside one /20, so they overlap. */
function v4Token(base: number): fc.Arbitrary<{ token: string; addrs: number[] }> {
  const off = fc.integer({ min: 0, max: 4095 });
  return fc.oneof(
    off.map((o) => ({ token: formatIPv4(base + o), addrs: [base + o] })),
    fc.tuple(off, fc.integer({ min: 24, max: 32 })).map(([o, p]) => {
      const size = 2 ** (32 - p);
      const start = Math.floor((base + o) / size) * size;
      return { token: `${formatIPv4(base + o)}/${p}`, addrs: Array.from({ length: size }, (_, i) => start + i) };
    }),
    fc.tuple(off, fc.integer({ min: 0, max: 300 })).map(([o, n]) => {
      const s = base + Math.min(o, 4095 - n);
      return { token: `${formatIPv4(s)}-${formatIPv4(s + n)}`, addrs: Array.from({ length: n + 1 }, (_, i) => s + i) };
    }),
    fc.tuple(off, fc.integer({ min: 0, max: 255 })).map(([o, n]) => {
      const s = base + o;
      const last = Math.max(s % 256, n);
      const e = s - (s % 256) + last;
      return { token: `${formatIPv4(s)}-${last}`, addrs: Array.from({ length: e - s + 1 }, (_, i) => s + i) };
    }),
  );
}

function v6Token(base: bigint): fc.Arbitrary<{ token: string; addrs: bigint[] }> {
  const off = fc.bigInt({ min: 0n, max: 2047n });
  return fc.oneof(
    off.map((o) => ({ token: formatIPv6(base + o), addrs: [base + o] })),
    fc.tuple(off, fc.integer({ min: 120, max: 128 })).map(([o, p]) => {
      const size = 1n << BigInt(128 - p);
      const start = ((base + o) / size) * size;
      return { token: `${formatIPv6(base + o)}/${p}`, addrs: Array.from({ length: Number(size) }, (_, i) => start + BigInt(i)) };
    }),
    fc.tuple(off, fc.integer({ min: 0, max: 200 })).map(([o, n]) => ({
      token: `${formatIPv6(base + o)}-${formatIPv6(base + o + BigInt(n))}`,
      addrs: Array.from({ length: n + 1 }, (_, i) => base + o + BigInt(i)),
    })),
  );
}

void test('property: items() equals the naive expansion with first-occurrence dedupe, and count equals its length', () => {
  const v4base = fc.integer({ min: 0, max: 2 ** 20 - 1 }).map((n) => n * 4096);
  const v6base = fc.bigInt({ min: 0n, max: 2n ** 100n }).map((n) => (0x20010db8n << 96n) | (n << 12n));
  const tokens = fc.tuple(v4base, v6base).chain(([b4, b6]) => fc.array(fc.oneof(
    v4Token(b4).map((t) => ({ token: t.token, addrs: t.addrs.map(formatIPv4) })),
    v6Token(b6).map((t) => ({ token: t.token, addrs: t.addrs.map(formatIPv6) })),
  ), { minLength: 1, maxLength: 8 }));
  fc.assert(fc.property(tokens, (ts) => {
    const naive: string[] = [];
    const seen = new Set<string>();
    for (const t of ts) for (const a of t.addrs) if (!seen.has(a)) { seen.add(a); naive.push(a); }
    const list = parseTargetList(ts.map((t) => t.token));
    assert.deepEqual(show(list.items()), naive);
    assert.equal(list.count, naive.length);
    // Round trip: formatting the yielded addresses and parsing them again gives the same set.
    const again = parseTargetList(naive);
    assert.deepEqual(show(again.items()), naive);
  }), RUNS);
});

void test('property: parseTargetList never throws anything but a TARGET_* FarsightError', () => {
  const alphabet = fc.constantFrom(...'0123456789abcdefxX.:/-@_ ,\t%[]'.split(''));
  fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 30 })), { maxLength: 4 }), (tokens) => {
    try {
      const list = parseTargetList(tokens, { maxAddresses: 4096, maxIPv6Addresses: 4096n });
      let n = 0;
      for (const _ of list.items()) n++;
      assert.equal(n, list.count);
    } catch (e) {
      assert.ok(e instanceof FarsightError && e.code.startsWith('TARGET_'), `${JSON.stringify(tokens)}: ${String(e)}`);
    }
  }), RUNS);
});
