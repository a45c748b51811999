import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSshCredentials } from './scan-auth.ts';

const cred = (hostRestriction?: string) => ({ id: 1, name: 'c', service: 'ssh' as const, user: 'u', port: 22, password: 'p', ...(hostRestriction ? { hostRestriction } : {}) });

test('a credential may be presented only inside scan targets ∩ host restriction − exclusions', async () => {
  const cases: Array<[string, string[], string[], string | undefined, string, boolean]> = [
    ['no restriction: every target', ['127.13.0.0/24'], [], undefined, '127.13.0.5', true],
    ['no restriction: not outside the targets', ['127.13.0.0/24'], [], undefined, '127.13.1.5', false],
    ['excluded target', ['127.13.0.0/24'], ['127.13.0.5'], undefined, '127.13.0.5', false],
    ['restriction inside the targets', ['127.13.0.0/24'], [], '127.13.0.5', '127.13.0.5', true],
    ['restriction: other target', ['127.13.0.0/24'], [], '127.13.0.5', '127.13.0.6', false],
    ['restriction wider than the targets', ['127.13.0.1-127.13.0.9'], [], '127.13.0.0/16', '127.13.0.20', false],
    ['restriction wider than the targets, inside', ['127.13.0.1-127.13.0.9'], [], '127.13.0.0/16', '127.13.0.9', true],
    ['restriction outside the targets', ['127.13.0.0/24'], [], '127.13.9.9', '127.13.9.9', false],
    ['restriction, excluded', ['127.13.0.0/24'], ['127.13.0.0/28'], '127.13.0.5', '127.13.0.5', false],
  ];
  for (const [what, targets, exclusions, restriction, address, want] of cases) {
    const { credentials, warnings } = await toSshCredentials([cred(restriction)], { targets, exclusions });
    assert.deepEqual(warnings, [], what);
    assert.equal(credentials[0]?.scope.has(address), want, what);
    assert.equal(credentials[0]?.scope.hasName('anything'), false, what);
  }
});

test('a host-name or invalid restriction drops the credential with a warning (never widened)', async () => {
  for (const bad of ['db.example.internal', '127.13.0.0/99']) {
    const r = await toSshCredentials([cred(bad)], { targets: ['127.13.0.0/24'], exclusions: [] });
    assert.equal(r.credentials.length, 0, bad);
    assert.match(r.warnings[0] ?? '', /not used/, bad);
  }
});

test('secrets are wrapped: the credential prints no password', async () => {
  const { credentials } = await toSshCredentials([{ ...cred(), password: 'Canary-scan-auth-pw', elevation: { method: 'sudo', password: 'Canary-elev' } }], { targets: ['127.13.0.1'], exclusions: [] });
  const text = JSON.stringify(credentials) + String(credentials[0]?.password);
  assert.ok(!text.includes('Canary'), text);
  assert.equal(credentials[0]?.elevation?.password?.reveal(), 'Canary-elev');
});
