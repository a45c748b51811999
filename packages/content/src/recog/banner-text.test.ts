import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBanner, recogDistinguishedName } from './banner-text.ts';

test('decodeBanner: UTF-8 when valid, else one char per byte (Latin-1)', () => {
  assert.equal(decodeBanner(Buffer.from('Stroj nemá povoleno', 'utf8')), 'Stroj nemá povoleno');
  assert.equal(decodeBanner(Uint8Array.from([0x41, 0xff, 0x00, 0x80])), 'A\xff\x00\x80');
  assert.equal(decodeBanner(Buffer.from('xxxxAB').subarray(4)), 'AB', 'respects the view offset');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      let utf8: string | undefined;
      try {
        utf8 = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        utf8 = undefined;
      }
      assert.equal(decodeBanner(bytes), utf8 ?? Buffer.from(bytes).toString('latin1'));
    }),
  );
});

test('recogDistinguishedName: Go pkix order whatever the certificate order, RFC 2253 escaping, extras last', () => {
  // Node's X509Certificate.subject lists RDNs in certificate order, one per line.
  assert.equal(recogDistinguishedName('C=US\nST=California\nL=Sunnyvale\nO=Fortinet\nOU=FortiGate\nCN=FGT60D4615012345'), 'CN=FGT60D4615012345,OU=FortiGate,O=Fortinet,L=Sunnyvale,ST=California,C=US');
  assert.equal(recogDistinguishedName('CN=imap.example.com\nOU=IMAP server\nO=Dovecot mail server'), 'CN=imap.example.com,OU=IMAP server,O=Dovecot mail server');
  assert.equal(recogDistinguishedName([['O', 'Acme, Inc.'], ['CN', ' lead'], ['emailAddress', 'a@b']]), 'CN=\\ lead,O=Acme\\, Inc.,emailAddress=a@b');
  assert.equal(recogDistinguishedName([['OU', 'a'], ['OU', 'b'], ['commonName', 'x']]), 'CN=x,OU=a+OU=b');
});
