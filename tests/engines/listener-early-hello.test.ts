// The engine listener hands a connection to the console only after looking its certificate up
// in the database. An engine sends hello the moment the upgrade completes, so that frame can
// arrive during the lookup; it must reach the link (the listener pauses the socket until the
// link listens), or the session never starts and the engine waits for hello-ack for ever. The
// lookup is made slow on purpose (a Kysely plugin delays every result). Listener on 127.9.94.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { WebSocket } from 'ws';
import type { KyselyPlugin } from 'kysely';
import { startTestConsole } from '../console/harness/index.ts';
import { loadOrCreateEngineCa } from '../../apps/console/src/engines/remote-ca.ts';
import { startEngineListener } from '../../apps/console/src/engines/remote-listener.ts';

process.env.FARSIGHT_REMOTE_ENGINES = '0';
process.env.FARSIGHT_LOCAL_ENGINE = '0';
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

/** Every query answers 400 ms late. */
const slow: KyselyPlugin = {
  transformQuery: (a) => a.node,
  transformResult: async (a) => { await new Promise((r) => setTimeout(r, 400)); return a.result; },
};

test('a hello sent while the console looks the engine up is not lost', async (t) => {
  const c = await startTestConsole();
  t.after(() => c.stop());
  const dir = mkdtempSync(join(tmpdir(), 'farsight-early-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ca = await loadOrCreateEngineCa(dir);
  const engine = await c.request('POST', '/api/3/scan_engines', { body: { name: 'early', address: '127.9.94.2', port: 40814 } });
  assert.equal(engine.status, 201, engine.text);
  const engineId = engine.body.id as number;
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=early', keys, signingAlgorithm: ALG });
  const cert = await ca.issue(csr.toString('pem'), engineId);
  await c.db.insertInto('engine_certificates').values({ engine_id: engineId, fingerprint256: cert.fingerprint256, serial: cert.serial, not_after: cert.notAfter, created_at: new Date().toISOString(), revoked_at: null }).execute();
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');

  // The console side: what a link does once it has the connection (listen, then resume).
  const received: string[] = [];
  let handedOver = 0;
  const listener = await startEngineListener({
    db: c.db.withPlugin(slow), ca, host: '127.9.94.1', port: 0, log: quiet, now: () => new Date(),
    onEngine: (ws, id) => {
      handedOver = id;
      ws.on('message', (data) => received.push((data as Buffer).toString('utf8')));
      ws.resume();
    },
  });
  t.after(() => listener.close());

  const ws = new WebSocket(`wss://127.9.94.1:${listener.port}/engine`, { ca: ca.caPem, cert: cert.pem, key: keyPem, rejectUnauthorized: false });
  t.after(() => ws.terminate());
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  ws.send(JSON.stringify({ type: 'hello', sentBeforeLookup: true }));
  for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(handedOver, engineId, 'the engine was looked up and handed over');
  assert.deepEqual(received.map((r) => JSON.parse(r) as unknown), [{ type: 'hello', sentBeforeLookup: true }], 'the early hello reached the link');
});
