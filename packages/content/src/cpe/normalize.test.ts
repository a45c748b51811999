import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanVersion, identifyProducts, type ServiceFacts } from './normalize.ts';

const ids = (f: ServiceFacts, os?: { vendor?: string; version?: string }): string[] =>
  identifyProducts(f, os).map((i) => `${i.product.key} ${i.version} ${i.cpe}${i.build ? ` [${i.build.distro}${i.build.release ? ` ${i.build.release}` : ''}${i.build.packageVersion ? ` ${i.build.packageVersion}` : ''} ${i.build.source}]` : ''}`);

test('products from fingerprints, CPEs and banners (table)', () => {
  const rows: Array<[ServiceFacts, string[]]> = [
    [{ name: 'ssh', vendor: 'OpenBSD', product: 'OpenSSH', version: '8.9p1', cpe: 'cpe:/a:openbsd:openssh:8.9p1', sshSoftware: 'OpenSSH_8.9p1' },
      ['openbsd:openssh 8.9p1 cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*']],
    [{ name: 'ssh', sshSoftware: 'OpenSSH_8.9p1' }, ['openbsd:openssh 8.9p1 cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*']],
    [{ name: 'http', vendor: 'Apache', product: 'HTTPD', version: '2.4.57', httpServer: 'Apache/2.4.57 (Unix)' }, ['apache:http_server 2.4.57 cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*']],
    [{ name: 'http', httpServer: 'Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips mod_perl/2.0.11' }, [
      'apache:http_server 2.4.6 cpe:2.3:a:apache:http_server:2.4.6:*:*:*:*:*:*:* [centos service]',
      'openssl:openssl 1.0.2k cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:* [centos service]']],
    [{ name: 'http', vendor: 'nginx', product: 'nginx', version: '1.18.0', cpe: 'cpe:/a:f5:nginx:1.18.0', httpServer: 'nginx/1.18.0 (Ubuntu)' }, ['f5:nginx 1.18.0 cpe:2.3:a:f5:nginx:1.18.0:*:*:*:*:*:*:* [ubuntu service]']],
    [{ name: 'http', cpe: 'cpe:/a:igor_sysoev:nginx:1.4.0' }, ['f5:nginx 1.4.0 cpe:2.3:a:f5:nginx:1.4.0:*:*:*:*:*:*:*']],
    [{ name: 'http', vendor: 'Eclipse', product: 'Jetty', version: '9.4.53.v20231009' }, ['eclipse:jetty 9.4.53 cpe:2.3:a:eclipse:jetty:9.4.53:*:*:*:*:*:*:*']],
    [{ name: 'http', vendor: 'Microsoft', product: 'IIS', version: '10.0', cpe: 'cpe:/a:microsoft:iis:10.0' }, ['microsoft:internet_information_services 10.0 cpe:2.3:a:microsoft:internet_information_services:10.0:*:*:*:*:*:*:*']],
    [{ name: 'ftp', vendor: 'vsftpd', product: 'vsftpd', version: '2.3.4', banner: '220 (vsFTPd 2.3.4)' }, ['beasts:vsftpd 2.3.4 cpe:2.3:a:beasts:vsftpd:2.3.4:*:*:*:*:*:*:*']],
    [{ name: 'ftp', banner: '220 ProFTPD 1.3.5 Server (Debian) [::ffff:127.5.0.1]' }, ['proftpd:proftpd 1.3.5 cpe:2.3:a:proftpd:proftpd:1.3.5:*:*:*:*:*:*:* [debian service]']],
    [{ name: 'mysql', vendor: 'MariaDB', product: 'MariaDB', version: '10.6.16-MariaDB-0ubuntu0.22.04.1' }, ['mariadb:mariadb 10.6.16 cpe:2.3:a:mariadb:mariadb:10.6.16:*:*:*:*:*:*:* [ubuntu 22.04 service]']],
    [{ name: 'mysql', vendor: 'Oracle', product: 'MySQL', version: '8.0.36-0ubuntu0.22.04.1' }, ['oracle:mysql 8.0.36 cpe:2.3:a:oracle:mysql:8.0.36:*:*:*:*:*:*:* [ubuntu 22.04 service]']],
    [{ name: 'domain', vendor: 'ISC', product: 'BIND', version: '9.18.24-1-Debian' }, ['isc:bind 9.18.24 cpe:2.3:a:isc:bind:9.18.24:*:*:*:*:*:*:* [debian service]']],
    [{ name: 'http', vendor: 'Apache', product: 'Tomcat', version: '9.0.0.M13' }, ['apache:tomcat 9.0.0.M13 cpe:2.3:a:apache:tomcat:9.0.0.m13:*:*:*:*:*:*:*']],
    [{ name: 'redis', vendor: 'Redis', product: 'Redis', version: '7.2.4' }, ['redis:redis 7.2.4 cpe:2.3:a:redis:redis:7.2.4:*:*:*:*:*:*:*']],
    [{ name: 'smtp', vendor: 'exim', product: 'Exim', version: '4.96', banner: '220 mail ESMTP Exim 4.96 Debian' }, ['exim:exim 4.96 cpe:2.3:a:exim:exim:4.96:*:*:*:*:*:*:* [debian service]']],
    [{ name: 'http', product: 'lighttpd', httpServer: 'lighttpd/1.4.59' }, ['lighttpd:lighttpd 1.4.59 cpe:2.3:a:lighttpd:lighttpd:1.4.59:*:*:*:*:*:*:*']],
  ];
  for (const [facts, want] of rows) assert.deepEqual(ids(facts), want, JSON.stringify(facts));
});

test('nothing is invented: unknown products, no version, NA version, another vendor\'s httpd', () => {
  assert.deepEqual(ids({ name: 'http', vendor: 'Acme', product: 'Widget', version: '1.0' }), []);
  assert.deepEqual(ids({ name: 'imap', vendor: 'Dovecot', product: 'Dovecot', cpe: 'cpe:/a:dovecot:dovecot:-' }), []);
  assert.deepEqual(ids({ name: 'ssh', vendor: 'OpenBSD', product: 'OpenSSH', version: 'unknown' }), []);
  assert.deepEqual(ids({ name: 'http', vendor: 'Lighttpd-ish', product: 'httpd', version: '2.0' }), []);
  assert.deepEqual(ids({ name: 'http', cpe: 'cpe:not-a-cpe', vendor: 'nginx', product: 'nginx', version: '1.2.3' }), ['f5:nginx 1.2.3 cpe:2.3:a:f5:nginx:1.2.3:*:*:*:*:*:*:*'], 'a broken CPE falls back to names');
});

test('OpenSSH distribution comments give the package version; the host OS marks other builds', () => {
  assert.deepEqual(ids({ name: 'ssh', version: '8.9p1', product: 'OpenSSH', sshSoftware: 'OpenSSH_8.9p1', sshComments: 'Ubuntu-3ubuntu0.10' }),
    ['openbsd:openssh 8.9p1 cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:* [ubuntu 22.04 1:8.9p1-3ubuntu0.10 service]']);
  assert.deepEqual(ids({ name: 'ssh', product: 'OpenSSH', version: '7.4', sshSoftware: 'OpenSSH_7.4' }, { vendor: 'CentOS', version: '7' }),
    ['openbsd:openssh 7.4 cpe:2.3:a:openbsd:openssh:7.4:*:*:*:*:*:*:* [centos 7 host-os]']);
  assert.deepEqual(ids({ name: 'http', product: 'IIS', vendor: 'Microsoft', version: '10.0' }, { vendor: 'Ubuntu' }),
    ['microsoft:internet_information_services 10.0 cpe:2.3:a:microsoft:internet_information_services:10.0:*:*:*:*:*:*:*'], 'IIS is never a distribution package');
  assert.deepEqual(ids({ name: 'http', vendor: 'Elastic', product: 'Elasticsearch', version: '7.17.16' }, { vendor: 'Debian', version: '12' }),
    ['elastic:elasticsearch 7.17.16 cpe:2.3:a:elastic:elasticsearch:7.17.16:*:*:*:*:*:*:*'], 'vendor-packaged products ignore the host OS');
});

test('cleanVersion keeps the upstream part only', () => {
  const rows: Array<[string | undefined, string | undefined]> = [
    ['8.9p1', '8.9p1'], ['1.0.2k-fips', '1.0.2k'], ['9.4.53.v20231009', '9.4.53'], ['9.11.5-P4', '9.11.5-P4'], ['1.3.7rc2', '1.3.7rc2'],
    ['9.0.0.M1', '9.0.0.M1'], ['10.0.0-M4', '10.0.0-M4'], ['8.0.36-0ubuntu0.22.04.1', '8.0.36'], ['v1.2', undefined], ['', undefined], [undefined, undefined],
  ];
  for (const [raw, want] of rows) assert.equal(cleanVersion(raw), want, String(raw));
});

test('hostile service text: never throws, identities always carry a cleaned version', async () => {
  const fc = (await import('fast-check')).default;
  const text = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('Apache/', 'OpenSSH_', 'nginx/', 'OpenSSL/', '(Debian)', 'Ubuntu-', '9.', '1.0.2', 'p1', '-MariaDB').chain((p) => fc.string({ maxLength: 80 }).map((s) => `${p}${s}`)));
  fc.assert(fc.property(text, text, text, fc.option(text), (banner, server, version, cpe) => {
    const ids = identifyProducts({ name: 'x', banner, httpServer: server, version, ...(cpe ? { cpe } : {}), sshSoftware: banner, sshComments: version }, { vendor: server });
    for (const i of ids) assert.match(i.version, /^\d/);
  }), { seed: 42, numRuns: 3000 });
  const long = `Apache/${'1.'.repeat(5000)}1 ${'(Debian) '.repeat(500)}`;
  assert.ok(identifyProducts({ name: 'http', httpServer: long }).length <= 2);
});

test('absurdly long versions are ignored, not turned into CPEs', () => {
  assert.equal(cleanVersion(`1.${'1.'.repeat(40)}1`), undefined);
  assert.deepEqual(ids({ name: 'http', httpServer: `Apache/${'2.'.repeat(100)}4` }), []);
  assert.deepEqual(ids({ name: 'ssh', sshSoftware: `OpenSSH_9.${'9'.repeat(100)}` }), []);
});

test('fingerprint params fill what the service fields lack', () => {
  assert.deepEqual(ids({ name: 'http', params: { 'service.cpe23': 'cpe:/a:lighttpd:lighttpd:1.4.45' } }), ['lighttpd:lighttpd 1.4.45 cpe:2.3:a:lighttpd:lighttpd:1.4.45:*:*:*:*:*:*:*']);
  assert.deepEqual(ids({ name: 'smtp', params: { 'service.vendor': 'exim', 'service.product': 'Exim', 'service.version': '4.92' } }), ['exim:exim 4.92 cpe:2.3:a:exim:exim:4.92:*:*:*:*:*:*:*']);
  assert.deepEqual(ids({ name: 'smtp', product: 'Exim', version: '4.96', params: { 'service.version': '1.0' } }), ['exim:exim 4.96 cpe:2.3:a:exim:exim:4.96:*:*:*:*:*:*:*'], 'fields win over params');
});
