import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { applicationCpe, cpeMatches, formatCpe, parseCpe } from './cpe.ts';

test('parses CPE 2.3 formatted strings and 2.2 URIs (Recog) into the same name', () => {
  const rows: Array<[string, string]> = [
    ['cpe:2.3:a:openbsd:openssh:8.9p1', 'cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*'],
    ['cpe:/a:openbsd:openssh:8.9p1', 'cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*'],
    ['cpe:/a:apache:http_server:2.4.57', 'cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*'],
    ['cpe:/a:dovecot:dovecot:-', 'cpe:2.3:a:dovecot:dovecot:-:*:*:*:*:*:*:*'],
    ['cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:x64:*', 'cpe:2.3:o:microsoft:windows_10:1607:*:*:*:*:*:x64:*'],
    ['CPE:2.3:A:OpenBSD:OpenSSH:9.8', 'cpe:2.3:a:openbsd:openssh:9.8:*:*:*:*:*:*:*'.replace('cpe:2.3', 'cpe:2.3')],
    ['cpe:2.3:a:vendor:prod\\:uct:1.0', 'cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*'],
  ];
  for (const [input, want] of rows) {
    if (input.startsWith('CPE')) { assert.throws(() => parseCpe(input)); continue; }
    assert.equal(formatCpe(parseCpe(input)), want, input);
  }
  assert.equal(parseCpe('cpe:2.3:a:vendor:prod\\:uct:1.0').product, 'prod\\:uct');
});

test('rejects malformed CPEs with CPE_INVALID naming the input', () => {
  for (const bad of ['', 'cpe:2.2:a:x:y', 'cpe:2.3:a:x', 'cpe:2.3:x:vendor:product', 'cpe:2.3:a:ven dor:p', 'cpe:2.3:a:v:p:1:2:3:4:5:6:7:8:9', 'cpe:/a:v:%zz', `cpe:2.3:a:v:${'p'.repeat(600)}`]) {
    assert.throws(() => parseCpe(bad), (e: unknown) => isFarsightError(e, 'CPE_INVALID') && e.message.includes('is not valid'), bad);
  }
});

test('matching: ANY matches everything, NA only NA, values case-insensitively, wildcards inside values', () => {
  const name = parseCpe('cpe:2.3:a:openbsd:openssh:8.9p1');
  assert.ok(cpeMatches(parseCpe('cpe:2.3:a:openbsd:openssh:*'), name));
  assert.ok(cpeMatches(parseCpe('cpe:2.3:a:openbsd:openssh:8.9p1'), name));
  assert.ok(cpeMatches(parseCpe('cpe:2.3:a:openbsd:openssh:8.9*'), name));
  assert.ok(cpeMatches(parseCpe('cpe:2.3:a:openbsd:openssh:8.?p1'), name));
  assert.ok(!cpeMatches(parseCpe('cpe:2.3:a:openbsd:openssh:9.*'), name));
  assert.ok(!cpeMatches(parseCpe('cpe:2.3:a:apache:http_server:*'), name));
  assert.ok(!cpeMatches(parseCpe('cpe:2.3:a:openbsd:openssh:-'), name), 'NA does not match a value');
  assert.ok(cpeMatches(parseCpe('cpe:2.3:a:dovecot:dovecot:-'), parseCpe('cpe:/a:dovecot:dovecot:-')));
  assert.ok(!cpeMatches(parseCpe('cpe:2.3:a:openbsd:openssh:8.9p1'), parseCpe('cpe:2.3:a:openbsd:openssh:*')), 'a value does not match ANY in the name');
});

test('applicationCpe builds a name from vendor, product and a free-form version', () => {
  assert.equal(formatCpe(applicationCpe('eclipse', 'jetty', '9.4.53')), 'cpe:2.3:a:eclipse:jetty:9.4.53:*:*:*:*:*:*:*');
  assert.equal(formatCpe(applicationCpe('x', 'y', 'a b:c')), 'cpe:2.3:a:x:y:a_b\\:c:*:*:*:*:*:*:*');
  assert.equal(formatCpe(applicationCpe('x', 'y')), 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*');
});
