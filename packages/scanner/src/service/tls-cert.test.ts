import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { haveOpenssl, makeCert } from './loopback-fixture.ts';
import { certificateInfo, namePairs, splitSans } from './tls-cert.ts';

const skip = haveOpenssl() ? false : 'openssl CLI not installed';

void test('a weak self-signed certificate is summarised, not judged by the TLS stack', { skip }, () => {
  const { cert } = makeCert({ subject: '/C=US/O=Cisco Systems, Inc./CN=rv042.lab', key: 'rsa:1024', digest: 'sha1', san: 'DNS:rv042.lab,IP:127.0.6.1' });
  const info = certificateInfo(new X509Certificate(cert));
  assert.equal(info.subject, 'CN=rv042.lab,O=Cisco Systems\\, Inc.,C=US', "Recog's x509 key form (Go order, RFC 2253 escaping)");
  assert.equal(info.issuer, info.subject);
  assert.equal(info.selfSigned, true);
  assert.equal(info.keyType, 'rsa');
  assert.equal(info.keyBits, 1024);
  assert.equal(info.signatureAlgorithm, 'sha1WithRSAEncryption');
  assert.deepEqual(info.subjectAltNames, ['DNS:rv042.lab', 'IP Address:127.0.6.1']);
  assert.match(info.fingerprintSha256, /^[0-9a-f]{64}$/);
  assert.ok(Date.parse(info.validTo) > Date.parse(info.validFrom));
  assert.match(info.validFrom, /^\d{4}-\d\d-\d\dT/);
});

void test('EC keys report their curve size', { skip }, () => {
  const { cert } = makeCert({ subject: '/CN=ec.lab', key: 'ec', digest: 'sha384' });
  const info = certificateInfo(new X509Certificate(cert));
  assert.equal(info.keyType, 'ec');
  assert.equal(info.keyBits, 256);
});

void test("SAN lists split on Node's separators, quoted values kept whole", () => {
  assert.deepEqual(splitSans('DNS:a.lab, DNS:b.lab, IP Address:::1'), ['DNS:a.lab', 'DNS:b.lab', 'IP Address:::1']);
  assert.deepEqual(splitSans('DNS:"x, y.lab", DNS:z'), ['DNS:x, y.lab', 'DNS:z']);
  assert.deepEqual(splitSans(undefined), []);
});

void test("Node's escaped name lines become unescaped pairs", () => {
  assert.deepEqual(namePairs('C=US\nO=Cisco Systems\\, Inc.\nCN=a\\+b'), [['C', 'US'], ['O', 'Cisco Systems, Inc.'], ['CN', 'a+b']]);
});
