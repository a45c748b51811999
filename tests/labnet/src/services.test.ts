// The standard network (relocated to 127.0.70.x so it can run beside the e2e suites' copy),
// spoken to with plain sockets: every protocol says what the catalog says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet, type Labnet } from './index.ts';
import { getProfile, type SshProfile } from './catalog.ts';
import { decodeBson, encodeBson } from './bson.ts';
import { dialogue, tcpExchange, tlsFacts, udpExchange } from './test-client.ts';

const A = (n: number): string => `127.0.70.${n}`;
let net: Labnet;

before(async () => { net = await startLabnet('standard', { ttlSeconds: 120, relocate: '127.0.70' }); });
after(async () => { await net?.stop(); });

function nameLists(payload: Buffer): string[][] {
  const out: string[][] = [];
  let p = 17; // type byte + 16-byte cookie
  for (let i = 0; i < 10; i++) {
    const len = payload.readUInt32BE(p);
    out.push(payload.toString('ascii', p + 4, p + 4 + len).split(',').filter(Boolean));
    p += 4 + len;
  }
  return out;
}

test('SSH sends its identification line, then a KEXINIT with the catalog algorithms', async () => {
  const prof = getProfile('openssh-7.4-rhel7') as SshProfile;
  const r = await tcpExchange(A(12), 22, {
    send: ['SSH-2.0-labnet_test\r\n'],
    done: (d) => { const nl = d.indexOf('\n'); return nl > 0 && d.length > nl + 5 && d.length >= nl + 5 + d.readUInt32BE(nl + 1); },
  });
  const nl = r.data.indexOf('\n');
  assert.equal(r.data.toString('latin1', 0, nl + 1), 'SSH-2.0-OpenSSH_7.4\r\n');
  const len = r.data.readUInt32BE(nl + 1);
  const pad = r.data.readUInt8(nl + 5);
  assert.equal((len + 4) % 8, 0, 'packet length is a multiple of the block size');
  const payload = r.data.subarray(nl + 6, nl + 5 + len - pad);
  assert.equal(payload[0], 20, 'SSH_MSG_KEXINIT');
  const lists = nameLists(payload);
  assert.deepEqual(lists[0], prof.algorithms.kex);
  assert.ok(lists[0]?.includes('diffie-hellman-group1-sha1'));
  assert.deepEqual(lists[2], prof.algorithms.ciphers);
  assert.deepEqual(lists[4], prof.algorithms.macs);
});

test('SSH on a non-standard port and the SSH-1.99 banner', async () => {
  const a = await tcpExchange(A(17), 2222, { done: (d) => d.includes('\n') });
  assert.equal(a.data.toString(), 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n');
  const b = await tcpExchange(A(22), 22, { done: (d) => d.includes('\n') });
  assert.equal(b.data.toString(), 'SSH-1.99-OpenSSH_3.9p1\r\n');
  const c = await tcpExchange(A(22), 22, { send: ['GET / HTTP/1.0\r\n\r\n'], timeoutMs: 2000 });
  assert.match(c.data.toString(), /Invalid SSH identification string/);
  assert.ok(c.closed);
});

test('HTTP Server header, default page title, favicon, 404, TRACE only where enabled', async () => {
  const r = await tcpExchange(A(10), 80, { send: ['GET / HTTP/1.0\r\n\r\n'] });
  const text = r.data.toString('latin1');
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(text, /\r\nServer: Apache\/2\.4\.52 \(Ubuntu\)\r\n/);
  assert.match(text, /<title>Apache2 Ubuntu Default Page: It works<\/title>/);
  const fav = await tcpExchange(A(10), 80, { send: ['GET /favicon.ico HTTP/1.0\r\n\r\n'] });
  assert.match(fav.data.toString('latin1'), /Content-Type: image\/x-icon/);
  assert.equal(fav.data.subarray(fav.data.indexOf('\r\n\r\n') + 4).readUInt16LE(2), 1, 'an ICO file');
  const missing = await tcpExchange(A(11), 80, { send: ['GET /nope HTTP/1.0\r\n\r\n'] });
  assert.match(missing.data.toString(), /^HTTP\/1\.1 404 Not Found[\s\S]*nginx\/1\.18\.0 \(Ubuntu\)/);
  const trace = await tcpExchange(A(12), 80, { send: ['TRACE / HTTP/1.0\r\nX-Probe: labnet\r\n\r\n'] });
  assert.match(trace.data.toString(), /^HTTP\/1\.1 200 OK[\s\S]*message\/http[\s\S]*X-Probe: labnet/);
  const noTrace = await tcpExchange(A(10), 80, { send: ['TRACE / HTTP/1.0\r\n\r\n'] });
  assert.match(noTrace.data.toString(), /^HTTP\/1\.1 405/);
  const alt = await tcpExchange(A(49), 8081, { send: ['HEAD / HTTP/1.0\r\n\r\n'] });
  assert.match(alt.data.toString(), /Server: Apache\/2\.4\.52 \(Ubuntu\)/);
});

test('HTTP keep-alive serves several requests on one connection', async () => {
  const req = 'GET / HTTP/1.1\r\nHost: portal.lab\r\n\r\n';
  const r = await tcpExchange(A(14), 80, { send: [req + req], done: (d) => (d.toString().match(/HTTP\/1\.1 200/g) ?? []).length >= 2 });
  assert.equal((r.data.toString().match(/HTTP\/1\.1 200/g) ?? []).length, 2);
  assert.match(r.data.toString(), /X-Frame-Options: SAMEORIGIN/);
});

test('Elasticsearch answers JSON with version.number', async () => {
  const r = await tcpExchange(A(20), 9200, { send: ['GET / HTTP/1.0\r\n\r\n'] });
  const text = r.data.toString();
  const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { version: { number: string }; tagline: string };
  assert.equal(body.version.number, '7.17.16');
  assert.equal(body.tagline, 'You Know, for Search');
});

test('FTP: greeting, anonymous login where allowed, SYST and FEAT', async () => {
  const anon = await dialogue(A(22), 21, ['USER anonymous', 'PASS x@y.z', 'SYST', 'QUIT'], /\r\n$/);
  assert.equal(anon[0], '220 (vsFTPd 2.3.4)\r\n');
  assert.match(anon[2] ?? '', /^230 /);
  assert.equal(anon[3], '215 UNIX Type: L8\r\n');
  const closed = await dialogue(A(25), 21, ['USER anonymous', 'PASS x', 'FEAT'], /\d{3} [^\r\n]*\r\n$/);
  assert.match(closed[2] ?? '', /^530 /);
  assert.match(closed[3] ?? '', /^211-Features:\r\n EPRT\r\n[\s\S]*211 End\r\n$/);
  const pure = await tcpExchange(A(28), 21, { done: (d) => /\r\n220 /.test(d.toString()) });
  assert.match(pure.data.toString(), /^220---------- Welcome to Pure-FTPd \[privsep\] \[TLS\] ----------\r\n220-/);
  const pro = await tcpExchange(A(27), 21, { done: (d) => d.includes('\n') });
  assert.equal(pro.data.toString(), `220 ProFTPD 1.3.8 Server (ProFTPD Default Installation) [${A(27)}]\r\n`);
});

test('SMTP: banner, EHLO with STARTTLS, VRFY and relay policy', async () => {
  const r = await dialogue(A(29), 25, ['EHLO scanner.test', 'VRFY root', 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@elsewhere.example>', 'QUIT'], /\d{3} [^\r\n]*\r\n$/);
  assert.equal(r[0], '220 mail1.lab ESMTP Postfix (Ubuntu)\r\n');
  assert.match(r[1] ?? '', /^250-mail1\.lab\r\n[\s\S]*250-STARTTLS\r\n[\s\S]*250 CHUNKING\r\n$/);
  assert.match(r[2] ?? '', /^252 /);
  assert.match(r[4] ?? '', /^554 5\.7\.1 .*Relay access denied/);
  const relay = await dialogue(A(31), 2525, ['HELO x', 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@elsewhere.example>', 'VRFY root'], /\d{3} [^\r\n]*\r\n$/);
  assert.equal(relay[0], '220 relay1.lab ESMTP Postfix (3.5.25)\r\n');
  assert.match(relay[3] ?? '', /^250 /, 'open relay accepts a foreign recipient');
  assert.match(relay[4] ?? '', /^502 5\.5\.1 VRFY command is disabled/);
  const exim = await tcpExchange(A(30), 25, { done: (d) => d.includes('\n') });
  assert.match(exim.data.toString(), /^220 mail2\.lab ESMTP Exim 4\.96 /);
});

test('POP3 and IMAP greetings and capabilities', async () => {
  const pop = await dialogue(A(29), 110, ['CAPA', 'QUIT'], /(\r\n\.\r\n|^\+OK[^\r\n]*\r\n)$/);
  assert.equal(pop[0], '+OK Dovecot (Ubuntu) ready.\r\n');
  assert.match(pop[1] ?? '', /STLS\r\n[\s\S]*USER\r\n\.\r\n$/);
  const imap = await dialogue(A(29), 143, ['a1 CAPABILITY', 'a2 LOGOUT'], /\r\n$/);
  assert.equal(imap[0], '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready.\r\n');
  assert.match(imap[1] ?? '', /^\* CAPABILITY IMAP4rev1 [\s\S]*a1 OK /);
});

test('MySQL and MariaDB send a protocol-10 handshake with the real version string', async () => {
  for (const [addr, port, version] of [[A(33), 3306, '8.0.36-0ubuntu0.22.04.1'], [A(35), 3307, '5.5.5-10.11.6-MariaDB'], [A(32), 3306, '5.7.44-log']] as const) {
    const r = await tcpExchange(addr, port, { done: (d) => d.length >= 4 && d.length >= 4 + d.readUIntLE(0, 3) });
    assert.equal(r.data[4], 10, 'protocol version 10');
    assert.equal(r.data.toString('latin1', 5, r.data.indexOf(0, 5)), version);
  }
  const plugin = await tcpExchange(A(33), 3306, { done: (d) => d.length >= 4 && d.length >= 4 + d.readUIntLE(0, 3) });
  assert.ok(plugin.data.toString('latin1').endsWith('caching_sha2_password\0'));
});

test('PostgreSQL answers SSLRequest with N and asks for an MD5 password', async () => {
  const ssl = Buffer.alloc(8); ssl.writeUInt32BE(8, 0); ssl.writeUInt32BE(80877103, 4);
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const startup = Buffer.alloc(8); startup.writeUInt32BE(8 + params.length, 0); startup.writeUInt32BE(196608, 4);
  const r = await tcpExchange(A(35), 5432, { send: [ssl, Buffer.concat([startup, params])], done: (d) => d.length >= 14 });
  assert.equal(r.data.toString('latin1', 0, 1), 'N');
  assert.equal(r.data.toString('latin1', 1, 2), 'R');
  assert.equal(r.data.readUInt32BE(6), 5, 'AuthenticationMD5Password');
  const reject = await tcpExchange(A(36), 5432, { send: [Buffer.concat([startup, params])], done: (d) => d.includes('ClientAuthentication') });
  assert.match(reject.data.toString('latin1'), /^E[\s\S]*C28000\0Mno pg_hba\.conf entry/);
});

test('Redis INFO shows redis_version; a protected Redis answers -NOAUTH', async () => {
  const r = await tcpExchange(A(38), 6379, { send: ['*1\r\n$4\r\nPING\r\n', 'INFO server\r\n'], done: (d) => d.includes('config_file') });
  assert.match(r.data.toString(), /^\+PONG\r\n\$\d+\r\n# Server\r\nredis_version:7\.2\.4\r\n/);
  const p = await tcpExchange(A(39), 6379, { send: ['INFO\r\n'], done: (d) => d.includes('\n') });
  assert.equal(p.data.toString(), '-NOAUTH Authentication required.\r\n');
});

test('memcached answers version and stats', async () => {
  const r = await tcpExchange(A(37), 11211, { send: ['version\r\nstats\r\n'], done: (d) => d.includes('END\r\n') });
  assert.match(r.data.toString(), /^VERSION 1\.6\.14\r\nSTAT pid \d+[\s\S]*STAT version 1\.6\.14\r\n[\s\S]*END\r\n$/);
});

function opMsg(doc: Record<string, string | number>, id: number): Buffer {
  const body = encodeBson(doc);
  const h = Buffer.alloc(21);
  h.writeInt32LE(21 + body.length, 0); h.writeInt32LE(id, 4); h.writeInt32LE(2013, 12);
  return Buffer.concat([h, body]);
}

test('MongoDB OP_MSG hello and buildInfo decode; OP_QUERY isMaster works', async () => {
  const r = await tcpExchange(A(43), 27017, { send: [opMsg({ hello: 1, $db: 'admin' }, 7)], done: (d) => d.length >= 4 && d.length >= d.readInt32LE(0) });
  assert.equal(r.data.readInt32LE(8), 7, 'responseTo');
  const hello = decodeBson(r.data, 21);
  assert.equal(hello.maxWireVersion, 21);
  assert.equal(hello.isWritablePrimary, true);
  const b = await tcpExchange(A(40), 27017, { send: [opMsg({ buildInfo: 1, $db: 'admin' }, 8)], done: (d) => d.length >= 4 && d.length >= d.readInt32LE(0) });
  assert.equal(decodeBson(b.data, 21).version, '4.4.29');
  const q = encodeBson({ isMaster: 1 });
  const head = Buffer.alloc(20); head.writeInt32LE(9, 4); head.writeInt32LE(2004, 12);
  const query = Buffer.concat([head, Buffer.from('admin.$cmd\0'), Buffer.from([0, 0, 0, 0, 255, 255, 255, 255]), q]);
  query.writeInt32LE(query.length, 0);
  const m = await tcpExchange(A(42), 27017, { send: [query], done: (d) => d.length >= 4 && d.length >= d.readInt32LE(0) });
  assert.equal(m.data.readInt32LE(12), 1, 'OP_REPLY');
  assert.equal(decodeBson(m.data, 36).ismaster, true);
  const dbs = await tcpExchange(A(42), 27017, { send: [opMsg({ listDatabases: 1, $db: 'admin' }, 10)], done: (d) => d.length >= 4 && d.length >= d.readInt32LE(0) });
  assert.equal(decodeBson(dbs.data, 21).codeName, 'Unauthorized');
});

test('Telnet negotiates with IAC and shows a login prompt', async () => {
  const r = await tcpExchange(A(48), 23, { done: (d) => d.includes('login: ') });
  assert.equal(r.data[0], 255, 'IAC first');
  assert.match(r.data.toString('latin1'), /Ubuntu 22\.04\.4 LTS\r\ntelnet1 login: $/);
});

function dnsQuery(name: string, type: number, cls: number): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const tail = Buffer.alloc(4); tail.writeUInt16BE(type, 0); tail.writeUInt16BE(cls, 2);
  return Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, Buffer.from([0]), tail]);
}

test('DNS answers version.bind CH TXT and A queries for lab names', async () => {
  const v = await udpExchange(A(44), 53, dnsQuery('version.bind', 16, 3));
  assert.ok(v);
  assert.equal(v.readUInt16BE(0), 0x1234);
  assert.equal(v.readUInt16BE(6), 1, 'one answer');
  assert.ok(v.toString('latin1').endsWith('\x109.18.24-1-Debian'));
  const a = await udpExchange(A(44), 53, dnsQuery('web1.lab', 1, 1));
  assert.ok(a);
  assert.deepEqual([...a.subarray(a.length - 4)], [127, 0, 70, 10]);
  const nx = await udpExchange(A(44), 53, dnsQuery('nothing.lab', 1, 1));
  assert.equal((nx?.[3] ?? 0) & 0x0f, 3, 'NXDOMAIN');
});

function snmpGet(community: string): Buffer {
  const c = Buffer.from(community);
  const oid = Buffer.from([0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00]);
  const vb = Buffer.concat([Buffer.from([0x30, oid.length + 2]), oid, Buffer.from([0x05, 0x00])]);
  const vbl = Buffer.concat([Buffer.from([0x30, vb.length]), vb]);
  const pduBody = Buffer.concat([Buffer.from([0x02, 0x01, 0x2a, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]), vbl]);
  const msg = Buffer.concat([Buffer.from([0x02, 0x01, 0x01, 0x04, c.length]), c, Buffer.from([0xa0, pduBody.length]), pduBody]);
  return Buffer.concat([Buffer.from([0x30, msg.length]), msg]);
}

test('SNMP answers sysDescr.0 for public and ignores other communities', async () => {
  const r = await udpExchange(A(53), 161, snmpGet('public'));
  assert.ok(r);
  assert.ok(r.includes(Buffer.from('Linux snmp1 5.15.0-91-generic #101-Ubuntu')));
  assert.ok(r.includes(Buffer.from([0xa2])), 'GetResponse PDU');
  assert.equal(await udpExchange(A(53), 161, snmpGet('private'), 500), null);
});

test('NTP answers a mode 3 request with a mode 4 stratum 2 reply, and READVAR', async () => {
  const req = Buffer.alloc(48); req[0] = (4 << 3) | 3; req.writeUInt32BE(0xdeadbeef, 40);
  const r = await udpExchange(A(46), 123, req);
  assert.ok(r);
  assert.equal(r[0] ?? 0 & 7, (4 << 3) | 4);
  assert.equal(r[1], 2);
  assert.equal(r.readUInt32BE(24), 0xdeadbeef, 'origin timestamp echoes the request');
  const ctl = Buffer.alloc(12); ctl[0] = (2 << 3) | 6; ctl[1] = 2; ctl.writeUInt16BE(1, 2);
  const v = await udpExchange(A(46), 123, ctl);
  assert.match(v?.toString('latin1') ?? '', /version="ntpd 4\.2\.8p15@1\.3728-o/);
  assert.equal(await udpExchange(A(47), 123, ctl, 500), null, 'chrony ignores mode 6');
});

test('connections() counts accepted connections and datagrams per host and port', async () => {
  const before = net.connections(A(21));
  await tcpExchange(A(21), 22, { done: (d) => d.includes('\n') });
  await tcpExchange(A(21), 11211, { send: ['version\r\n'], done: (d) => d.includes('\n') });
  assert.equal(net.connections(A(21)) - before, 2);
  assert.ok(net.connections(A(21), 22) >= 1);
  assert.equal(net.connections(A(220)), 0, 'a host with every port closed');
  assert.equal(net.connections('127.0.70.250'), 0, 'an address that is not a host');
  const udp = net.connections(A(45), 123);
  const req = Buffer.alloc(48); req[0] = (4 << 3) | 3;
  await udpExchange(A(45), 123, req);
  assert.equal(net.connections(A(45), 123), udp + 1);
});

test('TLS certificate kinds: expired, not yet valid, self-signed, wrong host, SHA-1, RSA-1024, valid', async () => {
  const now = Date.now();
  const expired = await tlsFacts(A(10), 443);
  assert.ok(expired.ok && expired.cert);
  assert.ok(Date.parse(expired.cert.validTo) < now, 'expired: validTo in the past');
  const future = await tlsFacts(A(18), 8443);
  assert.ok(future.cert && Date.parse(future.cert.validFrom) > now, 'not-yet-valid: validFrom in the future');
  const self = await tlsFacts(A(13), 443);
  assert.ok(self.cert && self.cert.issuer === self.cert.subject && self.cert.verify(self.cert.publicKey), 'self-signed');
  const wrong = await tlsFacts(A(15), 443);
  assert.ok(wrong.cert && wrong.cert.checkHost('iis1.lab') === undefined && wrong.cert.checkIP(A(15)) === undefined, 'wrong host');
  const sha1 = await tlsFacts(A(12), 443, { ciphers: 'DEFAULT:@SECLEVEL=0' });
  assert.ok(sha1.cert);
  assert.equal(sha1.cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.ok(sha1.cert.raw.includes(Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05])), 'sha1WithRSAEncryption OID');
  const weak = await tlsFacts(A(16), 443, { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  assert.equal(weak.cert?.publicKey.asymmetricKeyDetails?.modulusLength, 1024);
  const valid = await tlsFacts(A(11), 443, { rejectUnauthorized: true, ca: net.caCertificates(), servername: 'web2.lab' });
  assert.ok(valid.ok, `valid certificate verifies against the labnet CA: ${valid.error ?? ''}`);
  assert.equal(valid.cert?.checkHost('web2.lab'), 'web2.lab');
});

test('TLS protocol versions: TLSv1-only, TLSv1.2-only, TLSv1.3-only', async () => {
  const legacy = { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;
  assert.equal((await tlsFacts(A(51), 443, legacy)).protocol, 'TLSv1');
  assert.equal((await tlsFacts(A(51), 443)).ok, false, 'a modern client cannot talk to a TLSv1-only server');
  assert.equal((await tlsFacts(A(51), 4443, legacy)).protocol, 'TLSv1.2');
  assert.equal((await tlsFacts(A(51), 4443, { ...legacy, maxVersion: 'TLSv1.1' })).protocol, 'TLSv1.1');
  assert.equal((await tlsFacts(A(52), 443)).protocol, 'TLSv1.2');
  assert.equal((await tlsFacts(A(52), 8443)).protocol, 'TLSv1.3');
  assert.equal((await tlsFacts(A(52), 8443, { maxVersion: 'TLSv1.2' })).ok, false);
  const imaps = await tlsFacts(A(29), 993);
  assert.equal(imaps.protocol, 'TLSv1.3');
});

test('STARTTLS upgrades SMTP and the session continues over TLS', async () => {
  const { connect } = await import('node:net');
  const { connect: tlsConnect } = await import('node:tls');
  const reply = await new Promise<string>((resolve) => {
    const raw = connect({ host: A(29), port: 25 });
    let buf = '';
    const timer = setTimeout(() => { raw.destroy(); resolve(`timeout: ${buf}`); }, 3000);
    raw.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.startsWith('220 ') && buf.endsWith('\r\n') && !buf.includes('Ready')) { buf += '|'; raw.write('STARTTLS\r\n'); return; }
      if (buf.includes('220 2.0.0 Ready to start TLS\r\n')) {
        raw.removeAllListeners('data');
        const s = tlsConnect({ socket: raw, rejectUnauthorized: false });
        s.on('secureConnect', () => s.write('EHLO x\r\n'));
        s.on('data', (e: Buffer) => { if (e.toString().includes('250 ')) { clearTimeout(timer); s.destroy(); resolve(e.toString()); } });
        s.on('error', (e) => { clearTimeout(timer); resolve(`error ${e.message}`); });
      }
    });
    raw.on('error', () => undefined);
  });
  assert.match(reply, /^250-mail1\.lab\r\n/);
});
