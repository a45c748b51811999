import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PortListCache, uniquePorts } from './port-list.ts';

test('port lists are validated and de-duplicated in order', () => {
  assert.deepEqual([...uniquePorts([443, 22, 443, 80, 22], 'h')], [443, 22, 80]);
  for (const bad of [0, 65536, -1, 1.5, Number.NaN]) {
    assert.throws(() => uniquePorts([80, bad], '127.0.5.1'), { code: 'PORT_SPEC_INVALID', message: new RegExp(`port ${String(bad)} for 127.0.5.1`) });
  }
});

test('the same array is validated once, and again when its contents change', () => {
  const cache = new PortListCache();
  const ports = [22, 80, 80];
  const a = cache.get(ports, 'h1');
  assert.equal(cache.get(ports, 'h2'), a, 'shared between hosts');
  ports.push(443);
  assert.deepEqual([...cache.get(ports, 'h3')], [22, 80, 443]);
  ports[0] = 0;
  assert.throws(() => cache.get(ports, 'h4'), { code: 'PORT_SPEC_INVALID' });
});
