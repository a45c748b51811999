// Parsers of client input never throw anything but Error and never answer garbage with garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Double, decodeBson, encodeBson, type BsonValue } from './bson.ts';
import { children, intBytes, oidBytes, readInt, readOid, readTlv } from './ber.ts';
import { dnsReply } from './protocols/dns.ts';
import { snmpReply } from './protocols/snmp.ts';
import { ntpReply } from './protocols/ntp.ts';
import { mongoReply } from './protocols/mongodb.ts';
import { parseResp } from './protocols/redis.ts';
import { stripIac } from './protocols/telnet.ts';
import { getProfile, type MongodbProfile } from './catalog.ts';
import type { ServiceContext } from './session.ts';

const ctx = (profile: string): ServiceContext => ({
  address: '127.0.9.1', port: 1, hostname: 'h.lab', shortName: 'h', profile: getProfile(profile), tls: null, names: new Map([['h.lab', '127.0.9.1']]),
});
// Buffers are made inside each property: fast-check's mapped values must not be mutated or shared.
const bytes = fc.uint8Array({ maxLength: 600 });
const params = { numRuns: 400, seed: 20_240_601 };

test('UDP simulators survive arbitrary datagrams', () => {
  const dns = ctx('bind-9.18.24-debian');
  const snmp = ctx('net-snmp-linux');
  const ntp = ctx('ntpd-4.2.8p15');
  fc.assert(fc.property(bytes, (a) => {
    const b = Buffer.from(a);
    const d = dnsReply(b, dns);
    if (d) assert.equal(d.readUInt16BE(0), b.readUInt16BE(0), 'DNS replies keep the query id');
    snmpReply(b, snmp);
    const n = ntpReply(b, ntp);
    if (n) assert.ok(n.length === 48 || n.length >= 12);
  }), params);
});

test('BSON round-trips and the decoder only throws Error on garbage', () => {
  const value: fc.Arbitrary<BsonValue> = fc.letrec<{ v: BsonValue }>((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1 }).filter((k) => !k.includes('\0')), tie('v'), { maxKeys: 4, noNullPrototype: true })),
  })).v;
  fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1 }).filter((k) => !k.includes('\0')), value, { maxKeys: 6, noNullPrototype: true }), (doc) => {
    assert.deepEqual(decodeBson(encodeBson(doc)), doc);
  }), { ...params, numRuns: 100 });
  assert.equal(decodeBson(encodeBson({ ok: new Double(1) })).ok, 1);
  fc.assert(fc.property(bytes, (a) => {
    try { decodeBson(Buffer.from(a)); } catch (e) { assert.ok(e instanceof Error); }
  }), params);
});

test('MongoDB replies to arbitrary messages or gives up cleanly', () => {
  const p = getProfile('mongodb-7.0.8') as MongodbProfile;
  fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 600 }), fc.constantFrom(2004, 2013, 1, 9999), (a, op) => {
    const b = Buffer.from(a);
    b.writeInt32LE(op, 12);
    try { mongoReply(p, b, 1); } catch (e) { assert.ok(e instanceof Error); }
  }), params);
});

test('BER: integers and OIDs round-trip; garbage throws Error', () => {
  fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => assert.equal(readInt(intBytes(n)), n)), params);
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 10 }), (a, b, rest) => {
    const oid = [a, b, ...rest].join('.');
    assert.equal(readOid(oidBytes(oid)), oid);
  }), params);
  fc.assert(fc.property(bytes, (a) => {
    try { children(readTlv(Buffer.from(a), 0).value); } catch (e) { assert.ok(e instanceof Error); }
  }), params);
});

test('RESP and Telnet parsing of arbitrary input', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
    try { parseResp(s); } catch (e) { assert.ok(e instanceof Error); }
  }), params);
  assert.deepEqual(parseResp('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\nrest'), [['INFO', 'server'], 'rest']);
  assert.equal(parseResp('*2\r\n$4\r\nINFO\r\n'), null, 'incomplete');
  fc.assert(fc.property(bytes, (a) => { stripIac(Buffer.from(a)); }), params);
  const r = stripIac(Buffer.from([255, 253, 1, 65, 255, 251, 3, 66]));
  assert.equal(r.text, 'AB');
  assert.deepEqual([...r.reply], [255, 252, 1, 255, 254, 3]);
});
