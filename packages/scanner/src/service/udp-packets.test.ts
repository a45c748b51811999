import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildVersionBindQuery, parseDnsReply } from './dns-packet.ts';
import { snmpResponse, versionBindAnswer } from './loopback-fixture.ts';
import { buildNtpClient, buildNtpReadvar, joinFragments, parseNtpControl, parseNtpServer } from './ntp-packet.ts';
import { buildSnmpGet, decodeOid, encodeOid, parseSnmpReply, SYS_DESCR, SYS_OBJECT_ID } from './snmp-packet.ts';

const RUNS = { seed: 42, numRuns: 500 };

void test('DNS: version.bind CH TXT query and answers (RFC 1035 §4)', () => {
  const q = buildVersionBindQuery(0x1234);
  assert.equal(q.toString('hex'), '1234000000010000000000000776657273696f6e0462696e640000100003');
  assert.equal(parseDnsReply(q), undefined, 'a query is not a reply');
  const a = parseDnsReply(versionBindAnswer(0x1234, '9.18.24-1-Debian'));
  assert.deepEqual(a, { id: 0x1234, rcode: 0, rcodeName: 'NOERROR', authoritative: true, recursionAvailable: false, answers: 1, txt: ['9.18.24-1-Debian'] });
  assert.equal(parseDnsReply(versionBindAnswer(7, '', 5))?.rcodeName, 'REFUSED');
});

void test('SNMP: BER OIDs and a GetRequest answered by a GetResponse', () => {
  for (const oid of [SYS_DESCR, SYS_OBJECT_ID, '1.3.6.1.4.1.9.1.1208', '2.999.3']) assert.equal(decodeOid(encodeOid(oid).subarray(2)), oid);
  const get = buildSnmpGet(1, 'public', 77, [SYS_DESCR]);
  assert.equal(get.subarray(0, 13).toString('hex'), '30' + (get.length - 2).toString(16) + '0201010406' + Buffer.from('public').toString('hex'), 'SEQUENCE, version 2c, community');
  assert.equal(get[13], 0xa0, 'GetRequest PDU');
  // Turn our request into a response: GetResponse tag and values in place of NULLs.
  const response = snmpResponse('public', 77, [[SYS_DESCR, 'Linux ntp1 5.15.0-91-generic #101-Ubuntu SMP x86_64'], [SYS_OBJECT_ID, '1.3.6.1.4.1.8072.3.2.10']]);
  const r = parseSnmpReply(response);
  assert.ok(r);
  assert.equal(r.community, 'public');
  assert.equal(r.requestId, 77);
  assert.equal(r.version, 1);
  assert.equal(r.values[SYS_DESCR], 'Linux ntp1 5.15.0-91-generic #101-Ubuntu SMP x86_64');
  assert.equal(r.values[SYS_OBJECT_ID], '1.3.6.1.4.1.8072.3.2.10');
  assert.equal(parseSnmpReply(get), undefined, 'a GetRequest is not a reply');
});

void test('NTP: client and READVAR requests, server and control replies', () => {
  const c = buildNtpClient();
  assert.equal(c.length, 48);
  assert.equal(c[0], 0x23);
  const reply = Buffer.from(c);
  reply[0] = 0x24;
  reply[1] = 2;
  Buffer.from([127, 0, 0, 53]).copy(reply, 12);
  assert.deepEqual(parseNtpServer(reply), { version: 4, stratum: 2, refId: '127.0.0.53' });
  reply[1] = 1;
  Buffer.from('GPS\0').copy(reply, 12);
  assert.equal(parseNtpServer(reply)?.refId, 'GPS');
  assert.equal(parseNtpServer(c), undefined, 'mode 3 is a request');
  const rv = buildNtpReadvar(5);
  assert.deepEqual([...rv], [0x16, 2, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
  const frag = (offset: number, more: boolean, data: string): Buffer => {
    const h = Buffer.from(rv);
    h[1] = 0x82 | (more ? 0x20 : 0);
    h.writeUInt16BE(offset, 8);
    h.writeUInt16BE(data.length, 10);
    return Buffer.concat([h, Buffer.from(data)]);
  };
  const f2 = parseNtpControl(frag(12, false, ', processor="x86_64"'));
  const f1 = parseNtpControl(frag(0, true, 'version="ntpd"'));
  assert.ok(f1 && f2);
  assert.equal(f1.more, true);
  assert.equal(joinFragments([f2, f1]), 'version="ntpd", processor="x86_64"');
  assert.equal(parseNtpControl(rv), undefined, 'a request is not a response');
});

void test('random bytes never make the UDP parsers throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    const b = Buffer.from(bytes);
    parseDnsReply(b);
    parseSnmpReply(b);
    parseSnmpReply(Buffer.concat([Buffer.from([0x30, bytes.length & 0x7f]), b]));
    parseNtpServer(b);
    parseNtpControl(b);
    decodeOid(b);
  }), RUNS);
});
