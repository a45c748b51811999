import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { FingerprintDb } from '@farsight/content';
import { detectTcpService } from './detect-tcp.ts';
import { ADDR, mysqlError, mysqlHandshake, onRequest, serve, tableMatcher, type Scripted } from './loopback-fixture.ts';
import type { DetectOptions } from './options.ts';
import { buildKexInit, buildSshPacket } from './ssh-parse.ts';

const T = { timeout: 30_000 };

const matcher = tableMatcher({
  'ssh.banner': [[/^OpenSSH_([\w.]+)(?: (.*))?$/, { 'service.vendor': 'OpenBSD', 'service.product': 'OpenSSH', 'service.version': '$1', 'service.cpe23': 'cpe:/a:openbsd:openssh:$1' }]],
  'ftp.banner': [[/^\(vsFTPd ([\d.]+)\)$/, { 'service.vendor': 'vsFTPd Project', 'service.product': 'vsFTPd', 'service.version': '$1' }]],
  'smtp.banner': [[/ESMTP Postfix \(Ubuntu\)$/, { 'service.vendor': 'Postfix', 'service.product': 'Postfix', 'os.vendor': 'Ubuntu' }]],
  'pop3.banner': [[/^Dovecot \(Ubuntu\) ready\.$/, { 'service.vendor': 'Dovecot', 'service.product': 'Dovecot' }]],
  'imap4.banner': [[/Dovecot ready\.$/, { 'service.vendor': 'Dovecot', 'service.product': 'Dovecot' }]],
  'mysql.banners': [[/^(\d+\.\d+\.\d+)-0ubuntu/, { 'service.vendor': 'Oracle', 'service.product': 'MySQL', 'service.version': '$1' }]],
  'mysql.error': [[/is not allowed to connect/, { 'service.vendor': 'Oracle', 'service.product': 'MySQL' }]],
  'telnet_banners': [[/^Ubuntu ([\d.]+) LTS\r\n\S+ login:$/, { 'os.vendor': 'Ubuntu', 'os.version': '$1' }]],
  'http_header.server': [[/^Apache\/([\d.]+)/, { 'service.vendor': 'Apache', 'service.product': 'HTTPD', 'service.version': '$1' }]],
  'html_title': [[/^Apache2 Ubuntu Default Page/, { 'os.vendor': 'Ubuntu' }]],
  'favicon.md5': [[/^[0-9a-f]{32}$/, { 'favicon.seen': 'yes' }]],
  'redis.info': [[/^redis_version:([\d.]+)\r?$/m, { 'service.vendor': 'Redis', 'service.product': 'Redis', 'service.version': '$1' }]],
  'memcached.version': [[/^VERSION ([\d.]+)$/, { 'service.vendor': 'Memcached', 'service.product': 'Memcached', 'service.version': '$1' }]],
  'mongodb.buildinfo': [[/"version":"([\d.]+)"/, { 'service.vendor': 'MongoDB', 'service.product': 'MongoDB', 'service.version': '$1' }]],
  'postgresql.error': [[/^28000 no pg_hba\.conf entry/, { 'service.vendor': 'PostgreSQL', 'service.product': 'PostgreSQL' }]],
});

function opts(extra: Partial<DetectOptions> = {}): DetectOptions {
  return { matcher, assertInScope: () => {}, readTimeoutMs: 1000, totalTimeoutMs: 8000, ...extra };
}

async function withServer(handler: (s: Socket) => void, run: (srv: Scripted) => Promise<void>): Promise<void> {
  const srv = await serve(handler);
  try { await run(srv); } finally { await srv.close(); }
}

/** Answers each complete CRLF line with `answer(line)` (undefined = no answer, null = close). */
function lineServer(greeting: string | Buffer, answer: (line: string) => string | undefined | null): (s: Socket) => void {
  return (s) => {
    s.write(greeting);
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        const out = answer(line);
        if (out === null) { s.end(); return; }
        if (out !== undefined) s.write(out);
      }
    });
  };
}

const KEX = [['curve25519-sha256', 'diffie-hellman-group1-sha1'], ['ssh-ed25519', 'ssh-dss'], ['aes128-ctr', 'aes128-cbc'], ['aes128-ctr'],
  ['hmac-sha2-256', 'hmac-md5'], ['hmac-sha2-256'], ['none'], ['none'], [], []];

void test('SSH: identification, our reply, KEXINIT name-lists and the fingerprint', T, async () => {
  let clientId = '';
  await withServer((s) => {
    s.write('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n');
    onRequest(s, (d) => d.includes('\n'), (d) => { clientId = d.toString('latin1').trim(); s.write(buildSshPacket(buildKexInit(KEX))); });
  }, async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'ssh');
    assert.equal(r.banner, 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10');
    assert.equal(r.product, 'OpenSSH');
    assert.equal(r.version, '8.9p1');
    assert.equal(r.cpe, 'cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*');
    assert.deepEqual(r.ssh?.kexAlgorithms, KEX[0]);
    assert.deepEqual(r.ssh?.hostKeyAlgorithms, KEX[1]);
    assert.deepEqual(r.ssh?.ciphers, ['aes128-ctr', 'aes128-cbc']);
    assert.deepEqual(r.ssh?.macs, ['hmac-sha2-256', 'hmac-md5']);
    assert.equal(r.ssh?.comments, 'Ubuntu-3ubuntu0.10');
    assert.ok(r.evidence.some((e) => e.key === 'ssh.banner' && e.value === 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10' && e.fingerprint));
    assert.match(clientId, /^SSH-2\.0-Farsight_\S+$/);
    assert.equal(r.note, undefined);
  });
});

void test('FTP: greeting, SYST and FEAT', T, async () => {
  await withServer(lineServer('220 (vsFTPd 3.0.3)\r\n', (l) => ({
    SYST: '215 UNIX Type: L8\r\n', FEAT: '211-Features:\r\n EPRT\r\n AUTH TLS\r\n PASV\r\n211 End\r\n', QUIT: null,
  } as Record<string, string | null>)[l] ?? '500 Unknown command.\r\n'), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'ftp');
    assert.equal(r.product, 'vsFTPd');
    assert.equal(r.version, '3.0.3');
    assert.equal(r.params?.['ftp.syst'], 'UNIX Type: L8');
    assert.equal(r.params?.['ftp.features'], 'EPRT,AUTH TLS,PASV');
  });
});

void test('SMTP: greeting and EHLO extensions', T, async () => {
  const ehlo = '250-mail.lab\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-STARTTLS\r\n250 8BITMIME\r\n';
  await withServer(lineServer('220 mail.lab ESMTP Postfix (Ubuntu)\r\n', (l) => (/^EHLO /.test(l) ? ehlo : l === 'QUIT' ? null : '502 no\r\n')), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'smtp');
    assert.equal(r.product, 'Postfix');
    assert.equal(r.params?.['smtp.extensions'], 'PIPELINING,SIZE 10240000,VRFY,STARTTLS,8BITMIME');
    assert.equal(r.params?.['os.vendor'], 'Ubuntu');
    assert.ok(r.evidence.some((e) => e.key === 'smtp_ehlo' && e.value === '250-mail.lab'));
  });
});

void test('an ambiguous 220 greeting is told apart by EHLO', T, async () => {
  await withServer(lineServer('220 ready\r\n', (l) => (/^EHLO /.test(l) ? '250 hello\r\n' : '221 bye\r\n')), async ({ port }) => {
    assert.equal((await detectTcpService(ADDR, port, opts())).name, 'smtp');
  });
  await withServer(lineServer('220 ready\r\n', (l) => (l === 'SYST' ? '215 Windows_NT\r\n' : '500 command not understood\r\n')), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'ftp');
    assert.equal(r.params?.['ftp.syst'], 'Windows_NT');
  });
});

void test('POP3 with CAPA, IMAP with an explicit CAPABILITY', T, async () => {
  await withServer(lineServer('+OK Dovecot (Ubuntu) ready.\r\n', (l) => (l === 'CAPA' ? '+OK\r\nUSER\r\nSTLS\r\n.\r\n' : null)), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'pop3');
    assert.equal(r.product, 'Dovecot');
    assert.equal(r.params?.['pop3.capabilities'], 'USER,STLS');
  });
  await withServer(lineServer('* OK Dovecot ready.\r\n', (l) => (l === 'a1 CAPABILITY' ? '* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n' : null)), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'imap');
    assert.equal(r.product, 'Dovecot');
    assert.equal(r.params?.['imap.capabilities'], 'IMAP4rev1,STARTTLS');
  });
});

void test('MySQL: handshake version and auth plugin; a refusal packet', T, async () => {
  await withServer((s) => s.write(mysqlHandshake('8.0.36-0ubuntu0.22.04.1')), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'mysql');
    assert.equal(r.product, 'MySQL');
    assert.equal(r.version, '8.0.36');
    assert.equal(r.banner, '8.0.36-0ubuntu0.22.04.1');
    assert.equal(r.params?.['mysql.auth_plugin'], 'caching_sha2_password');
  });
  await withServer((s) => s.end(mysqlError(1130, "Host '127.0.6.1' is not allowed to connect to this MySQL server")), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'mysql');
    assert.equal(r.product, 'MySQL');
    assert.match(r.note ?? '', /refused the connection: error 1130/);
  });
});

void test('Telnet: options refused, login prompt read', T, async () => {
  let refusals: Buffer = Buffer.alloc(0);
  await withServer((s) => {
    s.write(Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfb, 0x01]));
    onRequest(s, (d) => d.length >= 9, (d) => { refusals = d; s.write('Ubuntu 22.04.4 LTS\r\nweb1 login: '); });
  }, async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'telnet');
    assert.equal(r.params?.['os.version'], '22.04.4');
    assert.deepEqual([...refusals], [0xff, 0xfc, 0x18, 0xff, 0xfc, 0x20, 0xff, 0xfe, 0x01]);
  });
});

void test('a server that closes at once is tcpwrapped', T, async () => {
  await withServer((s) => s.end(), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'tcpwrapped');
    assert.match(r.note ?? '', /closed/);
  });
});

void test('the real fingerprint database reads the texts detection feeds it', T, async () => {
  const db = await FingerprintDb.builtin();
  await withServer((s) => {
    s.write('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n');
    onRequest(s, (d) => d.includes('\n'), () => s.write(buildSshPacket(buildKexInit(KEX))));
  }, async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts({ matcher: db }));
    assert.equal(r.product, 'OpenSSH');
    assert.equal(r.params?.['os.vendor'], 'Ubuntu');
    assert.equal(r.params?.['os.version'], '22.04');
  });
  await withServer(lineServer('220 (vsFTPd 3.0.3)\r\n', () => '500 no\r\n'), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts({ matcher: db }));
    assert.equal(r.product, 'vsFTPd');
    assert.ok(r.evidence.find((e) => e.key === 'ftp.banner')?.fingerprint?.startsWith('recog:'));
  });
});
