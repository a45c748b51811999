// Several consoles on one PostgreSQL: exactly one is leader (advisory lock); kill -9 the leader
// and another takes over. Real `farsight console` processes, so the lock really dies with its
// connection. Also checks SIGTERM stops a console gracefully (exit 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLeaderElection } from '../../apps/console/src/leader.ts';
import { startTestConsole, startPostgres, postgresAvailable, testDbs } from './harness/index.ts';
import { health, startProcess, waitFor, type Proc } from './harness/console-process.ts';

const pgSkip = !testDbs().includes('postgres') ? 'FARSIGHT_TEST_DB excludes postgres'
  : !postgresAvailable() && process.env.FARSIGHT_TEST_DB !== 'postgres' ? 'PostgreSQL 15 binaries not installed' : false;

test('leader: two consoles on one PostgreSQL — exactly one leads; kill -9 it and the other takes over', { skip: pgSkip, timeout: 180_000 }, async (t) => {
  const url = await (await startPostgres()).createDatabase();
  // Started together: migrations and the first admin must survive the race too.
  const procs = await Promise.all([startProcess('127.0.0.90', url), startProcess('127.0.0.91', url)]);
  t.after(async () => {
    for (const p of procs) { if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL'); await p.exited; rmSync(p.dataDir, { recursive: true, force: true }); }
  });
  let states: ({ leader: boolean } | null)[] = [];
  await waitFor('exactly one leader', 30_000, async () => {
    states = await Promise.all(procs.map(health));
    return states.every((s) => s !== null) && states.filter((s) => s?.leader).length === 1;
  });
  // Stable: a second look agrees (nobody else grabbed the lock meanwhile).
  await sleep(1500);
  const again = await Promise.all(procs.map(health));
  assert.deepEqual(again.map((s) => s?.leader), states.map((s) => s?.leader));
  const leaderIdx = states.findIndex((s) => s?.leader);
  const leader = procs[leaderIdx] as Proc, follower = procs[1 - leaderIdx] as Proc;
  leader.child.kill('SIGKILL');
  await leader.exited;
  const took = await waitFor('the follower to take over', 30_000, async () => (await health(follower))?.leader === true);
  t.diagnostic(`follower became leader ${took} ms after the leader was killed`);
  // SIGTERM: graceful stop, exit 0.
  follower.child.kill('SIGTERM');
  assert.equal(await follower.exited, 0);
});

test('leader: elections in one process hand over on stop and emit leader/follower events', { skip: pgSkip, timeout: 60_000 }, async (t) => {
  const url = await (await startPostgres()).createDatabase();
  const a = startLeaderElection(url, 100);
  const events: string[] = [];
  a.on('leader', () => events.push('a:leader')).on('follower', () => events.push('a:follower'));
  t.after(() => a.stop());
  await waitFor('a to lead', 20_000, () => Promise.resolve(a.isLeader()));
  const b = startLeaderElection(url, 100);
  b.on('leader', () => events.push('b:leader'));
  t.after(() => b.stop());
  await sleep(600);
  assert.equal(b.isLeader(), false, 'the lock is held by a');
  await a.stop();
  await waitFor('b to take over', 20_000, () => Promise.resolve(b.isLeader()));
  assert.deepEqual(events, ['a:leader', 'a:follower', 'b:leader']);
});

test('leader: a SQLite console is always the leader', { skip: testDbs().includes('sqlite') ? false : 'FARSIGHT_TEST_DB excludes sqlite' }, async (t) => {
  const c = await startTestConsole({ db: 'sqlite' });
  t.after(() => c.stop());
  assert.equal((await c.request('GET', '/api/farsight/health', { auth: 'none' })).body.leader, true);
  assert.equal(c.console.leader.isLeader(), true);
});
