import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFarsightError } from '@farsight/common';
import { cvss31VectorError, cvss40VectorError, cvssBaseScore, severityOfScore } from './cvss.ts';

test('scores of well-known vectors (NVD base scores)', () => {
  const rows: Array<[string, number]> = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8], // CVE-2023-38408
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1], // CVE-2024-6387
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N', 5.9], // CVE-2023-48795
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5], // CVE-2021-41773
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H', 9.0], // CVE-2021-40438
    ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.0], // CVE-2021-41617
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9], // CVE-2025-49844
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
  ];
  for (const [v, score] of rows) assert.equal(cvssBaseScore(v), score, v);
});

test('invalid vectors are refused before scoring (the calculator would accept them)', () => {
  const bad = [
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', // missing A
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P', // temporal metric
    'CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H', // order
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // value
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', // trailing slash
    'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // version
    'AV:N/AC:L/Au:N/C:P/I:P/A:P', // v2
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // UI:R is v3
    '',
  ];
  for (const v of bad) {
    assert.ok((v.startsWith('CVSS:4.0') ? cvss40VectorError(v) : cvss31VectorError(v)) !== undefined, v);
    assert.throws(() => cvssBaseScore(v), (e: unknown) => isFarsightError(e, 'CVSS_VECTOR_INVALID'), v);
  }
});

test('property: every grammatical v3.1 vector scores within 0..10 and its band is consistent', () => {
  const m = (values: string[]) => fc.constantFrom(...values);
  fc.assert(fc.property(m(['N', 'A', 'L', 'P']), m(['L', 'H']), m(['N', 'L', 'H']), m(['N', 'R']), m(['U', 'C']), m(['H', 'L', 'N']), m(['H', 'L', 'N']), m(['H', 'L', 'N']),
    (av, ac, pr, ui, s, c, i, a) => {
      const v = `CVSS:3.1/AV:${av}/AC:${ac}/PR:${pr}/UI:${ui}/S:${s}/C:${c}/I:${i}/A:${a}`;
      const score = cvssBaseScore(v);
      assert.ok(score >= 0 && score <= 10, v);
      assert.equal(severityOfScore(score) === 'info', score === 0, v);
    }), { seed: 7, numRuns: 300 });
});

test('severity bands', () => {
  assert.deepEqual([0, 0.1, 3.9, 4.0, 6.9, 7.0, 8.9, 9.0, 10].map(severityOfScore), ['info', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
});
