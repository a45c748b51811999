import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mysqlFrame as frame, mysqlHandshake as handshake } from './loopback-fixture.ts';
import { mysqlDisplayVersion, mysqlPacketNeed, parseMysqlGreeting } from './mysql-parse.ts';

function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; }

const RUNS = { seed: 42, numRuns: 500 };

void test('HandshakeV10 packets of MySQL and MariaDB are parsed', () => {
  const table: [string, string, string][] = [
    ['8.0.36-0ubuntu0.22.04.1', 'caching_sha2_password', '8.0.36-0ubuntu0.22.04.1'],
    ['5.7.44', 'mysql_native_password', '5.7.44'],
    ['5.5.5-10.6.16-MariaDB-0ubuntu0.22.04.1', 'mysql_native_password', '10.6.16-MariaDB-0ubuntu0.22.04.1'],
  ];
  for (const [version, plugin, display] of table) {
    const g = parseMysqlGreeting(handshake(version, plugin));
    assert.ok(g?.kind === 'handshake', version);
    assert.equal(g.serverVersion, version);
    assert.equal(g.protocolVersion, 10);
    assert.equal(g.connectionId, 42);
    assert.equal(g.authPlugin, plugin);
    assert.equal(g.charset, 255);
    assert.equal(mysqlDisplayVersion(g.serverVersion), display);
  }
});

void test('an ERR packet instead of a handshake yields the refusal message', () => {
  const msg = "Host '10.0.0.5' is not allowed to connect to this MySQL server";
  const g = parseMysqlGreeting(frame(Buffer.concat([Buffer.from([0xff]), u16(1130), Buffer.from(msg)])));
  assert.deepEqual(g, { kind: 'error', code: 1130, message: msg });
  const sqlstate = parseMysqlGreeting(frame(Buffer.concat([Buffer.from([0xff]), u16(1040), Buffer.from('#08004Too many connections')])));
  assert.deepEqual(sqlstate, { kind: 'error', code: 1040, message: 'Too many connections' });
});

void test('framing: incomplete, oversized and foreign first packets', () => {
  const h = handshake('8.0.36');
  assert.equal(mysqlPacketNeed(h), 0);
  assert.equal(mysqlPacketNeed(h.subarray(0, 10)), h.length - 10);
  assert.equal(mysqlPacketNeed(Buffer.from('SSH-2.0-OpenSSH\r\n')), -1);
  assert.equal(parseMysqlGreeting(h.subarray(0, 20)), undefined);
  assert.equal(parseMysqlGreeting(frame(Buffer.from([11, 0x35, 0]))), undefined, 'protocol 11 is not MySQL');
  assert.equal(parseMysqlGreeting(frame(Buffer.from('\nnoversion\0'))), undefined, 'a version has digits');
});

void test('random bytes never make the MySQL parser throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    parseMysqlGreeting(Buffer.from(bytes));
    parseMysqlGreeting(frame(Buffer.concat([Buffer.from([10]), Buffer.from(bytes)])));
    mysqlPacketNeed(Buffer.from(bytes));
  }), RUNS);
});
