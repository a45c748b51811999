// HTTP hardening over a real TLS socket: security headers, body size limit, slow-drip clients
// cut off by headersTimeout (with connectionsCheckingInterval), TLS from the console's own CA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { startTestConsole } from './harness/index.ts';

test('http: HTTPS with the console CA, security headers, v3 errors and OpenAPI/Swagger UI', async (t) => {
  const c = await startTestConsole({ host: '127.0.0.92' });
  t.after(() => c.stop());
  const cert = new X509Certificate(c.console.tls.cert);
  assert.ok(cert.checkIssued(new X509Certificate(c.console.tls.caCert ?? '')), 'server cert signed by the console CA');
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(cert.checkIP('127.0.0.92'), '127.0.0.92', 'the --host address is in the certificate');
  const r = await c.request('GET', '/api/3/users', { socket: true });
  assert.equal(r.status, 200);
  for (const h of ['strict-transport-security', 'x-content-type-options', 'content-security-policy', 'x-frame-options', 'referrer-policy']) assert.ok(r.headers[h], `header ${h}`);
  assert.equal(r.headers['x-powered-by'], undefined);
  const doc = await c.request('GET', '/api/farsight/openapi.json', { auth: 'none', socket: true });
  assert.equal(doc.status, 200);
  assert.match(String(doc.body.openapi), /^3\./);
  assert.ok(doc.body.paths['/api/3/users'].get, 'routes are in the OpenAPI document');
  const ui = await c.request('GET', '/api/docs/', { auth: 'none', socket: true });
  assert.equal(ui.status, 200);
  assert.match(ui.text, /swagger/i);
});

test('http: bodies over the limit get 413, malformed JSON 400, unknown routes a v3 404', async (t) => {
  const c = await startTestConsole({ http: { bodyLimit: 4096 } });
  t.after(() => c.stop());
  const big = await c.request('POST', '/api/3/users', { body: { login: 'x', name: 'y'.repeat(5000), password: 'long-enough-pw', role: { id: 'user' } }, socket: true });
  assert.equal(big.status, 413);
  assert.equal(big.body.code, 'PAYLOAD_TOO_LARGE');
  const bad = await c.request('POST', '/api/3/users', { body: '{"login":', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.status, '400');
  const type = await c.request('POST', '/api/3/users', { body: 'login=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(type.status, 415);
  const nf = await c.request('GET', '/api/3/no_such_thing');
  assert.equal(nf.status, 404);
  assert.equal(nf.body.code, 'NOT_FOUND');
});

test('http: a client dripping its headers is disconnected (headersTimeout + connectionsCheckingInterval)', async (t) => {
  const c = await startTestConsole({ http: { headersTimeoutMs: 500, requestTimeoutMs: 1000, connectionsCheckingIntervalMs: 200 } });
  t.after(() => c.stop());
  const sock = connect({ host: c.console.config.host, port: c.console.port, ca: c.console.tls.caCert, servername: 'localhost' });
  t.after(() => sock.destroy());
  await new Promise<void>((resolve, reject) => { sock.once('secureConnect', resolve); sock.once('error', reject); });
  sock.write('GET /api/farsight/health HTTP/1.1\r\nHost: localhost\r\n');
  // One header byte every 100 ms, never finishing — bounded to 300 bytes (30 s).
  let sent = 0;
  const drip = setInterval(() => { if (sent++ < 300 && !sock.destroyed) sock.write('X'); }, 100);
  t.after(() => clearInterval(drip));
  let reply = '';
  sock.on('data', (d: Buffer) => { reply += d.toString(); });
  await new Promise<void>((resolve) => { sock.once('close', () => resolve()); sock.once('end', () => resolve()); });
  clearInterval(drip);
  assert.ok(sent < 300, `the server closed the connection before the drip ended (sent ${sent} bytes)`);
  assert.ok(reply === '' || /^HTTP\/1\.1 408/.test(reply), `closed or 408, got ${reply.slice(0, 40)}`);
});
