import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { parsePairingFile, resolvePairing } from './config.ts';

const FP = 'ab'.repeat(32);
const FPN = Array(32).fill('AB').join(':');

test('pairing settings: flags over file over environment, NEXPOSE_ names accepted', () => {
  assert.equal(resolvePairing({}, {}, {}), undefined);
  assert.deepEqual(resolvePairing({}, {}, { NEXPOSE_CONSOLE_HOST: '127.0.0.1', NEXPOSE_CONSOLE_SECRET: 'AAAA-BBBB-CCCC', NEXPOSE_CONSOLE_CA_FINGERPRINT: FP }),
    { host: '127.0.0.1', port: 40815, secret: 'AAAA-BBBB-CCCC', caFingerprint: FPN });
  const file = parsePairingFile('# pairing\nFARSIGHT_CONSOLE_HOST=localhost\nFARSIGHT_CONSOLE_PORT="40900"\n\n');
  assert.deepEqual(resolvePairing({ secret: 'SECRET-SECRET' }, file, { FARSIGHT_CONSOLE_HOST: 'ignored', FARSIGHT_CONSOLE_CA_FINGERPRINT: FPN }),
    { host: 'localhost', port: 40900, secret: 'SECRET-SECRET', caFingerprint: FPN });
  assert.equal(resolvePairing({ host: '127.0.0.9', secret: 'SECRET-SECRET', caFingerprint: FP }, {}, { FARSIGHT_CONSOLE_HOST: 'x' })?.host, '127.0.0.9');
});

test('pairing settings: clear refusals', () => {
  const table: Array<[Parameters<typeof resolvePairing>[0], RegExp]> = [
    [{ host: '127.0.0.1' }, /--console-secret.*--console-ca-fingerprint/],
    [{ host: 'bad host!', secret: 'SECRET-SECRET', caFingerprint: FP }, /not an IP address or host name/],
    [{ host: '127.0.0.1', port: '99999', secret: 'SECRET-SECRET', caFingerprint: FP }, /port/],
    [{ host: '127.0.0.1', secret: 'SECRET-SECRET', caFingerprint: 'abc' }, /fingerprint/],
    [{ host: '127.0.0.1', secret: 'x', caFingerprint: FP }, /8 to 256/],
  ];
  for (const [flags, want] of table) assert.throws(() => resolvePairing(flags, {}, {}), (e: unknown) => isFarsightError(e, 'ENGINE_CONFIG_INVALID') && want.test((e as Error).message), JSON.stringify(flags));
  assert.throws(() => parsePairingFile('oops'), /line 1/);
});
