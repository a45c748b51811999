// Several consoles on one PostgreSQL: exactly one is leader (advisory lock); kill -9 the leader
// and another takes over. Real `farsight console` processes, so the lock really dies with its
// connection. Also checks SIGTERM stops a console gracefully (exit 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLeaderElection } from '../../apps/console/src/leader.ts';
import { startTestConsole, startPostgres, postgresAvailable, testDbs } from './harness/index.ts';

const root = new URL('../../', import.meta.url).pathname;

interface Proc { child: ChildProcess; url: string; ca: string; dataDir: string; exited: Promise<number | null> }

function startProcess(host: string, databaseUrl: string): Promise<Proc> {
  const dataDir = mkdtempSync(join(tmpdir(), 'farsight-leader-'));
  const child = spawn(process.execPath, [join(root, 'apps/cli/src/main.ts'), 'console', '--host', host, '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, FARSIGHT_ADMIN_PASSWORD: 'leader-test-password', FARSIGHT_LEADER_RETRY_MS: '500' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`console on ${host} did not start: ${out}`)), 60_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], ca: readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8'), dataDir, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`console on ${host} exited ${code}: ${out}`)); });
  });
}

function health(p: Proc): Promise<{ leader: boolean } | null> {
  return new Promise((resolve) => {
    const u = new URL(p.url);
    const req = request({ host: u.hostname, port: u.port, path: '/api/farsight/health', ca: p.ca, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => { try { resolve(JSON.parse(body) as { leader: boolean }); } catch { resolve(null); } });
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => { req.destroy(); resolve(null); });
    req.end();
  });
}

/** Polls until `cond` holds (bounded: `limitMs`); returns the elapsed time. */
async function waitFor(what: string, limitMs: number, cond: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    if (await cond()) return Date.now() - t0;
    await sleep(200);
  }
  throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
}

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
