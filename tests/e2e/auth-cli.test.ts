// `farsight scan --credentials` and `farsight credentials test` as a user runs them: child
// processes against in-process SSH test hosts on 127.7.2.0/24; the canary passwords must not
// appear in stdout, stderr, the -o file or the known-hosts file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost } from './auth-fixtures/ssh-test-host.ts';
import type { TestHost } from './auth-fixtures/ssh-test-host.ts';
import { ALPINE, ROCKY, UBUNTU } from './auth-fixtures/profiles.ts';
import { CANARY_PASSWORD, assertNoCanary } from './auth-fixtures/canary.ts';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'farsight-auth-cli-'));
const hosts: TestHost[] = [];
const outputs: string[] = [];

function farsight(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}apps/cli/src/main.ts`, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      outputs.push(stdout, stderr);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

function credentialsFile(name: string, entries: object[], mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ ssh: entries }));
  chmodSync(path, mode);
  return path;
}

before(async () => {
  const first = await startTestHost({ address: '127.7.2.1', user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands });
  hosts.push(first);
  hosts.push(await startTestHost({ address: '127.7.2.2', port: first.port, user: 'scanner', password: CANARY_PASSWORD, commands: ROCKY.commands }));
  hosts.push(await startTestHost({ address: '127.7.2.3', port: first.port, user: 'scanner', password: CANARY_PASSWORD, commands: ALPINE.commands }));
  hosts.push(await startTestHost({ address: '127.7.2.4', port: first.port, user: 'scanner', password: 'different', commands: ALPINE.commands }));
  // In the scanned range but outside every credential's targets: must see no login at all.
  hosts.push(await startTestHost({ address: '127.7.2.5', port: first.port, user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands }));
});
after(async () => {
  for (const h of hosts) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

test('farsight scan --credentials: per-host outcomes, inventory, local findings and coverage in JSON and the table', { timeout: 180_000 }, async () => {
  const port = String(hosts[0]!.port);
  const creds = credentialsFile('creds.json', [{ name: 'lab', targets: ['127.7.2.1-4'], user: 'scanner', password: CANARY_PASSWORD, port: Number(port) }]);
  const out = join(dir, 'scan.json');
  const kh = join(dir, 'kh');
  const r = await farsight(['scan', '127.7.2.1-6', '--ports', port, '--no-progress', '--credentials', creds, '--known-hosts', kh, '--json', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { scan: { credentials: { attempted: number; success: number; outcomes: Record<string, number> } }; hosts: { address: string; auth?: { outcome: string; inventory?: { ecosystem?: string; packages: unknown[] } }; findings: { id: string; package?: string }[] }[] };
  const by = new Map(doc.hosts.map((h) => [h.address, h]));
  assert.equal(by.get('127.7.2.1')?.auth?.outcome, 'success');
  assert.equal(by.get('127.7.2.1')?.auth?.inventory?.ecosystem, 'Ubuntu:22.04:LTS');
  assert.equal(by.get('127.7.2.2')?.auth?.inventory?.packages.length, ROCKY.packageCount);
  assert.deepEqual(by.get('127.7.2.3')?.findings.map((f) => `${f.id} ${f.package}`), ALPINE.vulnerable);
  assert.equal(by.get('127.7.2.4')?.auth?.outcome, 'badcredential');
  assert.equal(by.get('127.7.2.5')?.auth, undefined);
  // Unauthenticated SSH checks may probe with the 'none' method; no credential may ever arrive.
  assert.equal(hosts[4]!.credentialAttempts, 0, 'the out-of-scope host saw no credential');
  assert.deepEqual(doc.scan.credentials, { attempted: 4, success: 3, outcomes: { success: 3, badcredential: 1 } });
  assert.equal(readFileSync(kh, 'utf8').trim().split('\n').length, 4);
  outputs.push(readFileSync(out, 'utf8'), readFileSync(kh, 'utf8'));

  const table = await farsight(['scan', '127.7.2.1-4', '--ports', port, '--no-progress', '--credentials', creds, '--known-hosts', kh]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /Auth: success — logged in as scanner \(password\)/);
  assert.match(table.stdout, /Auth: badcredential/);
  assert.match(table.stdout, /Inventory: Rocky Linux 9\.3 \(Blue Onyx\), kernel 5\.14\.0-362\.8\.1\.el9_3\.x86_64 x86_64, 8 rpm packages/);
  assert.match(table.stdout, /CVE-2024-6387/);
  assert.match(table.stdout, /Credentials: 3 of 4 credentialed host\(s\) logged in \(3 success, 1 badcredential\)/);
});

test('farsight credentials test: a table of outcomes, exit 1 when one fails; environment credentials', { timeout: 120_000 }, async () => {
  const port = hosts[0]!.port;
  const creds = credentialsFile('creds2.json', [{ name: 'lab', targets: ['127.7.2.0/29'], user: 'scanner', password: CANARY_PASSWORD, port }], 0o644);
  const r = await farsight(['credentials', 'test', '127.7.2.1', '127.7.2.4', '127.7.2.6', '--credentials', creds, '--known-hosts', join(dir, 'kh2')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /readable by group or others \(mode 644\); run chmod 600/);
  assert.match(r.stdout, /^ADDRESS\s+OUTCOME\s+CREDENTIAL/m);
  assert.match(r.stdout, /127\.7\.2\.1\s+success\s+lab\s+scanner/);
  assert.match(r.stdout, /127\.7\.2\.4\s+badcredential/);
  assert.match(r.stdout, /127\.7\.2\.6\s+unavailable/);
  assert.match(r.stdout, /1 of 3 address\(es\) logged in/);
  const env = { FARSIGHT_SSH_USER: 'scanner', FARSIGHT_SSH_PASSWORD: CANARY_PASSWORD, FARSIGHT_SSH_TARGETS: '127.7.2.1/32', FARSIGHT_SSH_PORT: String(port) };
  const e = await farsight(['credentials', 'test', '127.7.2.1', '--json', '--known-hosts', join(dir, 'kh2')], env);
  assert.equal(e.code, 0, e.stderr);
  assert.equal((JSON.parse(e.stdout) as { auth: { outcome: string; credential: string } }[])[0]?.auth.credential, 'environment');
});

test('bad credentials input: a clear error naming the field, exit 2, no secret echoed', { timeout: 60_000 }, async () => {
  const bad = credentialsFile('bad.json', [{ targets: ['127.7.2.1'], user: 'scanner', password: CANARY_PASSWORD, port: 'twenty-two' }]);
  const r = await farsight(['credentials', 'test', '127.7.2.1', '--credentials', bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error CREDENTIALS_INVALID: .*bad\.json: field ssh\[0\]\.port/);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, `{"ssh": [{"password": "${CANARY_PASSWORD}", `);
  const b = await farsight(['scan', '127.7.2.1', '--credentials', broken, '--no-progress']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /is not valid JSON/);
  const noTargets = await farsight(['credentials', 'test', '127.7.2.1'], { FARSIGHT_SSH_USER: 'scanner', FARSIGHT_SSH_PASSWORD: CANARY_PASSWORD });
  assert.equal(noTargets.code, 2);
  assert.match(noTargets.stderr, /FARSIGHT_SSH_TARGETS is not/);
});

test('advisories from --advisories and from farsight content import are matched', { timeout: 180_000 }, async () => {
  const port = hosts[0]!.port;
  const creds = credentialsFile('creds3.json', [{ targets: ['127.7.2.3'], user: 'scanner', password: CANARY_PASSWORD, port }]);
  const advisory = (id: string, name: string, fixed: string): object => ({
    id, modified: '2026-11-01T00:00:00Z', aliases: [`CVE-2099-${id.slice(-4)}`], summary: `test ${id}`,
    affected: [{ package: { ecosystem: 'Alpine:v3.19', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
  });
  const file = join(dir, 'extra.json');
  writeFileSync(file, JSON.stringify([advisory('TEST-ADV-0001', 'busybox', '1.36.1-r16')]));
  const imported = join(dir, 'imported.json');
  writeFileSync(imported, JSON.stringify(advisory('TEST-ADV-0002', 'musl', '1.2.4_git20230717-r5')));
  const contentDir = join(dir, 'content');
  const imp = await farsight(['content', 'import', imported, '--content-dir', contentDir, '--no-progress']);
  assert.equal(imp.code, 0, imp.stderr);
  const r = await farsight(['scan', '127.7.2.3', '--ports', String(port), '--no-progress', '--json', '--credentials', creds,
    '--known-hosts', join(dir, 'kh3'), '--advisories', file, '--content-dir', contentDir]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { hosts: { findings: { advisory?: string; package?: string }[] }[] };
  const ids = (doc.hosts[0]?.findings ?? []).map((f) => `${f.advisory} ${f.package}`).sort();
  assert.deepEqual(ids, ['ALPINE-CVE-2024-6387 openssh', 'TEST-ADV-0001 busybox', 'TEST-ADV-0002 musl']);
  const bad = join(dir, 'bad-adv.json');
  writeFileSync(bad, JSON.stringify({ id: 'X-1', modified: 'now' }));
  const b = await farsight(['scan', '127.7.2.3', '--ports', String(port), '--no-progress', '--credentials', creds, '--advisories', bad]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /error OSV_INVALID: .*bad-adv\.json "X-1": field modified/);
});

test('the canary passwords appear in no stdout, stderr, result or known-hosts file', () => {
  assert.ok(outputs.length >= 12);
  for (const [i, o] of outputs.entries()) assertNoCanary(o, `CLI artifact ${i}`);
});
