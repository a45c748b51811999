// Leader failover, repeated: two `farsight console` processes on one PostgreSQL (127.11.5.x).
// Three times in a row the leader is killed with SIGKILL; each time the other process takes
// over, a fresh process joins as follower, and a scan started through the new leader is
// dispatched to its Local scan engine and finishes — scheduling and dispatch never stay down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startPostgres, postgresAvailable, testDbs } from './harness/index.ts';
import { call, health, startProcess, waitFor, type Proc } from './harness/console-process.ts';

const pgSkip = !testDbs().includes('postgres') ? 'FARSIGHT_TEST_DB excludes postgres'
  : !postgresAvailable() && process.env.FARSIGHT_TEST_DB !== 'postgres' ? 'PostgreSQL 15 binaries not installed' : false;

test('leader: kill -9 the leader three times in a row — each time the other takes over and dispatch continues', { skip: pgSkip, timeout: 900_000 }, async (t) => {
  const url = await (await startPostgres()).createDatabase();
  const all: Proc[] = [];
  t.after(async () => {
    for (const p of all) { if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL'); await p.exited; rmSync(p.dataDir, { recursive: true, force: true }); }
  });
  let next = 1;
  const spawnOne = async (): Promise<Proc> => { const p = await startProcess(`127.11.5.${next++}`, url); all.push(p); return p; };
  let live = [await spawnOne(), await spawnOne()];
  const leaderOf = async (procs: Proc[]): Promise<Proc> => {
    let leader: Proc | undefined;
    await waitFor('exactly one leader', 60_000, async () => {
      const states = await Promise.all(procs.map(health));
      const leaders = procs.filter((_, i) => states[i]?.leader === true);
      leader = leaders[0];
      return states.every((s) => s !== null) && leaders.length === 1;
    });
    return leader as Proc;
  };
  const site = await call(live[0] as Proc, 'POST', '/api/3/sites', { name: 'failover', scanTemplateId: 'discovery', scan: { assets: { includedTargets: { addresses: ['127.11.5.200'] } } } });
  assert.equal(site?.status, 201, JSON.stringify(site));
  const siteId = (site?.body as { id: number }).id;
  const scanThrough = async (p: Proc, round: number): Promise<void> => {
    const started = await call(p, 'POST', `/api/3/sites/${siteId}/scans`, { name: `round ${round}` });
    assert.equal(started?.status, 201, JSON.stringify(started));
    const id = (started?.body as { id: number }).id;
    let state = '';
    await waitFor(`scan ${id} (round ${round}) to finish`, 180_000, async () => {
      state = ((await call(p, 'GET', `/api/3/scans/${id}`))?.body as { state?: string } | undefined)?.state ?? '';
      return state === 'finished' || state === 'error';
    });
    assert.equal(state, 'finished', `round ${round}: the scan dispatched by the leader finishes`);
  };

  let leader = await leaderOf(live);
  await scanThrough(leader, 0);
  for (let round = 1; round <= 3; round++) {
    const follower = live.find((p) => p !== leader) as Proc;
    leader.child.kill('SIGKILL');
    await leader.exited;
    const took = await waitFor(`round ${round}: the follower to take over`, 60_000, async () => (await health(follower))?.leader === true);
    t.diagnostic(`round ${round}: follower became leader ${took} ms after the leader was killed`);
    live = [follower, await spawnOne()];
    leader = await leaderOf(live);
    assert.equal(leader, follower, `round ${round}: the newcomer stays a follower`);
    await scanThrough(leader, round);
  }
});
