import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePortSpec, formatPortSpec, describePortSpec, compressPorts } from './port-spec.ts';
import { WELL_KNOWN_TCP, WELL_KNOWN_UDP } from './well-known.ts';
import { topPorts } from './top-ports.ts';
import { FarsightError } from '../errors.ts';

const RUNS = { seed: 42, numRuns: 500 };
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function rejects(spec: string, ...fragments: string[]): void {
  assert.throws(() => parsePortSpec(spec), (e: unknown) => {
    assert.ok(e instanceof FarsightError, `${spec}: ${String(e)}`);
    assert.equal(e.code, 'PORT_SPEC_INVALID', `${spec}: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `${JSON.stringify(e.message)} lacks ${JSON.stringify(f)}`);
    return true;
  });
}

void test('accepted port specs', () => {
  const table: [string, number[], number[]][] = [
    ['22', [22], []],
    ['22,80,8000-8100', [22, 80, ...range(8000, 8100)], []],
    ['80,22,80,22-23', [22, 23, 80], []],
    [' 22 , 80 ', [22, 80], []],
    ['1,65535', [1, 65535], []],
    ['5-5', [5], []],
    ['U:53,161', [], [53, 161]],
    ['T:22,U:53', [22], [53]],
    ['t:22,u:53', [22], [53]],
    ['T:1-1024,U:53,123,161', range(1, 1024), [53, 123, 161]],
    ['U:53,T:22,80', [22, 80], [53]],
    ['all', range(1, 65535), []],
    ['U:all', [], range(1, 65535)],
    ['top-5', [...topPorts(5)].sort((a, b) => a - b), []],
    ['TOP-5,9999', [...topPorts(5), 9999].sort((a, b) => a - b), []],
    ['top-65535', range(1, 65535), []],
  ];
  for (const [spec, tcp, udp] of table) assert.deepEqual(parsePortSpec(spec), { tcp, udp }, spec);
});

void test('named lists: well-known covers TCP and UDP unless prefixed, and mixes with explicit ports', () => {
  assert.deepEqual(parsePortSpec('well-known'), { tcp: [...WELL_KNOWN_TCP], udp: [...WELL_KNOWN_UDP] });
  assert.deepEqual(parsePortSpec('T:well-known'), { tcp: [...WELL_KNOWN_TCP], udp: [] });
  assert.deepEqual(parsePortSpec('U:well-known'), { tcp: [], udp: [...WELL_KNOWN_UDP] });
  const mixed = parsePortSpec('well-known,8443,60000');
  assert.ok(mixed.tcp.includes(60000) && mixed.tcp.includes(22));
  assert.equal(mixed.tcp.length, new Set([...WELL_KNOWN_TCP, 8443, 60000]).size);
  assert.deepEqual(mixed.udp, [...WELL_KNOWN_UDP]);
});

void test('rejected port specs name the bad item and say what to write', () => {
  rejects('80-70', "port spec '80-70': range ends before it starts; write 70-80");
  rejects('22,80-70', "port spec '80-70' (in '22,80-70')", 'write 70-80');
  rejects('0', "port spec '0'", 'out of range', '1-65535');
  rejects('65536', '65536', 'out of range');
  rejects('1-65536', '65536');
  rejects('0-10', 'port 0');
  rejects('22,,80', "'22,,80'", 'empty item');
  rejects(',22', 'empty item');
  rejects('22,', 'empty item');
  rejects('', 'empty');
  rejects('   ', 'empty');
  rejects('T:', "'T:' has no ports");
  rejects('22,U:', "port spec 'U:' (in '22,U:')");
  rejects('http', "'http' is not a port");
  rejects('22;80', "'22;80'");
  rejects('-22', "'-22'");
  rejects('22-', "'22-' is not a range");
  rejects('1-2-3', "'1-2-3' is not a range");
  rejects('+22', "'+22'");
  rejects('2.5', "'2.5'");
  rejects('0x16', "'0x16'");
  rejects('S:22', "'S:'", 'T: for TCP or U: for UDP');
  rejects('top-0', "'0' is not a count");
  rejects('top-65536', 'count 1-65535');
  rejects('top-', "'' is not a count");
  rejects('top-ten', "'ten'");
  rejects('U:top-10', 'TCP ports only');
  rejects('T:U:53', "'U:53'");
});

void test('compress, format and describe', () => {
  assert.equal(compressPorts([1, 2, 3, 5, 7, 8]), '1-3,5,7-8');
  assert.equal(compressPorts([]), '');
  assert.equal(formatPortSpec({ tcp: [22, 23, 80], udp: [53] }), 'T:22-23,80,U:53');
  assert.equal(formatPortSpec({ tcp: [], udp: [] }), '');
  assert.equal(describePortSpec(parsePortSpec('T:1-1000,U:53,123,161')), '1000 TCP ports (1-1000), 3 UDP ports (53,123,161)');
  assert.equal(describePortSpec(parsePortSpec('22')), '1 TCP port (22)');
  assert.equal(describePortSpec({ tcp: [], udp: [] }), 'no ports');
  assert.ok(describePortSpec(parsePortSpec('well-known')).length < 200);
});

const portSet = fc.record({
  tcp: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 60 }),
  udp: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 20 }),
}).filter((s) => s.tcp.length + s.udp.length > 0).map((s) => ({ tcp: s.tcp.sort((a, b) => a - b), udp: s.udp.sort((a, b) => a - b) }));

void test('property: format → parse gives back the same sets', () => {
  fc.assert(fc.property(portSet, (set) => {
    assert.deepEqual(parsePortSpec(formatPortSpec(set)), set);
  }), RUNS);
});

void test('property: explicit items parse to exactly the ports they name, in any order, with duplicates', () => {
  const item = fc.oneof(
    fc.integer({ min: 1, max: 65535 }).map((p) => ({ text: String(p), ports: [p] })),
    fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 50 })).map(([a, n]) => {
      const b = Math.min(65535, a + n);
      return { text: `${a}-${b}`, ports: range(a, b) };
    }),
  );
  fc.assert(fc.property(fc.array(item, { minLength: 1, maxLength: 10 }), fc.array(item, { maxLength: 5 }), (tcpItems, udpItems) => {
    const spec = [...tcpItems.map((i) => i.text), ...udpItems.map((i, k) => (k === 0 ? `U:${i.text}` : i.text))].join(',');
    const want = (items: { ports: number[] }[]): number[] => [...new Set(items.flatMap((i) => i.ports))].sort((a, b) => a - b);
    assert.deepEqual(parsePortSpec(spec), { tcp: want(tcpItems), udp: want(udpItems) });
  }), RUNS);
});

void test('property: parsePortSpec never throws anything but PORT_SPEC_INVALID, and results are sorted and unique', () => {
  const alphabet = fc.constantFrom(...'0123456789,-:TUtu topwelknal '.split(''));
  fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 30 })), (s) => {
    try {
      const { tcp, udp } = parsePortSpec(s);
      for (const list of [tcp, udp]) {
        for (let i = 0; i < list.length; i++) {
          const p = list[i] as number;
          assert.ok(Number.isInteger(p) && p >= 1 && p <= 65535);
          if (i > 0) assert.ok(p > (list[i - 1] as number));
        }
      }
    } catch (e) {
      assert.ok(e instanceof FarsightError && e.code === 'PORT_SPEC_INVALID', `${JSON.stringify(s)}: ${String(e)}`);
    }
  }), RUNS);
});
