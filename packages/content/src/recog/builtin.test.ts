// Farsight's own fingerprints (packages/content/fingerprints): every example must produce its
// expected params and be the *first* match for its key, so a broad fingerprint can never
// shadow a specific one; none may fail to translate or backtrack worse than quadratically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FingerprintDb } from './fingerprint-db.ts';

test('built-in fingerprints: every example passes and is the first match of its key', async () => {
  const db = await FingerprintDb.builtin();
  assert.ok(db.size >= 100, `only ${db.size} built-in fingerprints`);
  const problems: string[] = [];
  let examples = 0;
  for (const fp of db.fingerprints()) {
    if (fp.examples.length === 0) problems.push(`${fp.id}: no <example>`);
    if (fp.backtrackingDegree > 2) problems.push(`${fp.id}: backtracking-prone pattern /${fp.pattern}/ (degree ${fp.backtrackingDegree})`);
    for (const ex of fp.examples) {
      examples++;
      const text = ex.text ?? '';
      const own = fp.match(text);
      if (!own) {
        problems.push(`${fp.id}: does not match its example ${JSON.stringify(text)}`);
        continue;
      }
      for (const [k, v] of Object.entries(ex.expected)) {
        if (own.params[k] !== v) problems.push(`${fp.id}: ${JSON.stringify(text)} gives ${k}=${JSON.stringify(own.params[k])}, expected ${JSON.stringify(v)}`);
      }
      const first = db.match(fp.matchKey, text);
      if (first?.fingerprint !== fp.id) problems.push(`${fp.id}: example ${JSON.stringify(text)} is taken first by ${first?.fingerprint}`);
    }
  }
  assert.deepEqual(db.regexFailures(), []);
  assert.deepEqual(problems, []);
  console.log(`built-in fingerprints: ${db.size} in ${db.files.length} files, ${examples} examples`);
});

test('built-in fingerprints cover the products Farsight must name (spot checks through the public API)', async () => {
  const db = await FingerprintDb.builtin();
  const cases: [string, string, Record<string, string>][] = [
    ['ssh.banner', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', { 'service.product': 'OpenSSH', 'service.version': '8.9p1', 'os.vendor': 'Ubuntu', 'os.product': 'Linux', 'os.version': '22.04', 'openssh.comment': 'Ubuntu-3ubuntu0.10' }],
    ['ssh.banner', 'OpenSSH_9.2p1 Debian-2+deb12u3', { 'service.cpe23': 'cpe:/a:openbsd:openssh:9.2p1', 'os.vendor': 'Debian', 'os.version': '12.0' }],
    ['ssh.banner', 'dropbear_2022.83', { 'service.vendor': 'Dropbear SSH Project', 'service.version': '2022.83' }],
    ['http_header.server', 'Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips', { 'service.product': 'HTTPD', 'service.version': '2.4.6', 'os.vendor': 'CentOS' }],
    ['http_header.server', 'Microsoft-IIS/10.0', { 'service.vendor': 'Microsoft', 'service.product': 'IIS', 'service.cpe23': 'cpe:/a:microsoft:iis:10.0' }],
    ['http_header.x-powered-by', 'Express', { 'service.product': 'Express' }],
    ['html_title', 'Welcome to nginx!', { 'service.product': 'nginx' }],
    ['ftp.banner', '(vsFTPd 3.0.5)', { 'service.product': 'vsFTPd', 'service.version': '3.0.5' }],
    ['smtp.banner', 'mx.example.org ESMTP Exim 4.97 Mon, 01 Apr 2024 12:00:00 +0000', { 'service.product': 'exim', 'service.version': '4.97' }],
    ['imap4.banner', 'Dovecot ready.', { 'service.product': 'Dovecot' }],
    ['mysql.banners', '5.5.5-10.6.16-MariaDB-0ubuntu0.22.04.1', { 'service.product': 'MariaDB', 'service.version': '10.6.16', 'os.version': '22.04' }],
    ['redis.info', '# Server\r\nredis_version:7.2.4\r\nos:Linux 6.1.0-18-amd64 x86_64\r\n', { 'service.product': 'Redis', 'service.version': '7.2.4' }],
    ['memcached.version', 'VERSION 1.6.21', { 'service.product': 'Memcached', 'service.version': '1.6.21' }],
    ['mongodb.buildinfo', '{"version":"7.0.8","ok":1}', { 'service.product': 'MongoDB', 'service.version': '7.0.8' }],
    ['http_body', '{"version":{"number":"8.12.0"},"tagline":"You Know, for Search"}', { 'service.product': 'Elasticsearch', 'service.version': '8.12.0' }],
  ];
  for (const [key, text, want] of cases) {
    const m = db.match(key, text);
    assert.ok(m, `${key} ${text}`);
    for (const [k, v] of Object.entries(want)) assert.equal(m.params[k], v, `${key} ${text}: ${k}`);
  }
});
