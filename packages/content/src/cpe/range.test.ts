// NVD range semantics, table-tested on real NVD CVE JSON 2.0 `cpeMatch` entries. OpenSSH's NVD
// names split the portable release into version + update (`8.9` + `p1`); they are joined here
// the way banners and Farsight's product normalisation write them (`8.9p1`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRange, findRange, versionInRange, type VersionRange } from './range.ts';

interface Row { cve: string; ranges: VersionRange[]; affected: string[]; notAffected: string[] }

const ROWS: Row[] = [
  { cve: 'CVE-2021-41773 (apache http_server 2.4.49 exact)', ranges: [{ version: '2.4.49' }], affected: ['2.4.49'], notAffected: ['2.4.48', '2.4.50', '2.4.4', '2.4.490'] },
  { cve: 'CVE-2021-42013 (2.4.49, 2.4.50 exact)', ranges: [{ version: '2.4.49' }, { version: '2.4.50' }], affected: ['2.4.49', '2.4.50'], notAffected: ['2.4.51', '2.4.48'] },
  { cve: 'CVE-2024-6387 (openssh < 4.4p1; 8.5p1 <= v < 9.8p1)', ranges: [{ versionEndExcluding: '4.4p1' }, { versionStartIncluding: '8.5p1', versionEndExcluding: '9.8p1' }],
    affected: ['3.9p1', '4.3p2', '8.5p1', '8.9p1', '9.2p1', '9.7p1'], notAffected: ['4.4p1', '7.4p1', '8.4p1', '9.8p1', '9.9p1'] },
  { cve: 'CVE-2023-38408 (openssh < 9.3p2)', ranges: [{ versionEndExcluding: '9.3p2' }], affected: ['9.3p1', '8.9p1', '5.0'], notAffected: ['9.3p2', '9.4p1', '10.0p1'] },
  { cve: 'CVE-2018-15473 (openssh through 7.7)', ranges: [{ versionEndIncluding: '7.7' }], affected: ['7.7', '7.6p1', '2.3'], notAffected: ['7.8', '7.8p1', '8.0'] },
  { cve: 'CVE-2014-0160 Heartbleed (openssl 1.0.1 <= v < 1.0.1g)', ranges: [{ versionStartIncluding: '1.0.1', versionEndExcluding: '1.0.1g' }],
    affected: ['1.0.1', '1.0.1a', '1.0.1f'], notAffected: ['1.0.0', '1.0.0t', '1.0.1g', '1.0.1u', '1.0.2', '0.9.8zh'] },
  { cve: 'CVE-2022-0778 (openssl 1.0.2-1.0.2zd, 1.1.0-1.1.1n, 3.0.0-3.0.2 excl.)', ranges: [
    { versionStartIncluding: '1.0.2', versionEndExcluding: '1.0.2zd' }, { versionStartIncluding: '1.1.0', versionEndExcluding: '1.1.1n' }, { versionStartIncluding: '3.0.0', versionEndExcluding: '3.0.2' }],
    affected: ['1.0.2k', '1.0.2zc', '1.1.0l', '1.1.1m', '3.0.1'], notAffected: ['1.0.2zd', '1.1.1n', '3.0.2', '1.0.1u'] },
  { cve: 'CVE-2017-7529 (nginx 0.5.6-1.12.1 excl., 1.13.0-1.13.3 excl.)', ranges: [{ versionStartIncluding: '0.5.6', versionEndExcluding: '1.12.1' }, { versionStartIncluding: '1.13.0', versionEndExcluding: '1.13.3' }],
    affected: ['0.5.6', '1.10.3', '1.12.0', '1.13.2'], notAffected: ['0.5.5', '1.12.1', '1.12.2', '1.13.3'] },
  { cve: 'CVE-2019-10149 (exim 4.87 <= v <= 4.91)', ranges: [{ versionStartIncluding: '4.87', versionEndIncluding: '4.91' }], affected: ['4.87', '4.89', '4.91'], notAffected: ['4.86.2', '4.92', '4.92.2'] },
  { cve: 'CVE-2020-1938 Ghostcat (tomcat 9.0.0.M1 <= v < 9.0.31)', ranges: [{ versionStartIncluding: '9.0.0.M1', versionEndExcluding: '9.0.31' }],
    affected: ['9.0.0.M1', '9.0.0.M27', '9.0.0', '9.0.30'], notAffected: ['9.0.31', '8.5.99', '10.0.0'] },
  { cve: 'CVE-2017-3167 (httpd < 2.2.33; 2.4.0 <= v < 2.4.26)', ranges: [{ versionEndExcluding: '2.2.33' }, { versionStartIncluding: '2.4.0', versionEndExcluding: '2.4.26' }],
    affected: ['2.2.32', '2.4.25', '2.4.0'], notAffected: ['2.2.33', '2.2.34', '2.4.26'] },
  { cve: 'CVE-2016-2776 (bind < 9.9.9-P3; 9.10.0 <= v < 9.10.4-P3)', ranges: [{ versionEndExcluding: '9.9.9-P3' }, { versionStartIncluding: '9.10.0', versionEndExcluding: '9.10.4-P3' }],
    affected: ['9.9.9', '9.9.9-P2', '9.10.4', '9.10.4-P2'], notAffected: ['9.9.9-P3', '9.10.4-P3', '9.10.5', '9.11.0'] },
  { cve: 'CVE-2021-28165 (jetty 7.2.2 <= v < 9.4.39; 10.0.0.alpha0 <= v < 10.0.2)', ranges: [{ versionStartIncluding: '7.2.2', versionEndExcluding: '9.4.39' }, { versionStartIncluding: '10.0.0.alpha0', versionEndExcluding: '10.0.2' }],
    affected: ['9.4.38', '10.0.0.alpha0', '10.0.0.beta3', '10.0.0', '10.0.1'], notAffected: ['9.4.39', '10.0.2', '7.2.1'] },
  { cve: 'start excluding (synthetic bound form NVD also uses)', ranges: [{ versionStartExcluding: '1.0', versionEndIncluding: '1.2' }], affected: ['1.0.1', '1.2'], notAffected: ['1.0', '1.2.1'] },
];

test('NVD ranges: affected and not-affected versions of real entries', () => {
  for (const row of ROWS) {
    for (const v of row.affected) assert.ok(findRange(v, row.ranges), `${row.cve}: ${v} is affected`);
    for (const v of row.notAffected) assert.equal(findRange(v, row.ranges), undefined, `${row.cve}: ${v} is not affected`);
  }
});

test('a match with no bound is exact; `*` matches every version', () => {
  assert.ok(versionInRange('1.2.3', {}));
  assert.ok(versionInRange('1.2.3', { version: '*' }));
  assert.ok(versionInRange('9.0', { version: '9.0.0' }), 'trailing zeros are equal');
  assert.ok(!versionInRange('9.0.1', { version: '9.0' }));
});

test('ranges read as people write them', () => {
  assert.equal(describeRange({ versionStartIncluding: '8.5p1', versionEndExcluding: '9.8' }), '[8.5p1, 9.8)');
  assert.equal(describeRange({ versionStartExcluding: '1.0', versionEndIncluding: '1.2' }), '(1.0, 1.2]');
  assert.equal(describeRange({ versionEndIncluding: '7.7' }), '<= 7.7');
  assert.equal(describeRange({ versionEndExcluding: '9.3p2' }), '< 9.3p2');
  assert.equal(describeRange({ versionStartIncluding: '2.4.0' }), '>= 2.4.0');
  assert.equal(describeRange({ version: '2.4.49' }), '= 2.4.49');
  assert.equal(describeRange({}), 'every version');
});
