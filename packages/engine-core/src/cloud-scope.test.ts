import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outsideMessage, parseAllowedNetworks, targetsOutside } from './cloud-scope.ts';

test('targetsOutside: table', () => {
  const allowed = parseAllowedNetworks(['127.9.10.0/24', '127.9.11.5-127.9.11.9']);
  const table: Array<[string[], string[]]> = [
    [['127.9.10.1', '127.9.10.0/25'], []],
    [['127.9.11.5-127.9.11.9'], []],
    [['127.9.11.4-127.9.11.6'], ['127.9.11.4']],
    [['127.9.10.250-127.9.11.1'], ['127.9.11.0', '127.9.11.1']],
    [['db.internal', '127.9.12.1'], ['127.9.12.1']],
    [['127.9.0.0/16'], ['127.9.0.0', '127.9.0.1', '127.9.0.2', '127.9.0.3', '127.9.0.4']],
  ];
  for (const [targets, outside] of table) assert.deepEqual(targetsOutside(targets, allowed), outside, targets.join(','));
});

test('allowed networks must be addresses; the refusal names networks and targets', () => {
  assert.throws(() => parseAllowedNetworks([]), /FARSIGHT_ENGINE_ALLOWED_CIDRS/);
  assert.throws(() => parseAllowedNetworks(['vpc.example']), /hostnames cannot bound/);
  assert.throws(() => parseAllowedNetworks(['127.9.10.0/33']), /prefix/);
  const allowed = parseAllowedNetworks(['127.9.10.0/24']);
  assert.equal(outsideMessage(['127.9.12.1'], allowed), 'this cloud engine scans only inside 127.9.10.0/24; target(s) 127.9.12.1 are outside. Scan them from another engine or widen FARSIGHT_ENGINE_ALLOWED_CIDRS');
});
