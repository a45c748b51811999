// `services[].starttls`: validation (which profiles, no TLS twice, no emulated suites behind an
// upgrade, known misbehaviours) and ground truth (the TLS weaknesses behind the upgrade, none
// when the upgrade misbehaves). Sockets: tests/checks/starttls-labnet.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { computeGroundTruth, validateSpec } from './index.ts';

const net = (...services: unknown[]): unknown => ({ name: 't', hosts: [{ address: '127.6.4.250', hostnames: ['st.lab'], services }] });

function problem(doc: unknown): string {
  try {
    validateSpec(doc);
  } catch (e) {
    assert.ok(isFarsightError(e, 'LABNET_SPEC_INVALID'), String(e));
    return e.message;
  }
  assert.fail('expected LABNET_SPEC_INVALID');
}

test('starttls validates on SMTP/IMAP/POP3/FTP/PostgreSQL only, never with tls', () => {
  const ok = validateSpec(net(
    { port: 587, profile: 'postfix-ubuntu', starttls: { cert: 'expired', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] } },
    { port: 143, profile: 'dovecot-imap-ubuntu', starttls: { misbehave: 'drip' } },
    { port: 5432, profile: 'postgresql-md5', starttls: {} },
  ));
  assert.deepEqual(ok.hosts[0]?.services?.map((s) => s.starttls), [{ cert: 'expired', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] }, { misbehave: 'drip' }, {}]);
  const rows: [unknown, RegExp][] = [
    [{ port: 80, profile: 'nginx-1.18.0', starttls: {} }, /services\[0\]\.starttls: profile nginx-1\.18\.0 \(http\) has no STARTTLS/],
    [{ port: 465, profile: 'postfix-ubuntu', tls: {}, starttls: {} }, /services\[0\]\.starttls: the service is already wrapped in TLS/],
    [{ port: 587, profile: 'postfix-ubuntu', starttls: { legacy: { ciphers: ['des'] } } }, /starttls\.legacy\.ciphers: \["des"\] is not a list of null, anon, 3des, rc4/],
    [{ port: 587, profile: 'postfix-ubuntu', starttls: { misbehave: 'explode' } }, /starttls\.misbehave: "explode" is not one of garbage, drip, silent, not-tls/],
    [{ port: 587, profile: 'postfix-ubuntu', starttls: { cert: 'bogus', extra: 1 } }, /starttls\.cert: "bogus" is not one of/],
    [{ port: 587, profile: 'postfix-ubuntu', starttls: 'yes' }, /starttls: "yes" is not an object/],
  ];
  for (const [s, re] of rows) assert.match(problem(net(s)), re);
});

test('ground truth: weaknesses behind the upgrade; none when it misbehaves; plain services unchanged', () => {
  const truth = computeGroundTruth(validateSpec(net(
    { port: 587, profile: 'exim-4.96-debian', starttls: { cert: 'expired', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], legacy: { sslv3: true, ciphers: ['anon'] } } },
    { port: 110, profile: 'dovecot-pop3-ubuntu', starttls: { cert: 'expired', misbehave: 'garbage' } },
    { port: 143, profile: 'dovecot-imap-ubuntu' },
  )));
  const by = new Map(truth.hosts[0]?.services.map((s) => [s.port, s]));
  assert.deepEqual(by.get(587)?.weaknesses, ['tls-cert-expired', 'tls-protocol-tlsv1.0', 'tls-protocol-tlsv1.1', 'tls-protocol-sslv3', 'tls-weak-cipher-anon']);
  assert.deepEqual(by.get(587)?.starttls, { cert: 'expired', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], legacy: { sslv3: true, ciphers: ['anon'] } });
  assert.equal(by.get(587)?.tls, null, 'STARTTLS is not a TLS-wrapped service');
  assert.deepEqual(by.get(110)?.weaknesses, []);
  assert.equal('starttls' in (by.get(110) ?? {}), false);
  assert.equal('starttls' in (by.get(143) ?? {}), false);
});
