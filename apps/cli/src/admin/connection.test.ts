import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caFileOf, parseConsoleUrl, resolveCredentials } from './connection.ts';
import { apiError, exitStatusOf } from './errors.ts';
import { exceptionBody } from './exceptions.ts';
import { siteIds } from './users.ts';
import { exitStatusOfScan } from './scan-wait.ts';

test('credentials: API key first, else user + password from the environment only', () => {
  assert.deepEqual(resolveCredentials({}, { FARSIGHT_API_KEY: 'fsk_x' }), { kind: 'api-key', key: 'fsk_x' });
  assert.deepEqual(resolveCredentials({}, { FARSIGHT_USER: 'a', FARSIGHT_PASSWORD: 'p' }), { kind: 'basic', user: 'a', password: 'p' });
  assert.deepEqual(resolveCredentials({ user: 'b' }, { FARSIGHT_API_KEY: 'fsk_x', FARSIGHT_PASSWORD: 'p' }), { kind: 'basic', user: 'b', password: 'p' });
  assert.throws(() => resolveCredentials({ user: 'b' }, {}), /set FARSIGHT_PASSWORD/);
  assert.throws(() => resolveCredentials({}, {}), /no console credentials/);
});

test('console URL: https only, no credentials in it', () => {
  assert.equal(parseConsoleUrl('127.0.0.1:3780').origin, 'https://127.0.0.1:3780');
  assert.equal(parseConsoleUrl('https://localhost:3780/').origin, 'https://localhost:3780');
  for (const bad of ['http://127.0.0.1:3780', 'https://a:b@127.0.0.1', 'https://[::1']) assert.throws(() => parseConsoleUrl(bad), /--console/);
});

test('CA file: --ca, FARSIGHT_CA, data dir, then the local default when present', () => {
  const no = (): boolean => false;
  assert.equal(caFileOf({ ca: 'x.pem', dataDir: 'd' }, { FARSIGHT_CA: 'y.pem' }, no), 'x.pem');
  assert.equal(caFileOf({ dataDir: 'd' }, { FARSIGHT_CA: 'y.pem' }, no), 'y.pem');
  assert.equal(caFileOf({ dataDir: 'd' }, {}, no), 'd/tls/ca.pem');
  assert.equal(caFileOf({}, { FARSIGHT_DATA_DIR: 'e' }, no), 'e/tls/ca.pem');
  assert.equal(caFileOf({}, {}, no), undefined);
  assert.equal(caFileOf({}, {}, () => true), '.farsight/console/tls/ca.pem');
});

test('API errors: the body code is kept; 4xx input errors exit 2, the rest 1', () => {
  const table: Array<[number, unknown, string, number]> = [
    [404, { status: '404', message: 'site 9 not found', code: 'NOT_FOUND' }, 'NOT_FOUND', 2],
    [400, { message: 'bad', code: 'TARGET_INVALID' }, 'TARGET_INVALID', 2],
    [409, { message: 'dup', code: 'CONFLICT' }, 'CONFLICT', 2],
    [401, { message: 'no', code: 'UNAUTHENTICATED' }, 'UNAUTHENTICATED', 1],
    [403, { message: 'no' }, 'PERMISSION_DENIED', 1],
    [429, undefined, 'RATE_LIMITED', 1],
    [502, 'gateway', 'INTERNAL', 1],
    [400, { message: 'x', code: 'SOME_FUTURE_CODE' }, 'INVALID_ARGUMENT', 2],
  ];
  for (const [status, body, code, exit] of table) {
    const e = apiError(status, body, 'GET /x');
    assert.equal(e.code, code, `${status}`);
    assert.equal(e.exitStatus, exit, `${status}`);
    assert.equal(exitStatusOf(status), exit);
  }
  assert.match(apiError(401, {}, 'GET /x').message, /FARSIGHT_API_KEY/);
  assert.match(apiError(500, {}, 'GET /x').message, /GET \/x: HTTP 500/);
});

test('exception body: scope ids come from --site/--asset; port/key only for instances', () => {
  const base = { vulnerability: 'v', reason: 'other', comment: 'c' };
  assert.deepEqual(exceptionBody({ ...base, scope: 'global' }), { scope: { type: 'Global', vulnerability: 'v' }, submit: { reason: 'other', comment: 'c' } });
  assert.deepEqual(exceptionBody({ ...base, scope: 'instance', asset: 4, port: 22, expires: '2030-01-01' }).scope, { type: 'Instance', id: 4, vulnerability: 'v', port: 22 });
  assert.equal(exceptionBody({ ...base, scope: 'site', site: 3 }).scope.id, 3);
  assert.throws(() => exceptionBody({ ...base, scope: 'asset' }), /needs --asset/);
  assert.throws(() => exceptionBody({ ...base, scope: 'site', port: 1, site: 1 }), /instance scope only/);
});

test('site ids and scan exit status', () => {
  assert.deepEqual(siteIds(['1', '4']), [1, 4]);
  assert.throws(() => siteIds(['x']), /not a site id/);
  assert.equal(exitStatusOfScan('finished'), 0);
  assert.equal(exitStatusOfScan('stopped'), 1);
  assert.equal(exitStatusOfScan('error'), 1);
});
