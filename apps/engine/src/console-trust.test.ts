import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto, X509Certificate } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { normalizeFingerprint, verifyConsoleChain } from './console-trust.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const keys = async (): Promise<webcrypto.CryptoKeyPair> => webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
const der = (c: x509.X509Certificate): Buffer => Buffer.from(c.rawData);

async function ca(name: string): Promise<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name, notBefore: new Date(Date.now() - 1e6), notAfter: new Date(Date.now() + 1e9), keys: k, signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)] });
  return { cert, keys: k };
}

async function leaf(issuer: string, signer: webcrypto.CryptoKey, notAfter = new Date(Date.now() + 1e9)): Promise<x509.X509Certificate> {
  const k = await keys();
  return x509.X509CertificateGenerator.create({ serialNumber: '02', subject: 'CN=console', issuer, notBefore: new Date(Date.now() - 1e6), notAfter, publicKey: k.publicKey, signingKey: signer, signingAlgorithm: ALG });
}

test('a chain is trusted only when the pinned CA really signed the leaf', async () => {
  const real = await ca('CN=Real CA');
  const evil = await ca('CN=Evil CA');
  const pin = new X509Certificate(der(real.cert)).fingerprint256;
  const good = await leaf('CN=Real CA', real.keys.privateKey);
  const forged = await leaf('CN=Real CA', evil.keys.privateKey);
  const own = await leaf('CN=Evil CA', evil.keys.privateKey);
  const expired = await leaf('CN=Real CA', real.keys.privateKey, new Date(Date.now() - 1000));
  const table: Array<[string, Buffer[], string | undefined, boolean, RegExp?]> = [
    ['good', [der(good), der(real.cert)], pin, true],
    ['good, pin as plain lower-case hex', [der(good), der(real.cert)], pin.replace(/:/g, '').toLowerCase(), true],
    ['forged issuer with the real CA in the chain', [der(forged), der(real.cert)], pin, false, /not signed by the pinned CA/],
    ['impostor with its own CA', [der(own), der(evil.cert)], pin, false, /pinned CA fingerprint/],
    ['expired leaf', [der(expired), der(real.cert)], pin, false, /validity/],
    ['CA alone', [der(real.cert)], pin, false, /its CA as its own/],
    ['nothing', [], pin, false, /no certificate/],
    ['first contact: self-consistent chain', [der(own), der(evil.cert)], undefined, true],
    ['first contact: forged chain', [der(forged), der(real.cert)], undefined, false, /not signed/],
  ];
  for (const [name, chain, p, ok, why] of table) {
    const v = verifyConsoleChain(chain, p);
    assert.equal(v.ok, ok, `${name}: ${v.ok ? 'ok' : v.reason}`);
    if (!v.ok && why) assert.match(v.reason, why, name);
  }
  assert.equal(normalizeFingerprint('ab'.repeat(32)), Array(32).fill('AB').join(':'));
});
