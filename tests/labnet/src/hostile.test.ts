// Hostile hosts misbehave as specified, each within a bounded time (127.0.71.x).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet, type Labnet } from './index.ts';
import { tcpExchange, tlsFacts } from './test-client.ts';

const A = (n: number): string => `127.0.71.${n}`;
let net: Labnet;

before(async () => {
  net = await startLabnet({
    name: 'hostile-test',
    hosts: [
      { address: A(1), hostile: 'drip', ports: [80, 22] },
      { address: A(2), hostile: 'flood', ports: [80] },
      { address: A(3), hostile: 'garbage', ports: [21] },
      { address: A(4), hostile: 'silent', ports: [22] },
      { address: A(5), hostile: 'tls-stall', ports: [443] },
    ],
  }, { ttlSeconds: 60 });
});
after(async () => { await net?.stop(); });

test('ground truth of hostile hosts: open ports, service unknown', () => {
  const truth = net.groundTruth();
  const drip = truth.hosts.find((h) => h.address === A(1));
  assert.equal(drip?.hostile, 'drip');
  assert.deepEqual(drip?.services.map((s) => [s.port, s.protocol, s.name]), [[22, 'tcp', 'unknown'], [80, 'tcp', 'unknown']]);
});

// The slow behaviours are observed side by side so the suite stays short.
describe('hostile behaviours', { concurrency: true }, () => {
  test('drip sends one byte at a time and keeps the connection open', async () => {
    const r = await tcpExchange(A(1), 80, { timeoutMs: 2500 });
    assert.ok(r.data.length >= 2 && r.data.length <= 4, `got ${r.data.length} bytes in 2.5 s`);
    assert.equal(r.closed, false);
  });

  test('flood sends megabytes as fast as the reader takes them', async () => {
    const r = await tcpExchange(A(2), 80, { timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.equal(r.data.length, 8 * 1024 * 1024);
  });

  test('garbage sends random bytes then closes', async () => {
    const r = await tcpExchange(A(3), 21, { timeoutMs: 3000 });
    assert.ok(r.data.length >= 1024, `got ${r.data.length} bytes`);
    assert.equal(r.closed, true);
  });

  test('silent accepts, reads, never speaks and never closes', async () => {
    const r = await tcpExchange(A(4), 22, { send: ['SSH-2.0-probe\r\n'], timeoutMs: 1200 });
    assert.equal(r.data.length, 0);
    assert.equal(r.closed, false);
  });

  test('tls-stall reads the ClientHello and never answers', async () => {
    const r = await tlsFacts(A(5), 443, {}, 1500);
    assert.equal(r.ok, false);
    assert.equal(r.error, 'timeout');
    assert.ok(net.connections(A(5), 443) >= 1);
  });
});
