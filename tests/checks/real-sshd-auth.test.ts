// ssh-password-auth against a real OpenSSH sshd on loopback (127.6.9.2): with
// PasswordAuthentication yes it is reported, with publickey only it is not. As root, sshd
// runs as `nobody` (privilege separation needs /run/sshd otherwise), as in real-sshd.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_CHECKS } from '@farsight/scanner/checks/registry';
import { detect, hostWith, labels, runOne } from './harness.ts';

const SSHD = '/usr/sbin/sshd';
const ADDR = '127.6.9.2';
const root = userInfo().uid === 0;
const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
const skip = !existsSync(SSHD) ? 'sshd not installed (apt-get install openssh-server)' : root && !runuser ? 'running as root without runuser' : false;
const check = BUILTIN_CHECKS.find((c) => c.meta.id === 'ssh-password-auth');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: ADDR, port: 0 }, () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Starts sshd with extra config lines; resolves the port, or undefined (with the log) when it did not start. */
async function startSshd(t: { after(fn: () => void): void }, extra: string): Promise<{ port?: number; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-sshd-auth-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'hostkey')]);
  const port = await freePort();
  writeFileSync(join(dir, 'sshd_config'), `ListenAddress ${ADDR}:${port}\nHostKey ${join(dir, 'hostkey')}\nPidFile ${join(dir, 'sshd.pid')}\nUsePAM no\n${extra}\n`);
  if (root) {
    chmodSync(dir, 0o755);
    for (const f of ['', 'hostkey', 'hostkey.pub', 'sshd_config']) chownSync(join(dir, f), 65534, 65534);
  }
  const argv = [SSHD, '-D', '-e', '-f', join(dir, 'sshd_config')];
  const child = root && runuser ? spawn(runuser, ['-u', 'nobody', '--', ...argv]) : spawn(argv[0] ?? SSHD, argv.slice(1));
  t.after(() => {
    const pidFile = join(dir, 'sshd.pid');
    if (existsSync(pidFile)) { try { process.kill(Number(readFileSync(pidFile, 'utf8').trim())); } catch { /* already gone */ } }
    child.kill();
  });
  let log = '';
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    child.stderr.on('data', (d: Buffer) => { log += d.toString(); if (log.includes('Server listening')) { clearTimeout(timer); resolve(true); } });
    child.on('exit', () => { clearTimeout(timer); resolve(false); });
  });
  return ok ? { port, log } : { log };
}

void test('real OpenSSH: password authentication offered vs publickey only', { skip, timeout: 60_000 }, async (t) => {
  assert.ok(check);
  const withPassword = await startSshd(t, 'PasswordAuthentication yes\nKbdInteractiveAuthentication no');
  const keysOnly = await startSshd(t, 'PasswordAuthentication no\nKbdInteractiveAuthentication no');
  assert.ok(withPassword.port && keysOnly.port, `sshd did not start: ${withPassword.log.slice(0, 200)} ${keysOnly.log.slice(0, 200)}`);
  const yes = await runOne(check, hostWith(ADDR, [], await detect(ADDR, withPassword.port, 'tcp')));
  assert.deepEqual(labels(yes), ['farsight-ssh-password-auth'], JSON.stringify(yes.errors));
  assert.match(yes.findings[0]?.proof ?? '', /lists: publickey,password/);
  const no = await runOne(check, hostWith(ADDR, [], await detect(ADDR, keysOnly.port, 'tcp')));
  assert.deepEqual(labels(no), [], JSON.stringify(no.errors));
});
