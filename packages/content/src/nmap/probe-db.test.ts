import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { isFarsightError } from '@farsight/common';
import { NmapProbeDb } from './probe-db.ts';
import { DEFAULT_NMAP_PROBES_PATH, loadNmapProbes } from './load.ts';
import { FIXTURE } from './fixture.test-data.ts';

const db = NmapProbeDb.fromText(FIXTURE, 'fixture');

test('hard match with $n substitution, Recog-named params and nmap fields', () => {
  const m = db.match('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n', 'NULL');
  assert.ok(m);
  assert.equal(m.fingerprint, 'nmap:NULL:7');
  assert.equal(m.service, 'ssh');
  assert.equal(m.soft, false);
  assert.equal(m.product, 'OpenSSH');
  assert.equal(m.version, '8.9p1');
  assert.equal(m.info, 'protocol 2.0; Ubuntu-3ubuntu0.10');
  assert.deepEqual(m.cpe, ['cpe:/a:openbsd:openssh:8.9p1', 'cpe:/o:linux:linux_kernel']);
  assert.deepEqual(m.params, {
    'service.name': 'ssh',
    'service.product': 'OpenSSH',
    'service.version': '8.9p1',
    'service.info': 'protocol 2.0; Ubuntu-3ubuntu0.10',
    'os.product': 'Linux',
    'service.cpe23': 'cpe:/a:openbsd:openssh:8.9p1',
    'os.cpe23': 'cpe:/o:linux:linux_kernel',
  });
});

test('softmatch fixes the service; a later hard match of that service wins, otherwise the softmatch is returned', () => {
  const hard = db.match('220 (vsFTPd 3.0.5)\r\n', 'NULL');
  assert.equal(hard?.soft, false);
  assert.equal(hard?.params['service.product'], 'vsftpd');
  assert.equal(hard?.params['service.version'], '3.0.5');
  const soft = db.match('220 Welcome to some FTP\r\n', 'NULL');
  assert.equal(soft?.soft, true);
  assert.equal(soft?.service, 'ftp');
  assert.deepEqual(soft?.params, { 'service.name': 'ftp' });
});

test('probe order: the probe, its fallbacks, then NULL (TCP); no probe name tries every probe', () => {
  const nginx = 'HTTP/1.1 200 OK\r\nDate: x\r\nServer: nginx/1.24.0\r\n\r\n';
  assert.equal(db.match(nginx, 'GetRequest')?.params['service.version'], '1.24.0');
  assert.equal(db.match(nginx, 'HTTPOptions')?.params['service.product'], 'nginx', 'via fallback GetRequest');
  assert.equal(db.match('SSH-2.0-OpenSSH_9.6p1\r\n', 'GetRequest')?.service, 'ssh', 'NULL is the implicit fallback');
  assert.equal(db.match('HTTP/1.0 404 Not Found\r\n\r\n', 'GetRequest')?.soft, true);
  assert.equal(db.match(nginx)?.service, 'http');
  assert.equal(db.match(nginx, 'NoSuchProbe'), undefined);
  const dns = Buffer.from('\0\x06\x81\x80\0\x01\0\x01\0\0\0\0\x07version\x04bind\0\0\x10\0\x03\xc0\x0c\0\x10\0\x03\0\0\0\0\0\x0a\x099.18.24', 'latin1');
  assert.equal(db.match(dns, 'DNSVersionBindReq', 'UDP')?.params['service.version'], '9.18.24', 'bytes in, UDP probe');
});

test('Perl semantics: $ before a final newline, i and s flags, $I/$SUBST/$P helpers, binary bytes', () => {
  assert.equal(db.match('-NOAUTH Authentication required.\r\n', 'NULL')?.service, 'redis');
  assert.equal(db.match('RFB 003.008\n', 'NULL')?.params['service.info'], 'protocol 3.8');
  assert.equal(db.match('RFB 003.008\n', 'NULL')?.params['hw.device'], 'remote management');
  assert.equal(db.match('HELLO World', 'NULL')?.params['service.version'], 'World');
  assert.equal(db.match(Uint8Array.from([1, 2, 1, 0, 0xff]), 'NULL')?.params['service.version'], '256');
  const weird = db.match('WEIRD 1_2_3\n', 'NULL');
  assert.equal(weird?.params['service.version'], '1.2.3');
  assert.equal(weird?.params['host.name'], '1_2_3');
  assert.equal(db.match('WEIRD 1_2_3\n\n', 'NULL'), undefined, '$ allows only one final newline');
});

test('hostile responses never throw', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 64 * 1024 }), fc.constantFrom(undefined, 'NULL', 'GetRequest', 'HTTPOptions'), (s, probe) => {
      const m = db.match(s, probe);
      if (m) assert.equal(typeof m.service, 'string');
    }),
    { numRuns: 100 },
  );
});

test('loadNmapProbes reports a missing file as FINGERPRINT_DIR_UNREADABLE', async () => {
  await assert.rejects(loadNmapProbes('/nonexistent/nmap-service-probes'), (e: unknown) => isFarsightError(e, 'FINGERPRINT_DIR_UNREADABLE'));
});

test('the host nmap-service-probes loads, every regex translates, and common banners match', { skip: !existsSync(DEFAULT_NMAP_PROBES_PATH) && `${DEFAULT_NMAP_PROBES_PATH} not installed (apt-get install nmap-common)` }, async () => {
  const real = await loadNmapProbes();
  assert.ok(real.probes.length >= 100, `${real.probes.length} probes`);
  assert.ok(real.size >= 10_000, `${real.size} match lines`);
  assert.ok(real.probe('NULL', 'TCP'));
  assert.ok((real.probe('GetRequest')?.ports ?? []).includes(80));
  assert.deepEqual(real.compileAll(), []);
  const ssh = real.match('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n', 'NULL');
  assert.equal(ssh?.service, 'ssh');
  assert.equal(ssh?.params['service.product'], 'OpenSSH');
  assert.match(ssh?.params['service.version'] ?? '', /^8\.9p1/);
  assert.match(ssh?.params['service.cpe23'] ?? '', /^cpe:\/a:openbsd:openssh:8\.9p1/);
  const ftp = real.match('220 (vsFTPd 3.0.5)\r\n', 'NULL');
  assert.equal(ftp?.params['service.product'], 'vsftpd');
  assert.equal(ftp?.params['service.version'], '3.0.5');
  const http = real.match('HTTP/1.1 200 OK\r\nServer: Apache/2.4.52 (Ubuntu)\r\nContent-Type: text/html\r\n\r\n<html></html>', 'GetRequest');
  assert.equal(http?.service, 'http');
  assert.equal(http?.params['service.version'], '2.4.52');
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 64 * 1024 }), (s) => {
      real.match(s, 'NULL');
    }),
    { numRuns: 10 },
  );
});
