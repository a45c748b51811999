import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectUdpServices, probeUdp, udpKind } from './detect-udp.ts';
import { ADDR, serveUdp, snmpResponse, tableMatcher, versionBindAnswer } from './loopback-fixture.ts';
import type { DetectOptions } from './options.ts';
import { SYS_DESCR, SYS_OBJECT_ID } from './snmp-packet.ts';

const T = { timeout: 20_000 };
const matcher = tableMatcher({
  'dns.versionbind': [[/^([\d.]+)-\S*Debian$/, { 'service.vendor': 'ISC', 'service.product': 'BIND', 'service.version': '$1', 'os.vendor': 'Debian' }]],
  'snmp.sys_description': [[/^Linux \S+ ([\d.]+-\d+-generic)/, { 'os.vendor': 'Ubuntu', 'os.family': 'Linux', 'os.version': '$1' }]],
  'snmp.sys_object_id': [[/^1\.3\.6\.1\.4\.1\.8072\.3\.2\.10 Linux/, { 'service.product': 'Net-SNMP' }]],
  'ntp.readvar': [[/version="ntpd ([\w.@-]+)/, { 'service.vendor': 'NTP', 'service.product': 'NTP', 'service.version': '$1' }]],
});

function opts(extra: Partial<DetectOptions> = {}): DetectOptions {
  return { matcher, assertInScope: () => {}, readTimeoutMs: 600, totalTimeoutMs: 3000, ...extra };
}

void test('DNS: version.bind answered', T, async () => {
  const srv = await serveUdp((q) => versionBindAnswer(q.readUInt16BE(0), '9.18.24-1-Debian'));
  try {
    const r = await probeUdp(ADDR, srv.port, opts(), 'dns');
    assert.equal(r.state, 'open');
    assert.equal(r.name, 'domain');
    assert.equal(r.product, 'BIND');
    assert.equal(r.version, '9.18.24');
    assert.equal(r.banner, '9.18.24-1-Debian');
  } finally { await srv.close(); }
});

void test('SNMP: sysDescr and sysObjectID with community public', T, async () => {
  let seen = 0;
  const srv = await serveUdp((q) => {
    seen++;
    // Answer only v2c (version byte 1 right after the SEQUENCE and INTEGER headers).
    if (q[4] !== 1) return undefined;
    const id = q.readUInt8(q.indexOf(Buffer.from([0xa0])) + 4);
    return snmpResponse('public', id, [[SYS_DESCR, 'Linux snmp1 5.15.0-91-generic #101-Ubuntu SMP x86_64'], [SYS_OBJECT_ID, '1.3.6.1.4.1.8072.3.2.10']]);
  });
  try {
    const r = await probeUdp(ADDR, srv.port, opts(), 'snmp');
    assert.equal(r.state, 'open');
    assert.equal(r.name, 'snmp');
    assert.equal(r.params?.['snmp.community'], 'public');
    assert.equal(r.params?.['snmp.version'], '2c');
    assert.equal(r.params?.['os.version'], '5.15.0-91-generic');
    assert.equal(r.product, 'Net-SNMP');
    assert.ok(seen >= 2, 'v1 and v2c requests sent');
  } finally { await srv.close(); }
});

void test('NTP: mode 4 reply and mode 6 READVAR text', T, async () => {
  const srv = await serveUdp((q) => {
    if (q[0] === 0x23) {
      const r = Buffer.alloc(48);
      r[0] = 0x24; r[1] = 2;
      Buffer.from([127, 0, 0, 53]).copy(r, 12);
      return r;
    }
    const text = 'version="ntpd 4.2.8p15@1.3728-o", processor="x86_64", system="Linux/5.15.0-91-generic"';
    const h = Buffer.from(q.subarray(0, 12));
    h[1] = 0x82;
    h.writeUInt16BE(text.length, 10);
    return Buffer.concat([h, Buffer.from(text)]);
  });
  try {
    const r = await probeUdp(ADDR, srv.port, opts(), 'ntp');
    assert.equal(r.state, 'open');
    assert.equal(r.name, 'ntp');
    assert.equal(r.params?.['ntp.stratum'], '2');
    assert.equal(r.version, '4.2.8p15@1.3728-o');
  } finally { await srv.close(); }
});

void test('silence is open|filtered, ICMP unreachable is closed, any answer is open', T, async () => {
  const silent = await serveUdp(() => undefined);
  const echo = await serveUdp((q) => Buffer.concat([Buffer.from('hi'), q]));
  const gone = await serveUdp(() => undefined);
  const closedPort = gone.port;
  await gone.close();
  try {
    const [s, e, c] = await detectUdpServices(ADDR, [silent.port, echo.port, closedPort], opts());
    assert.equal(s?.state, 'open|filtered');
    assert.equal(s?.note, 'no answer');
    assert.equal(e?.state, 'open');
    assert.equal(e?.banner, 'hi');
    assert.equal(c?.state, 'closed');
    assert.deepEqual([s?.port, e?.port, c?.port], [silent.port, echo.port, closedPort], 'results keep the order of the ports');
  } finally {
    await silent.close();
    await echo.close();
  }
});

void test('UDP scope: nothing is sent out of scope', T, async () => {
  let got = 0;
  const srv = await serveUdp(() => { got++; return Buffer.from('x'); });
  try {
    const [r] = await detectUdpServices(ADDR, [srv.port], opts({ assertInScope: () => { throw new Error('excluded'); } }));
    assert.match(r?.note ?? '', /not sending: excluded/);
    assert.equal(got, 0);
  } finally { await srv.close(); }
});

void test('well-known UDP ports map to their payloads', () => {
  assert.deepEqual([53, 161, 123, 500].map(udpKind), ['dns', 'snmp', 'ntp', 'generic']);
});
