import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type TLSSocket, type TlsOptions } from 'node:tls';
import { detectTcpService } from './detect-tcp.ts';
import { ADDR, haveOpenssl, makeCert, onRequest, tableMatcher } from './loopback-fixture.ts';
import type { DetectOptions } from './options.ts';

const skip = haveOpenssl() ? false : 'openssl CLI not installed';
const T = { timeout: 30_000, skip };

const matcher = tableMatcher({
  'http_header.server': [[/^nginx\/([\d.]+)/, { 'service.vendor': 'nginx', 'service.product': 'nginx', 'service.version': '$1' }]],
  'x509.subject': [[/^CN=tls\.lab,O=Farsight test$/, { 'hw.product': 'test-box' }]],
  'imap4.banner': [[/Dovecot ready\.$/, { 'service.vendor': 'Dovecot', 'service.product': 'Dovecot' }]],
});

function opts(extra: Partial<DetectOptions> = {}): DetectOptions {
  return { matcher, assertInScope: () => {}, readTimeoutMs: 1000, totalTimeoutMs: 8000, ...extra };
}

async function tlsServer(options: TlsOptions, onSecure: (s: TLSSocket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<TLSSocket>();
  const server: Server = createServer(options, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    onSecure(s);
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen({ host: ADDR, port: 0 }, () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => { for (const s of sockets) s.destroy(); await new Promise<void>((r) => server.close(() => r())); },
  };
}

function https(s: TLSSocket): void {
  onRequest(s, (d) => d.includes('\r\n\r\n'), () => {
    const body = '<title>Welcome to nginx!</title>';
    s.end(`HTTP/1.1 200 OK\r\nServer: nginx/1.24.0 (Ubuntu)\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  });
}

void test('HTTPS: negotiated protocol, certificate, version sweep, HTTP inside', T, async () => {
  const { key, cert } = makeCert({ subject: '/O=Farsight test/CN=tls.lab', san: 'DNS:tls.lab' });
  const srv = await tlsServer({ key, cert, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }, https);
  try {
    const r = await detectTcpService(ADDR, srv.port, opts());
    assert.equal(r.name, 'https');
    assert.equal(r.tunnel, 'ssl');
    assert.equal(r.product, 'nginx');
    assert.equal(r.version, '1.24.0');
    assert.equal(r.http?.title, 'Welcome to nginx!');
    assert.equal(r.tls?.protocol, 'TLSv1.3');
    assert.deepEqual(r.tls?.supportedProtocols, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(r.tls?.certificate?.subject, 'CN=tls.lab,O=Farsight test');
    assert.equal(r.tls?.certificate?.selfSigned, true);
    assert.deepEqual(r.tls?.certificate?.subjectAltNames, ['DNS:tls.lab']);
    assert.equal(r.params?.['hw.product'], 'test-box', 'x509.subject went to the matcher');
  } finally {
    await srv.close();
  }
});

void test('a TLS 1.0-only server with a 1024-bit SHA-1 certificate is still reached', T, async () => {
  const { key, cert } = makeCert({ subject: '/CN=legacy.lab', key: 'rsa:1024', digest: 'sha1' });
  const srv = await tlsServer({ key, cert, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }, https);
  try {
    const r = await detectTcpService(ADDR, srv.port, opts());
    assert.equal(r.name, 'https');
    assert.equal(r.tls?.protocol, 'TLSv1');
    assert.deepEqual(r.tls?.supportedProtocols, ['TLSv1']);
    assert.equal(r.tls?.certificate?.keyBits, 1024);
    assert.equal(r.tls?.certificate?.signatureAlgorithm, 'sha1WithRSAEncryption');
    assert.match(r.tls?.cipher ?? '', /^TLS_/);
  } finally {
    await srv.close();
  }
});

void test('implicit TLS with a server-first protocol inside (IMAPS)', T, async () => {
  const { key, cert } = makeCert({ subject: '/CN=mail.lab' });
  const srv = await tlsServer({ key, cert }, (s) => { s.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Dovecot ready.\r\n'); s.on('data', () => s.end('* BYE\r\n')); });
  try {
    const r = await detectTcpService(ADDR, srv.port, opts());
    assert.equal(r.name, 'imaps');
    assert.equal(r.tunnel, 'ssl');
    assert.equal(r.product, 'Dovecot');
    assert.equal(r.params?.['imap.capabilities'], 'IMAP4rev1,AUTH=PLAIN');
  } finally {
    await srv.close();
  }
});
