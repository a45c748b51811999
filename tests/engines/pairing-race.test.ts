// Pairing rules at the service level, on SQLite and PostgreSQL: 20 concurrent pairings racing a
// max-uses of 5 get exactly 5 certificates (one conditional UPDATE decides); an expired secret
// (injected clock) and a source address outside the allowed CIDRs are refused; every attempt is
// audited. No network: the pairing service is called as the listener calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { isFarsightError } from '@farsight/common';
import { forEachDb, startTestConsole } from '../console/harness/index.ts';
import { loadOrCreateEngineCa } from '../../apps/console/src/engines/remote-ca.ts';
import { pairEngine, ipInCidrs } from '../../apps/console/src/services/engines-pairing.ts';
import { createSharedSecret } from '../../apps/console/src/services/engines-registry-secret.ts';
import { SYSTEM_ACTOR } from '../../apps/console/src/services/actor.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

async function csr(name: string): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  return (await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${name}`, keys, signingAlgorithm: ALG })).toString('pem');
}

forEachDb('20 concurrent pairings racing max-uses 5 → exactly 5; expired and out-of-range refused', async (t, dbKind) => {
  process.env.FARSIGHT_REMOTE_ENGINES = '0';
  process.env.FARSIGHT_LOCAL_ENGINE = '0';
  const c = await startTestConsole({ db: dbKind });
  t.after(() => c.stop());
  const dir = mkdtempSync(join(tmpdir(), 'farsight-ca-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ca = await loadOrCreateEngineCa(dir);
  const issue = (p: string, id: number): ReturnType<typeof ca.issue> => ca.issue(p, id);
  const t0 = new Date();
  const { secret } = await createSharedSecret(c.db, SYSTEM_ACTOR, t0, { maxUses: 5, allowedCidrs: ['127.8.0.0/16'] });
  const csrs = await Promise.all(Array.from({ length: 20 }, (_, i) => csr(`race-${i}`)));
  const results = await Promise.allSettled(csrs.map((p, i) => pairEngine(c.db, issue, { secret, csr: p, engineName: 'race', engineVersion: '0.1.0', sourceIp: `127.8.3.${i + 1}` }, t0)));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r) => r.status === 'rejected');
  assert.equal(ok.length, 5, 'exactly max-uses pairings succeed');
  assert.ok(refused.every((r) => isFarsightError(r.reason, 'ENGINE_PAIRING_REFUSED') && /maximum/.test((r.reason as Error).message)), String(refused.map((r) => r.reason)));
  const engines = await c.db.selectFrom('scan_engines').select('name').where('kind', '=', 'remote').execute();
  assert.equal(engines.length, 5);
  assert.equal(new Set(engines.map((e) => e.name)).size, 5, 'unique names (race, race (2), …)');
  assert.equal((await c.db.selectFrom('engine_certificates').selectAll().execute()).length, 5);
  const row = await c.db.selectFrom('engine_shared_secrets').select('uses').orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(row.uses, 5);
  const audits = await c.db.selectFrom('audit_log').select('details').where('action', '=', 'engine-secret.use').execute();
  assert.equal(audits.length, 20, 'every attempt is audited');

  // A fresh secret: a source outside the CIDRs is refused; past its 60 minutes it is refused.
  const fresh = await createSharedSecret(c.db, SYSTEM_ACTOR, t0, { allowedCidrs: ['127.8.0.0/16'] });
  await assert.rejects(pairEngine(c.db, issue, { secret: fresh.secret, csr: await csr('x'), engineName: 'x', engineVersion: '1', sourceIp: '127.0.0.9' }, t0), /127\.0\.0\.9 is not allowed/);
  const later = new Date(t0.getTime() + 61 * 60_000);
  await assert.rejects(pairEngine(c.db, issue, { secret: fresh.secret, csr: await csr('y'), engineName: 'y', engineVersion: '1', sourceIp: '127.8.3.99' }, later), /expired/);
  const ok2 = await pairEngine(c.db, issue, { secret: fresh.secret, csr: await csr('z'), engineName: 'z', engineVersion: '1', sourceIp: '127.8.3.99' }, new Date(t0.getTime() + 59 * 60_000));
  assert.ok(ok2.engineId > 0, 'still valid at 59 minutes');
  // A wrong secret and a tampered CSR are refused.
  await assert.rejects(pairEngine(c.db, issue, { secret: 'AAAA-BBBB', csr: await csr('w'), engineName: 'w', engineVersion: '1', sourceIp: '127.8.3.1' }, t0), /not one this console issued/);
  const bad = (await csr('v')).replace(/[A-Za-z](?=[A-Za-z0-9+/=]*\n-----END)/, (ch) => (ch === 'A' ? 'B' : 'A'));
  await assert.rejects(pairEngine(c.db, issue, { secret: fresh.secret, csr: bad, engineName: 'v', engineVersion: '1', sourceIp: '127.8.3.1' }, t0), (e: unknown) => isFarsightError(e, 'ENGINE_PAIRING_REFUSED'));
});

test('CIDR matching of pairing sources', () => {
  const table: Array<[string, string[], boolean]> = [
    ['127.8.3.1', ['127.8.0.0/16'], true],
    ['::ffff:127.8.3.1', ['127.8.0.0/16'], true],
    ['127.9.0.1', ['127.8.0.0/16'], false],
    ['::1', ['::1/128'], true],
    ['127.0.0.1', ['127.0.0.1'], true],
  ];
  for (const [ip, cidrs, want] of table) assert.equal(ipInCidrs(ip, cidrs), want, `${ip} in ${cidrs.join(',')}`);
});
