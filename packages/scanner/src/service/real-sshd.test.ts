// Detection against a real OpenSSH sshd on loopback (skipped where sshd is not installed).
// As root, sshd insists on /run/sshd for privilege separation; we run it as `nobody` instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { FingerprintDb } from '@farsight/content';
import { guessOs } from '../os/index.ts';
import { detectTcpService } from './detect-tcp.ts';

const SSHD = '/usr/sbin/sshd';
const ADDR = '127.0.6.2';
const root = userInfo().uid === 0;
const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
const skip = !existsSync(SSHD) ? 'sshd not installed' : root && !runuser ? 'running as root without runuser' : false;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: ADDR, port: 0 }, () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

void test('a real OpenSSH: identification, KEXINIT lists, fingerprint and OS', { skip, timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-sshd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'hostkey')]);
  const port = await freePort();
  writeFileSync(join(dir, 'sshd_config'), `ListenAddress ${ADDR}:${port}\nHostKey ${join(dir, 'hostkey')}\nPidFile ${join(dir, 'sshd.pid')}\nUsePAM no\n`);
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
  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    child.stderr.on('data', (d: Buffer) => { log += d.toString(); if (log.includes('Server listening')) { clearTimeout(timer); resolve(true); } });
    child.on('exit', () => { clearTimeout(timer); resolve(false); });
  });
  if (!listening) { t.skip(`sshd did not start: ${log.trim().slice(0, 200)}`); return; }

  const db = await FingerprintDb.builtin();
  const r = await detectTcpService(ADDR, port, { matcher: db, assertInScope: () => {}, readTimeoutMs: 2000, totalTimeoutMs: 8000 });
  assert.equal(r.name, 'ssh');
  assert.equal(r.product, 'OpenSSH');
  assert.match(r.banner ?? '', /^SSH-2\.0-OpenSSH_\S+/);
  assert.equal(r.ssh?.protoVersion, '2.0');
  assert.ok(r.ssh?.kexAlgorithms.includes('curve25519-sha256'), r.ssh?.kexAlgorithms.join(','));
  assert.ok(r.ssh?.hostKeyAlgorithms.includes('ssh-ed25519'), r.ssh?.hostKeyAlgorithms.join(','));
  assert.ok((r.ssh?.ciphers.length ?? 0) > 0 && (r.ssh?.macs.length ?? 0) > 0);
  assert.ok(r.ssh?.compression.includes('none'));
  assert.equal(r.note, undefined);
  // The machine's own sshd names its distribution in the comment (Debian here): the OS guess follows it.
  if (/Debian-|Ubuntu-/.test(r.ssh?.comments ?? '')) assert.ok(guessOs([r])?.vendor);
});
