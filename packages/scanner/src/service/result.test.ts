import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceResult } from '../types.ts';
import { fallbackProduct } from './fallback-products.ts';
import { tableMatcher } from './loopback-fixture.ts';
import { fallbackService, matchInto, projectParams, toCpe23 } from './result.ts';
import { printable } from './text.ts';

function fresh(): ServiceResult {
  return { port: 1, protocol: 'tcp', state: 'open', name: 'x', evidence: [] };
}

void test('CPEs become CPE 2.3 formatted strings', () => {
  const table: [string, string | undefined][] = [
    ['cpe:/a:openbsd:openssh:8.9p1', 'cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*'],
    ['cpe:/a:redis:redis:-', 'cpe:2.3:a:redis:redis:-:*:*:*:*:*:*:*'],
    ['cpe:/o:microsoft:windows_server_2012:r2', 'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*'],
    ['cpe:/a:apache:http_server:{service.version}', 'cpe:2.3:a:apache:http_server:2.4.52:*:*:*:*:*:*:*'],
    ['cpe:/a:x:y:{missing}', 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*'],
    ['cpe:2.3:a:f5:nginx:1.18.0', 'cpe:2.3:a:f5:nginx:1.18.0:*:*:*:*:*:*:*'],
    ['cpe:/a:a%2fb:c:1', 'cpe:2.3:a:a/b:c:1:*:*:*:*:*:*:*'],
    ['not a cpe', undefined],
    ['cpe:/z:bad:part', undefined],
  ];
  for (const [cpe, want] of table) assert.equal(toCpe23(cpe, { 'service.version': '2.4.52' }), want, cpe);
});

void test('the first fingerprint that sets a param wins; evidence names the fingerprint', () => {
  const m = tableMatcher({
    'http_header.server': [[/^Apache\/([\d.]+)/, { 'service.vendor': 'Apache', 'service.product': 'HTTPD', 'service.version': '$1', 'service.cpe23': 'cpe:/a:apache:http_server:$1' }]],
    'http_header.x-powered-by': [[/^PHP\/([\d.]+)/, { 'service.product': 'PHP', 'service.version': '$1', 'php.version': '$1' }]],
  });
  const r = fresh();
  matchInto(r, m, 'http-get', 'http_header.server', 'Apache/2.4.52 (Ubuntu)');
  matchInto(r, m, 'http-get', 'http_header.x-powered-by', 'PHP/8.1.2');
  matchInto(r, m, 'http-get', 'html_title', 'It works');
  matchInto(r, m, 'http-get', 'html_title', 'quiet', true);
  projectParams(r);
  assert.equal(r.product, 'HTTPD');
  assert.equal(r.version, '2.4.52');
  assert.equal(r.cpe, 'cpe:2.3:a:apache:http_server:2.4.52:*:*:*:*:*:*:*');
  assert.equal(r.params?.['php.version'], '8.1.2', 'later matches still add their own params');
  assert.deepEqual(r.evidence.map((e) => [e.key, e.fingerprint !== undefined]), [['http_header.server', true], ['http_header.x-powered-by', true], ['html_title', false]]);
});

void test('a throwing matcher counts as no match', () => {
  const r = fresh();
  assert.equal(matchInto(r, { match: () => { throw new Error('boom'); } }, 'banner', 'ssh.banner', 'OpenSSH_9.6'), undefined);
  assert.equal(r.evidence.length, 1);
});

void test('fallbacks fill only what fingerprints left empty', () => {
  const r = fresh();
  r.params = { 'service.product': 'Valkey' };
  fallbackService(r, { vendor: 'Redis', product: 'Redis', version: '7.2.4' });
  assert.deepEqual(r.params, { 'service.product': 'Valkey' });
  const table: [string, string, string | undefined, string | undefined][] = [
    ['ssh.banner', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', 'OpenSSH', '8.9p1'],
    ['ssh.banner', 'OpenSSH_for_Windows_8.1', 'OpenSSH for Windows', '8.1'],
    ['ssh.banner', 'dropbear_2022.83', 'Dropbear SSH', '2022.83'],
    ['http_header.server', 'nginx/1.24.0 (Ubuntu)', 'nginx', '1.24.0'],
    ['http_header.server', 'Microsoft-IIS/10.0', 'IIS', '10.0'],
    ['ftp.banner', '(vsFTPd 3.0.3)', 'vsftpd', '3.0.3'],
    ['mysql.banners', '5.5.5-10.6.16-MariaDB-0ubuntu0.22.04.1', 'MariaDB', '10.6.16'],
    ['mysql.banners', '8.0.36-0ubuntu0.22.04.1', 'MySQL', '8.0.36'],
    ['smtp.banner', 'mail ESMTP Postfix (Ubuntu)', 'Postfix', undefined],
    ['ssh.banner', 'SomethingElse_1.0', undefined, undefined],
  ];
  for (const [key, text, product, version] of table) {
    const p = fallbackProduct(key, text);
    assert.equal(p?.['service.product'], product, text);
    assert.equal(p?.['service.version'], version, text);
  }
});

void test('banners are printable and capped without splitting escapes', () => {
  assert.equal(printable(Buffer.from([0x41, 0x0d, 0x0a, 0x00, 0x5c, 0xff])), 'A\\r\\n\\x00\\\\\\xff');
  assert.equal(printable(Buffer.alloc(1000, 0x01), 10), '\\x01\\x01');
  assert.equal(printable('x'.repeat(2000)).length, 512);
});
