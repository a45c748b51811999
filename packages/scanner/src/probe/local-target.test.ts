import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ephemeralRange, interfaceAddresses, isLocalAddress } from './local-target.ts';

test('local addresses: loopback, unspecified and our interfaces; nothing else', () => {
  const ifs = new Set(['192.0.2.7', 'fe80::1']);
  for (const a of ['127.0.0.1', '127.0.5.9', '::1', '::FFFF:127.0.0.1', '0.0.0.0', '192.0.2.7', 'FE80::1']) assert.equal(isLocalAddress(a, ifs), true, a);
  for (const a of ['192.0.2.8', '10.0.0.1', '2001:db8::1', '128.0.0.1']) assert.equal(isLocalAddress(a, ifs), false, a);
  assert.ok(interfaceAddresses().has('127.0.0.1'), 'the loopback interface is listed');
});

test('the ephemeral range is a sane port interval', () => {
  const [lo, hi] = ephemeralRange();
  assert.ok(lo >= 1 && lo <= hi && hi <= 65535, `${lo}-${hi}`);
});
