// Full 1–65535 scans of real listeners on loopback, on both socket layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:net';
import { ProbeEngine } from './index.ts';
import { closeAll, listenOn, unexplainedOpen } from './loopback-fixture.ts';

const ALL = Array.from({ length: 65535 }, (_, i) => i + 1);
// Loopback answers in microseconds, but a shared, loaded machine can stall a worker or the
// kernel's packet processing for longer than the 100 ms default floor: these tests judge
// open/closed, not timeouts, so they give every probe a patient timeout.
const PATIENT = { initialTimeoutMs: 3000, minTimeoutMs: 2000, maxTimeoutMs: 5000 };
const inScope = (a: string): void => {
  if (!a.startsWith('127.0.5.')) throw new Error(`${a} is outside the test scope 127.0.5.0/24`);
};

/** 10 listeners: low, well-known, the top port, and five in the ephemeral range (port 0). */
async function tenListeners(address: string, servers: Server[]): Promise<Set<number>> {
  const ours = new Set<number>();
  for (const p of [1, 80, 443, 8080, 65535, 0, 0, 0, 0, 0]) {
    const l = await listenOn(address, p);
    servers.push(l.server);
    ours.add(l.port);
  }
  return ours;
}

// `native`: the C helper (packages/scanner/native), built now if npm ci did not.
for (const [transport, address] of [['raw', '127.0.5.11'], ['net', '127.0.5.12'], ['native', '127.0.5.16']] as const) {
  test(`${transport}: a full 1-65535 scan finds exactly the open ports and counts the rest closed`, async (t) => {
    const servers: Server[] = [];
    t.after(() => closeAll(servers));
    const ours = await tenListeners(address, servers);
    const engine = new ProbeEngine({ ...(transport === 'native' ? { backend: 'native' } : { transport, backend: 'js' }), assertInScope: inScope, ...PATIENT });
    t.after(() => engine.close());
    const reported: number[] = [];
    const r = await engine.scanPorts(address, ALL, (p) => reported.push(p));

    assert.equal(engine.stats().transport, transport);
    for (const p of ours) assert.ok(r.open.includes(p), `our listener on ${p} is reported open`);
    assert.deepEqual(await unexplainedOpen(address, r.open, ours), [], 'no open port without a listener (self-connects count as closed)');
    assert.deepEqual([...reported].sort((a, b) => a - b), r.open, 'onOpen saw each open port once');
    assert.equal(r.filtered, 0, 'loopback answers every closed port with RST');
    assert.equal(r.closed, 65535 - r.open.length);
    assert.ok(r.probes >= 65535, `probes ${r.probes}`);
    assert.ok(r.rttMicros !== undefined && r.rttMicros > 0);
    assert.ok(engine.stats().probesSent >= 65535);
  });
}

test('several hosts scanned at once are interleaved and kept apart', async (t) => {
  const servers: Server[] = [];
  t.after(() => closeAll(servers));
  const hosts = ['127.0.5.13', '127.0.5.14', '127.0.5.15'];
  const ours = new Map<string, Set<number>>();
  for (const [i, h] of hosts.entries()) {
    const set = new Set<number>();
    for (const p of [100 + i, 2000 + i, 0]) {
      const l = await listenOn(h, p);
      servers.push(l.server);
      set.add(l.port);
    }
    ours.set(h, set);
  }
  const engine = new ProbeEngine({ assertInScope: inScope, ...PATIENT });
  t.after(() => engine.close());
  const ports = [...Array.from({ length: 5000 }, (_, i) => i + 1), ...[...ours.values()].flatMap((s) => [...s])];
  const results = await Promise.all(hosts.map((h) => engine.scanPorts(h, ports)));
  for (const r of results) {
    const mine = ours.get(r.address) as Set<number>;
    for (const p of mine) assert.ok(r.open.includes(p), `${r.address}:${p} open`);
    assert.deepEqual(await unexplainedOpen(r.address, r.open, mine), [], `${r.address} has no stray open ports`);
    assert.equal(r.open.length + r.closed + r.filtered, new Set(ports).size, 'duplicate ports are probed once');
  }
});
