import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostResult } from '@farsight/scanner';
import { runTestCheck } from './test-check.ts';
import { fitHost } from './host-fit.ts';
import { LIMITS } from '@farsight/engine-protocol';

const host = (ports: Array<[number, 'tcp' | 'udp']>, status: 'up' | 'down' = 'up'): HostResult => ({
  address: '127.0.94.1', hostnames: [], status, reason: 'x', os: {}, findings: [],
  services: ports.map(([port, protocol]) => ({ port, protocol, state: 'open' as const, name: 'http', product: 'nginx', version: '1.2', evidence: [] })),
});
const rule = { checkId: 'farsight-test-open-port', port: 8081, protocol: 'tcp' as const, severity: 'medium' as const };

test('test check: a finding per matching open port, none otherwise', () => {
  const table: Array<[HostResult, number]> = [
    [host([[8081, 'tcp']]), 1],
    [host([[22, 'tcp'], [8081, 'tcp']]), 1],
    [host([[8081, 'udp']]), 0],
    [host([[80, 'tcp']]), 0],
    [host([[8081, 'tcp']], 'down'), 0],
  ];
  for (const [h, n] of table) assert.equal(runTestCheck(h, rule).length, n);
  const [f] = runTestCheck(host([[8081, 'tcp']]), rule);
  assert.deepEqual({ ...f, title: undefined, proof: undefined }, { checkId: rule.checkId, port: 8081, protocol: 'tcp', instance: '', severity: 'medium', title: undefined, proof: undefined });
  assert.match(f?.proof ?? '', /nginx 1\.2/);
});

test('fitHost truncates over-long fields instead of losing the host', () => {
  const h = host([[80, 'tcp']]);
  const svc = h.services[0];
  assert.ok(svc);
  svc.banner = 'A'.repeat(LIMITS.textChars * 3);
  svc.http = { statusCode: 200, headers: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x-h${i}`, 'v'])) };
  svc.evidence = Array.from({ length: 200 }, () => ({ probe: 'p', key: 'k', value: 'v' }));
  const r = fitHost(h);
  assert.ok(r.ok);
  assert.ok(r.truncated >= 3);
  assert.equal(r.host.services[0]?.banner?.length, LIMITS.textChars);
  assert.equal(r.host.services[0]?.evidence.length, LIMITS.evidence);
  assert.ok(Object.keys(r.host.services[0]?.http?.headers ?? {}).length <= LIMITS.mapEntries);
  const clean = fitHost(host([[22, 'tcp']]));
  assert.ok(clean.ok && clean.truncated === 0);
});
