import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TOP_PORTS, topPorts } from './top-ports.ts';
import { WELL_KNOWN_TCP, WELL_KNOWN_UDP, WELL_KNOWN_TCP_TABLE, WELL_KNOWN_UDP_TABLE } from './well-known.ts';

void test('the ranked list has at least 1000 distinct valid ports', () => {
  assert.ok(TOP_PORTS.length >= 1000, `${TOP_PORTS.length}`);
  assert.equal(new Set(TOP_PORTS).size, TOP_PORTS.length, 'no duplicates');
  assert.ok(TOP_PORTS.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535));
});

void test('the ranked list starts with exactly the well-known TCP ports, most common first', () => {
  const head = TOP_PORTS.slice(0, WELL_KNOWN_TCP.length);
  assert.deepEqual([...head].sort((a, b) => a - b), [...WELL_KNOWN_TCP]);
  assert.deepEqual(TOP_PORTS.slice(0, 6), [80, 443, 22, 21, 25, 3389]);
});

void test('topPorts(n) takes the head and then fills ascending', () => {
  assert.deepEqual(topPorts(3), [80, 443, 22]);
  assert.deepEqual(topPorts(0), []);
  assert.equal(topPorts(1000).length, 1000);
  const beyond = topPorts(TOP_PORTS.length + 5);
  assert.deepEqual(beyond.slice(0, TOP_PORTS.length), [...TOP_PORTS]);
  const rest = beyond.slice(TOP_PORTS.length);
  assert.equal(rest.length, 5);
  assert.deepEqual(rest, [...rest].sort((a, b) => a - b));
  assert.ok(rest.every((p) => !TOP_PORTS.includes(p)));
  const all = topPorts(65535);
  assert.equal(all.length, 65535);
  assert.equal(new Set(all).size, 65535);
});

void test('well-known lists: sizes, ranges, every port named once, the alt web and database ports present', () => {
  assert.ok(WELL_KNOWN_TCP.length >= 250 && WELL_KNOWN_TCP.length <= 350, `${WELL_KNOWN_TCP.length}`);
  for (const [table, list] of [[WELL_KNOWN_TCP_TABLE, WELL_KNOWN_TCP], [WELL_KNOWN_UDP_TABLE, WELL_KNOWN_UDP]] as const) {
    assert.equal(new Set(table.map(([p]) => p)).size, table.length, 'each port appears once in its table');
    assert.equal(list.length, table.length);
    assert.ok(list.every((p, i) => p >= 1 && p <= 65535 && (i === 0 || p > (list[i - 1] as number))));
  }
  for (const p of [22, 80, 443, 8000, 8008, 8080, 8443, 8888, 9000, 9090, 9443, 1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017, 5984, 389, 3389, 502, 5672, 9092]) {
    assert.ok(WELL_KNOWN_TCP.includes(p), `TCP ${p}`);
  }
  for (const p of [53, 67, 69, 123, 137, 161, 500, 514, 1900, 5353]) assert.ok(WELL_KNOWN_UDP.includes(p), `UDP ${p}`);
});

void test('docs/targets-and-ports.md lists every well-known port with its service', () => {
  const doc = readFileSync(new URL('../../../../docs/targets-and-ports.md', import.meta.url), 'utf8');
  for (const [proto, table] of [['TCP', WELL_KNOWN_TCP_TABLE], ['UDP', WELL_KNOWN_UDP_TABLE]] as const) {
    const section = doc.split(`#### ${proto} (`)[1]?.split('\n\n')[1] ?? '';
    assert.ok(section.includes(`| category |`), `${proto} table found`);
    for (const [port, service] of table) {
      assert.match(section, new RegExp(`[ |]${port} ${service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[,| ]`), `${proto} ${port} ${service}`);
    }
    assert.equal((section.match(/[ |]\d+ [a-z0-9-]+[,| ]/g) ?? []).length, table.length, `${proto}: no extra ports in the doc`);
  }
});
