import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { normaliseDefinition, parseCvss2, parseCvss3, severityOf } from './vulnerabilities-model.ts';

test('CVSS vectors: base metrics parsed, bad ones named', () => {
  assert.deepEqual(parseCvss3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P'), { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H', E: 'P' });
  assert.equal(parseCvss2('(AV:N/AC:L/Au:N/C:P/I:P/A:P)').Au, 'N');
  const bad: Array<[() => unknown, RegExp]> = [
    [() => parseCvss3('AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), /must start with CVSS:3/],
    [() => parseCvss3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'), /base metric A /],
    [() => parseCvss3('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), /AV must be one of N\/A\/L\/P/],
    [() => parseCvss3('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), /appears twice/],
    [() => parseCvss2('AV:N/AC:L/Au:N/C:P/I:P'), /base metric A /],
    [() => parseCvss2('AV:N/AC:L/Au/C:P/I:P/A:P'), /'Au' is not METRIC:VALUE/],
  ];
  for (const [f, re] of bad) assert.throws(f, (e) => isFarsightError(e, 'INVALID_ARGUMENT') && re.test(e.message));
});

test('severity: explicit score, else rounded CVSS, else the label', () => {
  assert.deepEqual([severityOf(1), severityOf(3), severityOf(4), severityOf(7), severityOf(8), severityOf(10)], ['Moderate', 'Moderate', 'Severe', 'Severe', 'Critical', 'Critical']);
  const d = (over: object) => normaliseDefinition({ id: 'X-1', title: 't', ...over });
  assert.deepEqual([d({ severityScore: 2 }).severity, d({ severityScore: 2 }).id], ['Moderate', 'x-1']);
  assert.equal(d({ cvss: { v3: { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 } } }).severityScore, 10);
  assert.equal(d({ cvss: { v2: { vector: 'AV:L/AC:H/Au:M/C:N/I:N/A:N', score: 0 } } }).severityScore, 1, 'at least 1');
  assert.deepEqual([d({ severity: 'Critical' }).severityScore, d({ severity: 'Critical' }).severity], [9, 'Critical']);
  for (const [over, re] of [[{}, /give a severity/], [{ severityScore: 11 }, /1-10/], [{ severity: 'High' }, /'High'/], [{ severity: 'Severe', published: '2024-13-01x' }, /published/], [{ id: 'bad id', severity: 'Severe' }, /'bad id'/], [{ severity: 'Severe', cvss: { v3: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 11 } } }, /0\.0-10\.0/]] as const) {
    assert.throws(() => d(over), re);
  }
});
