// An engine pinned to the real console's engine CA meets impostors through a recording TCP
// proxy: one with its own CA, one whose certificate merely NAMES the real CA as issuer (and even
// sends the real CA certificate along). The engine refuses both before sending anything: the
// impostor decodes no WebSocket message, and neither its decrypted stream nor the proxy's capture
// contains the secret. Control: an engine pinned to the impostor's CA does send the secret, and
// the same capture sees it. Impostors on 127.8.4.1, proxy on 127.8.4.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttps } from 'node:https';
import { createConnection, createServer as createTcp, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { WebSocketServer } from 'ws';
import { loadOrCreateEngineCa } from '../../apps/console/src/engines/remote-ca.ts';
import { pairArgs, startEngineProc } from './transport-helpers.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const SECRET = 'C0FF-EE00-DEAD-BEEF-1234-5678-9ABC-DEF0-1111-2222';

interface Impostor { port: number; messages: string[]; plaintext: Buffer[]; close(): Promise<void> }

async function impostor(key: string, cert: string): Promise<Impostor> {
  const messages: string[] = [];
  const plaintext: Buffer[] = [];
  const server = createHttps({ key, cert, minVersion: 'TLSv1.3' });
  server.on('secureConnection', (s) => s.on('data', (d: Buffer) => plaintext.push(Buffer.from(d))));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.on('message', (m) => { messages.push(String(m)); ws.close(); }));
  await new Promise<void>((r) => server.listen(0, '127.8.4.1', r));
  return { port: (server.address() as AddressInfo).port, messages, plaintext, close: () => new Promise((r) => { for (const c of wss.clients) c.terminate(); server.closeAllConnections(); server.close(() => r()); }) };
}

async function recordingProxy(targetPort: number): Promise<{ port: number; toServer: Buffer[]; close(): Promise<void> }> {
  const toServer: Buffer[] = [];
  const server = createTcp((client) => {
    const upstream = createConnection({ host: '127.8.4.1', port: targetPort });
    client.on('data', (d: Buffer) => { toServer.push(Buffer.from(d)); upstream.write(d); });
    upstream.on('data', (d: Buffer) => client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.8.4.2', r));
  return { port: (server.address() as AddressInfo).port, toServer, close: () => new Promise((r) => server.close(() => r())) };
}

async function forgedChain(realCaPem: string): Promise<{ key: string; cert: string }> {
  const real = new x509.X509Certificate(realCaPem);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '0badc0de', subject: 'CN=Farsight Console, O=Farsight', issuer: real.subject, notBefore: new Date(Date.now() - 3_600_000), notAfter: new Date(Date.now() + 86_400_000),
    publicKey: keys.publicKey, signingKey: keys.privateKey, signingAlgorithm: ALG,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.8.4.1' }])],
  });
  const key = `${x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY')}\n`;
  return { key, cert: `${leaf.toString('pem')}\n${realCaPem}` };
}

const has = (chunks: Buffer[], s: string): boolean => Buffer.concat(chunks).includes(Buffer.from(s));

test('impostor consoles (own CA, forged issuer) never receive the secret; an engine pinned to them would', async (t) => {
  const dirs = [mkdtempSync(join(tmpdir(), 'farsight-real-ca-')), mkdtempSync(join(tmpdir(), 'farsight-evil-ca-'))];
  t.after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  const real = await loadOrCreateEngineCa(dirs[0] as string);
  const evil = await loadOrCreateEngineCa(dirs[1] as string);
  const forged = await forgedChain(real.caPem);
  assert.equal(new X509Certificate(forged.cert).issuer, new X509Certificate(real.caPem).subject, 'the forged certificate names the real CA as issuer');

  const cases: Array<[string, { key: string; cert: string }, string, boolean]> = [
    ['impostor with its own CA', { key: evil.consoleKey, cert: evil.consoleCert }, real.fingerprint256, false],
    ['forged issuer + the real CA certificate in the chain', forged, real.fingerprint256, false],
    ['control: engine pinned to the impostor\'s CA', { key: evil.consoleKey, cert: evil.consoleCert }, evil.fingerprint256, true],
  ];
  for (const [name, material, pin, leaks] of cases) {
    const imp = await impostor(material.key, material.cert);
    const proxy = await recordingProxy(imp.port);
    const e = startEngineProc(['--no-listen', ...pairArgs('127.8.4.2', proxy.port, SECRET, pin)]);
    try {
      const code = await e.exited;
      assert.notEqual(code, 0, `${name}: pairing cannot succeed against an impostor`);
      if (leaks) {
        // The control proves the capture would see a leak: the message arrives and carries the secret.
        assert.ok(imp.messages.some((m) => m.includes(SECRET)), `${name}: the impostor decoded the pair.request`);
        assert.ok(e.lines.some((l) => /pair-engine: console certificate verified/.test(l)), name);
      } else {
        assert.deepEqual(imp.messages, [], `${name}: the impostor decoded no WebSocket message`);
        assert.equal(has(imp.plaintext, SECRET), false, `${name}: the secret is not in the impostor's decrypted stream`);
        assert.equal(has(proxy.toServer, SECRET), false, `${name}: the secret is not in the captured bytes`);
        assert.ok(proxy.toServer.length > 0, `${name}: the proxy did capture the connection`);
        assert.ok(e.lines.some((l) => /pair-engine: .*not the one pinned/.test(l)), `${name}: ${e.lines.join('\n')}`);
      }
    } finally {
      await e.stop();
      await proxy.close();
      await imp.close();
    }
  }
});
