// Memory invariant of the probe engine: per-host state lives only while that host's call is
// pending, however many hosts a scan streams through (benchmark D: a /16). Structural, not
// timed: it counts the engine's host jobs. Loopback block 127.0.149.0/24, no listeners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeEngine } from './index.ts';

const HOSTS = 600;
const PARALLEL = 16;

test('finished hosts leave the dispatch queue at once while new hosts keep arriving', async (t) => {
  // A shallow worker queue (lowWater) makes the engine stop handing out work before the end of
  // its round-robin, as it does on a large scan where workers always have plenty queued.
  const engine = new ProbeEngine(
    { assertInScope: () => undefined, initialTimeoutMs: 5000, minTimeoutMs: 2000, maxTimeoutMs: 10_000 },
    { lowWater: 2, maxBatch: 2 },
  );
  t.after(() => engine.close());
  let next = 0;
  let maxQueued = 0;
  let maxActive = 0;
  const check = (): void => {
    const s = engine.stats();
    assert.ok(s.hostsQueued <= s.hostsActive, `queued ${s.hostsQueued} > active ${s.hostsActive}`);
    maxQueued = Math.max(maxQueued, s.hostsQueued);
    maxActive = Math.max(maxActive, s.hostsActive);
  };
  // As the scan pipeline does: a bounded pool of hosts, each discovered and then port-scanned.
  const lane = async (): Promise<void> => {
    while (next < HOSTS) {
      const i = next++;
      const address = `127.0.149.${1 + (i % 250)}`;
      const d = await engine.discover(address, [1, 2]);
      check();
      assert.equal(d.up, true, `${address}: closed ports answer with RST`);
      const r = await engine.scanPorts(address, [3, 4, 5, 6]);
      check();
      assert.equal(r.closed, 4);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  assert.ok(maxActive <= PARALLEL, `at most one call per lane is pending (saw ${maxActive})`);
  assert.ok(maxQueued <= PARALLEL, `the queue stays bounded by the hosts in flight (saw ${maxQueued} for ${HOSTS * 2} calls)`);
  assert.deepEqual({ active: engine.stats().hostsActive, queued: engine.stats().hostsQueued }, { active: 0, queued: 0 });
});
