// Pure TLS verdicts: protocol versions, weak suites, certificate problems (table tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTlsProtocols } from './tls-protocols.ts';
import { evaluateWeakCiphers } from './tls-weak-ciphers.ts';
import { certCoversAny, evaluateCertificate, nameMatches, type CertEvidence } from './tls-certificate.ts';

const S = { port: 443, protocol: 'tcp' as const };
const ids = (fs: { id: string; instance?: string }[]): string[] => fs.map((f) => f.id + (f.instance ? `[${f.instance}]` : ''));

test('protocol versions: SSLv3 only from an SSL 3.0 ServerHello; TLS 1.0/1.1 from the sweep', () => {
  const rows: [string, Parameters<typeof evaluateTlsProtocols>[0], string[]][] = [
    ['modern only', { supported: ['TLSv1.2', 'TLSv1.3'], sslv3: { kind: 'alert', level: 2, description: 40 } }, []],
    ['SSLv3 answered', { supported: ['TLSv1.2'], sslv3: { kind: 'server-hello', version: 0x0300, cipher: 0x002f } }, ['farsight-tls-sslv3-enabled']],
    ['SSLv3 hello answered with TLS 1.2 (no SSLv3)', { supported: ['TLSv1.2'], sslv3: { kind: 'server-hello', version: 0x0303, cipher: 0x002f } }, []],
    ['closed', { supported: [], sslv3: { kind: 'closed', reason: 'reset' } }, []],
    ['all old', { supported: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], sslv3: { kind: 'server-hello', version: 0x0300, cipher: 0x000a } },
      ['farsight-tls-sslv3-enabled', 'farsight-tls-tlsv1.0-enabled', 'farsight-tls-tlsv1.1-enabled']],
  ];
  for (const [name, e, want] of rows) assert.deepEqual(ids(evaluateTlsProtocols(e, S)), want, name);
  const probed = evaluateTlsProtocols({ supported: ['TLSv1'], source: 'probe', sslv3: { kind: 'alert', level: 2, description: 40 } }, S);
  assert.match(probed[0]?.proof ?? '', /^ServerHello answered a hello with TLS 1\.0/);
  const [f] = evaluateTlsProtocols(rows[1]![1], S);
  assert.equal(f?.rule, 'check:tls-protocol-versions');
  assert.equal(f?.cvss?.score, 5.3);
  assert.deepEqual(f?.cves, ['CVE-2014-3566']);
});

test('weak ciphers: one finding per class; suites we never offered prove nothing', () => {
  const rows: [string, Parameters<typeof evaluateWeakCiphers>[0], string[]][] = [
    ['none accepted', { accepted: [], stop: 'alert 40' }, []],
    ['3DES and RC4', { accepted: [{ code: 0x000a, version: 0x0303 }, { code: 0x0005, version: 0x0303 }, { code: 0xc012, version: 0x0303 }], stop: 'alert 40' },
      ['farsight-tls-cipher-3des[3des]', 'farsight-tls-cipher-rc4[rc4]']],
    ['anon and NULL', { accepted: [{ code: 0xc018, version: 0x0303 }, { code: 0xc006, version: 0x0303 }], stop: 'alert 40' }, ['farsight-tls-cipher-anon[anon]', 'farsight-tls-cipher-null[null]']],
    ['a strong suite the server chose anyway', { accepted: [{ code: 0xc02f, version: 0x0303 }], stop: 'not offered' }, []],
  ];
  for (const [name, e, want] of rows) assert.deepEqual(ids(evaluateWeakCiphers(e, S)), want, name);
  assert.match(evaluateWeakCiphers(rows[1]![1], S)[0]?.proof ?? '', /TLS_RSA_WITH_3DES_EDE_CBC_SHA \(TLSv1\.2\), TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA/);
});

const NOW = Date.parse('2026-06-01T00:00:00Z');
const cert = (o: Partial<CertEvidence['cert']>): CertEvidence['cert'] => ({
  subject: 'CN=www.lab,O=Lab', issuer: 'CN=Lab CA', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z',
  subjectAltNames: ['DNS:www.lab', 'IP Address:127.6.9.1'], selfSigned: false, keyType: 'ec', keyBits: 256, signatureAlgorithm: 'ecdsa-with-SHA256',
  fingerprintSha256: 'ab', ...o,
});

test('certificate verdicts', () => {
  const names = ['www.lab', '127.6.9.1'];
  const rows: [string, CertEvidence, string[]][] = [
    ['good', { cert: cert({}), names, now: NOW }, []],
    ['expired', { cert: cert({ validTo: '2026-05-01T00:00:00.000Z' }), names, now: NOW }, ['farsight-tls-cert-expired']],
    ['not yet valid', { cert: cert({ validFrom: '2026-07-01T00:00:00.000Z' }), names, now: NOW }, ['farsight-tls-cert-not-yet-valid']],
    ['self-signed', { cert: cert({ selfSigned: true }), names, now: NOW }, ['farsight-tls-cert-self-signed']],
    ['wrong host', { cert: cert({ subjectAltNames: ['DNS:other.example'] }), names, now: NOW }, ['farsight-tls-cert-hostname-mismatch']],
    ['wildcard covers one label', { cert: cert({ subjectAltNames: ['DNS:*.lab'] }), names: ['www.lab'], now: NOW }, []],
    ['RSA 1024', { cert: cert({ keyType: 'rsa', keyBits: 1024 }), names, now: NOW }, ['farsight-tls-cert-weak-key']],
    ['RSA 2048 is fine', { cert: cert({ keyType: 'rsa', keyBits: 2048 }), names, now: NOW }, []],
    ['SHA-1', { cert: cert({ signatureAlgorithm: 'sha1WithRSAEncryption' }), names, now: NOW }, ['farsight-tls-cert-sha1-signature']],
    ['MD5', { cert: cert({ signatureAlgorithm: 'md5WithRSAEncryption' }), names, now: NOW }, ['farsight-tls-cert-sha1-signature']],
  ];
  for (const [name, e, want] of rows) assert.deepEqual(ids(evaluateCertificate(e, S)), want, name);
  const byAddress = evaluateCertificate({ cert: cert({ subjectAltNames: ['DNS:www.lab'] }), names: ['127.6.9.1'], now: NOW }, S);
  assert.equal(byAddress[0]?.confidence, 'medium', 'known only by address: medium confidence');
});

test('RFC 6125 name matching', () => {
  assert.equal(nameMatches('*.lab', 'a.lab'), true);
  assert.equal(nameMatches('*.lab', 'a.b.lab'), false);
  assert.equal(nameMatches('*.lab', 'lab'), false);
  assert.equal(nameMatches('WWW.Lab.', 'www.lab'), true);
  assert.equal(certCoversAny(cert({ subjectAltNames: [] }), ['www.lab']), true, 'CN used without DNS SANs');
  assert.equal(certCoversAny(cert({ subjectAltNames: ['DNS:x.lab'] }), ['www.lab']), false, 'CN ignored when DNS SANs exist');
});
