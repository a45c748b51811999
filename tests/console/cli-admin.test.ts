// The `farsight` admin CLI run as a real child process against a real console on loopback:
// a site over a relocated labnet created from the CLI, `scans start --wait` to the end,
// assets and findings listed, API keys, users, exceptions, and the failures a user meets
// (bad credentials, unknown ids, an untrusted certificate) — with the password never echoed.
// On SQLite and on PostgreSQL (FARSIGHT_TEST_DB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startLabnet } from '@farsight/labnet';
import { forEachDb, startTestConsole, type TestConsole } from './harness/index.ts';
import { labnetTemplate } from './scan-e2e-helpers.ts';
import { upsertVulnerability } from '../../apps/console/src/services/vulnerabilities.ts';

const MAIN = fileURLToPath(new URL('../../apps/cli/src/main.ts', import.meta.url));

interface Run { code: number | null; stdout: string; stderr: string }

/** Everything the CLI printed in this file's tests, checked for leaked passwords at the end. */
const transcript: string[] = [];

/** Runs the CLI with only the given environment (plus PATH), from a directory without a console data dir. */
function cli(args: string[], env: Record<string, string>, timeoutMs = 300_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      transcript.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

function conn(c: TestConsole): { url: string; dataDir: string } {
  return { url: `https://127.0.0.1:${c.console.port}`, dataDir: c.console.config.dataDir };
}

forEachDb('farsight admin CLI against a console: sites, scans --wait, assets, findings, keys, users, exceptions, errors', async (t, db) => {
  const net = await startLabnet('demo', { ttlSeconds: 900, relocate: '127.0.89' });
  t.after(() => net.stop());
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  const { url, dataDir } = conn(c);
  const admin = { FARSIGHT_CONSOLE_URL: url, FARSIGHT_USER: c.admin.user, FARSIGHT_PASSWORD: c.admin.password };
  const trust = ['--data-dir', dataDir];
  const template = await labnetTemplate(c, net);

  // Create the site from the CLI; --targets takes several tokens and comma lists.
  const created = await cli(['sites', 'create', '--name', 'labnet demo', '--targets', ...net.hosts, '--template', template, '--description', 'cli test', '--json', ...trust], admin);
  assert.equal(created.code, 0, created.stderr);
  const siteId = JSON.parse(created.stdout).id as number;
  assert.ok(Number.isInteger(siteId));

  const shown = await cli(['sites', 'show', String(siteId), ...trust], admin);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /name\s+labnet demo/);
  assert.ok(net.hosts.every((h) => shown.stdout.includes(h)), 'sites show lists every included target');
  const listed = await cli(['sites', 'list', ...trust], admin);
  assert.match(listed.stdout, new RegExp(`^${siteId}\\s+labnet demo\\s+${template}`, 'm'));

  // Schedules: create (first Wednesday, New York), list, show with local times, disable, a bad repeat.
  const sched = await cli(['schedules', 'create', '--site', String(siteId), '--start', '2030-01-02T15:00:00Z', '--every', 'day-of-month', '--day-of-week', 'wednesday',
    '--week-of-month', '1', '--time-zone', 'America/New_York', '--duration', 'PT4H', '--name', 'monthly', ...trust], admin);
  assert.equal(sched.code, 0, sched.stderr);
  assert.match(sched.stdout, /^created schedule (\d+) of site \d+: first wednesday of every month, next run 2030-01-02T15:00:00.000Z$/m);
  const schedId = /created schedule (\d+)/.exec(sched.stdout)?.[1] ?? '';
  const schedList = await cli(['schedules', 'list', '--site', String(siteId), ...trust], admin);
  assert.match(schedList.stdout, new RegExp(`^${schedId}\\s+monthly\\s+yes\\s+first wednesday of every month\\s+America/New_York\\s+PT4H\\s+2030-01-02T15:00:00.000Z`, 'm'));
  const schedShow = await cli(['schedules', 'show', schedId, '--site', String(siteId), ...trust], admin);
  assert.match(schedShow.stdout, /2030-02-06T15:00:00.000Z {2}Wed, 6 Feb 2030, 10:00/);
  assert.equal((await cli(['schedules', 'disable', schedId, '--site', String(siteId), ...trust], admin)).code, 0);
  assert.match((await cli(['schedules', 'list', '--site', String(siteId), ...trust], admin)).stdout, new RegExp(`^${schedId}\\s+monthly\\s+no\\s`, 'm'));
  const badRepeat = await cli(['schedules', 'create', '--site', String(siteId), '--start', '2030-01-02T15:00:00Z', '--every', 'day-of-month', '--day-of-week', 'wednesday', ...trust], admin);
  assert.equal(badRepeat.code, 2);
  assert.match(badRepeat.stderr, /^farsight: error INVALID_ARGUMENT: repeat: every "day-of-month" needs dayOfWeek/m);

  // Blackouts: a one-off global freeze and a site's office hours, listed; a bad rule named.
  const freeze = await cli(['blackouts', 'create', '--name', 'change freeze', '--from', '2030-12-20T00:00:00Z', '--until', '2031-01-04T00:00:00Z', ...trust], admin);
  assert.equal(freeze.code, 0, freeze.stderr);
  assert.match(freeze.stdout, /^created global blackout \d+ 'change freeze'$/m);
  const office = await cli(['blackouts', 'create', '--site', String(siteId), '--name', 'office hours', '--rule', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;START=08:00;DURATION=PT10H;TZID=Europe/Berlin', ...trust], admin);
  assert.equal(office.code, 0, office.stderr);
  const officeId = /blackout of site \d+ (\d+)/.exec(office.stdout)?.[1] ?? '';
  assert.match((await cli(['blackouts', 'list', ...trust], admin)).stdout, /change freeze\s+yes\s+2030-12-20T00:00:00.000Z – 2031-01-04T00:00:00.000Z\s+-\s+2030-12-20T00:00:00.000Z/);
  assert.equal((await cli(['blackouts', 'disable', officeId, ...trust], admin)).code, 0);
  assert.match((await cli(['blackouts', 'list', '--site', String(siteId), ...trust], admin)).stdout, /office hours\s+no\s+FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;START=08:00;DURATION=PT10H;TZID=Europe\/Berlin/);
  assert.equal((await cli(['blackouts', 'delete', officeId, ...trust], admin)).code, 0);
  const badRule = await cli(['blackouts', 'create', '--name', 'x', '--rule', 'FREQ=HOURLY;START=08:00;DURATION=PT1H', ...trust], admin);
  assert.equal(badRule.code, 2);
  assert.match(badRule.stderr, /^farsight: error INVALID_ARGUMENT: rule: maintenance rule/m);

  // Scan it and wait: exit 0 when finished, progress on stderr, the summary on stdout.
  const scan = await cli(['scans', 'start', String(siteId), '--wait', '--poll-interval', '0.25', ...trust], admin);
  assert.equal(scan.code, 0, `${scan.stdout}\n${scan.stderr}`);
  assert.match(scan.stdout, /state\s+finished/);
  assert.match(scan.stderr, /scan \d+ \[.*\] \d+\/\d+ hosts \| /, 'progress bar on stderr');
  const scanId = Number(/started scan (\d+)/.exec(scan.stderr)?.[1]);
  assert.ok(scanId > 0);
  const scans = await cli(['scans', 'list', '--site', String(siteId), '--json', ...trust], admin);
  assert.deepEqual((JSON.parse(scans.stdout) as Array<{ id: number; state: string }>).map((s) => [s.id, s.state]), [[scanId, 'finished']]);
  const log = await cli(['scans', 'log', String(scanId), ...trust], admin);
  assert.equal(log.code, 0, log.stderr);
  assert.match(log.stdout, /status integrating → finished/);
  const finishedStop = await cli(['scans', 'stop', String(scanId), ...trust], admin);
  assert.equal(finishedStop.code, 2, 'stopping a finished scan is an input error');
  assert.match(finishedStop.stderr, /^farsight: error SCAN_STATE_CONFLICT: /m);

  // Assets: every labnet host, as a table and as JSON; one asset in detail.
  const assets = await cli(['assets', 'list', '--site', String(siteId), ...trust], admin);
  assert.equal(assets.code, 0, assets.stderr);
  for (const h of net.hosts) assert.match(assets.stdout, new RegExp(`\\s${h.replace(/\./g, '\\.')}\\s`), `asset ${h} listed`);
  const assetsJson = JSON.parse((await cli(['assets', 'list', '--site', String(siteId), '--json', ...trust], admin)).stdout) as Array<{ id: number; ip: string; services: unknown[] }>;
  assert.deepEqual(assetsJson.map((a) => a.ip).sort(), [...net.hosts].sort());
  const rich = assetsJson.find((a) => a.services.length > 0);
  assert.ok(rich, 'some asset has services');
  const asset = await cli(['assets', 'show', String(rich.id), ...trust], admin);
  assert.equal(asset.code, 0, asset.stderr);
  assert.match(asset.stdout, /SERVICES\n\s+PORT\s+NAME/);
  assert.match(asset.stdout, new RegExp(`address\\s+${rich.ip.replace(/\./g, '\\.')}`));
  const findings = await cli(['findings', 'list', '--site', String(siteId), '--json', ...trust], admin);
  assert.equal(findings.code, 0, findings.stderr);
  assert.ok(Array.isArray(JSON.parse(findings.stdout)));

  // Unknown ids: a clear error and exit 2.
  const missing = await cli(['sites', 'show', '999999', ...trust], admin);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^farsight: error (NOT_FOUND|RESOURCE_FORBIDDEN): .*999999/m);
  const noSiteScan = await cli(['scans', 'start', '999999', ...trust], admin);
  assert.equal(noSiteScan.code, 2);
  assert.match(noSiteScan.stderr, /^farsight: error NOT_FOUND: /m);
  const badId = await cli(['sites', 'show', 'abc', ...trust], admin);
  assert.equal(badId.code, 2);

  // Bad credentials: exit 1 and a message that says what to check.
  const wrong = await cli(['sites', 'list', ...trust], { ...admin, FARSIGHT_PASSWORD: 'definitely-not-the-password' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^farsight: error UNAUTHENTICATED: .*FARSIGHT_PASSWORD/m);
  const none = await cli(['sites', 'list', ...trust], { FARSIGHT_CONSOLE_URL: url });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no console credentials: set FARSIGHT_API_KEY/);
  const badKey = await cli(['sites', 'list', ...trust], { FARSIGHT_CONSOLE_URL: url, FARSIGHT_API_KEY: 'fsk_not-a-key' });
  assert.equal(badKey.code, 1);
  assert.match(badKey.stderr, /error UNAUTHENTICATED/);

  // TLS: without the console's CA the certificate is refused; --insecure works but warns.
  const untrusted = await cli(['sites', 'list'], admin);
  assert.equal(untrusted.code, 1);
  assert.match(untrusted.stderr, /^farsight: error CONSOLE_TLS_UNTRUSTED: .*--ca/m);
  const insecure = await cli(['sites', 'list', '--insecure'], admin);
  assert.equal(insecure.code, 0, insecure.stderr);
  assert.match(insecure.stderr, /warning: --insecure/);
  const down = await cli(['sites', 'list', '--console', 'https://127.0.0.1:1', ...trust], admin);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /error CONSOLE_UNREACHABLE: .*127\.0\.0\.1:1/);

  // API keys: create one, use it through FARSIGHT_API_KEY, revoke it.
  const key = await cli(['api-keys', 'create', '--name', 'ci', '--json', ...trust], admin);
  assert.equal(key.code, 0, key.stderr);
  const { id: keyId, key: secret } = JSON.parse(key.stdout) as { id: number; key: string };
  const byKey = { FARSIGHT_CONSOLE_URL: url, FARSIGHT_API_KEY: secret };
  const viaKey = await cli(['sites', 'list', '--json', ...trust], byKey);
  assert.equal(viaKey.code, 0, viaKey.stderr);
  assert.deepEqual((JSON.parse(viaKey.stdout) as Array<{ id: number }>).map((s) => s.id), [siteId]);
  const keys = await cli(['api-keys', 'list', ...trust], byKey);
  assert.match(keys.stdout, new RegExp(`^${keyId}\\s+ci\\s+admin\\s+fsk_`, 'm'));
  assert.ok(!keys.stdout.includes(secret), 'the key is never listed');
  assert.equal((await cli(['api-keys', 'revoke', String(keyId), ...trust], admin)).code, 0);
  const revoked = await cli(['sites', 'list', ...trust], byKey);
  assert.equal(revoked.code, 1);
  assert.match(revoked.stderr, /error UNAUTHENTICATED/);

  // Users: a generated one-time password is printed once and works; given ones are not echoed.
  const bob = await cli(['users', 'create', '--login', 'bob', '--role', 'user', '--sites', String(siteId), ...trust], admin);
  assert.equal(bob.code, 0, bob.stderr);
  const bobPassword = /one-time password: (\S+)/.exec(bob.stdout)?.[1] ?? '';
  assert.ok(bobPassword.length >= 12, bob.stdout);
  const asBob = await cli(['sites', 'list', '--json', ...trust], { FARSIGHT_CONSOLE_URL: url, FARSIGHT_USER: 'bob', FARSIGHT_PASSWORD: bobPassword });
  assert.equal(asBob.code, 0, asBob.stderr);
  assert.deepEqual((JSON.parse(asBob.stdout) as Array<{ id: number }>).map((s) => s.id), [siteId]);
  const bobDenied = await cli(['users', 'list', ...trust], { FARSIGHT_CONSOLE_URL: url, FARSIGHT_USER: 'bob', FARSIGHT_PASSWORD: bobPassword });
  assert.equal(bobDenied.code, 1);
  assert.match(bobDenied.stderr, /error PERMISSION_DENIED/);
  const carolPassword = 'carol-chosen-password-123';
  const carol = await cli(['users', 'create', '--login', 'carol', '--role', 'site-owner', '--json', ...trust], { ...admin, FARSIGHT_NEW_USER_PASSWORD: carolPassword });
  assert.equal(carol.code, 0, carol.stderr);
  assert.ok(!carol.stdout.includes(carolPassword) && !('password' in JSON.parse(carol.stdout)));
  const users = await cli(['users', 'list', ...trust], admin);
  assert.match(users.stdout, /\sbob\s+bob\s+user\s+yes\s+no/);
  const dup = await cli(['users', 'create', '--login', 'bob', '--role', 'user', ...trust], admin);
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /error CONFLICT/);
  assert.equal((await cli(['users', 'delete', String(JSON.parse(carol.stdout).id), ...trust], admin)).code, 0);
  assert.doesNotMatch((await cli(['users', 'list', ...trust], admin)).stdout, /carol/);

  // Exceptions: submit (global scope), list, approve (a global admin may review its own).
  await upsertVulnerability(c.db, { id: 'farsight-cli-test', title: 'CLI test vulnerability', severity: 'Moderate' });
  const missingSite = await cli(['exceptions', 'submit', '--vulnerability', 'farsight-cli-test', '--scope', 'site', '--reason', 'other', '--comment', 'x', ...trust], admin);
  assert.equal(missingSite.code, 2);
  assert.match(missingSite.stderr, /--scope site needs --site ID/);
  const sub = await cli(['exceptions', 'submit', '--vulnerability', 'farsight-cli-test', '--scope', 'site', '--site', String(siteId), '--reason', 'acceptable-risk',
    '--comment', 'lab network', '--expires', '2999-01-01', '--json', ...trust], admin);
  assert.equal(sub.code, 0, sub.stderr);
  const exId = JSON.parse(sub.stdout).id as number;
  assert.match((await cli(['exceptions', 'list', ...trust], admin)).stdout, new RegExp(`^${exId}\\s+Under Review\\s+farsight-cli-test\\s+Site ${siteId}\\s+Acceptable Risk`, 'm'));
  assert.equal((await cli(['exceptions', 'approve', String(exId), '--comment', 'ok', ...trust], admin)).code, 0);
  const after = JSON.parse((await cli(['exceptions', 'list', '--json', ...trust], admin)).stdout) as Array<{ id: number; state: string }>;
  assert.equal(after.find((e) => e.id === exId)?.state, 'Approved');
  const again = await cli(['exceptions', 'reject', String(exId), ...trust], admin);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /error EXCEPTION_STATE_INVALID/);

  // Site deletion is refused while scans refer to it (a conflict, exit 2).
  const del = await cli(['sites', 'delete', String(siteId), ...trust], admin);
  assert.equal(del.code, 2);
  assert.match(del.stderr, /^farsight: error CONFLICT: /m);

  // No output of any command above ever contained a password given in the environment.
  for (const secretText of [c.admin.password, carolPassword]) assert.ok(transcript.every((s) => !s.includes(secretText)), 'a password from the environment was printed');
}, { timeout: 600_000 });

test('farsight admin CLI: every admin command has --help with an example', async () => {
  const groups: Record<string, string[]> = {
    sites: ['list', 'show', 'create', 'delete'], scans: ['list', 'show', 'start', 'pause', 'resume', 'stop', 'log'], assets: ['list', 'show'],
    findings: ['list'], exceptions: ['list', 'submit', 'approve', 'reject'], users: ['list', 'create', 'delete'], 'api-keys': ['list', 'create', 'revoke'],
  };
  for (const [group, subs] of Object.entries(groups)) {
    for (const sub of subs) {
      const r = await cli([group, sub, '--help'], {});
      assert.equal(r.code, 0, `${group} ${sub} --help`);
      assert.match(r.stdout, new RegExp(`\\n  (\\S+=\\S+ )?farsight ${group} ${sub}`), `${group} ${sub}: example`);
      assert.match(r.stdout, /FARSIGHT_API_KEY/, `${group} ${sub}: connection help`);
    }
  }
});
