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

test('a host reached through a target name: admitted only when its resolved address is inside the restriction and not excluded', async () => {
  const { credentialsFor } = await import('@farsight/scanner/auth/credentials');
  // [what, targets, exclusions, restriction, resolved address, names the scan resolved to it, admitted]
  const cases: Array<[string, string[], string[], string | undefined, string, string[], boolean]> = [
    ['named target, no restriction', ['web1.farsight.test'], [], undefined, '127.13.0.5', ['web1.farsight.test'], true],
    ['name matching is case-insensitive', ['Web1.Farsight.Test'], [], undefined, '127.13.0.5', ['web1.farsight.test'], true],
    ['no name: the address alone is not a target', ['web1.farsight.test'], [], undefined, '127.13.0.5', [], false],
    ['another name', ['web1.farsight.test'], [], undefined, '127.13.0.5', ['web2.farsight.test'], false],
    ['restriction holds the resolved address', ['web1.farsight.test'], [], '127.13.0.0/24', '127.13.0.5', ['web1.farsight.test'], true],
    ['restriction does not hold it', ['web1.farsight.test'], [], '127.13.1.0/24', '127.13.0.5', ['web1.farsight.test'], false],
    ['resolved address excluded', ['web1.farsight.test'], ['127.13.0.5'], undefined, '127.13.0.5', ['web1.farsight.test'], false],
    ['name excluded', ['web1.farsight.test'], ['web1.farsight.test'], undefined, '127.13.0.5', ['web1.farsight.test'], false],
    ['address target, any name', ['127.13.0.0/24'], [], undefined, '127.13.0.5', ['web9.farsight.test'], true],
  ];
  for (const [what, targets, exclusions, restriction, address, names, want] of cases) {
    const { credentials, warnings } = await toSshCredentials([cred(restriction)], { targets, exclusions });
    assert.deepEqual(warnings, [], what);
    assert.equal(credentialsFor(credentials, address, names).length, want ? 1 : 0, what);
  }
});
