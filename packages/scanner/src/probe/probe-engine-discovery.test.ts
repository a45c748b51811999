// Discovery and silent ("filtered") ports against real loopback listeners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ProbeEngine } from './index.ts';
import { closeAll, listenOn, silentPort } from './loopback-fixture.ts';

const ADDRESS = '127.0.5.21';
// Patient timeouts where a test judges answers (a loaded machine can stall loopback for
// 100+ ms); short ones only where the test wants timeouts.
const PATIENT = { initialTimeoutMs: 3000, minTimeoutMs: 2000, maxTimeoutMs: 5000 };
const inScope = (a: string): void => {
  if (!a.startsWith('127.0.5.') && a !== '::1') throw new Error(`${a} is outside the test scope`);
};

/** A port on ADDRESS with no listener: bind port 0, note it, close. */
async function closedPort(): Promise<number> {
  const l = await listenOn(ADDRESS, 0);
  await closeAll([l.server]);
  return l.port;
}

for (const transport of ['raw', 'net'] as const) {
  test(`${transport}: open → up, RST → up unless treatRstAsAlive is false`, async (t) => {
    const open = await listenOn(ADDRESS, 0);
    t.after(() => closeAll([open.server]));
    const closed = await closedPort();
    const engine = new ProbeEngine({ transport, assertInScope: inScope, ...PATIENT });
    t.after(() => engine.close());

    const up = await engine.discover(ADDRESS, [open.port]);
    assert.deepEqual({ ...up, rttMicros: undefined }, { address: ADDRESS, up: true, reason: `tcp-connect ${open.port} open`, rttMicros: undefined });
    assert.ok((up.rttMicros ?? 0) > 0);
    assert.deepEqual((await engine.discover(ADDRESS, [closed])).reason, `tcp-connect ${closed} reset`);
    assert.equal((await engine.discover(ADDRESS, [closed])).up, true);
    const strict = await engine.discover(ADDRESS, [closed], { treatRstAsAlive: false });
    assert.deepEqual([strict.up, strict.reason], [false, `tcp-connect ${closed} reset (RST not treated as alive)`]);
    const both = await engine.discover(ADDRESS, [closed, open.port], { treatRstAsAlive: false });
    assert.deepEqual([both.up, both.reason], [true, `tcp-connect ${open.port} open`]);
  });
}

test('a silent port is retried, then filtered; a host with only silent ports is down', async (t) => {
  const silent = await silentPort(ADDRESS);
  t.after(() => silent.close());
  const closed = await closedPort();
  // The first attempt waits 1 s (the closed port must answer within it); the retries of the
  // silent port use the RTT learnt from the closed one, clamped to 50 ms.
  const engine = new ProbeEngine({ assertInScope: inScope, initialTimeoutMs: 1000, minTimeoutMs: 50, retries: 2 });
  t.after(() => engine.close());

  const r = await engine.scanPorts(ADDRESS, [silent.port, closed]);
  assert.deepEqual([r.open, r.closed, r.filtered], [[], 1, 1]);
  assert.equal(r.probes, 1 + 3, 'the closed port once, the silent one 1 + 2 retries');

  const down = await engine.discover(ADDRESS, [silent.port]);
  assert.deepEqual(down, { address: ADDRESS, up: false, reason: 'tcp-connect no response' });
  const strict = await engine.discover(ADDRESS, [silent.port, closed], { treatRstAsAlive: false });
  assert.deepEqual([strict.up, strict.reason], [false, `tcp-connect ${closed} reset (RST not treated as alive)`]);
});

test('IPv6 loopback is probed with connect6', async (t) => {
  const server = createServer((c) => c.on('error', () => {}));
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => resolve(true));
  });
  if (!ok) {
    t.skip('::1 is not available on this machine');
    return;
  }
  t.after(() => closeAll([server]));
  const port = (server.address() as { port: number }).port;
  for (const transport of ['raw', 'net'] as const) {
    const engine = new ProbeEngine({ transport, assertInScope: inScope, ...PATIENT });
    try {
      const r = await engine.scanPorts('::1', [port, 1, 3]);
      assert.deepEqual(r.open, [port], transport);
      assert.equal(r.closed, 2);
    } finally {
      await engine.close();
    }
  }
});
