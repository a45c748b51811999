import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateVersion, parseProtocolVersion, PROTOCOL_VERSION } from './version.ts';

test('parses MAJOR.MINOR and refuses everything else', () => {
  const table: Array<[string, ReturnType<typeof parseProtocolVersion>]> = [
    ['1.0', { major: 1, minor: 0 }],
    ['12.34', { major: 12, minor: 34 }],
    ['1', undefined], ['1.0.0', undefined], ['01.0', undefined], ['v1.0', undefined],
    ['', undefined], ['1.-1', undefined], ['1.0 ', undefined], ['9999999.0', undefined],
  ];
  for (const [text, want] of table) assert.deepEqual(parseProtocolVersion(text), want, text);
});

test('negotiation: same major speaks the lower minor, another major is incompatible', () => {
  const table: Array<[string, string, string | 'incompatible']> = [
    ['1.0', '1.0', '1.0'],
    ['1.3', '1.1', '1.1'],
    ['1.1', '1.4', '1.1'],
    ['2.0', '1.0', 'incompatible'],
    ['0.9', '1.0', 'incompatible'],
    ['banana', '1.0', 'incompatible'],
  ];
  for (const [offered, ours, want] of table) {
    const got = negotiateVersion(offered, ours);
    assert.equal(got.ok ? got.version : got.code, want, `${offered} vs ${ours}`);
  }
  assert.deepEqual(negotiateVersion(PROTOCOL_VERSION), { ok: true, version: PROTOCOL_VERSION });
});
