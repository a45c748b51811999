// Start, stop, TTL and bind failures release every address and port (127.0.72.x, 127.0.73.x).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { isFarsightError } from '@farsight/common';
import { startLabnet, type LabnetSpec } from './index.ts';
import { tcpExchange } from './test-client.ts';

const A = (n: number): string => `127.0.72.${n}`;

function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host, port, exclusive: true }, () => resolve(s));
  });
}
const close = (s: Server): Promise<void> => new Promise((r) => s.close(() => r()));

function bindUdp(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', (e) => { s.close(); reject(e); });
    s.bind({ address: host, port, exclusive: true }, () => s.close(() => resolve()));
  });
}

const small: LabnetSpec = {
  name: 'lifecycle',
  hosts: [
    { address: A(1), services: [{ port: 8080, profile: 'jetty-9.4.53' }, { port: 53, profile: 'dnsmasq-2.89' }, { port: 8443, profile: 'nginx-1.18.0', type: 'https' }] },
    { address: A(2), hostile: 'silent', ports: [2222] },
  ],
};

test('stop() closes live connections, releases every port and is idempotent', async () => {
  const net = await startLabnet(small, { ttlSeconds: 60 });
  const live = tcpExchange(A(2), 2222, { timeoutMs: 5000 });
  await new Promise((r) => setTimeout(r, 100));
  await Promise.all([net.stop(), net.stop()]);
  const r = await live;
  assert.equal(r.closed, true, 'a silent connection is closed by stop()');
  for (const port of [8080, 8443]) await close(await listen(A(1), port));
  await close(await listen(A(2), 2222));
  await bindUdp(A(1), 53);
  const again = await startLabnet(small, { ttlSeconds: 60 });
  const ok = await tcpExchange(A(1), 8080, { send: ['GET / HTTP/1.0\r\n\r\n'] });
  assert.match(ok.data.toString(), /Server: Jetty\(9\.4\.53\.v20231009\)/);
  await again.stop();
  await net.stop();
});

test('the TTL stops the network by itself', async () => {
  const net = await startLabnet(small, { ttlSeconds: 1 });
  assert.equal(net.stopped, false);
  for (let i = 0; i < 40 && !net.stopped; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(net.stopped, true);
  await net.stop();
  await close(await listen(A(1), 8080));
});

test('a port already taken fails with LABNET_BIND_FAILED and releases what was bound', async () => {
  const blocker = await listen(A(5), 8080);
  try {
    await assert.rejects(
      startLabnet({ name: 'clash', hosts: [{ address: A(4), services: [{ port: 80, profile: 'iis-10.0' }] }, { address: A(5), services: [{ port: 8080, profile: 'iis-10.0' }] }] }),
      (e: unknown) => isFarsightError(e, 'LABNET_BIND_FAILED') && /127\.0\.72\.5 port 8080\/tcp: EADDRINUSE/.test(e.message),
    );
    await close(await listen(A(4), 80));
  } finally {
    await close(blocker);
  }
});

test('bench-24 starts 254 hosts (relocated) and they answer', async () => {
  const net = await startLabnet('bench-24', { ttlSeconds: 60, relocate: '127.0.73' });
  try {
    const truth = net.groundTruth();
    assert.equal(truth.hosts.length, 254);
    const h = truth.hosts[100];
    const s = h?.services.find((x) => x.protocol === 'tcp' && x.name === 'ssh');
    if (h && s) {
      const r = await tcpExchange(h.address, s.port, { done: (d) => d.includes('\n') });
      assert.match(r.data.toString(), /^SSH-/);
    }
    assert.ok(net.startupMs > 0);
  } finally {
    await net.stop();
  }
});
